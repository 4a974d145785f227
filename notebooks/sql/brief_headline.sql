-- Headline figures for one period [$start, $end] and an optional region ($region: a province
-- "36" or a kabupaten/kota "36.73"; NULL for all of Indonesia). One row.
-- "New" officials and agencies: first seen (by publication date, over the whole database) in
-- the period.
WITH ev AS (
    SELECT *
    FROM v_events
    WHERE day BETWEEN $start AND $end
      AND ($region IS NULL OR region_code = $region OR province_code = $region)
),
latest_inovasi AS (
    SELECT region_code, arg_max(value, (published, value)) AS value
    FROM v_counts
    WHERE unit = 'inovasi'
      AND published BETWEEN $start AND $end
      AND region_code IS NOT NULL
      AND ($region IS NULL OR region_code = $region OR province_code = $region)
    GROUP BY region_code
),
official_first AS (
    SELECT coalesce(person_id, person_key, lower(name)) AS who, min(published) AS first_seen
    FROM v_officials
    WHERE ($region IS NULL OR region_code = $region OR province_code = $region)
    GROUP BY who
),
agency_first AS (
    SELECT lower(name) AS agency, min(published) AS first_seen
    FROM v_organizations
    WHERE ($region IS NULL OR region_code = $region OR province_code = $region)
    GROUP BY agency
)
SELECT
    (SELECT count(*) FROM ev) AS events,
    (SELECT count(DISTINCT region_code) FROM ev) AS active_regions,
    (SELECT coalesce(sum(value), 0) FROM latest_inovasi) AS innovations,
    (SELECT count(*) FROM official_first WHERE first_seen BETWEEN $start AND $end) AS new_officials,
    (SELECT count(*) FROM agency_first WHERE first_seen BETWEEN $start AND $end) AS new_agencies
