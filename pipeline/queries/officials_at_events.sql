-- name: officials_at_events
-- description: Officials named in articles reporting innovation events, per region, with how often.
-- param: start DATE default 1900-01-01  first publication day
-- param: end DATE default 2999-12-31  last publication day
-- param: region VARCHAR default ''  a region code; empty for all
SELECT
    o.region_code,
    any_value(o.region_name) AS region,
    o.person_id,
    any_value(p.name) AS name,
    mode(o.role) AS role,
    count(DISTINCT o.article_id) AS event_articles,
    min(o.published) AS first_seen,
    max(o.published) AS last_seen
FROM v_officials AS o
JOIN persons AS p USING (person_id)
WHERE o.article_id IN (SELECT article_id FROM v_events)
  AND o.published BETWEEN $start AND $end
  AND ($region = '' OR o.region_code = $region)
GROUP BY o.region_code, o.person_id
ORDER BY event_articles DESC, o.region_code, name;
