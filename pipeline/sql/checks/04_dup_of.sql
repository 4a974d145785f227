-- check: broken_dup_of
-- description: dup_of points at another article that exists and is itself canonical.
SELECT 'articles' AS "table",
       CASE
           WHEN c.article_id IS NULL THEN 'dup_of ' || a.dup_of || ' missing'
           WHEN a.dup_of = a.article_id THEN 'dup_of itself'
           ELSE 'dup_of ' || a.dup_of || ' is itself a duplicate'
       END AS detail,
       a.article_id
FROM articles AS a
LEFT JOIN articles AS c ON c.article_id = a.dup_of
WHERE a.dup_of IS NOT NULL
  AND (c.article_id IS NULL OR a.dup_of = a.article_id OR c.dup_of IS NOT NULL);
