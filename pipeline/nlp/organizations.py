"""`pantau_organizations`: government bodies and agencies, in their common short form.

The alias table is data (data/gazetteers/organizations.csv: alias, canonical name, scope,
whether a region follows it). A regional body takes the region written right after it
("Bappeda Kota Cilegon", "(Bappeda Litbang) Tabalong", "Diskominfo Tanjungbalai"), read from the
`region` facts of `pantau_regions`, which must run first. Each organization is listed once per
article; a bare name that a more specific one already covers ("Kemendagri" beside "BSKDN
Kemendagri", "Bappeda" beside "Bappeda Kota Cilegon") is not listed again.

Not organizations (SCHEMA.md): the regional government itself (Pemkab/Pemkot: that is the
region) and its own secretariat (Setda, scope `government` in the table), generic nouns (OPD),
and names inside a credit line such as "(Elsi/Kominfo)".

Matching is a regular expression over the text rather than a token PhraseMatcher because
portals glue punctuation to names ("-Diskominfo") in ways the tokenizer keeps whole.

Bodies the alias table does not list are found by a general rule instead of an ever longer
list: a head word (data/gazetteers/organizations_heads.csv: Dinas, Badan, Kementerian, RSUD,
Puskesmas, Polda ...) followed by words of a government field (organizations_words.csv:
Pariwisata, Koperasi, Kesehatan ...) joined by "dan" or commas, an optional bracketed short
form, and the region after it: "Dinas Koperasi dan UKM Provinsi Kalimantan Selatan",
"Dinas Kebudayaan dan Pariwisata (Disbudpar) Jayawijaya", "RSUD Embung Fatimah". Field words
come from a vocabulary, not from "any capitalized word", so that the name of the person after
a body ("Kepala Dinas Pertanian Sujarwo") stays out of it. Heads of kind `unit` (Bidang,
Bagian, Biro) are parts of a body: they are recorded as mentions for the officials component
but never listed. The same body named twice ("Dinas Pariwisata Kota Padang", "Dispar Padang")
is listed once: bodies are keyed by their short name and region code.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.attrs import LOWER, ORTH
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.config import GAZETTEER_DIR
from pipeline.nlp.doctext import doc_text, span_text
from pipeline.nlp.extensions import add_fact_chars
from pipeline.nlp.layout import in_chrome
from pipeline.nlp.regions import load_gazetteer

# A short parenthetical at the end of a paragraph is a credit: "(Elsi/Kominfo)", "(A Fazari)".
CREDIT = re.compile(r"\([^()\n]{1,40}\)\s*$", re.MULTILINE)
MAX_CACHED_WORDS = 200_000  # per-word answers; cleared when full, so memory stays flat
# What may stand between a body's name and the region after it.
GAP_BEFORE_REGION = re.compile(r"[\s)]*")


# Every mention, repeated ones and the government's own offices included, for components
# that need to know where a body is named (officials: "Kabid Bappeda Sendi ...").
MENTIONS_KEY = "pantau_org_mentions"


@dataclass(frozen=True)
class OrgMention:
    start_char: int
    end_char: int
    name: str
    scope: str
    base: str  # the short name without its region ("Disdikpora")
    region: str | None = None  # code of the region written with it


@dataclass(frozen=True)
class OrgAlias:
    alias: str
    name: str
    scope: str  # national | regional | government
    takes_region: bool


@dataclass(frozen=True)
class BodyHead:
    head: str
    kind: str  # body | named | unit
    scope: str  # national | regional | any


@dataclass(frozen=True)
class Found:
    """One organization written in the text, before the per-article de-duplication."""

    start_char: int
    end_char: int
    name: str
    base: str
    scope: str
    region: str | None
    generic: bool = False


# A body's words run at most this far; a longer run is prose, not a name.
MAX_BODY_WORDS = 8
MAX_NAMED_WORDS = 3  # "UPT Tahura Raden Soerjo"
CONNECTORS = {"dan", "&", ","}
ACRONYM = "acronym"
ABBREVIATION = "abbreviation"
MAX_FIELD_ACRONYMS = 2  # "Kadis PU SDA Jatim"
# "DPUBMSDA Sidoarjo": an agency acronym the table does not list has at least this many letters
MIN_ACRONYM = 4


@lru_cache(maxsize=4)
def load_heads(directory: Path = GAZETTEER_DIR) -> dict[str, BodyHead]:
    """Lowercase head word(s) -> its row of organizations_heads.csv (acronym openings aside)."""
    with (directory / "organizations_heads.csv").open(encoding="utf-8") as f:
        return {
            row["head"].lower(): BodyHead(row["head"], row["kind"], row["scope"])
            for row in csv.DictReader(f)
            if row["kind"] not in (ACRONYM, ABBREVIATION)
        }


@lru_cache(maxsize=4)
def load_head_abbreviations(directory: Path = GAZETTEER_DIR) -> dict[str, str]:
    """A head's role written short -> the body it heads ("kadis" -> "Dinas"): rows of kind
    `abbreviation` in organizations_heads.csv, the body in their `expands` column."""
    with (directory / "organizations_heads.csv").open(encoding="utf-8") as f:
        return {
            row["head"].lower(): row["expands"]
            for row in csv.DictReader(f)
            if row["kind"] == ABBREVIATION
        }


@lru_cache(maxsize=4)
def load_acronym_openings(directory: Path = GAZETTEER_DIR) -> tuple[str, ...]:
    """How the acronyms of regional agencies open (DP, DIS, BP, BAPP ...: rows of kind
    `acronym` in organizations_heads.csv), uppercase."""
    with (directory / "organizations_heads.csv").open(encoding="utf-8") as f:
        rows = [row["head"].upper() for row in csv.DictReader(f) if row["kind"] == ACRONYM]
    return tuple(rows)


@lru_cache(maxsize=4)
def load_body_words(directory: Path = GAZETTEER_DIR) -> frozenset[str]:
    """Words of government fields: organizations_words.csv plus every word of a full name in
    the alias table (so that a body listed there is also read when written differently)."""
    with (directory / "organizations_words.csv").open(encoding="utf-8") as f:
        words = {row["word"].strip().lower() for row in csv.DictReader(f)}
    aliases = load_aliases(directory)
    for alias in aliases.values():
        parts = re.findall(r"[A-Za-z]+", alias.alias)
        if len(parts) > 2:  # a full name, not "Balitbang Kemendagri"
            words.update(p.lower() for p in parts if not p.isupper() and len(p) > 2)
    heads = load_heads(directory)
    return frozenset(w for w in words if w not in aliases and w not in heads)


def fields_in_aliases(aliases: dict[str, OrgAlias], heads: set[str]) -> frozenset[str]:
    """Short field words the alias table writes after a body head: "Dinas Kominfo" gives
    "kominfo", so that "Kadis Kominfo Ambon" names Diskominfo Ambon."""
    openings = tuple(f"{head.lower()} " for head in heads)
    return frozenset(
        alias[len(opening) :]
        for alias in aliases
        for opening in openings
        if alias.startswith(opening) and " " not in alias[len(opening) :]
    )


@lru_cache(maxsize=4)
def load_aliases(directory: Path = GAZETTEER_DIR) -> dict[str, OrgAlias]:
    """Lowercase alias -> its row of organizations.csv."""
    with (directory / "organizations.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return {
        row["alias"].lower(): OrgAlias(
            row["alias"], row["name"], row["scope"], row["takes_region"] == "yes"
        )
        for row in rows
    }


def alias_pattern(aliases: dict[str, OrgAlias]) -> re.Pattern[str]:
    """One regex for every alias; at a position the longest alias that ends a word wins, so
    that the full name wins over its acronym inside it.

    The aliases are written as a trie ("dinas (kes|pu)|...") rather than a flat alternation:
    Python's `re` tries a flat alternation's ~230 branches one by one at every word start,
    which was most of this component's time; the trie tries one branch per character. Two
    aliases that both match at one position share that prefix, so they lie on one path of the
    trie, and the longer is tried first (deeper branches before the end of a shorter alias):
    the same match as the longest-first flat alternation."""
    trie: dict = {}
    for alias in aliases.values():
        node = trie
        for char in alias.alias.lower():
            node = node.setdefault(char, {})
        node[""] = {}  # an alias ends here
    return re.compile(r"(?<!\w)(" + _trie_regex(trie) + r")(?!\w)", re.IGNORECASE)


def _trie_regex(node: dict) -> str:
    branches = [re.escape(char) + _trie_regex(child) for char, child in node.items() if char]
    if "" in node:
        branches.append("")  # last: a longer alias through this node is tried first
    if len(branches) == 1:
        return branches[0]
    return "(?:" + "|".join(branches) + ")"


def credit_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of credit lines ("(Tf/red)") that carry no facts."""
    return [m.span() for m in CREDIT.finditer(text)]


