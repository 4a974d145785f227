-- name: officials_at_events
-- description: Officials named in articles reporting innovation events, most often named first, with their latest role and region.
-- param: start DATE default 1900-01-01  first publication day
-- param: end DATE default 2999-12-31  last publication day
-- param: region VARCHAR default ''  a region code; empty for all
-- param: limit INTEGER default 200  how many rows
-- Whole years come from the rollup m_official_years, the years the period cuts from
-- v_officials (sorted by published). The latest role and region are those of the latest
-- article (then the highest article_id, a stable choice among one day's articles).
WITH person_rows AS NOT MATERIALIZED (
    SELECT person_id, name, region_code, event_articles, mentions, first_seen, last_seen,
           last_article_id, latest.role AS role, latest.region_name AS region_name
    FROM m_official_years
    WHERE year BETWEEN year(whole_years_from($start)) AND year(whole_years_to($end))
      AND ($region = '' OR region_code = $region)
    UNION ALL
    -- The head and the tail of the period, two plain ranges so that only their days are read.
    SELECT person_id, name, region_code, 1, mentions, published, published, article_id, role,
           region_name
    FROM v_officials
    WHERE at_event
      AND published BETWEEN $start AND least($end, whole_years_from($start) - 1)
      AND ($region = '' OR region_code = $region)
    UNION ALL
    SELECT person_id, name, region_code, 1, mentions, published, published, article_id, role,
           region_name
    FROM v_officials
    WHERE at_event
      AND published BETWEEN greatest($start, whole_years_to($end) + 1, whole_years_from($start))
                        AND $end
      AND ($region = '' OR region_code = $region)
),
-- Rank the persons on their article count first; the latest role and region are computed for
-- the persons shown only.
ranked AS (
    SELECT person_id, sum(event_articles)::BIGINT AS event_articles
    FROM person_rows
    GROUP BY person_id
    ORDER BY event_articles DESC, person_id
    LIMIT $limit
)
SELECT
    p.person_id,
    any_value(p.name) AS name,
    arg_max(p.role, (p.last_seen, p.last_article_id)) AS role,
    arg_max(p.region_code, (p.last_seen, p.last_article_id)) AS region_code,
    arg_max(p.region_name, (p.last_seen, p.last_article_id)) AS region,
    r.event_articles,
    sum(p.mentions)::BIGINT AS mentions,
    min(p.first_seen) AS first_seen,
    max(p.last_seen) AS last_seen
FROM person_rows AS p
JOIN ranked AS r USING (person_id)
GROUP BY p.person_id, r.event_articles
ORDER BY r.event_articles DESC, p.person_id;
