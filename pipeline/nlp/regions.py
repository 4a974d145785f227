"""`pantau_regions`: provinces and kabupaten/kota named in an article, as Kemendagri codes.

Vocabulary is data (data/gazetteers/): `regions.csv` (38 provinces, 514 kab/kota),
`region_aliases.csv` (abbreviations, spellings, words that need context, towns that are not
regions, media brands) and `region_aliases_prefixes.csv` ("Kabupaten", "Pemkot", "Bupati" ...).
A spaCy PhraseMatcher finds names and prefixes; a name right after a prefix takes the prefix's
level ("Kota Serang" 36.73, "Bupati Serang" 36.04). A bare name shared by several regions
("Serang", "Banjar") is decided by the same region named with a prefix elsewhere in the
article, then government words in its sentence, the province named in the article, the
source's region hint, and last a fixed preference (province, then kota).

`doc._.primary_region` is the region whose government acts: mentions with a government cue
(Pemkab X, Bupati X, Sekda X, Bappeda X ...) weigh most, then the title and dateline, then how
often it is named; a region named only in passing (or a dateline alone) is not primary. The
story's point of view weighs strongly: the dateline's region (or, when its city's government does
not act, the province whose government does) and the source's region hint. In a visit sentence
(`visit_cues.csv`: "menerima kunjungan ... dari Y", "studi tiru ke Y") the subject before the cue
acts and the other party after it (visitor or host) is named but does not act.
"""

from __future__ import annotations

import csv
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from spacy.attrs import IDX
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from pipeline.config import GAZETTEER_DIR
from pipeline.nlp.doctext import doc_text, lowercase_keeps_matches, opening_lookahead, span_text
from pipeline.nlp.extensions import add_fact
from pipeline.nlp.layout import in_chrome, tokens_with_newline

PROVINCE = "province"
KABKOTA = "kabkota"
# Bare-name preference when nothing else decides: a bare "Bengkulu" is the province, a bare
# "Serang" the city (places named without "Kabupaten" are usually the town).
LEVEL_PREFERENCE = {"province": 0, "kota": 1, "kabupaten": 2}


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    level: str  # province | kabupaten | kota
    province_code: str
    short_name: str

    @property
    def fact_level(self) -> str:
        return PROVINCE if self.level == "province" else KABKOTA


@dataclass
class Gazetteer:
    regions: dict[str, Region]
    names: dict[str, set[str]] = field(default_factory=dict)  # lowercase name -> codes
    needs_context: set[str] = field(default_factory=set)  # lowercase names
    not_regions: set[str] = field(default_factory=set)
    media_prefixes: set[str] = field(default_factory=set)
    prefixes: dict[str, dict] = field(default_factory=dict)  # lowercase prefix -> row
    display: dict[str, str] = field(default_factory=dict)  # code -> name inside org names
    places: set[str] = field(default_factory=set)  # kecamatan/villages named like a region
    lowercase: set[str] = field(default_factory=set)  # "jatim": read even when lowercase
    districts: dict[str, set[str]] = field(default_factory=dict)  # kecamatan -> regency codes
    district_heads: set[str] = field(default_factory=set)  # "camat": acts for the regency
    body_heads: set[str] = field(default_factory=set)  # "dinas", "kadis": regional bodies

    def display_name(self, code: str) -> str:
        return self.display.get(code) or self.regions[code].short_name

    @cached_property
    def district_head_starts(self) -> re.Pattern:
        """Where a district head may start. Case-insensitive: every spelling whose .lower() is
        a head matches (a superset is fine: district_governments checks each place against
        the heads themselves). The opening-character lookahead lets the scan pass most places
        with one set test."""
        heads = re.compile("|".join(re.escape(h) for h in sorted(self.district_heads)), re.I)
        return re.compile(f"{opening_lookahead(heads)}(?={heads.pattern})", re.IGNORECASE)

    def district_head_places(self, text: str) -> list[int]:
        """The offsets where `district_head_starts` matches in text, in order.

        Found with `str.find` of each head in the lowercased text, a quarter of the scan's
        cost: the same places where lowering keeps every match of a caseless ASCII pattern
        (`doctext.lowercase_keeps_matches`), else the scan runs."""
        lowered = text.lower()
        if not (
            lowercase_keeps_matches(text, lowered) and all(h.isascii() for h in self.district_heads)
        ):
            return [match.start() for match in self.district_head_starts.finditer(text)]
        places = set()
        for head in {h.lower() for h in self.district_heads}:
            at = lowered.find(head)
            while at >= 0:
                places.add(at)
                at = lowered.find(head, at + 1)
        return sorted(places)


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _spelling_variants(name: str) -> set[str]:
    # News writes compound names joined or hyphenated as often as spaced ("Bau Bau", "Bau-Bau",
    # "Baubau"); the joined form of every multi-word name is cheap to add.
    variants = {name}
    if " " in name:
        variants.add(name.replace(" ", ""))
        variants.add(name.replace(" ", "-"))
    return variants


