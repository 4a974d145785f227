-- check: orphan_facts
-- description: Every fact row points at an article that exists.
SELECT "table", 'article missing' AS detail, article_id
FROM (
    SELECT 'events' AS "table", article_id FROM events
    UNION ALL SELECT 'officials', article_id FROM officials
    UNION ALL SELECT 'counts', article_id FROM counts
    UNION ALL SELECT 'amounts', article_id FROM amounts
    UNION ALL SELECT 'organizations', article_id FROM organizations
    UNION ALL SELECT 'regulations', article_id FROM regulations
    UNION ALL SELECT 'awards', article_id FROM awards
    UNION ALL SELECT 'mentions', article_id FROM mentions
    UNION ALL SELECT 'article_history', article_id FROM article_history
) AS f
WHERE article_id NOT IN (SELECT article_id FROM articles);
