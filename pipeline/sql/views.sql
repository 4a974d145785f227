-- Views the trend queries and analysts read. Recreated on every writable open_db(), so
-- changing one needs no migration. The v_events ... v_officials views read the derived
-- tables of derived.sql (rebuilt by every load): facts of canonical relevant articles only,
-- i.e. classified relevant and not a near-duplicate copy of another article (press releases
-- republished by many portals count once).

CREATE OR REPLACE VIEW v_articles AS
SELECT a.*
FROM articles AS a
WHERE coalesce(a.relevant, false) AND a.dup_of IS NULL;

-- Regions with their province's name beside them.
CREATE OR REPLACE VIEW v_regions AS
SELECT r.code, r.name, r.level, r.type, r.province_code, p.name AS province_name
FROM regions AS r
LEFT JOIN regions AS p ON p.code = r.province_code;

-- Events with region_code (event region, else the article's), day (event start, else the
-- publication date), region and province names, url and title.
CREATE OR REPLACE VIEW v_events AS SELECT * FROM m_events;

-- Facts with their article's region_code, region_name, province_code, published and url.
-- v_organizations, v_awards and v_officials hold one row per article and agency / award /
-- person, with `mentions` (times the article names it): count(*) counts articles.
CREATE OR REPLACE VIEW v_counts AS SELECT * FROM m_counts;
CREATE OR REPLACE VIEW v_organizations AS SELECT * FROM m_organizations;
CREATE OR REPLACE VIEW v_awards AS SELECT * FROM m_awards;
CREATE OR REPLACE VIEW v_officials AS SELECT * FROM m_officials;

-- Helpers of the trend queries (pipeline/queries/*.sql) over the rollups of derived.sql.
-- A period [s, e] is split into its whole months (read from the monthly rollups) and the days
-- at either end that do not fill a month (read from m_events, sorted by day).
CREATE OR REPLACE MACRO whole_months_from(s) AS
    CASE WHEN day(s) = 1 THEN s ELSE (date_trunc('month', s) + INTERVAL 1 MONTH)::DATE END;
CREATE OR REPLACE MACRO whole_months_to(e) AS
    CASE WHEN e = last_day(e) THEN e ELSE (date_trunc('month', e) - INTERVAL 1 DAY)::DATE END;

-- Events of [s, e] outside its whole months: the head (s up to the first whole month) and the
-- tail (after the last whole month up to e); for a period inside one month, all of it, once.
CREATE OR REPLACE MACRO edge_events(s, e) AS TABLE
    SELECT * FROM m_events
    WHERE day BETWEEN s AND least(e, whole_months_from(s) - 1)
    UNION ALL
    SELECT * FROM m_events
    WHERE day BETWEEN greatest(s, whole_months_to(e) + 1, whole_months_from(s)) AND e;

-- A pair of the rollups (region or province with an article or event type) counts in [s, e]
-- when one of its event days falls in it; the list is read only when the period lies strictly
-- inside the pair's first and last day.
CREATE OR REPLACE MACRO any_day_between(first_day, last_day, event_days, s, e) AS
    first_day <= e AND last_day >= s
    AND (first_day >= s OR last_day <= e
         OR len(list_filter(event_days, lambda d: d BETWEEN s AND e)) > 0);

-- The same split by whole years (officials_at_events reads m_official_years).
CREATE OR REPLACE MACRO whole_years_from(s) AS
    CASE WHEN month(s) = 1 AND day(s) = 1 THEN s
         ELSE (date_trunc('year', s) + INTERVAL 1 YEAR)::DATE END;
CREATE OR REPLACE MACRO whole_years_to(e) AS
    CASE WHEN month(e) = 12 AND day(e) = 31 THEN e
         ELSE (date_trunc('year', e) - INTERVAL 1 DAY)::DATE END;

-- Articles with an event in [s, e] per region (province): the single-month pairs of whole
-- months from the monthly rollup, those of the cut months and the pairs over several months
-- one by one (m_event_*_articles is sorted by single_month, first_day, so only they are read).
CREATE OR REPLACE MACRO region_articles(s, e) AS TABLE
    SELECT region_no, sum(n)::BIGINT AS articles
    FROM (
        SELECT region_no, single_articles AS n
        FROM m_event_region_months
        WHERE month BETWEEN whole_months_from(s) AND whole_months_to(e)
        UNION ALL
        SELECT region_no, 1
        FROM m_event_region_articles
        WHERE single_month
          AND first_day BETWEEN date_trunc('month', s)::DATE
                            AND least(last_day(e), whole_months_from(s) - 1)
          AND any_day_between(first_day, last_day, event_days, s, e)
        UNION ALL
        SELECT region_no, 1
        FROM m_event_region_articles
        WHERE single_month
          AND first_day BETWEEN greatest(date_trunc('month', s)::DATE, whole_months_to(e) + 1,
                                         whole_months_from(s))
                            AND last_day(e)
          AND any_day_between(first_day, last_day, event_days, s, e)
        UNION ALL
        SELECT region_no, 1
        FROM m_event_region_articles
        WHERE NOT single_month AND any_day_between(first_day, last_day, event_days, s, e)
    )
    GROUP BY region_no;

CREATE OR REPLACE MACRO province_articles(s, e) AS TABLE
    SELECT province_no, sum(n)::BIGINT AS articles
    FROM (
        SELECT province_no, single_articles AS n
        FROM m_event_province_months
        WHERE month BETWEEN whole_months_from(s) AND whole_months_to(e)
        UNION ALL
        SELECT province_no, 1
        FROM m_event_province_articles
        WHERE single_month
          AND first_day BETWEEN date_trunc('month', s)::DATE
                            AND least(last_day(e), whole_months_from(s) - 1)
          AND any_day_between(first_day, last_day, event_days, s, e)
        UNION ALL
        SELECT province_no, 1
        FROM m_event_province_articles
        WHERE single_month
          AND first_day BETWEEN greatest(date_trunc('month', s)::DATE, whole_months_to(e) + 1,
                                         whole_months_from(s))
                            AND last_day(e)
          AND any_day_between(first_day, last_day, event_days, s, e)
        UNION ALL
        SELECT province_no, 1
        FROM m_event_province_articles
        WHERE NOT single_month AND any_day_between(first_day, last_day, event_days, s, e)
    )
    GROUP BY province_no;
