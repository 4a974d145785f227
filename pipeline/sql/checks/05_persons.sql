-- check: orphan_persons
-- description: Officials point at persons that exist, and every person is named by some official.
SELECT 'officials' AS "table", 'person ' || person_id || ' missing' AS detail, article_id
FROM officials
WHERE person_id IS NOT NULL AND person_id NOT IN (SELECT person_id FROM persons)
UNION ALL
SELECT 'persons', 'person ' || person_id || ' named nowhere', NULL
FROM persons
WHERE person_id NOT IN (SELECT person_id FROM officials WHERE person_id IS NOT NULL);
