-- check: duplicate_facts
-- description: No fact is stored twice (same article, same span, same values under another idx).
SELECT "table", copies || ' copies of chars ' || start_char || '-' || end_char AS detail, article_id
FROM (
    SELECT 'events' AS "table", article_id, start_char, end_char, count(*) AS copies
    FROM (SELECT * EXCLUDE (idx) FROM events) GROUP BY ALL HAVING count(*) > 1
    UNION ALL
    SELECT 'officials', article_id, start_char, end_char, count(*)
    FROM (SELECT * EXCLUDE (idx) FROM officials) GROUP BY ALL HAVING count(*) > 1
    UNION ALL
    SELECT 'counts', article_id, start_char, end_char, count(*)
    FROM (SELECT * EXCLUDE (idx) FROM counts) GROUP BY ALL HAVING count(*) > 1
    UNION ALL
    SELECT 'amounts', article_id, start_char, end_char, count(*)
    FROM (SELECT * EXCLUDE (idx) FROM amounts) GROUP BY ALL HAVING count(*) > 1
    UNION ALL
    SELECT 'organizations', article_id, start_char, end_char, count(*)
    FROM (SELECT * EXCLUDE (idx) FROM organizations) GROUP BY ALL HAVING count(*) > 1
    UNION ALL
    SELECT 'regulations', article_id, start_char, end_char, count(*)
    FROM (SELECT * EXCLUDE (idx) FROM regulations) GROUP BY ALL HAVING count(*) > 1
    UNION ALL
    SELECT 'awards', article_id, start_char, end_char, count(*)
    FROM (SELECT * EXCLUDE (idx) FROM awards) GROUP BY ALL HAVING count(*) > 1
    UNION ALL
    SELECT 'mentions', article_id, start_char, end_char, count(*)
    FROM (SELECT * EXCLUDE (idx) FROM mentions) GROUP BY ALL HAVING count(*) > 1
) AS d;
