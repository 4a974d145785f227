-- name: partner_agencies
-- description: Agencies named (LAN RI, BSKDN Kemendagri, ...) by region and year, with article counts.
-- param: start DATE default 1900-01-01  first publication day
-- param: end DATE default 2999-12-31  last publication day
-- param: org VARCHAR default ''  part of the agency name to match (case-insensitive); empty for all
-- param: limit INTEGER default 1000  how many rows
SELECT
    region_code,
    any_value(region_name) AS region,
    year(published) AS year,
    name AS agency,
    count(*) AS articles
FROM v_organizations
WHERE published BETWEEN $start AND $end
  AND region_code IS NOT NULL
  AND ($org = '' OR contains(lower(name), lower($org)))
GROUP BY region_code, year(published), name
ORDER BY year DESC, articles DESC, region_code, agency
LIMIT $limit;
