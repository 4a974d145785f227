"""Relevance: does an article report regional-government innovation activity?

A scikit-learn pipeline: TF-IDF over word 1-2-grams plus dense cue features from the lexicon in
data/relevance/cues.toml (does an innovation word meet a regional-government word in one
sentence, early, in the title?), L2 logistic regression. `RelevanceModel.score()` evaluates the
same model for one article without scikit-learn's per-call overhead (extract calls it on every
article). Training data (`make train-relevance`):

- data/relevance/labels.csv: pointers (corpus file, row, URL, text hash) into
  ../shared/data/news-id with a label given by hand; the text is read from ../shared at training
  time, never stored here (data/relevance/README.md says how it was labeled);
- synthetic articles generated from data/relevance/synthetic.toml (written for pantau):
  regional innovation events of every type, and hard negatives (regional government news
  without innovation; "inovasi" in business, campus, ministry and sport news).

Evaluation is grouped cross-validation (near-duplicates never on both sides), reported for all,
real-only and synthetic-only articles in data/relevance/cv.json and models/README.md.
"""

from __future__ import annotations

import csv
import json
import random
import re
import time
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import joblib

from pipeline import config

MODEL_FILE = config.MODELS_DIR / "relevance.joblib"
LABELS_FILE = config.DATA_DIR / "relevance" / "labels.csv"
SYNTHETIC_FILE = config.DATA_DIR / "relevance" / "synthetic.toml"
CUES_FILE = config.DATA_DIR / "relevance" / "cues.toml"
CV_FILE = config.DATA_DIR / "relevance" / "cv.json"
THRESHOLD = 0.5
C = 4.0  # inverse regularization; chosen by grouped CV on real articles (models/README.md)
SYNTHETIC_COUNT = 600
# Weight of a real article relative to a generated one. Real articles are already 4/5 of the
# data; weighting them 3x was measured (models/README.md) and found no better on real articles.
REAL_WEIGHT = 1.0
DUP_THRESHOLD = 0.5  # MinHash Jaccard above which two texts share a CV group
_CUE_TOKEN = re.compile(r"\w[\w-]*|[.!?\n]")
TEXT_CHARS = 2500  # the opening of an article says what it is about; long tails dilute it


def model_input(title: str | None, text: str) -> str:
    """What the classifier reads: the title (twice: it is the densest signal) and the text."""
    title = (title or "").strip()
    return f"{title}\n{title}\n{text[:TEXT_CHARS]}" if title else text[:TEXT_CHARS]


@dataclass
class RelevanceModel:
    """The trained classifier with its decision threshold."""

    pipeline: object
    threshold: float = THRESHOLD

    def __post_init__(self) -> None:
        self._fast = _FastScorer.from_pipeline(self.pipeline)

    @classmethod
    def load(cls, path: Path | None = None) -> RelevanceModel:
        """Load models/relevance.joblib (or another file); cached per path."""
        return _load_cached(str(path or MODEL_FILE))

    def score(self, title: str | None, text: str) -> float:
        """Probability (0..1) that the article reports regional-government innovation."""
        if self._fast is not None:
            return self._fast.score(model_input(title, text))
        return float(self.pipeline.predict_proba([model_input(title, text)])[0][1])

    def scores(self, items: list[tuple[str | None, str]]) -> list[float]:
        """Scores of many articles at once (faster than one by one)."""
        if not items:
            return []
        probs = self.pipeline.predict_proba([model_input(t, x) for t, x in items])
        return [float(p[1]) for p in probs]

    def is_relevant(self, title: str | None, text: str) -> bool:
        return self.score(title, text) >= self.threshold


