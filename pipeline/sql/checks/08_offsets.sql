-- check: evidence_out_of_text
-- description: Every fact's character offsets lie inside its article's text.
SELECT 'mentions' AS "table",
       'chars ' || m.start_char || '-' || m.end_char || ' of ' || length(a.text) AS detail,
       m.article_id
FROM mentions AS m
JOIN articles AS a USING (article_id)
WHERE m.start_char < 0 OR m.end_char < m.start_char OR m.end_char > length(coalesce(a.text, ''));