@lru_cache(maxsize=4)
def load_gazetteer(directory: Path = GAZETTEER_DIR) -> Gazetteer:
    """Read the region gazetteer files (cached per directory)."""
    regions = {row["code"]: Region(**row) for row in _read_csv(directory / "regions.csv")}
    gazetteer = Gazetteer(regions=regions)
    for region in regions.values():
        for variant in _spelling_variants(region.short_name):
            gazetteer.names.setdefault(variant.lower(), set()).add(region.code)
    for row in _read_csv(directory / "region_aliases.csv"):
        alias = row["alias"].strip()
        kind = row["kind"].strip()
        if kind == "alias":
            if row["code"] not in regions:
                raise ValueError(f"region_aliases.csv: unknown code {row['code']!r} for {alias!r}")
            gazetteer.names.setdefault(alias.lower(), set()).add(row["code"])
        elif kind == "needs_context":
            gazetteer.needs_context.add(alias.lower())
        elif kind == "not_region":
            gazetteer.not_regions.add(alias.lower())
        elif kind == "media_prefix":
            gazetteer.media_prefixes.add(alias.lower())
        elif kind == "lowercase":
            if row["code"] not in regions:
                raise ValueError(f"region_aliases.csv: unknown code {row['code']!r} for {alias!r}")
            gazetteer.names.setdefault(alias.lower(), set()).add(row["code"])
            gazetteer.lowercase.add(alias.lower())
        elif kind == "display":
            gazetteer.display[row["code"]] = alias
        else:
            raise ValueError(f"region_aliases.csv: unknown kind {kind!r} for {alias!r}")
    for name in gazetteer.not_regions:
        gazetteer.names.pop(name, None)
    for row in _read_csv(directory / "region_aliases_prefixes.csv"):
        gazetteer.prefixes[row["text"].lower()] = row
    gazetteer.places = {row["name"].lower() for row in _read_csv(directory / "regions_places.csv")}
    for row in _read_csv(directory / "regions_districts.csv"):
        gazetteer.districts.setdefault(row["name"].lower(), set()).add(row["regency_code"])
    heads = _read_csv(directory / "region_district_heads.csv")
    gazetteer.district_heads = {row["text"].lower() for row in heads}
    # Heads of regional government bodies (organizations_heads.csv: Dinas, Kadis): the region
    # that closes such a body's name is the government that acts.
    gazetteer.body_heads = {
        row["head"].lower()
        for row in _read_csv(directory / "organizations_heads.csv")
        if row["scope"] == "regional" and row["kind"] in ("body", "abbreviation")
    }
    return gazetteer


@dataclass
class Mention:
    start: int  # token index of the whole mention (prefix included)
    end: int
    name_start: int  # token index where the name itself starts
    candidates: set[str]
    level: str | None  # level stated by the prefix
    cue: str  # government | plain | none
    strip: bool  # the prefix is a role word ("Bupati"): the span starts at the name
    code: str | None = None


