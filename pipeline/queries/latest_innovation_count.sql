-- name: latest_innovation_count
-- description: The latest reported count per region ("86 inovasi"), with its evidence sentence and date.
-- param: unit VARCHAR default 'inovasi'  the counted noun
-- param: region VARCHAR default ''  a region code; empty for all
SELECT
    region_code,
    any_value(region_name) AS region,
    -- The latest report wins; on one day, the last article by id (a stable choice).
    arg_max(value, (published, article_id, idx)) AS value,
    any_value(unit) AS unit,
    max(published) AS published,
    arg_max(sentence, (published, article_id, idx)) AS evidence,
    arg_max(article_id, (published, article_id, idx)) AS article_id,
    arg_max(url, (published, article_id, idx)) AS url
FROM v_counts
WHERE unit = $unit
  AND region_code IS NOT NULL
  AND published IS NOT NULL
  AND ($region = '' OR region_code = $region)
GROUP BY region_code
ORDER BY region_code;
