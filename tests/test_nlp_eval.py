"""`pantau eval` / `pantau annotate`: scoring rules on tiny hand-made gold, pointer lines,
the CLI's JSON shapes, and the seeds' target for the issue-4 fields."""

from __future__ import annotations

import csv
import json

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.evaluate import (
    FIELDS,
    GoldError,
    Report,
    article_input,
    resolve_source,
    same_name,
    score_line,
    text_sha1,
)

runner = CliRunner()


def score(gold: dict, predicted: dict) -> dict:
    report = Report()
    score_line(gold, predicted, report)
    return report.as_dict()["fields"]


def test_set_fields_score_precision_and_recall():
    fields = score(
        {"dates": ["2024-01-29", "2024-01-30"], "regulations": ["PP 38/2017"]},
        {"dates": ["2024-01-29", "2024-02-01"], "regulations": ["PP 38/2017", "UU 23/2014"]},
    )
    assert fields["dates"] == {
        "precision": 0.5,
        "recall": 0.5,
        "f1": 0.5,
        "tp": 1,
        "fp": 1,
        "fn": 1,
    }
    assert (fields["regulations"]["tp"], fields["regulations"]["fp"]) == (1, 1)


def test_fields_absent_from_gold_are_not_scored():
    fields = score({"dates": []}, {"dates": [], "counts": [{"value": 3, "unit": "hari"}]})
    assert set(fields) == {"dates"}


def test_counts_are_distinct_pairs_with_lowercase_units():
    gold = {"counts": [{"value": 86, "unit": "inovasi"}, {"value": 86, "unit": "inovasi"}]}
    predicted = {"counts": [{"value": 86.0, "unit": "Inovasi"}, {"value": 2, "unit": "hari"}]}
    assert (score(gold, predicted)["counts"]["tp"], score(gold, predicted)["counts"]["fp"]) == (
        1,
        1,
    )


def test_events_match_on_type_and_start_only():
    gold = {"events": [{"type": "bimtek", "start": "2024-01-29", "venue": "Hotel A"}]}
    right = {"events": [{"type": "bimtek", "start": "2024-01-29", "venue": "Hotel B"}]}
    wrong = {"events": [{"type": "rapat", "start": "2024-01-29"}]}
    assert score(gold, right)["events"]["f1"] == 1.0
    assert score(gold, wrong)["events"]["f1"] == 0.0


def test_venues_match_fuzzily():
    gold = {"venues": ["Ruang Rapat Bappeda Kota Cilegon"]}
    assert score(gold, {"venues": ["Ruang Rapat Bappeda"]})["venues"]["tp"] == 1
    assert score(gold, {"venues": ["Hotel Cilegon"]})["venues"]["tp"] == 0


def test_acronyms_and_expansions_are_the_same_name():
    assert same_name("IGA", "Innovative Government Award")
    assert same_name("BSKDN Kemendagri", "Badan Strategi Kebijakan Dalam Negeri Kemendagri")
    assert same_name("LAN RI", "Lembaga Administrasi Negara Republik Indonesia")
    assert not same_name("Bappeda", "Dinas Kesehatan")


def test_officials_role_accepts_abbreviated_roles():
    gold = {"officials": [{"name": "Sari Suryati", "role": "sekretaris daerah"}]}
    predicted = {"officials": [{"name": "sari suryati", "role": "sekda"}]}
    fields = score(gold, predicted)
    assert fields["officials"]["tp"] == 1 and fields["officials_role"]["tp"] == 1


def test_single_valued_fields_count_wrong_values_both_ways():
    fields = score(
        {"published": "2024-01-29", "relevant": True, "primary_region": None},
        {"published": "2024-01-30", "relevant": True, "primary_region": "36.73"},
    )
    assert (fields["published"]["fp"], fields["published"]["fn"]) == (1, 1)
    assert fields["relevant"]["tp"] == 1 and fields["relevant"]["accuracy"] == 1.0
    assert fields["primary_region"]["fp"] == 1 and fields["primary_region"]["accuracy"] == 0.0


