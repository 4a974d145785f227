"""`pantau demo` run twice gives one copy of the demo, not two."""

from __future__ import annotations

from pipeline.demo import clear_demo_output


def test_an_earlier_demo_output_is_removed_and_nothing_else(tmp_path) -> None:
    (tmp_path / "warc").mkdir()
    (tmp_path / "warc" / "pantau-1.warc.gz").write_bytes(b"x")
    (tmp_path / "facts" / "articles").mkdir(parents=True)
    (tmp_path / "pantau.duckdb").write_bytes(b"x")
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")

    assert clear_demo_output(tmp_path) == ["warc", "facts", "pantau.duckdb"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
    assert clear_demo_output(tmp_path) == []
