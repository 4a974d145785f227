"""Loading Parquet shards into DuckDB: idempotence, replacement, history, dups, persons.

The shards are written here with pyarrow in the layout docs/architecture.md gives; the
articles are short texts written for these tests in the style of regional portals.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline import shards, store

TEXT_LAB = (
    "CILEGON – Pemerintah Kota Cilegon menggelar Laboratorium Inovasi tahap drum-up di Ruang "
    "Rapat Bappeda, Senin (8/7/2019). Sekda Kota Cilegon Sari Suryati mengatakan sebanyak "
    "86 inovasi sudah dihimpun dari OPD. Kegiatan ini didampingi LAN RI."
)
TEXT_IGA = (
    "SERANG – Kota Serang meraih Innovative Government Award 2023 dari BSKDN Kemendagri. "
    "Wali Kota Serang Budi Santoso menyebut 120 inovasi dilaporkan tahun ini."
)


def article_id(url: str) -> str:
    return hashlib.sha1(url.encode()).hexdigest()[:16]


def make_article(url: str, text: str, region: str, published: date, **extra) -> dict:
    record = {
        "article_id": article_id(url),
        "url": url,
        "canonical_url": url,
        "domain": url.split("/")[2],
        "source": None,
        "region_hint": region,
        "primary_region": region,
        "title": text[:40],
        "author": None,
        "editor": None,
        "site_name": "Portal Uji",
        "published": published,
        "published_source": "meta",
        "crawled_at": datetime(2024, 1, 1, 8, 0),
        "text": text,
        "lang": "id",
        "content_hash": hashlib.sha1(text.encode()).hexdigest(),
        "relevant": True,
        "relevance_score": 0.9,
        "dup_of": None,
        "warc_file": "pages-00000.warc.gz",
        "warc_offset": 0,
    }
    record.update(extra)
    return record


def span(text: str, needle: str) -> dict:
    """Offsets of ``needle`` and the sentence around it (these texts end sentences with '. ')."""
    start = text.index(needle)
    end = start + len(needle)
    sentence_start = text.rfind(". ", 0, start) + 2 if ". " in text[:start] else 0
    sentence_end = text.find(". ", end)
    sentence = text[sentence_start : sentence_end + 1 if sentence_end >= 0 else len(text)]
    return {"start_char": start, "end_char": end, "sentence": sentence}


def facts_for(article: dict, count: int, unit: str = "inovasi") -> dict[str, list[dict]]:
    """A plausible set of facts for one of the two test texts."""
    text, aid, region = article["text"], article["article_id"], article["primary_region"]
    lab = "Laboratorium" in text
    event_word = "Laboratorium Inovasi" if lab else "Innovative Government Award"
    count_text = f"{count} {unit}"
    if count_text not in text:
        text_for_count = "86 inovasi" if lab else "120 inovasi"
    else:
        text_for_count = count_text
    official = "Sari Suryati" if lab else "Budi Santoso"
    org = "LAN RI" if lab else "BSKDN Kemendagri"
    events = [
        dict(
            article_id=aid,
            idx=0,
            type="laboratorium_inovasi" if lab else "penghargaan",
            start=article["published"],
            end=None,
            venue="Ruang Rapat Bappeda" if lab else None,
            region=region,
            organizer=None,
            stage="drum-up" if lab else None,
            confidence=0.9 if lab else 0.4,
            **span(text, event_word),
        )
    ]
    officials = [
        dict(
            article_id=aid,
            idx=0,
            name=official,
            name_raw=official,
            role="sekretaris daerah" if lab else "wali kota",
            role_raw="Sekda" if lab else "Wali Kota",
            acting=False,
            institution=None,
            region=region,
            person_key=f"{official.lower()}|{region}",
            **span(text, official),
        )
    ]
    counts = [
        dict(article_id=aid, idx=0, value=float(count), unit=unit, text=text_for_count)
        | span(text, text_for_count)
    ]
    organizations = [dict(article_id=aid, idx=0, name=org, text=org) | span(text, org)]
    awards = (
        []
        if lab
        else [
            dict(
                article_id=aid,
                idx=0,
                name="Innovative Government Award",
                year=2023,
                category=None,
                text="Innovative Government Award 2023",
            )
            | span(text, "Innovative Government Award")
        ]
    )
    mentions = []
    for kind, rows in (("event", events), ("official", officials), ("count", counts)):
        for row in rows:
            value = {k: v for k, v in row.items() if k not in ("article_id", "idx", "sentence")}
            mentions.append(
                dict(
                    article_id=aid,
                    idx=len(mentions),
                    kind=kind,
                    text=text[row["start_char"] : row["end_char"]],
                    value=json.dumps(value, default=str),
                    start_char=row["start_char"],
                    end_char=row["end_char"],
                    sentence=row["sentence"],
                )
            )
    return {
        "events": events,
        "officials": officials,
        "counts": counts,
        "organizations": organizations,
        "awards": awards,
        "mentions": mentions,
    }


def write_shard(
    facts_dir: Path,
    shard_id: str,
    articles: list[dict],
    facts: dict[str, list[dict]],
    skipped: list[dict] | None = None,
) -> None:
    """One shard as extract writes it (pipeline.shards): a file per table, the manifest last."""
    tables = dict(facts, articles=[dict(a, shard_id=shard_id) for a in articles])
    tables["skipped"] = [dict(row, shard_id=shard_id) for row in skipped or []]
    shards.write_shard(facts_dir, shard_id, tables, minhash_rows=[], info={"source": "test"})


def merge_facts(*parts: dict[str, list[dict]]) -> dict[str, list[dict]]:
    merged: dict[str, list[dict]] = {}
    for part in parts:
        for table, rows in part.items():
            merged.setdefault(table, []).extend(rows)
    return merged


def build_collection(facts_dir: Path) -> tuple[dict, dict]:
    """Two shards, two regions, one near-duplicate republication."""
    lab = make_article("https://cilegon.example.id/berita/lab", TEXT_LAB, "36.72", date(2019, 7, 8))
    iga = make_article("https://serang.example.id/berita/iga", TEXT_IGA, "36.73", date(2023, 9, 1))
    copy = make_article("https://portal.example.id/copy/lab", TEXT_LAB, "36.72", date(2019, 7, 9))
    write_shard(
        facts_dir,
        "shard-a",
        [lab, copy],
        merge_facts(facts_for(lab, 86), facts_for(copy, 86)),
        skipped=[
            dict(
                source_file="a.warc.gz",
                offset=10,
                url="https://x.id/",
                reason="not_html",
                detail="application/pdf",
            )
        ],
    )
    write_shard(facts_dir, "shard-b", [iga], facts_for(iga, 120))
    pq.write_table(
        pa.Table.from_pylist([{"article_id": copy["article_id"], "dup_of": lab["article_id"]}]),
        facts_dir / "dups.parquet",
    )
    return lab, iga


def snapshot(db_file: Path) -> dict[str, list[tuple]]:
    """Every table's rows (sorted), except the load bookkeeping that records when it ran."""
    conn = store.open_db(db_file, read_only=True)
    try:
        tables = [t for t in store.base_tables(conn) if t not in ("shards", "schema_version")]
        return {
            t: sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables
        }
    finally:
        conn.close()