@pytest.fixture()
def corpus(tmp_path):
    folder = tmp_path / "data" / "news-id" / "mini"
    folder.mkdir(parents=True)
    with (folder / "rows.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "judul", "isi"])
        writer.writerow(["7", "Judul", "Bimtek digelar di Hotel Mawar, Senin (6/3/2023)."])
    return tmp_path


def pointer(sha1: str | None = None) -> dict:
    source = {
        "corpus": "data/news-id/mini",
        "file": "rows.csv",
        "key_column": "id",
        "key": "7",
        "text_column": "isi",
        "title_column": "judul",
    }
    if sha1:
        source["sha1"] = sha1
    return source


def test_pointer_lines_resolve_and_detect_drift(corpus):
    text, title = resolve_source(pointer(), corpus)
    assert (text, title) == ("Bimtek digelar di Hotel Mawar, Senin (6/3/2023).", "Judul")
    assert resolve_source(pointer(text_sha1(text)), corpus)[0] == text
    with pytest.raises(GoldError, match="changed"):
        resolve_source(pointer("0" * 40), corpus)


def test_gold_published_is_never_pipeline_input(corpus):
    line = {
        "id": "x",
        "source": pointer(),
        "published": "2023-03-06",
        "context": {"published": "2023-03-07"},
    }
    article = article_input(line, corpus)
    assert str(article.published) == "2023-03-07"  # the context, not the gold field
    assert article_input({"id": "y", "text": "t", "published": "2023-03-06"}).published is None


@pytest.fixture(scope="module")
def seeds_report(shared_dir):
    result = runner.invoke(app, ["eval", str(shared_dir / "gold" / "seeds.jsonl"), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_eval_json_shape(seeds_report):
    assert seeds_report["articles"] == 5
    assert set(seeds_report["fields"]) <= set(FIELDS)
    for scores in seeds_report["fields"].values():
        assert {"precision", "recall", "f1", "tp", "fp", "fn"} <= set(scores)


@pytest.mark.parametrize("field", ["dates", "counts", "venues", "regulations", "awards", "events"])
def test_seeds_reach_the_target(seeds_report, field):
    assert seeds_report["fields"][field]["f1"] == 1.0


def test_annotate_prints_the_gold_format(tmp_path):
    article = tmp_path / "artikel.txt"
    article.write_text(
        "Palu – Pemkab Sigi menggelar bimtek inovasi di Aula Bappeda Sigi, Rabu (3/5). "
        "Bimtek diikuti 45 peserta.",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["annotate", str(article), "--published", "2023-05-04"])
    assert result.exit_code == 0, result.output
    gold = json.loads(result.stdout)
    for field in (
        "published",
        "relevant",
        "primary_region",
        "regions",
        "events",
        "officials",
        "counts",
        "dates",
        "venues",
        "organizations",
        "regulations",
        "awards",
    ):
        assert field in gold
    assert gold["dates"] == ["2023-05-03"]
    assert gold["counts"] == [{"value": 45, "unit": "peserta"}]
    assert gold["events"][0]["type"] == "bimtek"


def test_annotate_jsonl_keeps_ids(tmp_path):
    lines = tmp_path / "in.jsonl"
    lines.write_text(
        json.dumps({"id": "a1", "text": "Rakor digelar di Aula Setda, Senin (6/3/2023)."})
        + "\n"
        + json.dumps({"id": "a2", "text": "Tidak ada apa-apa.", "published": "2023-03-07"})
        + "\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["annotate", "--jsonl", str(lines)])
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in out] == ["a1", "a2"]
    assert out[0]["venues"] == ["Aula Setda"] and out[1]["events"] == []


def test_annotate_html_goes_through_the_text_stage(tmp_path):
    page = tmp_path / "artikel.html"
    page.write_text(
        "<html><head><title>Bimtek Inovasi</title></head><body><nav>Beranda | Berita</nav>"
        "<article><h1>Bimtek Inovasi</h1><p>SIGI – Pemkab Sigi menggelar bimbingan teknis "
        "inovasi daerah di Aula Bappeda Sigi, Rabu (3/5/2023). Kegiatan diikuti 45 peserta dari "
        "30 perangkat daerah, sesuai Permendagri Nomor 104 Tahun 2018.</p></article>"
        "<footer>Hak cipta 2023</footer></body></html>",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["annotate", str(page), "--url", "https://contoh.id/a"])
    assert result.exit_code == 0, result.output
    gold = json.loads(result.stdout)
    assert gold["venues"] == ["Aula Bappeda Sigi"]
    assert gold["regulations"] == ["Permendagri 104/2018"]
    assert (gold["events"][0]["type"], gold["events"][0]["start"]) == ("bimtek", "2023-05-03")


def test_published_is_predicted_not_echoed(tmp_path):
    article = tmp_path / "tanpa_dateline.txt"
    article.write_text("Pemkab menggelar rakor di Aula Setda, Senin (6/3).", encoding="utf-8")
    result = runner.invoke(app, ["annotate", str(article), "--published", "2023-03-07"])
    gold = json.loads(result.stdout)
    assert gold["published"] is None  # no dateline in the text
    assert gold["dates"] == ["2023-03-06"]  # but the context still dates "Senin (6/3)"