class RegionFinder:
    """Find region mentions in a doc and resolve them to codes."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer, government_words: set[str]):
        self.gazetteer = gazetteer
        self.government_words = government_words
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.matcher.add("NAME", [nlp.make_doc(n) for n in gazetteer.names])
        # "-Bupati Bandung": a dateline dash glued to a role word that is a prefix
        glued = [f"-{p}" for p, row in gazetteer.prefixes.items() if row["strip"] == "yes"]
        self.matcher.add("PREFIX", [nlp.make_doc(p) for p in [*gazetteer.prefixes, *glued]])
        self.matcher.add("MEDIA", [nlp.make_doc(m) for m in gazetteer.media_prefixes])
        # "Metro Jaya" (Polda Metro Jaya): a name inside it is no region
        self.matcher.add("NOT", [nlp.make_doc(n) for n in gazetteer.not_regions if " " in n])

    def mentions(self, doc: Doc) -> list[Mention]:
        names: dict[int, list[tuple[int, int]]] = {}
        prefixes_ending: dict[int, list[tuple[int, int]]] = {}
        media_ending: set[int] = set()
        blocked: set[int] = set()
        for match_id, start, end in self.matcher(doc):
            label = doc.vocab.strings[match_id]
            if label == "NAME":
                names.setdefault(start, []).append((start, end))
            elif label == "PREFIX":
                prefixes_ending.setdefault(end, []).append((start, end))
            elif label == "NOT":
                blocked.update(range(start, end))
            else:
                media_ending.add(end)
        found = []
        for start, spans in names.items():
            _, end = max(spans, key=lambda s: s[1])
            prefixes = prefixes_ending.get(start, [])
            if not prefixes and start > 0 and doc[start - 1].text == ")":
                # "Pemerintah Kota (Pemkot) Denpasar": the prefix sits inside the brackets.
                prefixes = prefixes_ending.get(start - 1, [])
            mention = self._mention(doc, start, end, prefixes)
            if mention is None or start in media_ending or start in blocked:
                continue
            found.append(mention)
        return _longest_first(found)

    def _mention(
        self, doc: Doc, start: int, end: int, prefixes: list[tuple[int, int]]
    ) -> Mention | None:
        name = doc[start:end]
        # "Kadis Lingkungan Hidup jatim": abbreviations no Indonesian word spells are read
        # even in careless lowercase (region_aliases.csv kind `lowercase`)
        lowercase = not _is_capitalized(name) and span_text(name) not in self.gazetteer.lowercase
        if lowercase and (not prefixes or span_text(name).lower() in self.gazetteer.needs_context):
            return None
        candidates = set(self.gazetteer.names[span_text(name).lower()])
        if prefixes:
            p_start, p_end = min(prefixes)  # the longest prefix ending here
            row = self.gazetteer.prefixes[span_text(doc[p_start:p_end]).lower().lstrip("-")]
            level = row["level"] or None
            if lowercase and not level:
                # "bupati malang", "kabupaten lebak": careless lowercase is read only after a
                # prefix that fixes the level, and never for names that are also common words
                return None
            narrowed = {c for c in candidates if self.gazetteer.regions[c].level == level}
            if level and not narrowed:
                return None  # "Kota Tabalong": not this region, nor any other
            cue = row["cue"]
            if cue != "government" and _closes_body_name(doc, p_start, self.gazetteer.body_heads):
                cue = "government"  # "Dinas Koperasi dan UKM Provinsi Kalimantan Selatan"
            return Mention(
                start=p_start,
                end=end,
                name_start=start,
                candidates=narrowed or candidates,
                level=level,
                cue=cue,
                strip=row["strip"] == "yes",
            )
        if _after_honorific(doc, start):
            return None  # "Pak Bima" is a person
        if (level_after := self._level_after(doc, end, candidates)) is not None:
            # "Polres Blitar Kota", "Serang Kota": a level word after the name, as police
            # offices and datelines write the kota that shares its name with a kabupaten
            narrowed = {c for c in candidates if self.gazetteer.regions[c].level == level_after}
            return Mention(start, end + 1, start, narrowed, level_after, "plain", False)
        cue = "government" if _after(doc, start, self.government_words) else "none"
        if cue == "none" and _closes_body_name(doc, start, self.gazetteer.body_heads):
            cue = "government"  # "Kadis PUPR Madina": the body's field words sit between
        if cue == "none" and self._other_place(doc, name, end):
            return None
        return Mention(start, end, start, candidates, None, cue, False)

    def _level_after(self, doc: Doc, end: int, candidates: set[str]) -> str | None:
        """The level written right after a bare name ("Blitar Kota"), when the name has a
        region of that level and the word does not open another region ("Blitar Kota Batu")."""
        if end >= len(doc) or not doc[end].is_title or doc[end - 1].whitespace_ == "":
            return None
        row = self.gazetteer.prefixes.get(doc[end].lower_)
        if row is None or row["level"] not in ("kota", "kabupaten") or row["strip"] == "yes":
            return None
        nxt = doc[end + 1].lower_ if end + 1 < len(doc) else ""
        if nxt in self.gazetteer.names:
            return None
        levels = {self.gazetteer.regions[c].level for c in candidates}
        return row["level"] if row["level"] in levels and len(candidates) > 1 else None

    def _other_place(self, doc: Doc, name: Span, end: int) -> bool:
        """ "Padang Luar", "PADANG LUAR": a bare name run on by capitalized words that make the
        name of a kecamatan or village (regions_places.csv) names that place, not the region."""
        for size in (1, 2):
            after = doc[end : end + size]
            if len(after) < size or not all(t.is_alpha and t.text[:1].isupper() for t in after):
                return False
            if f"{span_text(name)} {span_text(after)}".lower() in self.gazetteer.places:
                return True
        return False

    def resolve(self, doc: Doc, mentions: list[Mention], region_hint: str | None) -> None:
        """Give each mention one code, or None when it stays ambiguous or needs context."""
        regions = self.gazetteer.regions
        prefixed = {next(iter(m.candidates)) for m in mentions if len(m.candidates) == 1}
        named_provinces = {regions[c].province_code for c in prefixed}
        for m in mentions:
            if len(m.candidates) == 1:
                m.code = next(iter(m.candidates))
            else:
                m.code = self._decide(doc, m, prefixed, named_provinces, region_hint)
        for m in mentions:
            name = span_text(doc[m.name_start : m.end]).lower()
            if m.level is None and name in self.gazetteer.needs_context:
                known = m.code in prefixed and any(o.level for o in mentions if o.code == m.code)
                # a role or body right before it ("Bupati Banjar"), or one in its sentence
                # that names no region of its own ("Bupati meresmikan ... di Banjar"; but
                # "Bima Arya, Walikota Bogor" names no Kota Bima)
                cued = m.code is not None and (
                    m.cue == "government"
                    or regions[m.code].level in self._free_cues(doc, m, mentions)
                )
                if not (known or cued or m.code == region_hint):
                    m.code = None

    def _free_cues(self, doc: Doc, mention: Mention, mentions: list[Mention]) -> set[str]:
        """Levels cued in the mention's sentence by role words that precede no region."""
        sentence = sentence_of(doc, mention.start)
        tokens = [
            t.text
            for t in sentence
            if not any(o.start <= t.i < o.end for o in mentions if o is not mention and o.level)
        ]
        return _levels_cued_text(" ".join(tokens), self.gazetteer)

    def _decide(
        self,
        doc: Doc,
        mention: Mention,
        prefixed: set[str],
        named_provinces: set[str],
        region_hint: str | None,
    ) -> str | None:
        regions = self.gazetteer.regions
        candidates = sorted(mention.candidates)
        for narrow in (
            lambda c: c in prefixed,
            lambda c: (
                regions[c].level in _levels_cued(sentence_of(doc, mention.start), self.gazetteer)
            ),
            lambda c: region_hint is not None and c == region_hint,
            lambda c: region_hint is not None and regions[c].province_code == region_hint[:2],
            lambda c: (
                regions[c].province_code in named_provinces and regions[c].level != "province"
            ),
        ):
            kept = [c for c in candidates if narrow(c)]
            if len(kept) == 1:
                return kept[0]
            if kept:
                candidates = kept
        return min(candidates, key=lambda c: LEVEL_PREFERENCE[regions[c].level])


