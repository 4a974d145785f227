"""Laws and regulations cited: `doc._.facts["regulation"]`.

"Peraturan Pemerintah Nomor 38 Tahun 2017" and "PP No. 38/2017" both become
{"code": "PP 38/2017", "kind": "PP", "number": "38", "year": 2017}. The kinds and their
spellings live in data/gazetteers/regulations.toml.
"""

from __future__ import annotations

import re
import tomllib

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.config import GAZETTEER_DIR
from pipeline.nlp.doctext import doc_text, finditer_at, opening_lookahead
from pipeline.nlp.extensions import add_fact_chars
from pipeline.nlp.layout import in_chrome

VOCAB = tomllib.loads((GAZETTEER_DIR / "regulations.toml").read_text(encoding="utf-8"))


def _compile() -> list[tuple[str, re.Pattern]]:
    # The kind is matched case-insensitively; the issuer words between it and the number
    # must be capitalized, so that running text ("peraturan pemerintah yang baru") is not
    # taken as part of the citation.
    between, number = VOCAB["between"]["pattern"], VOCAB["between"]["number"]
    compiled = []
    for kind in VOCAB["kinds"]:
        alternatives = "|".join(kind["patterns"])
        compiled.append(
            (kind["code"], re.compile(rf"\b(?i:{alternatives}){between}(?i:{number})\b"))
        )
    return compiled


PATTERNS = _compile()
# Where any kind may begin: every kind's alternatives in one lookahead (named groups made
# plain, as several kinds share `issuer`). One scan of the text instead of one per kind; each
# kind is then tried only at these places (`finditer_at`), which finds the same citations.
# The opening-character lookahead in front lets the scan pass most places with one set test
# instead of trying every alternative at every word boundary.
_ANY_KIND = re.compile(
    "(?i:"
    + "|".join(re.sub(r"\(\?P<\w+>", "(?:", p) for kind in VOCAB["kinds"] for p in kind["patterns"])
    + ")"
)
KIND_STARTS = re.compile(opening_lookahead(_ANY_KIND) + r"\b(?=" + _ANY_KIND.pattern + ")")
ISSUER_ALIASES: dict[str, str] = VOCAB["issuer_aliases"]


def find_regulations(text: str) -> list[tuple[int, int, dict]]:
    """(start, end, value) of every citation in text, first kind that matches wins."""
    found: list[tuple[int, int, dict]] = []
    starts = [m.start() for m in KIND_STARTS.finditer(text)]
    for code, pattern in PATTERNS:
        for match in finditer_at(pattern, text, starts):
            if any(match.start() < end and start < match.end() for start, end, _ in found):
                continue
            number, year = match["number"].rstrip(".-"), int(match["year"])
            kind = _kind_with_issuer(code, match)
            value = {
                "code": f"{kind} {number}/{year}",
                "kind": kind,
                "number": number,
                "year": year,
            }
            found.append((match.start(), match.end(), value))
    return sorted(found, key=lambda item: item[0])


def _kind_with_issuer(code: str, match: re.Match) -> str:
    # "Permen LH", "SE Mendagri": the issuer tells apart regulations sharing a kind and number.
    issuer = match.groupdict().get("issuer")
    if not issuer:
        return code
    issuer = ISSUER_ALIASES.get(" ".join(issuer.lower().split()), issuer)
    return f"{code} {''.join(issuer.split())}"


@Language.factory("pantau_regulations", default_config={})
def make_regulations(nlp: Language, name: str) -> RegulationsComponent:
    return RegulationsComponent()


class RegulationsComponent:
    """Writes doc._.facts["regulation"]."""

    def __call__(self, doc: Doc) -> Doc:
        for start, end, value in find_regulations(doc_text(doc)):
            if not in_chrome(doc, start, end):
                add_fact_chars(doc, "regulation", start, end, value)
        return doc
