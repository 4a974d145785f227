-- The period's highlighted events with their evidence: one per article (its most confident
-- event), newest first, each with the article's title, portal, date and URL.
SELECT e.day, e.type, e.region_code, e.region_name, e.sentence,
       a.title, coalesce(a.site_name, a.domain) AS portal, a.published, a.url
FROM v_events AS e
JOIN v_articles AS a USING (article_id)
WHERE e.day BETWEEN $start AND $end
  AND ($region IS NULL OR e.region_code = $region OR e.province_code = $region)
QUALIFY row_number() OVER (
    PARTITION BY e.article_id ORDER BY e.confidence DESC NULLS LAST, e.idx
) = 1
ORDER BY e.day DESC, e.confidence DESC NULLS LAST, e.article_id
LIMIT 12