class _FastScorer:
    """The same arithmetic as `pipeline.predict_proba` for one article, without scikit-learn's
    per-call overhead (input validation, sparse matrices): extract scores every article one by
    one, and that overhead was measured at several times the arithmetic itself. A test checks
    that both give the same probability."""

    def __init__(
        self,
        analyzer,
        vocabulary,
        idf,
        word_coef,
        sublinear,
        cues,
        mean,
        scale,
        cue_coef,
        intercept,
    ) -> None:
        self.analyzer, self.vocabulary, self.sublinear = analyzer, vocabulary, sublinear
        self.idf, self.word_coef = idf, word_coef
        self.cues, self.mean, self.scale, self.cue_coef = cues, mean, scale, cue_coef
        self.intercept = intercept

    @classmethod
    def from_pipeline(cls, pipeline) -> _FastScorer | None:
        try:
            union = pipeline.named_steps["features"]
            words, cue_steps = (t for _, t in union.transformer_list)
            classifier = pipeline.named_steps["classifier"]
            coef = classifier.coef_[0]
            n_words = len(words.vocabulary_)
            if union.transformer_weights or words.norm != "l2" or not words.use_idf:
                return None
            return cls(
                words.build_analyzer(),
                words.vocabulary_,
                words.idf_.tolist(),
                coef[:n_words].tolist(),
                words.sublinear_tf,
                cue_steps.named_steps["count"],
                cue_steps.named_steps["scale"].mean_.tolist(),
                cue_steps.named_steps["scale"].scale_.tolist(),
                coef[n_words:].tolist(),
                float(classifier.intercept_[0]),
            )
        except (AttributeError, KeyError, ValueError, TypeError):
            return None  # another pipeline shape (an older model): use predict_proba

    def score(self, text: str) -> float:
        import math
        from collections import Counter

        dot = squares = 0.0
        for term, tf in Counter(self.analyzer(text)).items():
            j = self.vocabulary.get(term)
            if j is None:
                continue
            value = ((1.0 + math.log(tf)) if self.sublinear else tf) * self.idf[j]
            squares += value * value
            dot += value * self.word_coef[j]
        z = self.intercept + (dot / math.sqrt(squares) if squares else 0.0)
        for value, mean, scale, coef in zip(
            self.cues.features(text), self.mean, self.scale, self.cue_coef, strict=True
        ):
            z += (value - mean) / scale * coef
        return 1.0 / (1.0 + math.exp(-z))


@lru_cache(maxsize=4)
def _load_cached(path: str) -> RelevanceModel:
    if not Path(path).is_file():
        raise FileNotFoundError(f"relevance model not found: {path} (run `make train-relevance`)")
    stored = joblib.load(path)
    return RelevanceModel(stored["pipeline"], stored.get("threshold", THRESHOLD))


class CueFeatures:
    """Dense features from the cue lexicon (data/relevance/cues.toml).

    TF-IDF sees words; what decides relevance is whether innovation words and regional-government
    words meet in the same sentence, and whether that happens early. Counting that directly
    generalizes to portals and regions the labeled articles never show. A scikit-learn
    transformer (fit/transform), so it sits in the same Pipeline and is pickled with it.
    Phrases are matched on tokens (dictionary look-ups), not with regular expressions: one
    pass over the text, a fraction of a millisecond per article.
    """

    def __init__(self, cues_file: str | None = None) -> None:
        self.cues_file = cues_file

    def fit(self, texts, labels=None) -> CueFeatures:
        spec = _cue_spec(self.cues_file)
        self.groups_ = [g for g in spec if g != "ignore_words"]
        # first word -> [(phrase as a token tuple, group index)]: most tokens start no phrase,
        # so matching costs one dictionary look-up per token.
        self.phrases_ = {}
        for index, group in enumerate(self.groups_):
            for phrase in spec[group]:
                words = tuple(phrase.lower().split())
                self.phrases_.setdefault(words[0], []).append((words, index))
        return self

    def transform(self, texts):
        import numpy as np

        return np.array([self.features(text) for text in texts], dtype=float)

    def fit_transform(self, texts, labels=None):
        return self.fit(texts, labels).transform(texts)

    def get_params(self, deep: bool = True) -> dict:
        return {"cues_file": self.cues_file}

    def set_params(self, **params) -> CueFeatures:
        self.cues_file = params.get("cues_file", self.cues_file)
        return self

    def features(self, text: str) -> list[float]:
        """Log counts per cue group, then co-occurrence of innovation and regional government."""
        import math

        tokens, sentence_of = [], []
        sentence = 0
        for match in _CUE_TOKEN.finditer(text.lower()):
            token = match.group()
            if token in ".!?\n":
                sentence += 1
                continue
            tokens.append(token)
            sentence_of.append(sentence)
        n_groups = len(self.groups_)
        counts = [0] * n_groups
        sentences: list[set[int]] = [set() for _ in range(n_groups)]
        for i, token in enumerate(tokens):
            for words, group in self.phrases_.get(token, ()):
                if len(words) == 1 or tuple(tokens[i : i + len(words)]) == words:
                    counts[group] += 1
                    sentences[group].add(sentence_of[i])
        inno, gov = self.groups_.index("innovation"), self.groups_.index("regional_government")
        both = sentences[inno] & sentences[gov]
        return [
            *(math.log1p(c) for c in counts),
            math.log1p(len(both)),
            len(both) / (sentence + 1),
            float(any(k <= 3 for k in both)),
            float(0 in sentences[inno]),  # the title (first line) says innovation
            float(0 in sentences[gov]),
        ]