def in_ranges(position: int, ranges: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in ranges)


def region_after(doc: Doc, end_char: int) -> Span | None:
    """The region fact written right after a body's name ("Bappeda| Kota Cilegon")."""
    # matched in place: slicing the rest of the text for each candidate copied it each time
    start = GAP_BEFORE_REGION.match(doc_text(doc), end_char).end()
    for region in doc._.facts.get("region", []):
        if region.start_char == start:
            return region
    return None


def name_with_region(short: str, region: Span, directory: Path) -> str:
    """ "Bappeda" + the region after it: "Bappeda Kota Cilegon", "Bappeda Tabalong", "BPBD Jawa
    Timur" (a kota keeps "Kota" when written, so that Kota and Kabupaten Serang stay apart)."""
    gazetteer = load_gazetteer(directory)
    code = region._.value["code"]
    if gazetteer.regions[code].level == "kota" and "kota" in span_text(region).lower():
        return f"{short} Kota {gazetteer.display_name(code)}"
    return f"{short} {gazetteer.display_name(code)}"


def drop_covered(names: list[str]) -> list[str]:
    """Leave out a name whose words all sit, in order, inside a longer name found too."""
    kept = []
    for name in names:
        words = name.lower().split()
        covered = any(
            other != name and _contains_words(other.lower().split(), words) for other in names
        )
        if not covered:
            kept.append(name)
    return kept


