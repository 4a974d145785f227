-- name: activity_by_province
-- description: Innovation activity per province over a period: events, articles, active kabupaten/kota.
-- param: start DATE default 1900-01-01  first day of the period
-- param: end DATE default 2999-12-31  last day of the period
-- Events, first/last day and active kabupaten/kota: whole months from m_event_region_months,
-- the cut months from m_events. Articles: province_articles() (views.sql); event types:
-- (province, type) pairs with an event day in the period (exact, see derived.sql).
WITH days AS (
    SELECT region_no, events, first_day, last_day
    FROM m_event_region_months
    WHERE month BETWEEN whole_months_from($start) AND whole_months_to($end)
    UNION ALL
    SELECT r.region_no, 1, e.day, e.day
    FROM edge_events($start, $end) AS e
    JOIN m_regions AS r ON r.code = e.region_code
),
activity AS (
    SELECT r.province_no, sum(d.events)::BIGINT AS events,
           count(DISTINCT d.region_no) FILTER (WHERE r.level = 'kabkota') AS kabkota_active,
           min(d.first_day) AS first_event, max(d.last_day) AS last_event
    FROM days AS d
    JOIN m_regions AS r USING (region_no)
    GROUP BY r.province_no
),
articles AS (
    SELECT province_no, articles FROM province_articles($start, $end)
),
types AS (
    SELECT province_no, count(*) AS event_types
    FROM m_event_province_types
    WHERE any_day_between(first_day, last_day, event_days, $start, $end)
    GROUP BY province_no
)
SELECT
    p.code AS province_code,
    p.name AS province,
    a.events,
    n.articles,
    a.kabkota_active,
    t.event_types,
    a.first_event,
    a.last_event
FROM activity AS a
JOIN m_regions AS p ON p.region_no = a.province_no
JOIN articles AS n ON n.province_no = a.province_no
JOIN types AS t ON t.province_no = a.province_no
ORDER BY events DESC, province_code;