def _longest_first(mentions: list[Mention]) -> list[Mention]:
    # "Kabupaten Banggai" inside "Banggai Kepulauan": keep the longest, earliest mention.
    taken: set[int] = set()
    kept = []
    for m in sorted(mentions, key=lambda m: (m.start - m.end, m.start)):
        tokens = set(range(m.start, m.end))
        if tokens & taken:
            continue
        taken |= tokens
        kept.append(m)
    return sorted(kept, key=lambda m: m.start)


def _is_capitalized(span: Span) -> bool:
    return all(not t.is_alpha or t.text[0].isupper() for t in span)


def _after_honorific(doc: Doc, start: int) -> bool:
    return start > 0 and doc[start - 1].lower_.rstrip(".") in {"pak", "bu", "bapak", "ibu", "sdr"}


def _after(doc: Doc, start: int, words: set[str]) -> bool:
    # A role or body right before the name ("Sekda Tabalong", "Bappeda Tanjungbalai").
    for size in (3, 2, 1):
        if start - size >= 0 and span_text(doc[start - size : start]).lower() in words:
            return True
    return False


# Lowercase words allowed inside a body's name between its head and the region ("Dinas
# Koperasi dan UKM"); any other lowercase word or punctuation ends the name.
BODY_NAME_JOINERS = {"dan", "&"}
BODY_NAME_MAX_TOKENS = 8


