-- name: facts_to_review
-- description: Facts that need a human look: low-confidence events and conflicting counts in one region and month.
-- param: min_confidence DOUBLE default 0.5  events below this confidence are listed
-- param: unit VARCHAR default 'inovasi'  the counted noun whose conflicting values are listed
-- param: limit INTEGER default 200  how many rows of each issue
-- The rows shown are the first `limit` of two orders numbered at load time (derived.sql):
-- m_event_review (events by confidence, then latest day) and m_count_conflict_rows (counts in
-- a region-month with conflicting values, newest first). Their text is fetched for those rows
-- only, by rowid (reading whole rows with their sentences is what made this query slow).
WITH low_confidence AS (
    SELECT article_no, idx
    FROM m_event_review
    WHERE review_rank <= $limit AND confidence < $min_confidence
),
low_confidence_rows AS (
    SELECT e.rowid AS row_id
    FROM m_events AS e
    SEMI JOIN low_confidence AS l ON l.article_no = e.article_no AND l.idx = e.idx
),
conflicting AS (
    SELECT article_no, idx, region_code, month
    FROM m_count_conflict_rows
    WHERE unit = $unit AND conflict_rank <= $limit
),
conflicting_rows AS (
    SELECT c.rowid AS row_id
    FROM m_counts AS c
    SEMI JOIN conflicting AS k ON k.article_no = c.article_no AND k.idx = c.idx
    WHERE c.unit = $unit
),
reported AS (
    -- The values reported, for the region-months shown only.
    SELECT region_code, month, values_reported
    FROM m_count_conflicts
    WHERE unit = $unit
      AND (region_code, month) IN (SELECT (region_code, month) FROM conflicting)
)
SELECT
    'low_confidence_event' AS issue,
    e.region_code,
    e.region_name AS region,
    e.day AS date,
    e.type || ' (confidence ' || round(e.confidence, 2) || ')' AS detail,
    e.sentence AS evidence,
    e.article_id
FROM m_events AS e
WHERE e.rowid IN (SELECT row_id FROM low_confidence_rows)
UNION ALL
SELECT
    'conflicting_count' AS issue,
    c.region_code,
    c.region_name,
    c.published,
    c.value || ' ' || c.unit || ' (reported that month: ' || k.values_reported || ')',
    c.sentence,
    c.article_id
FROM m_counts AS c
JOIN reported AS k ON k.region_code = c.region_code AND k.month = c.month
WHERE c.rowid IN (SELECT row_id FROM conflicting_rows)
ORDER BY issue, region_code, date, article_id, detail;
