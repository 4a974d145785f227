-- check: derived_tables_fresh
-- description: The derived tables the trend queries scan (derived.sql) match the base tables; `pantau load` rebuilds them.
WITH canonical AS (
    SELECT article_id FROM articles WHERE coalesce(relevant, false) AND dup_of IS NULL
)
SELECT "table", 'has ' || found || ' rows, base tables give ' || expected AS detail,
       NULL AS article_id
FROM (
    SELECT 'm_events' AS "table",
           (SELECT count(*) FROM m_events) AS found,
           (SELECT count(*) FROM events WHERE article_id IN (SELECT article_id FROM canonical))
               AS expected
    UNION ALL
    SELECT 'm_counts',
           (SELECT count(*) FROM m_counts),
           (SELECT count(*) FROM counts WHERE article_id IN (SELECT article_id FROM canonical))
    UNION ALL
    SELECT 'm_organizations',
           (SELECT count(*) FROM m_organizations),
           (SELECT count(*) FROM (SELECT DISTINCT article_id, name FROM organizations
                                  WHERE article_id IN (SELECT article_id FROM canonical)))
)
WHERE found <> expected;