def _contains_words(longer: list[str], shorter: list[str]) -> bool:
    size = len(shorter)
    return len(longer) > size and any(
        longer[i : i + size] == shorter for i in range(len(longer) - size + 1)
    )


class GenericBodies:
    """Bodies written as head + field words (+ short form) (+ region), see the module doc."""

    def __init__(self, vocab, directory: Path):
        self.heads = load_heads(directory)
        self.acronym_openings = load_acronym_openings(directory)
        self.abbreviations = load_head_abbreviations(directory)
        self.aliases = load_aliases(directory)
        self.words = load_body_words(directory)
        self.role_fields = fields_in_aliases(self.aliases, set(self.abbreviations.values()))
        self.directory = directory
        # The loops below look at few words: they are picked from arrays of the doc's word
        # hashes (`Doc.to_array`) rather than by making a Token object for every word.
        self.vocab = vocab
        self.abbreviation_ids = {vocab.strings.add(short) for short in self.abbreviations}
        # Words (hashes) already judged, and those that open like an agency's acronym.
        self._judged: set[int] = set()
        self._acronym_like: set[int] = set()
        self.matcher = PhraseMatcher(vocab, attr="LOWER")
        self.matcher.add("HEAD", [_make_doc(vocab, h) for h in self.heads])
        with (directory / "honorifics.csv").open(encoding="utf-8") as f:
            self.titles = {row["text"].lower() for row in csv.DictReader(f)}

    def find(self, doc: Doc) -> list[Found]:
        region_starts = {span.start for span in doc._.facts.get("region", [])}
        spans = filter_spans([Span(doc, s, e) for _, s, e in self.matcher(doc)])
        found = []
        for head_span in spans:
            if not head_span[0].text[:1].isupper():
                continue
            body = self._body(doc, head_span, region_starts)
            if body is not None:
                found.append(body)
        return found + self._acronym_bodies(doc) + self._bodies_in_roles(doc)

    def _field_of_role(self, doc: Doc, i: int) -> bool:
        """A word of the field after a short role: an acronym ("PUPR", "PU SDA"), a field word
        ("Pariwisata", "Lingkungan Hidup") or a connector between them."""
        token = doc[i]
        if token.lower_ in CONNECTORS:
            return i + 1 < len(doc) and doc[i + 1].text[:1].isupper()
        if not token.is_alpha or not token.text[:1].isupper():
            return False
        acronym = token.text.isupper() and 2 <= len(token.text) <= 6
        return acronym or token.lower_ in self.words or token.lower_ in self.role_fields

    def _bodies_in_roles(self, doc: Doc) -> list[Found]:
        """The body a short role names: "Kadis PUPR Sumut Topan" names Dinas PUPR Sumut. Only
        with the field's acronym(s) and a region right after, as "Kadis" alone names no body."""
        found: list[Found] = []
        lowers = doc.to_array(LOWER).tolist()
        if self.abbreviation_ids.isdisjoint(lowers):
            return found  # most articles: no short role at all
        for i, lower in enumerate(lowers):
            if lower not in self.abbreviation_ids:
                continue
            token = doc[i]
            head = self.abbreviations.get(token.lower_)
            if head is None or not token.text[:1].isupper():
                continue
            start = end = token.i + 1
            while end < len(doc) and end - start < MAX_BODY_WORDS and self._field_of_role(doc, end):
                end += 1
            while end > start and doc[end - 1].lower_ in CONNECTORS:
                end -= 1
            named = self.heads.get(head.lower(), BodyHead(head, "body", "regional")).kind == "named"
            if end == start and not named:
                continue  # "Kadis" alone names no body; "Kapolres Sampang" names Polres Sampang
            if end == start:
                base = head
                region = region_after(doc, token.idx + len(token.text))
                if region is None or region.start != end:
                    continue
                name = f"{base} {span_text(region)}"  # a named office keeps its place as written
                found.append(
                    Found(
                        region.start_char,
                        region.end_char,
                        name,
                        base,
                        "regional",
                        None,
                        generic=True,
                    )
                )
                continue
            region = region_after(doc, doc[end - 1].idx + len(doc[end - 1].text))
            if region is None or region.start != end:
                continue
            base = f"{head} {span_text(doc[start:end])}"
            if base.lower() in self.aliases:
                base = self.aliases[base.lower()].name  # "Kadis LH Bogor": DLH Bogor
            name = name_with_region(base, region, self.directory)
            code = region._.value["code"]
            found.append(
                Found(doc[start].idx, region.end_char, name, base, "regional", code, generic=True)
            )
        return found

    def _acronym_bodies(self, doc: Doc) -> list[Found]:
        """Agencies written as an acronym the alias table does not list, followed by a region:
        "DPUBMSDA Sidoarjo", "DPKPP Kota Bekasi", "BKAD Kab. Ogan Komering Ulu". The acronym
        must open like a regional agency's (Dinas P..., Badan P..., Bapp...) and a region must
        follow, so that other capitals (party boards, companies) stay out."""
        found = []
        orths = doc.to_array(ORTH).tolist()
        acronyms = self._acronyms_among(set(orths))
        for i, orth in enumerate(orths if acronyms else ()):
            if orth not in acronyms:
                continue
            token = doc[i]
            text = token.text
            region = region_after(doc, token.idx + len(text))
            if region is None:
                continue
            name = name_with_region(text, region, self.directory)
            code = region._.value["code"]
            found.append(
                Found(token.idx, region.end_char, name, text, "regional", code, generic=True)
            )
        return found

    def _acronyms_among(self, words: set[int]) -> set[int]:
        """The words that open like a regional agency's acronym. Each word is judged once (the
        answer depends on the word alone); sets keep the per-article work out of Python loops."""
        new = words - self._judged
        if new:
            if len(self._judged) + len(new) > MAX_CACHED_WORDS:
                self._judged.clear()
                self._acronym_like.clear()
            self._acronym_like |= {orth for orth in new if self._opens_like_acronym(orth)}
            self._judged |= new
        return words & self._acronym_like

    def _opens_like_acronym(self, orth: int) -> bool:
        """An unlisted word in capitals that opens like a regional agency's acronym."""
        text = self.vocab.strings[orth]
        return (
            text.isalpha()
            and text.isupper()
            and len(text) >= MIN_ACRONYM
            and text.startswith(self.acronym_openings)
            and text.lower() not in self.aliases
        )

    def _body(self, doc: Doc, head_span: Span, region_starts: set[int]) -> Found | None:
        head = self.heads[span_text(head_span).lower()]
        content_end = i = head_span.end
        limit = MAX_NAMED_WORDS if head.kind == "named" else MAX_BODY_WORDS
        if head.kind == "named" and (size := _unit_number_size(doc, i)):
            content_end = i = i + size  # "Kodim 0808", "Kodim 0808/Blitar": the unit's number
        while i < len(doc) and i - head_span.end < limit:
            token = doc[i]
            if i in region_starts or "\n" in doc[i - 1].whitespace_:
                break
            if self._field_word(token, head):
                i += 1
                content_end = i
            elif token.lower_ in CONNECTORS and head.kind != "named":
                i += 1
            else:
                break
        end = content_end
        short = None
        written = span_text(doc[head_span.start : content_end])
        if content_end > head_span.end and (found := self._bracket_short(doc, head_span, end)):
            short, end = found
        base = short or written
        if base.lower() in self.aliases:
            # a listed body the alias pattern missed ("BanyuwangiKementerian Pariwisata", glued)
            base = self.aliases[base.lower()].name
        # A national body is not followed by a region ("Kementerian Dalam Negeri| DKI Jakarta")
        region = None
        if head.scope != "national":
            region = region_after(doc, doc[end - 1].idx + len(doc[end - 1].text))
        if content_end == head_span.end and (head.kind != "named" or region is None):
            return None  # a bare "Dinas", "RSUD" or "Bidang" names no body
        name = base
        end_char = doc[end - 1].idx + len(doc[end - 1].text)
        code = None
        if region is not None and head.kind == "named":
            # "PN Yogyakarta", "Polda Jatim": a named office keeps its place as written
            name = f"{base} {span_text(region)}"
        elif region is not None:
            name = name_with_region(base, region, self.directory)
            end_char = region.end_char
            code = region._.value["code"]
        scope = "unit" if head.kind == "unit" else head.scope
        return Found(head_span.start_char, end_char, name, base, scope, code, generic=True)

    def _bracket_short(self, doc: Doc, head_span: Span, end: int) -> tuple[str, int] | None:
        """The short form in brackets after a body, and the token after the brackets:
        "(Disbudpar)" opens like its head; "(KPKP)" or "(Kadis KPKP)" spells the initials of
        the field words -> "Dinas KPKP"; "(SDA)" spells the last ones: "Dinas PU Sumber Daya Air
        (SDA)" -> "Dinas PU SDA" ("Dinas LH" is then read through the alias table: DLH). None when
        the brackets hold anything else."""
        close = end + 2 if end + 2 < len(doc) and doc[end + 2].text == ")" else end + 3
        if close >= len(doc) or doc[end].text != "(" or doc[close].text != ")":
            return None
        inner = doc[close - 1].text
        if not inner.isalpha():
            return None
        if close == end + 2 and inner[:1].lower() == self.heads_of(head_span)[:1].lower():
            return inner, close + 1
        fields = [t for t in doc[head_span.end : end] if t.lower_ not in CONNECTORS]
        if not inner.isupper() or len(inner) < 2:
            return None
        for k in range(len(fields), 0, -1):
            if "".join(t.text[0] for t in fields[-k:]).upper() == inner:
                kept = [t.text for t in fields[: len(fields) - k]]
                return " ".join([span_text(head_span), *kept, inner]), close + 1
        return None

    def heads_of(self, head_span: Span) -> str:
        return self.heads[span_text(head_span).lower()].head

    def _field_word(self, token, head: BodyHead) -> bool:
        text = token.text
        if not text[:1].isupper() or not token.is_alpha:
            return False
        if text.lower() in self.heads:
            return False  # the next body of a list: "Dinas Perhubungan, UPT ..."
        if text.lower() in self.words:
            return True
        if head.kind == "body":
            return text.isupper() and 2 <= len(text) <= 6  # "Dinas Koperasi dan UKM"
        # named heads take a proper name: "RSUD Embung Fatimah", "Puskesmas Langensari"; a
        # title or a person the NER found starts the next name ("Polda Metro Jaya Brigjen Ade")
        person = token.ent_type_ == "PER" and token.ent_iob_ == "B"
        return (
            head.kind == "named"
            and text.lower() not in self.heads
            and text.lower() not in self.titles
            and not person
        )


