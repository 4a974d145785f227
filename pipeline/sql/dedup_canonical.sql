-- Near-duplicates, step 5: in each group the canonical article is the earliest published
-- (unknown dates last), then the first crawled (unknown last), then the smallest URL (a
-- missing one first, as the empty string), then the smallest id; every other member is
-- marked dup_of it.
WITH ranked AS (
    SELECT
        l.article_id,
        l.root,
        row_number() OVER (
            PARTITION BY l.root
            ORDER BY s.published ASC NULLS LAST, s.crawled_at ASC NULLS LAST,
                     coalesce(s.url, '') ASC, l.article_id ASC
        ) AS position
    FROM labels AS l
    JOIN signatures AS s USING (article_id)
)
SELECT m.article_id, c.article_id AS dup_of
FROM ranked AS m
JOIN ranked AS c ON c.root = m.root AND c.position = 1
WHERE m.position > 1
ORDER BY m.article_id;
