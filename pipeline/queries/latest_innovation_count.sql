-- name: latest_innovation_count
-- description: The latest reported count per region ("86 inovasi"), with its evidence sentence and date.
-- param: unit VARCHAR default 'inovasi'  the counted noun
-- param: region VARCHAR default ''  a region code; empty for all
-- m_count_latest holds, per unit and region, the report of the latest publication day (on one
-- day, the last article by id: a stable choice), chosen at load time (derived.sql).
SELECT
    region_code,
    report.region AS region,
    report.value AS value,
    $unit AS unit,
    report.published AS published,
    report.evidence AS evidence,
    report.article_id AS article_id,
    report.url AS url
FROM m_count_latest
WHERE unit = $unit
  AND ($region = '' OR region_code = $region)
ORDER BY region_code;
