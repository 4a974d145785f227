-- check: articles_without_shard
-- description: Every article came from a shard the load recorded.
SELECT 'articles' AS "table", 'shard ' || shard_id || ' not recorded' AS detail, article_id
FROM articles
WHERE shard_id NOT IN (SELECT shard_id FROM shards);
