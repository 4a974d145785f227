-- name: activity_by_province
-- description: Innovation activity per province over a period: events, articles, active kabupaten/kota.
-- param: start DATE default 1900-01-01  first day of the period
-- param: end DATE default 2999-12-31  last day of the period
SELECT
    province_code,
    any_value(province_name) AS province,
    count(*) AS events,
    count(DISTINCT article_no) AS articles,
    count(DISTINCT region_code) FILTER (WHERE region_level = 'kabkota') AS kabkota_active,
    count(DISTINCT type) AS event_types,
    min(day) AS first_event,
    max(day) AS last_event
FROM v_events
WHERE day BETWEEN $start AND $end
  AND province_code IS NOT NULL
GROUP BY province_code
ORDER BY events DESC, province_code;
