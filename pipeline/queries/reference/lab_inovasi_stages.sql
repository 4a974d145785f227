-- name: lab_inovasi_stages
-- description: Laboratorium Inovasi progress per region: first day of each 5D stage and the furthest reached.
-- param: start DATE default 1900-01-01  first day of the period
-- param: end DATE default 2999-12-31  last day of the period
WITH staged AS (
    SELECT
        region_code,
        region_name,
        day,
        article_no,
        -- LAN's 5D order; spellings vary ("drum up", "Drum-Up"): stage_key has letters only.
        CASE stage_key
            WHEN 'drumup' THEN 1
            WHEN 'diagnose' THEN 2
            WHEN 'design' THEN 3
            WHEN 'deliver' THEN 4
            WHEN 'display' THEN 5
        END AS stage_order
    FROM v_events
    WHERE type = 'laboratorium_inovasi'
      AND day BETWEEN $start AND $end
      AND region_code IS NOT NULL
)
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
FROM staged
GROUP BY region_code
ORDER BY max(stage_order) DESC NULLS LAST, region_code;