def _cue_spec(path: str | Path | None = None) -> dict[str, list[str]]:
    return tomllib.loads(Path(path or CUES_FILE).read_text(encoding="utf-8"))


def build_pipeline(c: float = C):
    """The untrained scikit-learn pipeline: word TF-IDF + cue features, logistic regression."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline
    from sklearn.preprocessing import StandardScaler

    # Word 1-2-grams only: char n-grams were measured (models/README.md) to add nothing on real
    # articles and to cost several times the scoring time; the vocabulary is capped so the model
    # stays small.
    words = TfidfVectorizer(
        ngram_range=(1, 2),
        min_df=2,
        max_df=0.5,
        max_features=30000,
        sublinear_tf=True,
        lowercase=True,
        token_pattern=r"(?u)\b\w[\w-]+\b",
        stop_words=_cue_spec()["ignore_words"],
    )
    cues = Pipeline([("count", CueFeatures()), ("scale", StandardScaler())])
    features = FeatureUnion([("words", words), ("cues", cues)])
    classifier = LogisticRegression(C=c, class_weight="balanced", max_iter=3000)
    return Pipeline([("features", features), ("classifier", classifier)])


# --- training data ---------------------------------------------------------------------


@dataclass
class Example:
    title: str | None
    text: str
    label: int
    origin: str  # "corpus" or "synthetic"


def corpus_examples(labels_file: Path = LABELS_FILE, shared: Path | None = None) -> list[Example]:
    """Hand-labeled corpus articles, their text read from ../shared/data/news-id."""
    root = Path(shared or config.SHARED_DIR) / "data" / "news-id"
    with open(labels_file, encoding="utf-8") as fh:
        labels = list(csv.DictReader(fh))
    readers: dict[str, dict[str, tuple[str | None, str]]] = {}
    examples = []
    for row in labels:
        corpus_file = row["corpus_file"]
        if corpus_file not in readers:
            readers[corpus_file] = _read_corpus(root / corpus_file)
        title, text = readers[corpus_file][row["row"]]
        examples.append(Example(title, text, int(row["label"]), "corpus"))
    return examples


def _read_corpus(path: Path) -> dict[str, tuple[str | None, str]]:
    """{row key: (title, text)} of one corpus file, keyed as labels.csv points into it."""
    if path.suffix == ".jsonl":
        out = {}
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
            item = json.loads(line)
            paragraphs = [" ".join(" ".join(s) for s in p) for p in item["paragraphs"]]
            out[str(number)] = (None, "\n".join(paragraphs))
        return out
    import pandas as pd

    frame = pd.read_csv(path)
    frame.columns = [c.lstrip("\ufeff") for c in frame.columns]
    title_col = next(c for c in ("judul",) if c in frame.columns)
    text_col = next(c for c in ("isi_berita", "isiberita") if c in frame.columns)
    # detik-entity-aspect-1k is keyed by its own `id` column, the others by row number.
    keys = frame["id"].astype(str) if "id" in frame.columns else frame.index.astype(str)
    return {
        k: (str(t), str(x)) for k, t, x in zip(keys, frame[title_col], frame[text_col], strict=True)
    }


def synthetic_examples(
    count: int, spec_file: Path = SYNTHETIC_FILE, seed: int = 13, shared: Path | None = None
) -> list[Example]:
    """`count` articles generated from the topic templates (half relevant, half not)."""
    spec = tomllib.loads(Path(spec_file).read_text(encoding="utf-8"))
    regions = _region_names(Path(shared or config.SHARED_DIR))
    rng = random.Random(seed)
    topics = spec["topics"]
    by_label = {
        label: [name for name, t in topics.items() if t["label"] == label] for label in (0, 1)
    }
    examples = []
    for i in range(count):
        label = i % 2
        topic = topics[rng.choice(by_label[label])]
        # A second topic of the same class now and then: a lab that ends in an expo, a
        # flood visit that ends with aid.
        extra = topics[rng.choice(by_label[label])] if rng.random() < 0.6 else None
        examples.append(_one_synthetic(spec, topic, extra, regions, rng))
    return examples


def _region_names(shared: Path) -> list[tuple[str, str]]:
    path = shared / "data" / "wilayah" / "regencies.csv"
    with open(path, encoding="utf-8") as fh:
        return [(row["type"], row["short_name"]) for row in csv.DictReader(fh)]


def _one_synthetic(
    spec: dict, topic: dict, extra: dict | None, regions: list, rng: random.Random
) -> Example:
    kind, short = rng.choice(regions)
    _, other = rng.choice(regions)
    is_city = kind == "kota"
    region = f"{'Kota' if is_city else rng.choice(['Kabupaten', 'Kab.'])} {short}"
    months = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus"]
    day, month, year = rng.randint(1, 28), rng.randint(1, 8), rng.randint(2017, 2025)
    slots = {
        "region": region,
        "region_other": f"Kabupaten {other}",
        "short": short,
        "short_up": short.upper(),
        "short_nospace": short.replace(" ", ""),
        "gov": f"{'Pemkot' if is_city else 'Pemkab'} {short}",
        "head": f"{'Wali Kota' if is_city else 'Bupati'} {short}",
        "name": rng.choice(spec["names"]),
        "day": rng.choice(["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"]),
        "date": f"{day} {months[month - 1]} {year}",
        "dm": f"{day}/{month}",
        "venue": rng.choice(spec["venues"]),
        "n": str(rng.randint(3, 150)),
        "agency": rng.choice(spec["agencies"]),
        "app": rng.choice(spec["apps"]),
        "site": rng.choice(spec["sites"]),
    }
    chosen = rng.sample(topic["sentences"], k=min(len(topic["sentences"]), rng.randint(3, 6)))
    # Real articles mix their topic with generic portal sentences (attendance, quotes, closings).
    chosen += rng.sample(spec["common"]["sentences"], k=rng.randint(3, 7))
    if extra:
        chosen += rng.sample(extra["sentences"], k=rng.randint(1, 3))
    chosen = chosen[:1] + rng.sample(chosen[1:], k=len(chosen) - 1)
    body = [s.format(**slots) for s in chosen]
    dateline = rng.choice(spec["datelines"]).format(**slots)
    body[0] = f"{dateline} {body[0]}".strip()
    title = " ".join(body[-1].split()[:9]).rstrip(",.")
    paragraphs = [" ".join(body[i : i + 2]) for i in range(0, len(body), 2)]
    return Example(title, "\n".join(paragraphs), topic["label"], "synthetic")


# --- training and evaluation -----------------------------------------------------------------


def near_duplicate_groups(texts: list[str], threshold: float = DUP_THRESHOLD) -> list[int]:
    """A group id per text; texts whose word-shingle MinHash Jaccard passes `threshold` (and
    their chains) share one, so that cross-validation never has a copy on both sides."""
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=64)
    parent = list(range(len(texts)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, text in enumerate(texts):
        words = re.findall(r"\w+", text.lower())
        shingles = {" ".join(words[k : k + 4]) for k in range(max(1, len(words) - 3))}
        signature = MinHash(num_perm=64)
        signature.update_batch(s.encode("utf-8") for s in shingles)
        for j in lsh.query(signature):
            parent[root(int(j))] = root(i)
        lsh.insert(str(i), signature)
    return [root(i) for i in range(len(texts))]


def cross_validate(
    examples: list[Example],
    folds: int = 5,
    seed: int = 13,
    real_weight: float = REAL_WEIGHT,
    c: float = C,
):
    """Out-of-fold probabilities under grouped, stratified K-fold (near-duplicates grouped)."""
    import numpy as np
    from sklearn.model_selection import StratifiedGroupKFold

    inputs = [model_input(e.title, e.text) for e in examples]
    labels = np.array([e.label for e in examples])
    weights = np.array([real_weight if e.origin == "corpus" else 1.0 for e in examples])
    # Stratify on origin x label so that every fold holds real positives.
    strata = np.array([2 * (e.origin == "corpus") + e.label for e in examples])
    groups = near_duplicate_groups(inputs)
    probs = np.zeros(len(examples))
    splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=seed)
    for train_idx, test_idx in splitter.split(inputs, strata, groups):
        model = build_pipeline(c).fit(
            [inputs[i] for i in train_idx],
            labels[train_idx],
            classifier__sample_weight=weights[train_idx],
        )
        probs[test_idx] = model.predict_proba([inputs[i] for i in test_idx])[:, 1]
    return probs, labels, len(set(groups))


def scores_by_origin(examples: list[Example], probs, labels) -> dict[str, dict[str, float]]:
    import numpy as np

    predicted = (probs >= THRESHOLD).astype(int)
    origins = np.array([e.origin for e in examples])
    return {
        "all": _prf(labels, predicted),
        "corpus": _prf(labels[origins == "corpus"], predicted[origins == "corpus"]),
        "synthetic": _prf(labels[origins == "synthetic"], predicted[origins == "synthetic"]),
    }


def train(
    out: Path = MODEL_FILE,
    synthetic: int = SYNTHETIC_COUNT,
    folds: int = 5,
    seed: int = 13,
    cv_file: Path = CV_FILE,
) -> dict:
    """Train on corpus + synthetic data, cross-validate, save model and CV report; return it."""
    import numpy as np

    examples = corpus_examples() + synthetic_examples(synthetic, seed=seed)
    probs, labels, n_groups = cross_validate(examples, folds=folds, seed=seed)
    scores = scores_by_origin(examples, probs, labels)
    inputs = [model_input(e.title, e.text) for e in examples]
    weights = np.array([REAL_WEIGHT if e.origin == "corpus" else 1.0 for e in examples])
    model = build_pipeline().fit(inputs, labels, classifier__sample_weight=weights)
    out.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump({"pipeline": model, "threshold": THRESHOLD, "cv": scores}, out, compress=3)
    _load_cached.cache_clear()
    fitted = RelevanceModel(model, THRESHOLD)
    report = {
        "scores": scores,
        "folds": folds,
        "cv_groups": n_groups,
        "real_weight": REAL_WEIGHT,
        "synthetic_count": synthetic,
        "labels_sha1": _file_sha1(LABELS_FILE),
        "seeds": seed_scores(fitted),
        "ms_per_article": round(time_per_article(fitted, examples[:300]), 3),
        "model_bytes": out.stat().st_size,
    }
    cv_file.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return report


def seed_scores(model: RelevanceModel, shared: Path | None = None) -> dict[str, float]:
    """Scores of the five seed articles (never trained on): each must be relevant."""
    seeds = Path(shared or config.SHARED_DIR) / "seeds"
    return {
        path.name: round(model.score(None, path.read_text(encoding="utf-8")), 3)
        for path in sorted(seeds.glob("*.txt"))
    }


def time_per_article(model: RelevanceModel, examples: list[Example], repeat: int = 2) -> float:
    """Milliseconds per `score()` call (one article at a time, as extract calls it)."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        for e in examples:
            model.score(e.title, e.text)
        best = min(best, (time.perf_counter() - started) * 1000 / max(1, len(examples)))
    return best


