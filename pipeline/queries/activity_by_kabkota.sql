-- name: activity_by_kabkota
-- description: Innovation activity per kabupaten/kota over a period, optionally within one province.
-- param: start DATE default 1900-01-01  first day of the period
-- param: end DATE default 2999-12-31  last day of the period
-- param: province VARCHAR default ''  province code (e.g. 36); empty for all
-- Events and first/last day: whole months from m_event_region_months, the cut months from
-- m_events. Articles: region_articles() (views.sql); event types: (region, type) pairs with
-- an event day in the period (exact distinct counts, see derived.sql).
WITH chosen AS (
    SELECT region_no, code, name, province_name
    FROM m_regions
    WHERE level = 'kabkota' AND ($province = '' OR province_code = $province)
),
days AS (
    SELECT region_no, events, first_day, last_day
    FROM m_event_region_months
    WHERE month BETWEEN whole_months_from($start) AND whole_months_to($end)
    UNION ALL
    SELECT r.region_no, 1, e.day, e.day
    FROM edge_events($start, $end) AS e
    JOIN m_regions AS r ON r.code = e.region_code
),
activity AS (
    SELECT region_no, sum(events)::BIGINT AS events, min(first_day) AS first_event,
           max(last_day) AS last_event
    FROM days SEMI JOIN chosen USING (region_no)
    GROUP BY region_no
),
articles AS (
    SELECT region_no, articles
    FROM region_articles($start, $end) SEMI JOIN chosen USING (region_no)
),
types AS (
    SELECT region_no, count(*) AS event_types
    FROM m_event_region_types SEMI JOIN chosen USING (region_no)
    WHERE any_day_between(first_day, last_day, event_days, $start, $end)
    GROUP BY region_no
)
SELECT
    c.code AS region_code,
    c.name AS region,
    c.province_name AS province,
    a.events,
    n.articles,
    t.event_types,
    a.first_event,
    a.last_event
FROM activity AS a
JOIN chosen AS c USING (region_no)
JOIN articles AS n USING (region_no)
JOIN types AS t USING (region_no)
ORDER BY events DESC, region_code;
