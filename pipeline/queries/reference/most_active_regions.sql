-- name: most_active_regions
-- description: The regions (provinces or kabupaten/kota) with the most innovation events in a period.
-- param: start DATE default 1900-01-01  first day of the period
-- param: end DATE default 2999-12-31  last day of the period
-- param: limit INTEGER default 20  how many regions
SELECT
    row_number() OVER (ORDER BY count(*) DESC, region_code) AS rank,
    region_code,
    any_value(region_name) AS region,
    any_value(region_level) AS level,
    count(*) AS events,
    count(DISTINCT article_no) AS articles,
    count(DISTINCT type) AS event_types,
    max(day) AS last_event
FROM v_events
WHERE day BETWEEN $start AND $end
  AND region_code IS NOT NULL
GROUP BY region_code
ORDER BY rank
LIMIT $limit;
