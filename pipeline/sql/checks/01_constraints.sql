-- check: missing_constraints
-- description: Fact tables must keep their primary key and foreign keys (a database rebuilt by another tool may lose them).
WITH expected(table_name, constraint_type) AS (
    SELECT t, c
    FROM unnest(['events', 'officials', 'counts', 'amounts', 'organizations', 'regulations',
                 'awards', 'mentions', 'article_history']) AS u(t),
         unnest(['PRIMARY KEY', 'FOREIGN KEY']) AS v(c)
    UNION ALL
    SELECT t, 'PRIMARY KEY'
    FROM unnest(['articles', 'regions', 'persons', 'sources', 'shards']) AS u(t)
)
SELECT e.table_name AS "table", e.constraint_type AS detail, NULL AS article_id
FROM expected AS e
WHERE NOT EXISTS (
    SELECT 1 FROM duckdb_constraints() AS c
    WHERE c.table_name = e.table_name AND c.constraint_type = e.constraint_type
);
