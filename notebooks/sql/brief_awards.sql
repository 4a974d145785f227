-- Awards named in the period's articles, each with the article that names it.
SELECT w.name, w.year, w.region_code, w.region_name, w.published,
       a.title, coalesce(a.site_name, a.domain) AS portal, w.url
FROM v_awards AS w
JOIN v_articles AS a USING (article_id)
WHERE w.published BETWEEN $start AND $end
  AND ($region IS NULL OR w.region_code = $region OR w.province_code = $region)
QUALIFY row_number() OVER (PARTITION BY lower(w.name), w.region_code ORDER BY w.published DESC) = 1
ORDER BY w.published DESC, w.name
LIMIT 20
