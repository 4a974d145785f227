"""The relevance classifier on articles written for these tests, and the consistency of its
training report (data/relevance/cv.json) with the model, the labels and models/README.md."""

from __future__ import annotations

import csv
import hashlib
import json
import re

import joblib
import pytest

from pipeline import config
from pipeline.relevance import (
    CV_FILE,
    LABELS_FILE,
    MODEL_FILE,
    CueFeatures,
    RelevanceModel,
    model_input,
    near_duplicate_groups,
)

# Written for pantau in the style of regional portals; none is copied from a corpus.
RELEVANT = [
    (
        "Pemkab Tanah Laut Gelar Bimtek Penyusunan Inovasi Daerah",
        "PELAIHARI – Pemerintah Kabupaten Tanah Laut melalui Bapperida menggelar bimbingan "
        "teknis penyusunan inovasi daerah di Aula Bapperida, Rabu (14/8/2024). Kegiatan diikuti "
        "64 peserta dari seluruh perangkat daerah dan puskesmas.\n"
        "Sekda Tanah Laut meminta setiap OPD melaporkan sedikitnya satu inovasi pelayanan publik "
        "agar indeks inovasi daerah tahun ini naik. Narasumber dari BSKDN Kemendagri memaparkan "
        "kriteria penilaian dan bukti dukung yang harus diunggah.",
    ),
    (
        "Walikota Tidore Terima Penghargaan Kota Sangat Inovatif",
        "Kota Tidore Kepulauan kembali dinobatkan sebagai kota sangat inovatif dalam ajang "
        "Innovative Government Award yang diserahkan Kemendagri di Jakarta, Selasa (10/12/2024).\n"
        "Walikota menyebut capaian itu hasil kerja inovator di dinas, kecamatan hingga kelurahan. "
        "Tahun ini Pemkot melaporkan 112 inovasi, antara lain layanan antar jemput dokumen "
        "kependudukan dan aplikasi pengaduan warga.",
    ),
    (
        "Pemprov Gorontalo Luncurkan Layanan Samsat Keliling untuk Lansia",
        "GORONTALO – Pemerintah Provinsi Gorontalo meluncurkan inovasi layanan Samsat keliling "
        "yang mendatangi rumah warga lanjut usia dan penyandang disabilitas, Jum'at (7/6/2024).\n"
        "Gubernur mengatakan terobosan ini lahir dari keluhan warga yang sulit datang ke kantor. "
        "Layanan baru itu akan direplikasi ke seluruh kabupaten dan kota di Gorontalo.",
    ),
    (
        "Laboratorium Inovasi Kab. Sinjai Masuki Tahap Diagnose",
        "SINJAI – Laboratorium Inovasi yang digelar Pemkab Sinjai bersama LAN RI memasuki tahap "
        "diagnose di Ruang Pola Kantor Bupati, Senin (4/11/2024). Sebanyak 40 gagasan perubahan "
        "dipetakan oleh tim dari 20 OPD.\n"
        "Kepala Bappeda Sinjai berharap laboratorium ini melahirkan inovasi yang berdampak "
        "langsung bagi masyarakat desa.",
    ),
]

NOT_RELEVANT = [
    (
        "Banjir Rendam Tiga Kecamatan, Bupati Tinjau Pengungsian",
        "BANJARNEGARA – Banjir merendam ratusan rumah di tiga kecamatan setelah hujan deras "
        "semalaman. Bupati meninjau posko pengungsian dan menyerahkan bantuan sembako, Kamis "
        "(7/3/2024).\nBPBD mencatat 412 jiwa mengungsi; dinas sosial membuka dapur umum.",
    ),
    (
        "Laba Emiten Teknologi Naik Berkat Inovasi Produk",
        "JAKARTA – PT Sinar Digital Tbk membukukan laba bersih naik 18 persen pada kuartal "
        "ketiga. Direktur utama perseroan menyebut inovasi produk dan ekspansi ke pasar Asia "
        "Tenggara menjadi pendorong utama.\nSaham perseroan menguat di bursa setelah laporan itu.",
    ),
    (
        "DPRD Sahkan APBD Perubahan Kota Palu",
        "PALU – DPRD Kota Palu mengesahkan APBD Perubahan 2024 dalam rapat paripurna, Senin "
        "(30/9/2024). Pendapatan daerah naik menjadi Rp1,4 triliun, sementara belanja pegawai "
        "masih menyerap porsi terbesar.\nWali Kota meminta OPD mempercepat penyerapan anggaran.",
    ),
    (
        "Persib Menang Tipis atas Tamu dari Kalimantan",
        "BANDUNG – Persib Bandung menang 1-0 atas tamunya dalam lanjutan liga. Gol tunggal lahir "
        "dari umpan terobosan di menit ke-67.\nPelatih memuji pemain yang terus berinovasi dalam "
        "membangun serangan dari sayap.",
    ),
]