@pytest.fixture
def loaded(tmp_path: Path) -> tuple[Path, Path, dict, dict]:
    facts_dir, db_file = tmp_path / "facts", tmp_path / "pantau.duckdb"
    lab, iga = build_collection(facts_dir)
    store.load_facts(facts_dir, db_file, progress=False)
    return facts_dir, db_file, lab, iga


def test_load_creates_rows_with_evidence(loaded) -> None:
    facts_dir, db_file, lab, _ = loaded
    conn = store.open_db(db_file, read_only=True)
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 3
    value, sentence, start, end = conn.execute(
        "SELECT value, sentence, start_char, end_char FROM counts WHERE article_id = $a",
        {"a": lab["article_id"]},
    ).fetchone()
    assert value == 86 and TEXT_LAB[start:end] == "86 inovasi" and sentence
    assert conn.execute("SELECT count(*) FROM skipped WHERE reason = 'not_html'").fetchone()[0] == 1
    assert conn.execute("SELECT count(*) FROM regions WHERE code = '36.72'").fetchone()[0] == 1
    published_type = conn.execute(
        "SELECT data_type FROM duckdb_columns() WHERE table_name = 'articles' "
        "AND column_name = 'published'"
    ).fetchone()[0]
    assert published_type == "DATE"
    conn.close()


def test_load_twice_changes_nothing(loaded) -> None:
    facts_dir, db_file, _, _ = loaded
    before = snapshot(db_file)
    summary = store.load_facts(facts_dir, db_file, progress=False)
    assert summary.shards_loaded == 0 and summary.shards_unchanged == 2
    assert snapshot(db_file) == before


def test_rewritten_manifest_reloads_to_identical_content(loaded) -> None:
    facts_dir, db_file, _, _ = loaded
    before = snapshot(db_file)
    # Extract ran again over the same input: same shard, manifest rewritten.
    manifest = shards.manifest_path(facts_dir, "shard-a")
    manifest.write_text(manifest.read_text() + "\n")
    summary = store.load_facts(facts_dir, db_file, progress=False)
    assert summary.shards_loaded == 1 and summary.articles_updated == 2
    assert snapshot(db_file) == before


