-- Derived tables the trend queries read, rebuilt by the load after every change
-- (pipeline.store.refresh_derived). They hold nothing that is not in the base tables: the
-- facts of canonical relevant articles (classified relevant, not a near-duplicate copy), joined
-- once with their article and region, so that a trend query scans one table instead of joining
-- millions of rows each time (see bench/results-warehouse.json).
-- article_no numbers the articles (dense, by article_id) so distinct counts compare integers.

CREATE OR REPLACE TEMP TABLE canonical_articles AS
SELECT article_id, dense_rank() OVER (ORDER BY article_id)::INTEGER AS article_no,
       primary_region, published, url, title
FROM articles
WHERE coalesce(relevant, false) AND dup_of IS NULL;

-- Events placed in a region (the event's own, else the article's primary region) and a day
-- (the event's start, else the publication date); sorted by day for range filters.
CREATE OR REPLACE TABLE m_events AS
SELECT
    e.article_id,
    a.article_no,
    e.idx,
    e.type,
    e."start",
    e."end",
    coalesce(e."start", a.published) AS day,
    e.venue,
    e.organizer,
    e.stage,
    -- The stage in letters only ("Drum-Up", "drum up" -> "drumup"), for lab_inovasi_stages.
    regexp_replace(lower(e.stage), '[^a-z]', '', 'g') AS stage_key,
    e.confidence,
    e.sentence,
    coalesce(e.region, a.primary_region) AS region_code,
    r.name AS region_name,
    r.level AS region_level,
    r.province_code,
    p.name AS province_name,
    a.published,
    a.url,
    a.title
FROM events AS e
JOIN canonical_articles AS a USING (article_id)
LEFT JOIN regions AS r ON r.code = coalesce(e.region, a.primary_region)
LEFT JOIN regions AS p ON p.code = r.province_code
ORDER BY day, region_code;

CREATE OR REPLACE TABLE m_counts AS
SELECT c.*, a.article_no, a.primary_region AS region_code, r.name AS region_name,
       r.province_code, a.published, date_trunc('month', a.published)::DATE AS month, a.url
FROM counts AS c
JOIN canonical_articles AS a USING (article_id)
LEFT JOIN regions AS r ON r.code = a.primary_region
-- Newest first within a unit: facts_to_review's top rows are read from the first row groups.
ORDER BY unit, published DESC, region_code;

-- Agencies, awards and officials: one row per article and agency / award / person (with how
-- many times the article names it), so that count(*) counts articles exactly, for any grouping.
CREATE OR REPLACE TABLE m_organizations AS
SELECT o.article_id, a.article_no, o.name, count(*) AS mentions, min(o.idx) AS idx,
       arg_min(o.text, o.idx) AS text, arg_min(o.sentence, o.idx) AS sentence,
       a.primary_region AS region_code, any_value(r.name) AS region_name,
       any_value(r.province_code) AS province_code, a.published, a.url
FROM organizations AS o
JOIN canonical_articles AS a USING (article_id)
LEFT JOIN regions AS r ON r.code = a.primary_region
GROUP BY o.article_id, a.article_no, o.name, a.primary_region, a.published, a.url
ORDER BY a.published;

CREATE OR REPLACE TABLE m_awards AS
SELECT w.article_id, a.article_no, w.name, coalesce(w.year, year(a.published)) AS year,
       string_agg(DISTINCT w.category, '; ') AS category, count(*) AS mentions,
       min(w.idx) AS idx, arg_min(w.text, w.idx) AS text, arg_min(w.sentence, w.idx) AS sentence,
       a.primary_region AS region_code, any_value(r.name) AS region_name,
       any_value(r.province_code) AS province_code, a.published, a.url
FROM awards AS w
JOIN canonical_articles AS a USING (article_id)
LEFT JOIN regions AS r ON r.code = a.primary_region
GROUP BY w.article_id, a.article_no, w.name, coalesce(w.year, year(a.published)),
         a.primary_region, a.published, a.url
ORDER BY a.published;

-- at_event: the article also reports an innovation event (officials_at_events).
CREATE OR REPLACE TABLE m_officials AS
SELECT o.article_id, a.article_no, o.person_id, any_value(o.person_key) AS person_key,
       any_value(p.name) AS name,
       arg_min(o.role, o.idx) AS role, arg_min(o.name_raw, o.idx) AS name_raw,
       count(*) AS mentions, min(o.idx) AS idx, arg_min(o.sentence, o.idx) AS sentence,
       arg_min(coalesce(o.region, a.primary_region), o.idx) AS region_code,
       arg_min(r.name, o.idx) AS region_name, arg_min(r.province_code, o.idx) AS province_code,
       a.published, a.url,
       o.article_id IN (SELECT article_id FROM events) AS at_event
FROM officials AS o
JOIN canonical_articles AS a USING (article_id)
LEFT JOIN persons AS p USING (person_id)
LEFT JOIN regions AS r ON r.code = coalesce(o.region, a.primary_region)
WHERE o.person_id IS NOT NULL
GROUP BY o.article_id, a.article_no, o.person_id, a.published, a.url
ORDER BY a.published;

DROP TABLE canonical_articles;

-- ---------------------------------------------------------------------------------------------
-- Rollups of m_events for the trend queries at 1M articles (issue 6). All exact: counts of
-- distinct articles are never added across months (an article's events can fall in several);
-- instead every (group, article) pair keeps the days of its events, so that "articles with an
-- event in [start, end]" is a count(*) of pairs, not a DISTINCT over a million rows. Whole
-- months of a period come from the monthly rollups; the days at its two ends come from m_events
-- (sorted by day, so only those days are read): see the macros in views.sql.

-- Regions numbered (SMALLINT keys group fast), with their names and their province's.
CREATE OR REPLACE TABLE m_regions AS
WITH numbered AS (
    SELECT (row_number() OVER (ORDER BY code))::SMALLINT AS region_no, * FROM regions
)
SELECT r.region_no, r.code, r.name, r.level, r.province_code, p.name AS province_name,
       p.region_no AS province_no
FROM numbered AS r
LEFT JOIN numbered AS p ON p.code = r.province_code
ORDER BY r.region_no;

-- Events per month and type; `articles` is exact within the month.
CREATE OR REPLACE TABLE m_event_months AS
SELECT date_trunc('month', day)::DATE AS month, type, count(*) AS events,
       count(DISTINCT article_no) AS articles
FROM m_events
WHERE day IS NOT NULL
GROUP BY ALL
ORDER BY month, type;

-- (region, article) and (province, article) pairs with the days of their events: a pair counts
-- in a period when one of its days falls in it. A pair whose days all fall in one month
-- (single_month, most pairs in real news) is also counted in that month's `single_articles`
-- below, so that whole months add up and only the cut months and the pairs over several months
-- are read pair by pair (the region_articles / province_articles macros of views.sql).
CREATE OR REPLACE TABLE m_event_region_articles AS
SELECT r.region_no, e.article_no, min(e.day) AS first_day, max(e.day) AS last_day,
       list(DISTINCT e.day ORDER BY e.day) AS event_days,
       date_trunc('month', min(e.day)) = date_trunc('month', max(e.day)) AS single_month
FROM m_events AS e
JOIN m_regions AS r ON r.code = e.region_code
WHERE e.day IS NOT NULL
GROUP BY ALL
ORDER BY single_month, first_day;

CREATE OR REPLACE TABLE m_event_province_articles AS
SELECT r.province_no, e.article_no, min(e.day) AS first_day, max(e.day) AS last_day,
       list(DISTINCT e.day ORDER BY e.day) AS event_days,
       date_trunc('month', min(e.day)) = date_trunc('month', max(e.day)) AS single_month
FROM m_events AS e
JOIN m_regions AS r ON r.code = e.region_code
WHERE e.day IS NOT NULL
GROUP BY ALL
ORDER BY single_month, first_day;

-- Events per region and month, with the first and last day and the single-month pairs.
CREATE OR REPLACE TABLE m_event_region_months AS
WITH singles AS (
    SELECT region_no, date_trunc('month', first_day)::DATE AS month, count(*) AS single_articles
    FROM m_event_region_articles
    WHERE single_month
    GROUP BY ALL
)
SELECT r.region_no, date_trunc('month', e.day)::DATE AS month, count(*) AS events,
       min(e.day) AS first_day, max(e.day) AS last_day,
       coalesce(any_value(s.single_articles), 0) AS single_articles
FROM m_events AS e
JOIN m_regions AS r ON r.code = e.region_code
LEFT JOIN singles AS s ON s.region_no = r.region_no AND s.month = date_trunc('month', e.day)
WHERE e.day IS NOT NULL
GROUP BY r.region_no, date_trunc('month', e.day)::DATE
ORDER BY month, r.region_no;

-- Single-month (province, article) pairs per province and month.
CREATE OR REPLACE TABLE m_event_province_months AS
SELECT province_no, date_trunc('month', first_day)::DATE AS month, count(*) AS single_articles
FROM m_event_province_articles
WHERE single_month
GROUP BY ALL
ORDER BY month, province_no;

-- (region, type) and (province, type) pairs with the days of their events (distinct types).
CREATE OR REPLACE TABLE m_event_region_types AS
SELECT r.region_no, e.type, min(e.day) AS first_day, max(e.day) AS last_day,
       list(DISTINCT e.day ORDER BY e.day) AS event_days
FROM m_events AS e
JOIN m_regions AS r ON r.code = e.region_code
WHERE e.day IS NOT NULL
GROUP BY ALL
ORDER BY r.region_no, e.type;

CREATE OR REPLACE TABLE m_event_province_types AS
SELECT r.province_no, e.type, min(e.day) AS first_day, max(e.day) AS last_day,
       list(DISTINCT e.day ORDER BY e.day) AS event_days
FROM m_events AS e
JOIN m_regions AS r ON r.code = e.region_code
WHERE e.day IS NOT NULL
GROUP BY ALL
ORDER BY r.province_no, e.type;

-- Laboratorium Inovasi events only (lab_inovasi_stages), with the 5D stage as its order.
CREATE OR REPLACE TABLE m_lab_events AS
SELECT region_code, region_name, day, article_no,
       -- LAN's 5D order; spellings vary ("drum up", "Drum-Up"): stage_key has letters only.
       CASE stage_key
           WHEN 'drumup' THEN 1
           WHEN 'diagnose' THEN 2
           WHEN 'design' THEN 3
           WHEN 'deliver' THEN 4
           WHEN 'display' THEN 5
       END AS stage_order
FROM m_events
WHERE type = 'laboratorium_inovasi' AND region_code IS NOT NULL AND day IS NOT NULL
ORDER BY day;

-- Region-months in which different values of one counted noun were reported (facts_to_review).
CREATE OR REPLACE TABLE m_count_conflicts AS
SELECT unit, region_code, month, count(DISTINCT value) AS n_values,
       -- Smallest first: a stable text (string_agg(DISTINCT ...) has no defined order).
       array_to_string(list_sort(list(DISTINCT value)), ', ') AS values_reported
FROM m_counts
WHERE region_code IS NOT NULL AND unit IS NOT NULL
GROUP BY unit, region_code, month
HAVING count(DISTINCT value) > 1
ORDER BY unit, region_code, month;

-- Officials named in articles that report an innovation event, per person, region and year
-- (officials_at_events reads whole years here and the cut years from m_officials). `latest`
-- is the role and region name of the person's latest article in the group: latest published,
-- then the highest article_id (a stable choice among articles of one day).
CREATE OR REPLACE TABLE m_official_years AS
SELECT person_id, region_code, year(published) AS year, any_value(name) AS name,
       count(*) AS event_articles, sum(mentions) AS mentions,
       min(published) AS first_seen, max(published) AS last_seen,
       arg_max(article_id, (published, article_id)) AS last_article_id,
       arg_max({'role': role, 'region_name': region_name}, (published, article_id)) AS latest
FROM m_officials
WHERE at_event AND published IS NOT NULL
GROUP BY person_id, region_code, year(published)
ORDER BY year, person_id;

-- The latest reported count per unit and region (latest_innovation_count): the latest
-- publication day wins; on one day, the last article by id, then the last fact in it.
CREATE OR REPLACE TABLE m_count_latest AS
SELECT unit, region_code,
       arg_max({'value': value, 'published': published, 'evidence': sentence,
                'article_id': article_id, 'url': url, 'region': region_name},
               (published, article_id, idx)) AS report
FROM m_counts
WHERE unit IS NOT NULL AND region_code IS NOT NULL AND published IS NOT NULL
GROUP BY unit, region_code
ORDER BY unit, region_code;

-- Awards per region, year and award name (awards_by_region_year filters these groups).
CREATE OR REPLACE TABLE m_award_groups AS
SELECT region_code, any_value(region_name) AS region, year, name,
       string_agg(DISTINCT category, '; ' ORDER BY category) AS categories,
       count(*) AS articles
FROM m_awards
WHERE region_code IS NOT NULL
GROUP BY region_code, year, name
ORDER BY year DESC, region_code, name;

-- Articles naming an agency per region, publication year and agency (partner_agencies reads
-- whole years here and the cut years from m_organizations, sorted by published).
CREATE OR REPLACE TABLE m_organization_years AS
SELECT region_code, any_value(region_name) AS region_name, year(published) AS year, name,
       count(*) AS articles
FROM m_organizations
WHERE region_code IS NOT NULL AND published IS NOT NULL
GROUP BY region_code, year(published), name
ORDER BY year, region_code, name;

-- facts_to_review lists the first rows of two orders; they are numbered here once, so that the
-- query reads the first `limit` numbers instead of sorting a million rows each time.
-- Events by confidence (lowest first), then latest day: the events below any threshold are a
-- prefix of this order.
CREATE OR REPLACE TABLE m_event_review AS
SELECT row_number() OVER (ORDER BY confidence, day DESC, article_no, idx) AS review_rank,
       confidence, article_no, idx
FROM m_events
WHERE confidence IS NOT NULL
ORDER BY review_rank;

-- Counts in a region-month with conflicting values, newest first, per unit.
CREATE OR REPLACE TABLE m_count_conflict_rows AS
SELECT c.unit,
       row_number() OVER (PARTITION BY c.unit
                          ORDER BY c.published DESC, c.region_code, c.article_no, c.idx)
           AS conflict_rank,
       c.article_no, c.idx, c.region_code, c.month
FROM m_counts AS c
SEMI JOIN m_count_conflicts AS k
    ON k.unit = c.unit AND k.region_code = c.region_code AND k.month = c.month
ORDER BY c.unit, conflict_rank;
