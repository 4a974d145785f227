-- name: latest_innovation_count
-- description: The latest reported count per region ("86 inovasi"), with its evidence sentence and date.
-- param: unit VARCHAR default 'inovasi'  the counted noun
-- param: region VARCHAR default ''  a region code; empty for all
WITH latest AS (
    -- The latest report wins; on one day, the last article by id (a stable choice).
    SELECT
        region_code,
        arg_max(
            {'value': value, 'published': published, 'evidence': sentence,
             'article_id': article_id, 'url': url, 'region': region_name},
            (published, article_id, idx)
        ) AS report
    FROM v_counts
    WHERE unit = $unit
      AND region_code IS NOT NULL
      AND published IS NOT NULL
      AND ($region = '' OR region_code = $region)
    GROUP BY region_code
)
SELECT
    region_code,
    report.region AS region,
    report.value AS value,
    $unit AS unit,
    report.published AS published,
    report.evidence AS evidence,
    report.article_id AS article_id,
    report.url AS url
FROM latest
ORDER BY region_code;