def test_reextracted_article_replaces_its_facts(loaded) -> None:
    facts_dir, db_file, lab, _ = loaded
    copy = make_article("https://portal.example.id/copy/lab", TEXT_LAB, "36.72", date(2019, 7, 9))
    facts = merge_facts(facts_for(lab, 86), facts_for(copy, 86))
    facts["counts"] = [row for row in facts["counts"] if row["article_id"] != lab["article_id"]]
    write_shard(facts_dir, "shard-a", [lab, copy], facts)
    store.load_facts(facts_dir, db_file, progress=False)
    conn = store.open_db(db_file, read_only=True)
    counts = conn.execute(
        "SELECT count(*) FROM counts WHERE article_id = $a", {"a": lab["article_id"]}
    ).fetchone()[0]
    events = conn.execute(
        "SELECT count(*) FROM events WHERE article_id = $a", {"a": lab["article_id"]}
    ).fetchone()[0]
    conn.close()
    assert (counts, events) == (0, 1)


def test_new_content_updates_article_and_keeps_old_hash(loaded) -> None:
    facts_dir, db_file, lab, _ = loaded
    changed_text = TEXT_LAB.replace("86 inovasi", "90 inovasi")
    newer = make_article(
        lab["url"], changed_text, "36.72", date(2019, 7, 8), crawled_at=datetime(2024, 2, 1)
    )
    write_shard(facts_dir, "shard-c", [newer], facts_for(newer, 90))
    summary = store.load_facts(facts_dir, db_file, progress=False)
    assert summary.articles_updated == 1 and summary.history_rows == 1
    conn = store.open_db(db_file, read_only=True)
    row = conn.execute(
        "SELECT content_hash, shard_id FROM articles WHERE article_id = $a",
        {"a": lab["article_id"]},
    ).fetchone()
    history = conn.execute("SELECT content_hash FROM article_history").fetchall()
    values = conn.execute(
        "SELECT value FROM counts WHERE article_id = $a", {"a": lab["article_id"]}
    ).fetchall()
    conn.close()
    assert row == (newer["content_hash"], "shard-c")
    assert history == [(lab["content_hash"],)]
    assert values == [(90.0,)]


def test_older_version_does_not_replace_newer(loaded) -> None:
    facts_dir, db_file, lab, _ = loaded
    older = make_article(
        lab["url"], TEXT_LAB + " Lama.", "36.72", date(2019, 7, 8), crawled_at=datetime(2020, 1, 1)
    )
    write_shard(facts_dir, "shard-old", [older], facts_for(older, 86))
    summary = store.load_facts(facts_dir, db_file, progress=False)
    assert summary.articles_kept_newer == 1
    conn = store.open_db(db_file, read_only=True)
    kept = conn.execute(
        "SELECT content_hash FROM articles WHERE article_id = $a", {"a": lab["article_id"]}
    ).fetchone()[0]
    history = conn.execute("SELECT content_hash FROM article_history").fetchall()
    conn.close()
    assert kept == lab["content_hash"] and history == [(older["content_hash"],)]


def test_dups_and_person_ids(loaded) -> None:
    _, db_file, lab, _ = loaded
    conn = store.open_db(db_file, read_only=True)
    dup = conn.execute("SELECT dup_of FROM articles WHERE dup_of IS NOT NULL").fetchall()
    assert dup == [(lab["article_id"],)]
    # Two mentions of the same official (original and copy) are one person.
    persons = conn.execute(
        "SELECT p.person_id, count(*) FROM officials o JOIN persons p USING (person_id) "
        "WHERE p.name = 'Sari Suryati' GROUP BY ALL"
    ).fetchall()
    conn.close()
    assert len(persons) == 1 and persons[0][1] == 2
    expected = hashlib.sha1(b"sari suryati|36.72").hexdigest()[:16]
    assert persons[0][0] == expected


def test_incomplete_shard_is_not_loaded(tmp_path: Path) -> None:
    facts_dir, db_file = tmp_path / "facts", tmp_path / "db.duckdb"
    lab = make_article("https://cilegon.example.id/x", TEXT_LAB, "36.72", date(2019, 7, 8))
    write_shard(facts_dir, "s1", [lab], facts_for(lab, 86))
    (facts_dir / "_manifest" / "s1.json").unlink()  # killed before the manifest
    summary = store.load_facts(facts_dir, db_file, progress=False)
    assert summary.shards_found == 0
    conn = store.open_db(db_file, read_only=True)
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 0
    conn.close()


