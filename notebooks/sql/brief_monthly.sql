-- Events per calendar month and type, from $start to $end (the notebook passes the twelve
-- months ending with the brief's period), optionally within $region.
SELECT date_trunc('month', day)::DATE AS month, type, count(*) AS events
FROM v_events
WHERE day BETWEEN $start AND $end
  AND ($region IS NULL OR region_code = $region OR province_code = $region)
GROUP BY month, type
ORDER BY month, type
