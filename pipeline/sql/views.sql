-- Views the trend queries read. Recreated on every writable open_db(), so changing one needs
-- no migration. "Canonical relevant" articles: classified relevant and not a near-duplicate
-- copy of another article (press releases republished by many portals count once).

CREATE OR REPLACE VIEW v_articles AS
SELECT a.*
FROM articles AS a
WHERE coalesce(a.relevant, false) AND a.dup_of IS NULL;

-- Regions with their province's name beside them.
CREATE OR REPLACE VIEW v_regions AS
SELECT r.code, r.name, r.level, r.type, r.province_code, p.name AS province_name
FROM regions AS r
LEFT JOIN regions AS p ON p.code = r.province_code;

-- Events of canonical relevant articles, placed in a region (the event's own region, else the
-- article's primary region) and a day (the event's start, else the publication date).
CREATE OR REPLACE VIEW v_events AS
SELECT
    e.article_id,
    e.idx,
    e.type,
    e."start",
    e."end",
    coalesce(e."start", a.published) AS day,
    e.venue,
    e.organizer,
    e.stage,
    e.confidence,
    e.sentence,
    coalesce(e.region, a.primary_region) AS region_code,
    r.name AS region_name,
    r.level AS region_level,
    r.province_code,
    r.province_name,
    a.published,
    a.url,
    a.title
FROM events AS e
JOIN v_articles AS a USING (article_id)
LEFT JOIN v_regions AS r ON r.code = coalesce(e.region, a.primary_region);

-- Facts tied to their article's region and publication date, for counts, organizations,
-- awards and officials.
CREATE OR REPLACE VIEW v_counts AS
SELECT c.*, a.primary_region AS region_code, r.name AS region_name, r.province_code,
       a.published, a.url
FROM counts AS c
JOIN v_articles AS a USING (article_id)
LEFT JOIN regions AS r ON r.code = a.primary_region;

CREATE OR REPLACE VIEW v_organizations AS
SELECT o.*, a.primary_region AS region_code, r.name AS region_name, r.province_code,
       a.published, a.url
FROM organizations AS o
JOIN v_articles AS a USING (article_id)
LEFT JOIN regions AS r ON r.code = a.primary_region;

CREATE OR REPLACE VIEW v_awards AS
SELECT w.*, a.primary_region AS region_code, r.name AS region_name, r.province_code,
       a.published, a.url
FROM awards AS w
JOIN v_articles AS a USING (article_id)
LEFT JOIN regions AS r ON r.code = a.primary_region;

CREATE OR REPLACE VIEW v_officials AS
SELECT o.*, coalesce(o.region, a.primary_region) AS region_code, r.name AS region_name,
       r.province_code, a.published, a.url
FROM officials AS o
JOIN v_articles AS a USING (article_id)
LEFT JOIN regions AS r ON r.code = coalesce(o.region, a.primary_region);
