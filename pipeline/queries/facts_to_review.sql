-- name: facts_to_review
-- description: Facts that need a human look: low-confidence events and conflicting counts in one region and month.
-- param: min_confidence DOUBLE default 0.5  events below this confidence are listed
-- param: unit VARCHAR default 'inovasi'  the counted noun whose conflicting values are listed
-- param: limit INTEGER default 200  how many rows of each issue
WITH conflicts AS (
    -- Region-months in which different values of the count were reported.
    SELECT region_code, month, string_agg(value::VARCHAR, ', ' ORDER BY value) AS values_reported
    FROM (
        SELECT DISTINCT region_code, month, value
        FROM v_counts
        WHERE unit = $unit AND region_code IS NOT NULL
    )
    GROUP BY region_code, month
    HAVING count(*) > 1
)
(SELECT
    'low_confidence_event' AS issue,
    region_code,
    region_name AS region,
    day AS date,
    type || ' (confidence ' || round(confidence, 2) || ')' AS detail,
    sentence AS evidence,
    article_id
FROM v_events
WHERE confidence < $min_confidence
ORDER BY confidence, day DESC, article_id, idx
LIMIT $limit)
UNION ALL
(SELECT
    'conflicting_count' AS issue,
    c.region_code,
    c.region_name,
    c.published,
    c.value || ' ' || c.unit || ' (reported that month: ' || k.values_reported || ')',
    c.sentence,
    c.article_id
FROM v_counts AS c
JOIN conflicts AS k
  ON k.region_code = c.region_code AND k.month = c.month
WHERE c.unit = $unit
ORDER BY c.published DESC, c.region_code, c.article_id, c.idx
LIMIT $limit)
ORDER BY issue, region_code, date;
