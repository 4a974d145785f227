-- The most active regions of the period: events, articles, the types of activity and the day
-- of the latest one. Events with no region are left out (they have no place on this list).
SELECT
    region_code,
    any_value(region_name) AS region_name,
    any_value(province_name) AS province_name,
    count(*) AS events,
    count(DISTINCT article_id) AS articles,
    list(DISTINCT type ORDER BY type) AS types,
    max(day) AS latest
FROM v_events
WHERE day BETWEEN $start AND $end
  AND region_code IS NOT NULL
  AND ($region IS NULL OR region_code = $region OR province_code = $region)
GROUP BY region_code
ORDER BY events DESC, articles DESC, region_code
LIMIT 10
