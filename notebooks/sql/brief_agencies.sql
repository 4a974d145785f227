-- Agencies named in the period's articles: in how many regions and articles, and where.
SELECT
    any_value(name ORDER BY name) AS name,
    count(DISTINCT region_code) AS regions,
    count(DISTINCT article_id) AS articles,
    list(DISTINCT region_name ORDER BY region_name) FILTER (WHERE region_name IS NOT NULL) AS region_names
FROM v_organizations
WHERE published BETWEEN $start AND $end
  AND ($region IS NULL OR region_code = $region OR province_code = $region)
GROUP BY lower(name)
ORDER BY regions DESC, articles DESC, name
LIMIT 15
