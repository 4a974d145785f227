-- name: most_active_regions
-- description: The regions (provinces or kabupaten/kota) with the most innovation events in a period.
-- param: start DATE default 1900-01-01  first day of the period
-- param: end DATE default 2999-12-31  last day of the period
-- param: limit INTEGER default 20  how many regions
-- Events and last day: whole months from m_event_region_months, the cut months from m_events;
-- the regions are ranked first, and articles and event types counted for the top ones only,
-- by region_articles() (views.sql) and the (region, type) pairs (exact, see derived.sql).
WITH days AS (
    SELECT region_no, events, last_day
    FROM m_event_region_months
    WHERE month BETWEEN whole_months_from($start) AND whole_months_to($end)
    UNION ALL
    SELECT r.region_no, 1, e.day
    FROM edge_events($start, $end) AS e
    JOIN m_regions AS r ON r.code = e.region_code
),
ranked AS (
    SELECT
        row_number() OVER (ORDER BY sum(d.events) DESC, r.code) AS rank,
        d.region_no,
        r.code AS region_code,
        any_value(r.name) AS region,
        any_value(r.level) AS level,
        sum(d.events)::BIGINT AS events,
        max(d.last_day) AS last_event
    FROM days AS d
    JOIN m_regions AS r USING (region_no)
    GROUP BY d.region_no, r.code
    ORDER BY rank
    LIMIT $limit
),
articles AS (
    SELECT region_no, articles
    FROM region_articles($start, $end) SEMI JOIN ranked USING (region_no)
),
types AS (
    SELECT region_no, count(*) AS event_types
    FROM m_event_region_types SEMI JOIN ranked USING (region_no)
    WHERE any_day_between(first_day, last_day, event_days, $start, $end)
    GROUP BY region_no
)
SELECT k.rank, k.region_code, k.region, k.level, k.events, n.articles, t.event_types, k.last_event
FROM ranked AS k
JOIN articles AS n USING (region_no)
JOIN types AS t USING (region_no)
ORDER BY k.rank;
