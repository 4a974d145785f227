"""Convert the Indonesian NER corpora of ../shared/data/ner-id to spaCy's .spacy format.

Run at training time (`make train-ner`); the corpora are read from SHARED_DIR and never copied
into the project. Two things keep the test scores honest:

- one label scheme (PER, ORG, LOC) for every corpus; other labels (TIME, QUANTITY) are dropped;
- de-duplication across corpora and splits: idner-news-2k and NER-UGM hold the same sentences
  split differently, so any sentence that appears in any test split is removed from every
  train and dev split, any dev sentence from every train split, and a sentence is trained on
  once. Each corpus keeps its own test split, for a per-corpus score.

NERP is left out: it is lowercased and its labels (PPL, PLC, EVT, IND, FNB) carry no ORG.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Iterator
from pathlib import Path

from spacy.tokens import Doc, DocBin
from spacy.training import biluo_tags_to_spans, iob_to_biluo
from spacy.vocab import Vocab

# corpus folder -> its split files (train, dev, test) and how its columns are laid out
CORPORA: dict[str, dict] = {
    "idner-news-2k": {"files": ("train.txt", "dev.txt", "test.txt"), "sep": " "},
    "indolem-nerugm": {"files": ("train.01.tsv", "dev.01.tsv", "test.01.tsv"), "sep": "\t"},
    "indolem-nerui": {"files": ("train.01.tsv", "dev.01.tsv", "test.01.tsv"), "sep": "\t"},
    "indonlu-nergrit": {
        "files": ("train_preprocess.txt", "valid_preprocess.txt", "test_preprocess.txt"),
        "sep": "\t",
    },
}
SPLITS = ("train", "dev", "test")
LABEL_MAP = {
    "PER": "PER",
    "PERSON": "PER",
    "PPL": "PER",
    "ORG": "ORG",
    "ORGANIZATION": "ORG",
    "ORGANISATION": "ORG",
    "LOC": "LOC",
    "LOCATION": "LOC",
    "PLACE": "LOC",
    "PLC": "LOC",
}

Sentence = tuple[list[str], list[str]]


def read_bio(path: Path, sep: str) -> Iterator[Sentence]:
    """Yield (tokens, BIO tags) per sentence; the tag is the last column."""
    words: list[str] = []
    tags: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip("\r\n")
        if not line.strip():
            if words:
                yield words, tags
            words, tags = [], []
            continue
        columns = line.split(sep)
        words.append(columns[0])
        tags.append(_unify(columns[-1].strip()))
    if words:
        yield words, tags


def _unify(tag: str) -> str:
    if tag == "O" or "-" not in tag:
        return "O"
    prefix, label = tag.split("-", 1)
    unified = LABEL_MAP.get(label)
    return f"{prefix}-{unified}" if unified else "O"


def sentence_key(words: list[str]) -> str:
    """The same sentence across corpora: case, spacing and punctuation ignored."""
    return re.sub(r"\W+", "", "".join(words).lower())


def to_doc(vocab: Vocab, words: list[str], tags: list[str]) -> Doc:
    doc = Doc(vocab, words=words)
    doc.ents = biluo_tags_to_spans(doc, iob_to_biluo(_repair_iob(tags)))
    return doc


def _repair_iob(tags: list[str]) -> list[str]:
    # An I- tag that does not continue an entity of the same type starts one.
    repaired = []
    previous = "O"
    for tag in tags:
        if tag.startswith("I-") and previous[2:] != tag[2:]:
            tag = "B-" + tag[2:]
        repaired.append(tag)
        previous = tag
    return repaired


def build(shared: Path, out: Path) -> dict:
    """Write train.spacy, dev.spacy and test-<corpus>.spacy into `out`; return the counts."""
    data = {
        (corpus, split): list(read_bio(shared / "data/ner-id" / corpus / name, spec["sep"]))
        for corpus, spec in CORPORA.items()
        for split, name in zip(SPLITS, spec["files"], strict=True)
    }
    test_keys = {
        sentence_key(w) for (_, split), sents in data.items() if split == "test" for w, _ in sents
    }
    dev_keys = {
        sentence_key(w) for (_, split), sents in data.items() if split == "dev" for w, _ in sents
    }
    vocab = Vocab()
    out.mkdir(parents=True, exist_ok=True)
    stats: dict = {"corpora": {}}
    for split, excluded in (("train", test_keys | dev_keys), ("dev", test_keys)):
        seen: set[str] = set()
        bin_ = DocBin()
        for corpus in CORPORA:
            kept = dropped = 0
            for words, tags in data[(corpus, split)]:
                key = sentence_key(words)
                if key in excluded or key in seen:
                    dropped += 1
                    continue
                seen.add(key)
                bin_.add(to_doc(vocab, words, tags))
                kept += 1
            stats["corpora"].setdefault(corpus, {})[split] = {"kept": kept, "dropped": dropped}
        bin_.to_disk(out / f"{split}.spacy")
        stats[split] = len(bin_)
    for corpus in CORPORA:
        bin_ = DocBin()
        for words, tags in data[(corpus, "test")]:
            bin_.add(to_doc(vocab, words, tags))
        bin_.to_disk(out / f"test-{corpus}.spacy")
        stats["corpora"][corpus]["test"] = len(bin_)
    return stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    print(json.dumps(build(args.shared, args.out), indent=1))


if __name__ == "__main__":
    main()
