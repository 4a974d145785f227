-- name: facts_to_review
-- description: Facts that need a human look: low-confidence events and conflicting counts in one region and month.
-- param: min_confidence DOUBLE default 0.5  events below this confidence are listed
-- param: unit VARCHAR default 'inovasi'  the counted noun whose conflicting values are listed
SELECT
    'low_confidence_event' AS issue,
    region_code,
    region_name AS region,
    day AS date,
    type || ' (confidence ' || round(confidence, 2) || ')' AS detail,
    sentence AS evidence,
    article_id
FROM v_events
WHERE confidence < $min_confidence
UNION ALL
SELECT
    'conflicting_count' AS issue,
    c.region_code,
    c.region_name,
    c.published,
    c.value || ' ' || c.unit || ' vs ' || m.other_values AS detail,
    c.sentence,
    c.article_id
FROM v_counts AS c
JOIN (
    SELECT region_code, date_trunc('month', published) AS month,
           string_agg(DISTINCT value::VARCHAR, ', ') AS other_values
    FROM v_counts
    WHERE unit = $unit AND region_code IS NOT NULL
    GROUP BY ALL
    HAVING count(DISTINCT value) > 1
) AS m ON m.region_code = c.region_code AND m.month = date_trunc('month', c.published)
WHERE c.unit = $unit
ORDER BY issue, region_code, date;
