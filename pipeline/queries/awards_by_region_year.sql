-- name: awards_by_region_year
-- description: Awards (Innovative Government Award and others) by region and year.
-- param: name VARCHAR default ''  part of the award name to match (case-insensitive); empty for all
-- param: start_year INTEGER default 1900  first award year
-- param: end_year INTEGER default 2999  last award year
-- m_award_groups holds v_awards grouped by region, year and award name (derived.sql); the
-- filters here are on those keys, so they select whole groups.
SELECT
    region_code,
    region,
    year,
    name AS award,
    categories,
    articles
FROM m_award_groups
WHERE ($name = '' OR contains(lower(name), lower($name)))
  AND year BETWEEN $start_year AND $end_year
ORDER BY year DESC, region_code, award;
