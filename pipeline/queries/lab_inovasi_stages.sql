-- name: lab_inovasi_stages
-- description: Laboratorium Inovasi progress per region: first day of each 5D stage and the furthest reached.
-- param: start DATE default 1900-01-01  first day of the period
-- param: end DATE default 2999-12-31  last day of the period
-- m_lab_events holds the laboratorium_inovasi events of v_events with a region and a day,
-- their 5D stage as stage_order 1-5 (derived.sql).
SELECT
    region_code,
    any_value(region_name) AS region,
    min(day) FILTER (WHERE stage_order = 1) AS drum_up,
    min(day) FILTER (WHERE stage_order = 2) AS diagnose,
    min(day) FILTER (WHERE stage_order = 3) AS design,
    min(day) FILTER (WHERE stage_order = 4) AS deliver,
    min(day) FILTER (WHERE stage_order = 5) AS display,
    ['drum-up', 'diagnose', 'design', 'deliver', 'display'][max(stage_order)] AS furthest_stage,
    count(DISTINCT article_no) AS articles,
    max(day) AS last_event
FROM m_lab_events
WHERE day BETWEEN $start AND $end
GROUP BY region_code
ORDER BY max(stage_order) DESC NULLS LAST, region_code;
