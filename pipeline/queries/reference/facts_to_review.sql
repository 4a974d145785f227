-- name: facts_to_review
-- description: Facts that need a human look: low-confidence events and conflicting counts in one region and month.
-- param: min_confidence DOUBLE default 0.5  events below this confidence are listed
-- param: unit VARCHAR default 'inovasi'  the counted noun whose conflicting values are listed
-- param: limit INTEGER default 200  how many rows of each issue
WITH conflicts AS (
    -- Region-months in which different values of the count were reported.
    SELECT region_code, month
    FROM (
        SELECT DISTINCT region_code, month, value
        FROM v_counts
        WHERE unit = $unit AND region_code IS NOT NULL
    )
    GROUP BY region_code, month
    HAVING count(*) > 1
),
-- The rows shown are chosen on narrow keys first and their text fetched after (sorting whole
-- rows with their sentences is what made this query slow on a large database).
conflicting AS (
    SELECT c.article_no, c.idx, c.region_code, c.month
    FROM v_counts AS c
    SEMI JOIN conflicts AS k ON k.region_code = c.region_code AND k.month = c.month
    WHERE c.unit = $unit
    ORDER BY c.published DESC, c.region_code, c.article_no, c.idx
    LIMIT $limit
),
low_confidence AS (
    SELECT article_no, idx
    FROM v_events
    WHERE confidence < $min_confidence
    ORDER BY confidence, day DESC, article_no, idx
    LIMIT $limit
),
reported AS (
    -- The values reported, listed for the region-months shown only.
    SELECT region_code, month, array_to_string(list_sort(list(DISTINCT value)), ', ') AS values_reported
    FROM v_counts
    WHERE unit = $unit
      AND (region_code, month) IN (SELECT (region_code, month) FROM conflicting)
    GROUP BY region_code, month
)
SELECT
    'low_confidence_event' AS issue,
    e.region_code,
    e.region_name AS region,
    e.day AS date,
    e.type || ' (confidence ' || round(e.confidence, 2) || ')' AS detail,
    e.sentence AS evidence,
    e.article_id
FROM v_events AS e
SEMI JOIN low_confidence AS l ON l.article_no = e.article_no AND l.idx = e.idx
UNION ALL
SELECT
    'conflicting_count' AS issue,
    c.region_code,
    c.region_name,
    c.published,
    c.value || ' ' || c.unit || ' (reported that month: ' || r.values_reported || ')',
    c.sentence,
    c.article_id
FROM v_counts AS c
SEMI JOIN conflicting AS k ON k.article_no = c.article_no AND k.idx = c.idx
JOIN reported AS r ON r.region_code = c.region_code AND r.month = c.month
ORDER BY issue, region_code, date, article_id, detail;