def _unit_number_size(doc: Doc, i: int) -> int:
    """Tokens of a unit number after a named head: "0808", "0808/Blitar" (the place after the
    slash joins it); 0 when there is none."""
    if i >= len(doc) or not doc[i].text.isdigit():
        return 0
    if i + 2 < len(doc) and doc[i + 1].text == "/" and doc[i + 2].text[:1].isupper():
        return 3
    return 1


def _make_doc(vocab, text: str) -> Doc:
    return Doc(vocab, words=text.split())


class OrganizationsComponent:
    """Writes `organization` facts ({"name"}), one per organization per article."""

    def __init__(self, vocab, directory: Path):
        self.directory = directory
        self.aliases = load_aliases(directory)
        self.pattern = alias_pattern(self.aliases)
        self.generic = GenericBodies(vocab, directory)
        with (directory / "honorifics.csv").open(encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        self.corps = {row["text"].lower() for row in rows if row["kind"] == "corps"}
        self.ranks = {row["text"].lower() for row in rows if row["kind"] == "title"}

    def __call__(self, doc: Doc) -> Doc:
        credits = credit_ranges(doc_text(doc))
        mentions = doc.user_data.setdefault(MENTIONS_KEY, [])
        kept = [
            f
            for f in _prefer_longer(self._aliased(doc), self.generic.find(doc))
            if not in_ranges(f.start_char, credits) and not in_chrome(doc, f.start_char, f.end_char)
        ]
        listed: dict[tuple, Found] = {}
        for f in kept:
            mentions.append(OrgMention(f.start_char, f.end_char, f.name, f.scope, f.base, f.region))
            if f.scope in ("government", "unit"):
                continue
            # the same body under two spellings ("Dinas Pariwisata Kota Padang", "Dispar Padang")
            listed.setdefault((f.base.lower(), f.region) if f.region else (f.name.lower(),), f)
        by_name = {f.name: f for f in listed.values()}
        for name in drop_covered(list(by_name)):
            f = by_name[name]
            add_fact_chars(doc, "organization", f.start_char, f.end_char, {"name": name})
        return doc

    def _aliased(self, doc: Doc) -> list[Found]:
        found = []
        text = doc_text(doc)
        for match in self.pattern.finditer(text):
            if not match.group(0)[0].isupper():
                continue
            entry = self.aliases[match.group(0).lower()]
            if self._corps_after_rank(text, match):
                continue
            end, name, code = match.end(), entry.name, None
            region = region_after(doc, end) if entry.takes_region else None
            if region is not None:
                name = name_with_region(entry.name, region, self.directory)
                end, code = region.end_char, region._.value["code"]
            found.append(Found(match.start(), end, name, entry.name, entry.scope, code))
        return found

    def _corps_after_rank(self, text: str, match: re.Match[str]) -> bool:
        """ "Mayjen TNI AM Putranto", "Kombes Pol": a corps after a rank is part of a person's
        title (honorifics.csv kinds `title` and `corps`), not the organization."""
        if match.group(0).lower() not in self.corps:
            return False
        before = re.search(r"(\S+)\s+$", text[: match.start()])
        return before is not None and before.group(1).lower() in self.ranks


def _prefer_longer(aliased: list[Found], generic: list[Found]) -> list[Found]:
    """Alias matches win, except where a generic body holds every alias match it overlaps and
    runs on past them ("Dinas Lingkungan Hidup| dan Kehutanan", "RSUD| Embung Fatimah",
    "Dinas Kebudayaan dan Pariwisata (Disbudpar) Jayawijaya")."""
    out = list(aliased)
    for g in generic:
        overlapping = [a for a in out if a.start_char < g.end_char and g.start_char < a.end_char]
        inside = all(g.start_char <= a.start_char and a.end_char <= g.end_char for a in overlapping)
        if not overlapping or (
            inside
            and all(a.end_char - a.start_char < g.end_char - g.start_char for a in overlapping)
        ):
            for a in overlapping:
                out.remove(a)
            out.append(g)
    return sorted(out, key=lambda f: f.start_char)


@Language.factory("pantau_organizations", default_config={"gazetteer_dir": None})
def create_organizations(
    nlp: Language, name: str, gazetteer_dir: str | None
) -> OrganizationsComponent:
    return OrganizationsComponent(
        nlp.vocab, Path(gazetteer_dir) if gazetteer_dir else GAZETTEER_DIR
    )
