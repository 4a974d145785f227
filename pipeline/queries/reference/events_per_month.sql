-- name: events_per_month
-- description: Innovation events per month and event type (canonical relevant articles only).
-- param: start DATE default 1900-01-01  first day of the period
-- param: end DATE default 2999-12-31  last day of the period
-- param: type VARCHAR default ''  one event type (bimtek, laboratorium_inovasi, ...); empty for all
SELECT
    date_trunc('month', day)::DATE AS month,
    type,
    count(*) AS events,
    count(DISTINCT article_no) AS articles
FROM v_events
WHERE day BETWEEN $start AND $end
  AND ($type = '' OR type = $type)
GROUP BY ALL
ORDER BY month, type;
