-- Version 1 -> 2: keep earlier versions of an article when the same URL comes back with new
-- content (the row in articles is updated; the old content hash is kept here).
CREATE TABLE article_history (
    article_id   VARCHAR   NOT NULL REFERENCES articles (article_id),
    content_hash VARCHAR   NOT NULL,
    title        VARCHAR,
    published    DATE,
    crawled_at   TIMESTAMP,
    shard_id     VARCHAR,
    replaced_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (article_id, content_hash)
);
