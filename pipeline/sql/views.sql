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
