-- name: activity_by_kabkota
-- description: Innovation activity per kabupaten/kota over a period, optionally within one province.
-- param: start DATE default 1900-01-01  first day of the period
-- param: end DATE default 2999-12-31  last day of the period
-- param: province VARCHAR default ''  province code (e.g. 36); empty for all
SELECT
    region_code,
    any_value(region_name) AS region,
    any_value(province_name) AS province,
    count(*) AS events,
    count(DISTINCT article_no) AS articles,
    count(DISTINCT type) AS event_types,
    min(day) AS first_event,
    max(day) AS last_event
FROM v_events
WHERE day BETWEEN $start AND $end
  AND region_level = 'kabkota'
  AND ($province = '' OR province_code = $province)
GROUP BY region_code
ORDER BY events DESC, region_code;
