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
ORDER BY unit, region_code, published;

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
