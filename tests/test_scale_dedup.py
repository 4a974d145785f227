"""The streamed near-duplicate pass (DuckDB) gives the groups of the in-memory datasketch LSH.

`pipeline.dedup.run_dedup` reads the shards' signatures in DuckDB so that its memory does not
grow with the collection; `find_duplicates` is the in-memory reference (datasketch's own
MinHashLSH). These tests write shards with known near-duplicates and compare both.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from bench.dedup_bench import synthetic_signatures, write_signature_shards
from pipeline import shards
from pipeline.dedup import DedupSettings, find_duplicates, run_dedup, signature

WORDS = [
    "bupati",
    "wali",
    "kota",
    "kabupaten",
    "inovasi",
    "daerah",
    "pelayanan",
    "publik",
    "aplikasi",
    "desa",
    "warga",
    "pemerintah",
    "provinsi",
    "laboratorium",
    "inovasi",
    "peserta",
    "kegiatan",
    "lomba",
    "penghargaan",
    "anggaran",
    "sekolah",
    "kesehatan",
    "puskesmas",
    "pasar",
    "jalan",
    "jembatan",
    "banjir",
    "sampah",
    "pertanian",
    "nelayan",
    "koperasi",
    "umkm",
    "festival",
    "budaya",
    "pariwisata",
    "pendidikan",
    "guru",
    "siswa",
    "dinas",
    "kepala",
    "camat",
]


def _text(rng: random.Random, words: int = 220) -> str:
    return " ".join(rng.choice(WORDS) + str(rng.randint(0, 40)) for _ in range(words))


def _edited(rng: random.Random, text: str, share: float) -> str:
    """The text with a share of its words replaced (a portal's light rewrite)."""
    words = text.split()
    for i in rng.sample(range(len(words)), int(len(words) * share)):
        words[i] = rng.choice(WORDS) + "x"
    return " ".join(words)


def _article_rows(count: int, seed: int = 11) -> tuple[list[dict], dict[str, set[str]]]:
    """Signature rows of `count` originals, most with republished copies; also the planted
    groups of near-copies (one word in 50 changed), which any dedup must find."""
    rng = random.Random(seed)
    rows, planted = [], {}
    t0 = datetime(2024, 3, 1, tzinfo=UTC)
    for i in range(count):
        original = _text(rng)
        versions = [original] + [
            _edited(rng, original, share) for share in (0.02, 0.02, 0.1, 0.2, 0.35)[: i % 6]
        ]
        for k, text in enumerate(versions):
            aid = f"{i:08x}{k:08x}"
            rows.append(
                {
                    "article_id": aid,
                    "published": None if (i + k) % 5 == 0 else date(2024, 3, 1 + (i + k) % 9),
                    "crawled_at": t0 + timedelta(hours=rng.randint(0, 500)),
                    "url": f"https://portal{k}.example.id/berita/{i}",
                    "hashvalues": signature(text),
                }
            )
        if len(versions) >= 3:
            planted[f"{i:08x}"] = {f"{i:08x}{k:08x}" for k in range(3)}
    return rows, planted


def _write(facts: Path, rows: list[dict], per_shard: int) -> None:
    for n, start in enumerate(range(0, len(rows), per_shard)):
        shard = f"test{n:012d}"
        info = {"minhash": DedupSettings().key()}
        shards.write_shard(facts, shard, {}, rows[start : start + per_shard], info)


def _dups(facts: Path) -> dict[str, str]:
    return {r["article_id"]: r["dup_of"] for r in pq.read_table(facts / "dups.parquet").to_pylist()}


def test_streamed_equals_in_memory_on_articles_with_known_copies(tmp_path: Path) -> None:
    rows, planted = _article_rows(60)
    _write(tmp_path, rows, per_shard=47)  # groups cut across shards
    count = run_dedup(tmp_path)
    streamed = _dups(tmp_path)
    assert streamed == find_duplicates(rows)
    assert count == len(streamed) > 0
    for members in planted.values():
        canonical = {streamed.get(m, m) for m in members}
        assert len(canonical) == 1, f"near-copies not grouped: {members}"
    # Unrelated originals are never grouped.
    originals = {r["article_id"] for r in rows if r["article_id"].endswith("0" * 8)}
    assert len({streamed.get(a, a) for a in originals}) == len(originals)


def test_streamed_equals_in_memory_near_the_threshold(tmp_path: Path) -> None:
    # Signature copies with 5-50 % of values redrawn: Jaccard estimates on both sides of 0.7.
    columns = synthetic_signatures(3000, seed=3)
    write_signature_shards(tmp_path, columns, per_shard=700)
    run_dedup(tmp_path)
    rows = [
        {
            "article_id": columns["article_id"][i],
            "published": columns["published"][i],
            "crawled_at": columns["crawled_at"][i],
            "url": columns["url"][i],
            "hashvalues": columns["hashvalues"][i].tolist(),
        }
        for i in range(3000)
    ]
    expected = find_duplicates(rows)
    streamed = _dups(tmp_path)
    assert streamed == expected
    # Copies at 28-32 % redrawn straddle the threshold: some in, some out.
    borderline = [columns["article_id"][i] for i in range(3000) if i % 10 in (3, 4, 5)]
    grouped = sum(a in streamed for a in borderline)
    assert 0 < grouped < len(borderline)


def test_latest_capture_decides_and_canonical_is_earliest(tmp_path: Path) -> None:
    rng = random.Random(5)
    text, other = _text(rng), _text(rng)
    t0 = datetime(2024, 5, 1, tzinfo=UTC)

    def row(aid: str, body: str, published: date | None, hours: int) -> dict:
        return {
            "article_id": aid,
            "published": published,
            "crawled_at": t0 + timedelta(hours=hours),
            "url": f"https://example.id/{aid}",
            "hashvalues": signature(body),
        }

    # "b" was a copy of "a" when first crawled; its recrawl (a later shard) is another text.
    info = {"minhash": DedupSettings().key()}
    shards.write_shard(
        tmp_path,
        "shard-old",
        {},
        [row("a", text, date(2024, 5, 2), 1), row("b", text, date(2024, 5, 1), 2)],
        info,
    )
    shards.write_shard(tmp_path, "shard-new", {}, [row("b", other, date(2024, 5, 1), 50)], info)
    assert run_dedup(tmp_path) == 0
    # The same again with the recrawl still a copy, published earlier: it is the canonical one.
    shards.write_shard(tmp_path, "shard-new", {}, [row("b", text, date(2024, 5, 1), 50)], info)
    assert run_dedup(tmp_path) == 1
    assert _dups(tmp_path) == {"a": "b"}


def test_no_shards_writes_empty_dups(tmp_path: Path) -> None:
    assert run_dedup(tmp_path) == 0
    assert _dups(tmp_path) == {}


def test_signatures_that_do_not_match_their_manifest_are_refused(tmp_path: Path) -> None:
    rows, _ = _article_rows(3)
    short = DedupSettings(num_perm=64)
    for row in rows:
        row["hashvalues"] = row["hashvalues"][:64]
    _write(tmp_path, rows, per_shard=100)  # the manifest claims the default (128) settings
    with pytest.raises(ValueError, match="not 128 values long"):
        run_dedup(tmp_path)
    assert short.key() != DedupSettings().key()


def test_memory_limit_must_be_a_size(tmp_path: Path) -> None:
    rows, _ = _article_rows(3)
    _write(tmp_path, rows, per_shard=100)
    with pytest.raises(ValueError, match="400MB"):
        run_dedup(tmp_path, memory_limit="1GB'; DROP TABLE x; --")


def test_a_long_chain_of_rewrites_is_one_group(tmp_path: Path) -> None:
    # Each version rewrites a few values of the one before: neighbours are near-duplicates,
    # the ends are not, and the group is the chain (union-find / label propagation must carry
    # the smallest id from one end to the other, across several rounds).
    rng = random.Random(2)
    values = [rng.randrange(2**32) for _ in range(128)]
    rows = []
    for step in range(25):
        rows.append(
            {
                "article_id": f"{99 - step:04d}",  # the smallest id at the far end
                "published": date(2024, 1, 1) + timedelta(days=step),
                "crawled_at": datetime(2024, 6, 1, tzinfo=UTC),
                "url": f"https://example.id/{step}",
                "hashvalues": list(values),
            }
        )
        for i in rng.sample(range(128), 12):
            values[i] = rng.randrange(2**32)
    _write(tmp_path, rows, per_shard=10)
    assert run_dedup(tmp_path) == 24
    streamed = _dups(tmp_path)
    assert streamed == find_duplicates(rows)
    assert set(streamed.values()) == {"0099"}  # the earliest published


def test_large_collections_dedup_in_a_fresh_process(tmp_path: Path, monkeypatch) -> None:
    from pipeline import extract

    rows, _ = _article_rows(12)
    _write(tmp_path, rows, per_shard=20)
    monkeypatch.setattr(extract, "DEDUP_IN_PROCESS_MAX", 0)
    assert extract._near_duplicates(tmp_path, DedupSettings()) == len(find_duplicates(rows)) > 0
    assert _dups(tmp_path) == find_duplicates(rows)


def test_shards_signed_with_another_hash_are_resigned_from_their_text(tmp_path: Path) -> None:
    # A shard written before signatures were named in the manifest (datasketch's SHA-1) and
    # one written with other settings (xxHash32) hold the same press release: compared as
    # stored, the two signatures have nothing in common; the pass re-signs the old shard.
    rng = random.Random(8)
    text = _text(rng)
    legacy = DedupSettings(hash_function="sha1")
    t0 = datetime(2024, 7, 1, tzinfo=UTC)

    def article(aid: str, hours: int) -> dict:
        return {
            "article_id": aid,
            "url": f"https://example.id/{aid}",
            "published": date(2024, 7, 1),
            "crawled_at": t0 + timedelta(hours=hours),
            "text": text,
        }

    def minhash(row: dict, settings: DedupSettings) -> dict:
        return {**row, "hashvalues": signature(row["text"], settings)}

    old, new = article("old", 1), article("new", 2)
    shards.write_shard(tmp_path, "s-old", {"articles": [old]}, [minhash(old, legacy)], {})
    other = DedupSettings(hash_function="xxh32")
    current = {"minhash": other.key()}
    shards.write_shard(tmp_path, "s-new", {"articles": [new]}, [minhash(new, other)], current)
    assert signature(text, legacy) != signature(text, other)
    assert run_dedup(tmp_path, other) == 1
    assert _dups(tmp_path) == {"new": "old"}
    stored = pq.read_table(tmp_path / shards.MINHASH_DIR / "s-old.parquet").to_pylist()
    assert stored[0]["hashvalues"] == signature(text, other)
    assert shards.read_manifest(tmp_path, "s-old")["minhash"] == other.key()


@pytest.mark.parametrize(
    "settings",
    [
        DedupSettings(),
        DedupSettings(seed=5, num_perm=64),
        DedupSettings(hash_function="crc32", shingle_words=2),
        DedupSettings(scheme="affine64"),
    ],
)
def test_signature_equals_a_minhash_that_draws_its_own_permutations(settings) -> None:
    # `signature` hands MinHash permutations drawn once per settings; the values must be
    # those of a MinHash that draws them itself from its seed, for every settings tried.
    import datasketch

    from pipeline.dedup import _hash_function, shingles

    rng = random.Random(21)
    for text in [_text(rng) for _ in range(20)] + ["", "satu", "Bupati Sleman: inovasi"]:
        reference = datasketch.MinHash(
            num_perm=settings.num_perm,
            seed=settings.seed,
            scheme=settings.scheme,
            hashfunc=_hash_function(settings.hash_function),
        )
        reference.update_batch(list(shingles(text, settings.shingle_words)))
        assert signature(text, settings) == reference.hashvalues.tolist()
