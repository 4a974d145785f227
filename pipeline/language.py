"""Language check on an article's main text (py3langid, which ships its own model).

Indonesian and Malay share most of their vocabulary and a short Indonesian text is often
classified as Malay, so a text whose best guess is Malay still counts as Indonesian when
Indonesian is the runner-up. The language is decided on the main text only: a page with an
English menu around an Indonesian article is Indonesian.
"""

from __future__ import annotations

from functools import lru_cache

WANTED = "id"
# Languages whose texts are easily mistaken for Indonesian by the classifier.
CLOSE_RELATIVES = ("ms",)
# Characters of main text the classifier sees: enough to decide, cheap on long articles.
# Measured on 1,279 real Indonesian articles (../shared/data/news-id): 1,500 and 3,000
# characters give the same language on every one.
SAMPLE_CHARS = 1500


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str, float]:
    """ISO 639-1 code and probability of the text's language; ("id", p) for Indonesian."""
    sample = text[:SAMPLE_CHARS]
    identifier = _identifier()
    # `classify` is the argmax of the scores `rank` sorts (same tie order), without ranking
    # ~97 languages on every article; the full ranking is needed only for a close relative.
    best, score = identifier.classify(sample)
    if best not in CLOSE_RELATIVES:
        return best, float(score)
    ranking = identifier.rank(sample)
    if len(ranking) > 1 and ranking[1][0] == WANTED:
        return WANTED, float(ranking[0][1] + ranking[1][1])
    return best, float(score)


def is_indonesian(text: str) -> bool:
    """True when the main text is Indonesian."""
    return detect_language(text)[0] == WANTED
