-- name: awards_by_region_year
-- description: Awards (Innovative Government Award and others) by region and year.
-- param: name VARCHAR default ''  part of the award name to match (case-insensitive); empty for all
-- param: start_year INTEGER default 1900  first award year
-- param: end_year INTEGER default 2999  last award year
SELECT
    region_code,
    any_value(region_name) AS region,
    year,
    name AS award,
    string_agg(DISTINCT category, '; ' ORDER BY category) AS categories,
    count(*) AS articles
FROM v_awards
WHERE region_code IS NOT NULL
  AND ($name = '' OR contains(lower(name), lower($name)))
  AND year BETWEEN $start_year AND $end_year
GROUP BY region_code, year, name
ORDER BY year DESC, region_code, award;
