-- name: latest_innovation_count
-- description: The latest reported count per region ("86 inovasi"), with its evidence sentence and date.
-- param: unit VARCHAR default 'inovasi'  the counted noun
-- param: region VARCHAR default ''  a region code; empty for all
SELECT
    region_code,
    region_name AS region,
    value,
    unit,
    published,
    sentence AS evidence,
    article_id,
    url
FROM v_counts
WHERE unit = $unit
  AND region_code IS NOT NULL
  AND ($region = '' OR region_code = $region)
QUALIFY row_number() OVER (
    PARTITION BY region_code ORDER BY published DESC NULLS LAST, article_id, idx
) = 1
ORDER BY region_code;
