-- The newest day with an event (else with a dated article): the default period's month.
SELECT coalesce(
    (SELECT max(day) FROM v_events WHERE day <= current_date),
    (SELECT max(published) FROM articles WHERE published <= current_date)
) AS latest
