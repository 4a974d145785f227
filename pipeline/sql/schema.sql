-- pantau warehouse schema.
-- schema_version: 2
--
-- This file is the whole current schema; open_db() runs it on a new database. A database of an
-- older version is brought up to date by the ordered files in sql/migrations/ instead, so a
-- change here always comes with a migration NNN_*.sql that makes the same change.
-- Views live in views.sql and are recreated on every writable open (they hold no data).
--
-- Region columns hold Kemendagri dotted codes ("36", "36.73") that join to regions.code.
-- Every fact row points at its article (article_id) and carries its evidence: idx (position
-- within the article's facts of that table), start_char, end_char and the sentence.

CREATE TABLE IF NOT EXISTS schema_version (
    version    INTEGER   NOT NULL PRIMARY KEY,
    applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);

-- Kemendagri regions: provinces (level 'province') and kabupaten/kota (level 'kabkota').
CREATE TABLE IF NOT EXISTS regions (
    code          VARCHAR NOT NULL PRIMARY KEY,
    name          VARCHAR NOT NULL,
    level         VARCHAR NOT NULL CHECK (level IN ('province', 'kabkota')),
    type          VARCHAR,               -- provinsi, kabupaten, kota
    province_code VARCHAR NOT NULL,      -- a province's own code for a province
    short_name    VARCHAR
);

-- Declared sources (data/sources.toml); `entry` keeps the whole TOML entry as JSON.
CREATE TABLE IF NOT EXISTS sources (
    name        VARCHAR NOT NULL PRIMARY KEY,
    domain      VARCHAR,
    region_hint VARCHAR,
    entry       JSON
);

-- Every shard merged, with the manifest it was merged from: re-running load skips a shard
-- whose manifest is unchanged.
CREATE TABLE IF NOT EXISTS shards (
    shard_id      VARCHAR   NOT NULL PRIMARY KEY,
    manifest_hash VARCHAR   NOT NULL,
    manifest      JSON,
    articles      INTEGER   NOT NULL,
    loaded_at     TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS articles (
    article_id       VARCHAR NOT NULL PRIMARY KEY,
    url              VARCHAR NOT NULL,
    canonical_url    VARCHAR,
    domain           VARCHAR,
    source           VARCHAR,
    -- No REFERENCES on these two: DuckDB turns an update of a key-indexed column into
    -- delete + insert, which the facts' foreign keys to this row forbid. The load nulls codes
    -- unknown to regions, and `pantau check` verifies them.
    region_hint      VARCHAR,
    primary_region   VARCHAR,
    title            VARCHAR,
    author           VARCHAR,
    editor           VARCHAR,
    site_name        VARCHAR,
    published        DATE,
    published_source VARCHAR,
    crawled_at       TIMESTAMP,
    text             VARCHAR,
    lang             VARCHAR,
    content_hash     VARCHAR NOT NULL,
    relevant         BOOLEAN,
    relevance_score  DOUBLE,
    dup_of           VARCHAR,            -- article_id of the canonical copy (dups.parquet)
    warc_file        VARCHAR,
    warc_offset      BIGINT,
    shard_id         VARCHAR NOT NULL    -- the shard this version of the article came from
);

-- Earlier versions of an article (same URL, other content), kept when a newer one replaces it.
CREATE TABLE IF NOT EXISTS article_history (
    article_id   VARCHAR   NOT NULL REFERENCES articles (article_id),
    content_hash VARCHAR   NOT NULL,
    title        VARCHAR,
    published    DATE,
    crawled_at   TIMESTAMP,
    shard_id     VARCHAR,
    replaced_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (article_id, content_hash)
);

-- One row per person (name + region), person_id derived from person_key so it is stable
-- across loads and across databases.
CREATE TABLE IF NOT EXISTS persons (
    person_id  VARCHAR NOT NULL PRIMARY KEY,
    person_key VARCHAR NOT NULL UNIQUE,
    name       VARCHAR NOT NULL,
    region     VARCHAR REFERENCES regions (code)
);

CREATE TABLE IF NOT EXISTS events (
    article_id VARCHAR NOT NULL REFERENCES articles (article_id),
    idx        INTEGER NOT NULL,
    type       VARCHAR NOT NULL,
    "start"    DATE,
    "end"      DATE,
    venue      VARCHAR,
    region     VARCHAR REFERENCES regions (code),
    organizer  VARCHAR,
    stage      VARCHAR,                  -- Laboratorium Inovasi 5D stage, when stated
    confidence DOUBLE,
    start_char INTEGER NOT NULL,
    end_char   INTEGER NOT NULL,
    sentence   VARCHAR,
    PRIMARY KEY (article_id, idx)
);

-- One row per mention of an official; persons holds one row per person.
CREATE TABLE IF NOT EXISTS officials (
    article_id  VARCHAR NOT NULL REFERENCES articles (article_id),
    idx         INTEGER NOT NULL,
    name        VARCHAR NOT NULL,
    name_raw    VARCHAR,
    role        VARCHAR,
    role_raw    VARCHAR,
    acting      BOOLEAN,
    institution VARCHAR,
    region      VARCHAR REFERENCES regions (code),
    person_key  VARCHAR,
    person_id   VARCHAR REFERENCES persons (person_id),
    start_char  INTEGER NOT NULL,
    end_char    INTEGER NOT NULL,
    sentence    VARCHAR,
    PRIMARY KEY (article_id, idx)
);

CREATE TABLE IF NOT EXISTS counts (
    article_id VARCHAR NOT NULL REFERENCES articles (article_id),
    idx        INTEGER NOT NULL,
    value      DOUBLE  NOT NULL,
    unit       VARCHAR,
    text       VARCHAR,
    start_char INTEGER NOT NULL,
    end_char   INTEGER NOT NULL,
    sentence   VARCHAR,
    PRIMARY KEY (article_id, idx)
);

CREATE TABLE IF NOT EXISTS amounts (
    article_id VARCHAR NOT NULL REFERENCES articles (article_id),
    idx        INTEGER NOT NULL,
    value      DOUBLE  NOT NULL,
    purpose    VARCHAR,
    text       VARCHAR,
    start_char INTEGER NOT NULL,
    end_char   INTEGER NOT NULL,
    sentence   VARCHAR,
    PRIMARY KEY (article_id, idx)
);

CREATE TABLE IF NOT EXISTS organizations (
    article_id VARCHAR NOT NULL REFERENCES articles (article_id),
    idx        INTEGER NOT NULL,
    name       VARCHAR NOT NULL,
    text       VARCHAR,
    start_char INTEGER NOT NULL,
    end_char   INTEGER NOT NULL,
    sentence   VARCHAR,
    PRIMARY KEY (article_id, idx)
);

CREATE TABLE IF NOT EXISTS regulations (
    article_id VARCHAR NOT NULL REFERENCES articles (article_id),
    idx        INTEGER NOT NULL,
    code       VARCHAR NOT NULL,
    kind       VARCHAR,
    number     VARCHAR,
    year       INTEGER,
    text       VARCHAR,
    start_char INTEGER NOT NULL,
    end_char   INTEGER NOT NULL,
    sentence   VARCHAR,
    PRIMARY KEY (article_id, idx)
);

CREATE TABLE IF NOT EXISTS awards (
    article_id VARCHAR NOT NULL REFERENCES articles (article_id),
    idx        INTEGER NOT NULL,
    name       VARCHAR NOT NULL,
    year       INTEGER,
    category   VARCHAR,
    text       VARCHAR,
    start_char INTEGER NOT NULL,
    end_char   INTEGER NOT NULL,
    sentence   VARCHAR,
    PRIMARY KEY (article_id, idx)
);

-- Every span of every kind, with its normalized value as JSON (span._.value).
CREATE TABLE IF NOT EXISTS mentions (
    article_id VARCHAR NOT NULL REFERENCES articles (article_id),
    idx        INTEGER NOT NULL,
    kind       VARCHAR NOT NULL,
    text       VARCHAR,
    value      JSON,
    start_char INTEGER NOT NULL,
    end_char   INTEGER NOT NULL,
    sentence   VARCHAR,
    PRIMARY KEY (article_id, idx)
);

-- Input records that extract skipped, with the reason (replaced shard by shard).
CREATE TABLE IF NOT EXISTS skipped (
    shard_id    VARCHAR NOT NULL,
    source_file VARCHAR,
    "offset"    BIGINT,
    url         VARCHAR,
    reason      VARCHAR NOT NULL,
    detail      VARCHAR
);
