-- Near-duplicates, step 4a: the groups' starting labels.
-- Both directions of every pair, and each paired article to itself: the neighbourhoods the
-- connected-components steps below take their minimum over.
CREATE TABLE links AS
SELECT a AS article_id, b AS other FROM edges
UNION ALL SELECT b, a FROM edges
UNION ALL SELECT a, a FROM edges
UNION ALL SELECT b, b FROM edges;

-- Each paired article starts labelled with the smallest id among itself and its neighbours.
CREATE TABLE labels AS
SELECT article_id, min(other) AS root FROM links GROUP BY article_id;
