-- name: partner_agencies
-- description: Agencies named (LAN RI, BSKDN Kemendagri, ...) by region and year, with article counts.
-- param: start DATE default 1900-01-01  first publication day
-- param: end DATE default 2999-12-31  last publication day
-- param: org VARCHAR default ''  part of the agency name to match (case-insensitive); empty for all
-- param: limit INTEGER default 1000  how many rows
-- Whole years come from the rollup m_organization_years, the years the period cuts from
-- v_organizations (one row per article and agency, so the counts add up).
WITH per_year AS (
    SELECT region_code, region_name, year, name, articles
    FROM m_organization_years
    WHERE year BETWEEN year(whole_years_from($start)) AND year(whole_years_to($end))
    UNION ALL
    -- The head and the tail of the period, two plain ranges so that only their days are read.
    SELECT region_code, region_name, year(published), name, 1
    FROM v_organizations
    WHERE region_code IS NOT NULL
      AND published BETWEEN $start AND least($end, whole_years_from($start) - 1)
    UNION ALL
    SELECT region_code, region_name, year(published), name, 1
    FROM v_organizations
    WHERE region_code IS NOT NULL
      AND published BETWEEN greatest($start, whole_years_to($end) + 1, whole_years_from($start))
                        AND $end
)
SELECT
    region_code,
    any_value(region_name) AS region,
    year,
    name AS agency,
    sum(articles)::BIGINT AS articles
FROM per_year
WHERE ($org = '' OR contains(lower(name), lower($org)))
GROUP BY region_code, year, name
ORDER BY year DESC, articles DESC, region_code, agency
LIMIT $limit;
