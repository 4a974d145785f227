-- Near-duplicates, step 2: candidate pairs, the articles that share at least one LSH band
-- ($rows consecutive MinHash values, $bands bands: datasketch MinHashLSH's own parameters for
-- the threshold), i.e. what MinHashLSH.query would return. Band values are compared whole
-- (no hash of them), like datasketch's buckets; GROUP BY and DISTINCT spill to disk.
CREATE TABLE candidates AS
WITH bands AS (
    SELECT
        b.band,
        s.hashvalues[b.band * $rows + 1 : (b.band + 1) * $rows] AS band_key,
        s.article_id
    FROM signatures AS s
    CROSS JOIN range($bands) AS b(band)
),
buckets AS (
    SELECT list(article_id) AS members
    FROM bands
    GROUP BY band, band_key
    HAVING count(*) > 1
),
pairs AS (
    SELECT a, unnest(members) AS b
    FROM (SELECT unnest(members) AS a, members FROM buckets)
)
SELECT DISTINCT a, b FROM pairs WHERE a < b;
