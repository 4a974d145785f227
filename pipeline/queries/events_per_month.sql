-- name: events_per_month
-- description: Innovation events per month and event type (canonical relevant articles only).
-- param: start DATE default 1900-01-01  first day of the period
-- param: end DATE default 2999-12-31  last day of the period
-- param: type VARCHAR default ''  one event type (bimtek, laboratorium_inovasi, ...); empty for all
-- Whole months come from the rollup m_event_months (articles are counted within a month, so
-- they need no adding up); a month the period cuts is counted from its events.
SELECT month, type, events, articles
FROM m_event_months
WHERE month BETWEEN whole_months_from($start) AND whole_months_to($end)
  AND ($type = '' OR type = $type)
UNION ALL
SELECT
    date_trunc('month', day)::DATE AS month,
    type,
    count(*) AS events,
    count(DISTINCT article_no) AS articles
FROM edge_events($start, $end)
WHERE ($type = '' OR type = $type)
GROUP BY ALL
ORDER BY month, type;
