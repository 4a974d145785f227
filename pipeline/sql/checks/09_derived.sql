-- check: derived_tables_fresh
-- description: The derived tables the trend queries scan (derived.sql) match the base tables, and their rollups match them; `pantau load` rebuilds them.
WITH canonical AS (
    SELECT article_id FROM articles WHERE coalesce(relevant, false) AND dup_of IS NULL
),
dated AS (
    SELECT * FROM m_events WHERE day IS NOT NULL
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
    -- The rollups of m_events: events add up, pairs are the distinct pairs.
    UNION ALL
    SELECT 'm_event_months (events)',
           (SELECT coalesce(sum(events), 0) FROM m_event_months),
           (SELECT count(*) FROM dated)
    UNION ALL
    SELECT 'm_event_region_months (events)',
           (SELECT coalesce(sum(events), 0) FROM m_event_region_months),
           (SELECT count(*) FROM dated WHERE region_code IS NOT NULL)
    UNION ALL
    SELECT 'm_event_region_articles',
           (SELECT count(*) FROM m_event_region_articles),
           (SELECT count(*) FROM (SELECT DISTINCT region_code, article_no FROM dated
                                  WHERE region_code IS NOT NULL))
    UNION ALL
    SELECT 'm_event_province_articles',
           (SELECT count(*) FROM m_event_province_articles),
           (SELECT count(*) FROM (SELECT DISTINCT province_code, article_no FROM dated
                                  WHERE province_code IS NOT NULL))
    UNION ALL
    SELECT 'm_event_region_months (single-month pairs)',
           (SELECT coalesce(sum(single_articles), 0) FROM m_event_region_months),
           (SELECT count(*) FROM m_event_region_articles WHERE single_month)
    UNION ALL
    SELECT 'm_event_province_months (single-month pairs)',
           (SELECT coalesce(sum(single_articles), 0) FROM m_event_province_months),
           (SELECT count(*) FROM m_event_province_articles WHERE single_month)
    UNION ALL
    SELECT 'm_official_years (articles)',
           (SELECT coalesce(sum(event_articles), 0) FROM m_official_years),
           (SELECT count(*) FROM m_officials WHERE at_event AND published IS NOT NULL)
    UNION ALL
    SELECT 'm_organization_years (articles)',
           (SELECT coalesce(sum(articles), 0) FROM m_organization_years),
           (SELECT count(*) FROM m_organizations
            WHERE region_code IS NOT NULL AND published IS NOT NULL)
    -- A load clears derived_state when it changes a base table and sets it after the rebuild.
    UNION ALL
    SELECT 'derived_state', (SELECT count(*) FROM derived_state), 1
)
WHERE found <> expected;