def _file_sha1(path: Path) -> str:
    import hashlib

    return hashlib.sha1(Path(path).read_bytes()).hexdigest()


def _prf(labels, predicted) -> dict[str, float]:
    from sklearn.metrics import precision_recall_fscore_support

    if len(labels) == 0:
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0, "n": 0, "positives": 0}
    p, r, f, _ = precision_recall_fscore_support(
        labels, predicted, average="binary", zero_division=0
    )
    return {
        "precision": round(float(p), 3),
        "recall": round(float(r), 3),
        "f1": round(float(f), 3),
        "n": int(len(labels)),
        "positives": int(labels.sum()),
    }


def main() -> None:
    """`python -m pipeline.relevance`: rebuild models/relevance.joblib, data/relevance/cv.json."""
    report = train()
    for subset, values in report["scores"].items():
        print(f"{subset:10s} " + "  ".join(f"{k}={v}" for k, v in values.items()))
    print(f"seeds      {report['seeds']}")
    print(
        f"speed      {report['ms_per_article']} ms/article; "
        f"model {report['model_bytes'] / 1e6:.2f} MB"
    )


if __name__ == "__main__":
    # Run through the importable module, not __main__: the pickled CueFeatures must be found
    # as pipeline.relevance.CueFeatures when extract loads the model.
    from pipeline.relevance import main as _main

    _main()
