-- The oldest day with an event (else with a dated article): where `--period all` starts.
SELECT coalesce(
    (SELECT min(day) FROM v_events WHERE day <= current_date),
    (SELECT min(published) FROM articles WHERE published <= current_date)
) AS first