def test_unknown_region_and_orphan_fact_are_counted(tmp_path: Path) -> None:
    facts_dir, db_file = tmp_path / "facts", tmp_path / "db.duckdb"
    lab = make_article("https://cilegon.example.id/x", TEXT_LAB, "99.99", date(2019, 7, 8))
    facts = facts_for(lab, 86)
    facts["counts"].append(dict(facts["counts"][0], article_id="ffffffffffffffff"))
    write_shard(facts_dir, "s1", [lab], facts)
    summary = store.load_facts(facts_dir, db_file, progress=False)
    assert summary.unknown_region_codes >= 2
    assert summary.orphan_facts == 1 and summary.facts["counts"] == 1
    conn = store.open_db(db_file, read_only=True)
    assert conn.execute("SELECT primary_region FROM articles").fetchone()[0] is None
    conn.close()


def test_export_writes_one_parquet_per_table(loaded, tmp_path: Path) -> None:
    _, db_file, _, _ = loaded
    out = tmp_path / "export"
    written = store.export_tables(db_file, out)
    conn = duckdb.connect()
    for table, rows in written.items():
        assert conn.execute(f"SELECT count(*) FROM '{out / table}.parquet'").fetchone()[0] == rows
    assert {"articles", "events", "officials", "regions", "mentions"} <= set(written)
    assert sorted(p.stem for p in out.glob("*.parquet")) == sorted(written)


def test_load_killed_before_derived_refresh_is_caught_up(tmp_path: Path, monkeypatch) -> None:
    from pipeline import check

    facts_dir, db_file = tmp_path / "facts", tmp_path / "db.duckdb"
    store.open_db(db_file).close()
    build_collection(facts_dir)

    def killed(conn) -> None:
        raise KeyboardInterrupt("killed after the shards were committed")

    monkeypatch.setattr(store, "refresh_derived", killed)
    with pytest.raises(KeyboardInterrupt):
        store.load_facts(facts_dir, db_file, progress=False)
    monkeypatch.undo()
    assert "derived_tables_fresh" in {p.check for p in check.run_checks(db_file, None).problems}
    summary = store.load_facts(facts_dir, db_file, progress=False)
    assert summary.shards_loaded == 0
    assert check.run_checks(db_file, None).ok


def test_a_bad_shard_is_skipped_and_named_while_the_others_load(tmp_path: Path) -> None:
    facts_dir, db_file = tmp_path / "facts", tmp_path / "db.duckdb"
    build_collection(facts_dir)
    lab = make_article("https://cilegon.example.id/rusak", TEXT_LAB, "36.72", date(2019, 7, 8))
    facts = facts_for(lab, 86)
    facts["mentions"][0]["value"] = "{not json"  # a corrupt value: the row cannot be stored
    write_shard(facts_dir, "shard-bad", [lab], facts)
    summary = store.load_facts(facts_dir, db_file, progress=False)
    assert summary.shards_loaded == 2
    assert len(summary.shards_bad) == 1 and summary.shards_bad[0].startswith("shard-bad:")
    assert summary.articles_new == 3
    conn = store.open_db(db_file, read_only=True)
    ids = {row[0] for row in conn.execute("SELECT article_id FROM articles").fetchall()}
    conn.close()
    assert lab["article_id"] not in ids and len(ids) == 3
    # Not recorded as loaded: the next load tries it again.
    again = store.load_facts(facts_dir, db_file, progress=False)
    assert again.shards_unchanged == 2 and len(again.shards_bad) == 1


def test_load_over_its_memory_limit_stops_clearly_and_blames_no_shard(tmp_path: Path) -> None:
    facts_dir, db_file = tmp_path / "facts", tmp_path / "pantau.duckdb"
    build_collection(facts_dir)
    with pytest.raises(store.LoadMemoryError, match="PANTAU_LOAD_MEMORY=4MB"):
        store.load_facts(facts_dir, db_file, progress=False, memory_limit="4MB")
    # Run again with room: nothing lost, nothing twice, no shard counted as bad.
    summary = store.load_facts(facts_dir, db_file, progress=False)
    assert summary.shards_bad == []
    reference = tmp_path / "reference.duckdb"
    store.load_facts(facts_dir, reference, progress=False)
    assert snapshot(db_file) == snapshot(reference)


def test_load_memory_setting_must_be_a_size(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="PANTAU_LOAD_MEMORY must look like"):
        store.load_facts(tmp_path / "facts", tmp_path / "db.duckdb", memory_limit="lots")


def test_cli_load_over_its_memory_limit_exits_2_with_the_setting_named(tmp_path: Path) -> None:
    facts_dir, db_file = tmp_path / "facts", tmp_path / "pantau.duckdb"
    build_collection(facts_dir)
    env = dict(os.environ, PANTAU_LOAD_MEMORY="4MB")
    command = [sys.executable, "-m", "pipeline.cli", "load", "--facts", str(facts_dir)]
    done = subprocess.run(
        [*command, "--db", str(db_file)], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 2, done.stderr
    assert "set PANTAU_LOAD_MEMORY higher" in done.stderr
