-- name: officials_at_events
-- description: Officials named in articles reporting innovation events, most often named first, with their latest role and region.
-- param: start DATE default 1900-01-01  first publication day
-- param: end DATE default 2999-12-31  last publication day
-- param: region VARCHAR default ''  a region code; empty for all
-- param: limit INTEGER default 200  how many rows
SELECT
    person_id,
    any_value(name) AS name,
    arg_max(role, (published, article_id)) AS role,
    arg_max(region_code, (published, article_id)) AS region_code,
    arg_max(region_name, (published, article_id)) AS region,
    count(*) AS event_articles,
    sum(mentions) AS mentions,
    min(published) AS first_seen,
    max(published) AS last_seen
FROM v_officials
WHERE at_event
  AND published BETWEEN $start AND $end
  AND ($region = '' OR region_code = $region)
GROUP BY person_id
ORDER BY event_articles DESC, person_id
LIMIT $limit;
