-- Each region's latest reported number of innovations ("86 inovasi") up to $end, with the
-- article that reported it.
SELECT
    c.region_code,
    c.region_name,
    arg_max(c.value, (c.published, c.value)) AS value,
    max(c.published) AS published,
    arg_max(a.title, (c.published, c.value)) AS title,
    arg_max(coalesce(a.site_name, a.domain), (c.published, c.value)) AS portal,
    arg_max(c.url, (c.published, c.value)) AS url
FROM v_counts AS c
JOIN v_articles AS a USING (article_id)
WHERE c.unit = 'inovasi'
  AND c.published <= $end
  AND c.region_code IS NOT NULL
  AND ($region IS NULL OR c.region_code = $region OR c.province_code = $region)
GROUP BY c.region_code, c.region_name
ORDER BY value DESC, c.region_code
LIMIT 15
