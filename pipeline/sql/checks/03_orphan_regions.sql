-- check: orphan_regions
-- description: Every region code joins to regions (Kemendagri codes).
SELECT "table", 'unknown region ' || code AS detail, article_id
FROM (
    SELECT 'articles.region_hint' AS "table", region_hint AS code, article_id FROM articles
    UNION ALL SELECT 'articles.primary_region', primary_region, article_id FROM articles
    UNION ALL SELECT 'events.region', region, article_id FROM events
    UNION ALL SELECT 'officials.region', region, article_id FROM officials
    UNION ALL SELECT 'persons.region', region, NULL FROM persons
    UNION ALL SELECT 'regions.province_code', province_code, NULL FROM regions
) AS r
WHERE code IS NOT NULL AND code NOT IN (SELECT code FROM regions);