def _closes_body_name(doc: Doc, start: int, heads: set[str]) -> bool:
    """The region starting at `start` ends the name of a regional body: "Kadis PUPR Madina",
    "Kepala Dinas Koperasi dan UKM Provinsi Kalimantan Selatan" (the body's head, then only
    capitalized field words or "dan")."""
    for i in range(start - 1, max(-1, start - 1 - BODY_NAME_MAX_TOKENS), -1):
        token = doc[i]
        if token.lower_ in heads and token.text[:1].isupper():
            return True
        if "\n" in token.whitespace_ or "\n" in token.text:
            return False
        if not (token.text[:1].isupper() and token.is_alpha) and token.lower_ not in (
            BODY_NAME_JOINERS
        ):
            return False
    return False


def district_governments(doc: Doc, gazetteer: Gazetteer) -> set[str]:
    """Kab/kota whose kecamatan head is named: "Camat Banuhampu" (regions_districts.csv) acts
    for Kabupaten Agam, as the regency's own officer."""
    found: set[str] = set()
    # Only tokens where the text opens with a head's spelling can start a head: one scan of the
    # cached text finds them, rather than slicing the Doc twice at every token.
    for i in _tokens_starting_at(doc, gazetteer.district_head_places(doc_text(doc))):
        for size in (2, 1):
            role = doc[i : i + size]
            if len(role) < size or span_text(role).lower() not in gazetteer.district_heads:
                continue
            found |= _district_after(doc, i + size, gazetteer)
            break
    return found


def _tokens_starting_at(doc: Doc, places: list[int]) -> list[int]:
    """Indices of the tokens that start at these character offsets (in order; overlapping
    places are all kept: "Sekretaris Camat" and its "Camat")."""
    if not places:
        return []
    starts = doc.to_array(IDX).tolist()
    found = []
    for place in places:
        i = bisect_left(starts, place)
        if i < len(starts) and starts[i] == place:
            found.append(i)
    return found


def _district_after(doc: Doc, start: int, gazetteer: Gazetteer) -> set[str]:
    for size in (3, 2, 1):
        words = doc[start : start + size]
        if len(words) == size and all(t.is_alpha and t.text[:1].isupper() for t in words):
            codes = gazetteer.districts.get(span_text(words).lower())
            if codes:
                return set(codes)
    return set()


def sentence_of(doc: Doc, i: int, window: int = 25) -> Span:
    """The sentence of token i, or a window around it when no component has set sentences."""
    if doc.has_annotation("SENT_START"):
        return doc[i].sent
    return doc[max(0, i - window) : min(len(doc), i + window)]


def _levels_cued(sentence: Span, gazetteer: Gazetteer) -> set[str]:
    return _levels_cued_text(span_text(sentence), gazetteer)


def _levels_cued_text(text: str, gazetteer: Gazetteer) -> set[str]:
    text = f" {text.lower()} "
    return {
        row["level"]
        for prefix, row in gazetteer.prefixes.items()
        if row["cue"] == "government" and row["level"] and f" {prefix} " in text
    }


def government_words(directory: Path = GAZETTEER_DIR) -> set[str]:
    """Roles and bodies that make the region after them the acting government."""
    words = set()
    for row in _read_csv(directory / "roles.csv"):
        if row["scope"] != "national":
            words.add(row["text"].lower())
    for row in _read_csv(directory / "organizations.csv"):
        if row["scope"] in ("regional", "government"):
            words.add(row["alias"].lower())
    return words


