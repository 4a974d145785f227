-- Near-duplicates, step 1 (pipeline/dedup.py): one MinHash signature per article, the one of
-- its latest capture (crawled_at, then the larger shard id), the version the warehouse keeps.
-- $files: the minhash/<shard_id>.parquet files of complete shards. The table lives in a
-- temporary on-disk database, so it costs disk, not memory, whatever the number of articles.
CREATE TABLE signatures AS
SELECT article_id, published, crawled_at, url, hashvalues
FROM read_parquet($files, filename = true)
QUALIFY row_number() OVER (
    PARTITION BY article_id
    ORDER BY crawled_at DESC NULLS LAST, parse_filename(filename, true) DESC
) = 1;
