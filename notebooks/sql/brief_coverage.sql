-- Coverage and freshness: what the database read, for the period and overall. Articles count
-- toward a region by their primary region; national news (no region) counts only without
-- a region filter.
WITH scoped AS (
    SELECT a.*, r.province_code
    FROM articles AS a
    LEFT JOIN regions AS r ON r.code = a.primary_region
    WHERE $region IS NULL OR a.primary_region = $region OR r.province_code = $region
)
SELECT
    (SELECT count(DISTINCT coalesce(source, domain)) FROM scoped) AS sources,
    (SELECT count(*) FROM scoped WHERE published BETWEEN $start AND $end) AS articles,
    (SELECT avg(CASE WHEN coalesce(relevant, false) THEN 1.0 ELSE 0.0 END)
       FROM scoped WHERE published BETWEEN $start AND $end) AS relevant_share,
    (SELECT count(*) FROM scoped
       WHERE published BETWEEN $start AND $end AND dup_of IS NOT NULL) AS duplicates,
    (SELECT max(published) FROM scoped WHERE published <= current_date) AS newest,
    (SELECT count(*) FROM scoped WHERE published IS NULL) AS undated