# Weights of primary_region's evidence (see the module docstring).
GOVERNMENT_WEIGHT = 3.0
FIRST_GOVERNMENT_BONUS = 2.0
POINT_OF_VIEW_BONUS = 3.0  # the dateline's region, the source's region hint
VISIT_SUBJECT_BONUS = 2.0
VISIT_PARTY_WEIGHT = 0.5  # a visitor received, or a host visited: named, not acting
DATELINE_CHARS = 400  # a dateline opens a line within the article's first characters
DATELINE_ENDS = {",", "-", "–", "—"}


@dataclass(frozen=True)
class VisitRoles:
    """Mentions whose part in a visit sentence is known, by mention start."""

    subjects: set[int] = field(default_factory=set)
    parties: set[int] = field(default_factory=set)


class VisitCueFinder:
    """Visit sentences ("menerima kunjungan", "studi tiru ke"): who acts, who is the other party."""

    def __init__(self, nlp: Language, directory: Path = GAZETTEER_DIR):
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        cues = [row["cue"] for row in _read_csv(directory / "visit_cues.csv")]
        self.matcher.add("VISIT", [nlp.make_doc(c) for c in cues])

    def roles(self, doc: Doc, mentions: list[Mention]) -> VisitRoles:
        roles = VisitRoles()
        cues = sorted(self.matcher(doc))
        if not cues:
            return roles  # most articles: no visit, no need for the line breaks
        breaks = tokens_with_newline(doc)
        seen_clauses: set[tuple[int, int]] = set()
        for _, cue_start, cue_end in cues:
            clause = _clause_bounds(doc, cue_start, breaks)
            if clause in seen_clauses:
                continue  # the first cue of a sentence splits it ("menerima kunjungan kerja")
            seen_clauses.add(clause)
            inside = [m for m in mentions if m.code and clause[0] <= m.start < clause[1]]
            before = [m for m in inside if m.end <= cue_start]
            if not before:
                continue  # "Kedatangan tim dari X disambut ...": no subject before the cue
            acting = {m.code for m in before}
            roles.subjects.update(m.start for m in before)
            roles.parties.update(
                m.start for m in inside if m.start >= cue_end and m.code not in acting
            )
        return roles


def _clause_bounds(doc: Doc, i: int, breaks: list[int]) -> tuple[int, int]:
    """Token i's sentence, cut at line breaks (a title line has no full stop)."""
    sentence = sentence_of(doc, i)
    start, end = sentence.start, sentence.end
    for b in breaks:
        if start <= b < i:
            start = b + 1
        elif i <= b < end:
            end = b + 1
            break
    return start, end


