-- Near-duplicates, step 4b (repeated until no label changes): connected components of the
-- confirmed pairs by minimum-label propagation with pointer jumping. Each article takes the
-- smallest label among its neighbours, then that label's own label; at the fixed point every
-- article of a group holds the group's smallest article id. Run in SQL so that the groups,
-- like everything else here, live in DuckDB and not in Python memory.
CREATE OR REPLACE TABLE next_labels AS
WITH hooked AS (
    SELECT k.article_id, min(l.root) AS root
    FROM links AS k
    JOIN labels AS l ON l.article_id = k.other
    GROUP BY k.article_id
)
SELECT h.article_id, least(h.root, j.root) AS root
FROM hooked AS h
JOIN labels AS j ON j.article_id = h.root;
