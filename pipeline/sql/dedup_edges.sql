-- Near-duplicates, step 3: the candidate pairs whose estimated Jaccard similarity (the share
-- of equal MinHash values, as datasketch's MinHash.jaccard computes it) reaches $threshold.
CREATE TABLE edges AS
SELECT c.a, c.b
FROM candidates AS c
JOIN signatures AS x ON x.article_id = c.a
JOIN signatures AS y ON y.article_id = c.b
WHERE list_sum(list_transform(list_zip(x.hashvalues, y.hashvalues),
                              lambda p: (p[1] = p[2])::INTEGER))::DOUBLE
      / len(x.hashvalues)::DOUBLE >= $threshold;