def dateline_mentions(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Mentions that make a dateline: "AMBON –", "Liputan6.com, Gorontalo -", "PALU, portal –"
    at the start of one of the article's first lines."""
    text = doc_text(doc)
    found = []
    for m in mentions:
        first = doc[m.start]
        if m.code is None or first.idx >= DATELINE_CHARS:
            continue
        line_start = text.rfind("\n", 0, first.idx) + 1
        before = text[line_start : first.idx].strip()
        # nothing before it on its line, or one media brand and a comma ("Liputan6.com,")
        if before and not (before.endswith(",") and " " not in before.rstrip(",").strip()):
            continue
        after = doc[m.end].text if m.end < len(doc) else ""
        if after[:1] in DATELINE_ENDS:
            found.append(m)
    return found


def primary_region(
    doc: Doc,
    mentions: list[Mention],
    gazetteer: Gazetteer,
    visits: VisitRoles | None = None,
    district_governed: set[str] | None = None,
) -> str | None:
    """The region whose government acts in the article (None for national-only news).
    `district_governed`: kab/kota whose kecamatan head (camat) is named; they act when named
    and no government is named itself."""
    visits = visits or VisitRoles()
    scores: dict[str, float] = {}
    governed: set[str] = set()
    title_end = _first_paragraph_end(doc)
    # A region that is only ever the other party of a visit (never its subject) does not act
    # anywhere in the article: its rombongan's bodies named later ("Bappeda Y") are guests.
    by_start = {m.start: m.code for m in mentions}
    subjects = {by_start[i] for i in visits.subjects}
    guests = {by_start[i] for i in visits.parties} - subjects
    for m in mentions:
        if m.code is None:
            continue
        weight = 1.0
        if m.start in visits.parties or m.code in guests:
            weight = VISIT_PARTY_WEIGHT
        elif m.cue == "government":
            weight = GOVERNMENT_WEIGHT
            governed.add(m.code)
        if m.start < title_end:
            weight += 1.0
        if m.start in visits.subjects:
            weight += VISIT_SUBJECT_BONUS
        scores[m.code] = scores.get(m.code, 0.0) + weight
    if not scores:
        return None
    if not governed:
        # A camat is a minor officer: his regency acts only when no government is named itself
        # ("Camat Dolo" beside "Wakil Bupati Sigi" and "Brida Sulteng" adds nothing).
        for code in (district_governed or set()) & set(scores):
            scores[code] += GOVERNMENT_WEIGHT
            governed.add(code)
    first_governed = next(
        (m.code for m in mentions if m.cue == "government" and m.code in governed), None
    )
    if first_governed is not None:
        scores[first_governed] += FIRST_GOVERNMENT_BONUS  # the government named first acts
    for code in _point_of_view(doc, mentions, gazetteer, governed):
        scores[code] += POINT_OF_VIEW_BONUS
    # A province that only contains the acting kab/kota is not itself the actor, unless its
    # own government acts too ("Gubernur X" beside "Bupati Y").
    for code in list(scores):
        region = gazetteer.regions[code]
        if (
            region.level == "province"
            and code not in governed
            and any(
                gazetteer.regions[c].province_code == code and c in governed
                for c in scores
                if c != code
            )
        ):
            scores[code] -= 2.0
    best = max(scores, key=lambda c: (scores[c], c in governed, -len(c)))
    if best in governed or scores[best] >= 3.0:
        return best
    return None


def _point_of_view(
    doc: Doc, mentions: list[Mention], gazetteer: Gazetteer, governed: set[str]
) -> set[str]:
    """Regions the story is told from: the source's region hint when the text names it, and a
    dateline's region whose government acts, else its province when that government acts
    ("PALU – Brida Sulteng ..."). A dateline alone makes no region primary."""
    found = set()
    hint = doc._.region_hint
    if hint and any(m.code == hint for m in mentions):
        found.add(hint)
    for m in dateline_mentions(doc, mentions)[:1]:
        province = gazetteer.regions[m.code].province_code
        if m.code in governed:
            found.add(m.code)
        elif province in governed:
            found.add(province)
    return found


def _first_paragraph_end(doc: Doc) -> int:
    for i in tokens_with_newline(doc):
        if i > 5:
            return i + 1
    return min(len(doc), 60)


@Language.factory("pantau_regions", default_config={"gazetteer_dir": None})
def create_regions(nlp: Language, name: str, gazetteer_dir: str | None) -> RegionsComponent:
    return RegionsComponent(nlp, Path(gazetteer_dir) if gazetteer_dir else GAZETTEER_DIR)


class RegionsComponent:
    """Writes `region` facts ({"code", "level"}) and `doc._.primary_region`."""

    def __init__(self, nlp: Language, directory: Path):
        self.gazetteer = load_gazetteer(directory)
        self.finder = RegionFinder(nlp, self.gazetteer, government_words(directory))
        self.visit_cues = VisitCueFinder(nlp, directory)

    def __call__(self, doc: Doc) -> Doc:
        mentions = self.finder.mentions(doc)
        self.finder.resolve(doc, mentions, doc._.region_hint)
        for m in mentions:
            if m.code is None or in_chrome(doc, doc[m.start].idx, doc[m.end - 1].idx):
                continue
            region = self.gazetteer.regions[m.code]
            start = m.name_start if m.strip else m.start
            add_fact(doc, "region", start, m.end, {"code": m.code, "level": region.fact_level})
        visits = self.visit_cues.roles(doc, mentions)
        districts = district_governments(doc, self.gazetteer)
        doc._.primary_region = primary_region(doc, mentions, self.gazetteer, visits, districts)
        return doc