@pytest.fixture(scope="module")
def model() -> RelevanceModel:
    return RelevanceModel.load()


@pytest.mark.parametrize(("title", "text"), RELEVANT, ids=lambda v: str(v)[:30])
def test_regional_innovation_news_is_relevant(model, title, text) -> None:
    assert model.score(title, text) >= model.threshold


@pytest.mark.parametrize(("title", "text"), NOT_RELEVANT, ids=lambda v: str(v)[:30])
def test_other_news_is_not_relevant(model, title, text) -> None:
    assert model.score(title, text) < model.threshold


def test_fast_scoring_equals_the_pipeline(model) -> None:
    assert model._fast is not None  # the committed model takes the fast path
    for title, text in RELEVANT + NOT_RELEVANT:
        expected = model.pipeline.predict_proba([model_input(title, text)])[0][1]
        assert model.score(title, text) == pytest.approx(expected, abs=1e-9)


def test_cue_features_see_innovation_and_government_in_one_sentence() -> None:
    cues = CueFeatures().fit([])
    together = cues.features("Judul\nPemkab Sleman meluncurkan inovasi layanan. Cuaca cerah.")
    apart = cues.features("Judul\nPerusahaan meluncurkan inovasi. Pemkab Sleman rapat anggaran.")
    both = len(cues.groups_)  # the first feature after the per-group counts
    assert together[both] > 0 and apart[both] == 0


def test_near_duplicates_share_a_cross_validation_group() -> None:
    base = " ".join(f"kata{i}" for i in range(80))
    edited = base.replace("kata40", "lain40")
    other = " ".join(f"beda{i}" for i in range(80))
    groups = near_duplicate_groups([base, edited, other])
    assert groups[0] == groups[1] != groups[2]


def test_cv_report_matches_model_labels_and_readme() -> None:
    report = json.loads(CV_FILE.read_text(encoding="utf-8"))
    # The model and its report come from the same run, on the labels as they are now.
    assert joblib.load(MODEL_FILE)["cv"] == report["scores"]
    assert report["labels_sha1"] == hashlib.sha1(LABELS_FILE.read_bytes()).hexdigest()
    assert report["model_bytes"] == MODEL_FILE.stat().st_size < 5_000_000
    assert report["seeds"] and min(report["seeds"].values()) >= 0.5
    with open(LABELS_FILE, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert report["scores"]["corpus"]["n"] == len(rows)
    assert report["scores"]["corpus"]["positives"] == sum(r["label"] == "1" for r in rows)
    # models/README.md quotes these very figures.
    readme = (config.MODELS_DIR / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Relevance classifier") :]
    for subset in ("all", "corpus", "synthetic"):
        figures = report["scores"][subset]
        row = f"{figures['precision']:.3f} | {figures['recall']:.3f} | {figures['f1']:.3f}"
        assert row in section, (subset, row)


def test_labels_are_unique_pointers_without_text() -> None:
    with open(LABELS_FILE, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert {"corpus_file", "row", "url", "label", "kind", "text_sha1", "note"} <= set(rows[0])
    assert len({(r["corpus_file"], r["row"]) for r in rows}) == len(rows)
    assert len({r["text_sha1"] for r in rows}) == len(rows)
    assert all(r["label"] in "01" and re.fullmatch(r"[0-9a-f]{12}", r["text_sha1"]) for r in rows)
    assert all(len(r["note"]) < 200 for r in rows)  # a reason, never article text


def test_label_pointers_still_point_at_the_text_that_was_read(shared_dir) -> None:
    from pipeline.relevance import _read_corpus

    with open(LABELS_FILE, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    corpora: dict[str, dict] = {}
    for row in rows:
        if row["corpus_file"] not in corpora:
            corpora[row["corpus_file"]] = _read_corpus(
                shared_dir / "data" / "news-id" / row["corpus_file"]
            )
        _, text = corpora[row["corpus_file"]][row["row"]]
        normalized = re.sub(r"\W+", " ", text.lower()).strip()
        assert hashlib.sha1(normalized.encode()).hexdigest()[:12] == row["text_sha1"], row
