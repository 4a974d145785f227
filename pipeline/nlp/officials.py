"""`pantau_officials`: named people with a government or institutional role.

Regional news names officials in a few shapes, all read here from a role found by a spaCy
PhraseMatcher over data/gazetteers/roles.csv:

- "Jabatan Region, Nama" / "Jabatan Nama": "Sekda Kota Serang, Nanang Saefudin",
  "Wali Kota Tanjungbalai Waris Tholib", "Sekretaris Daerah (Sekda) Kota Cilegon, Sari Suryati";
- "Jabatan dari Lembaga Pak Nama dan Pak Nama": "narasumber dari BSKDN Kemendagri Pak Awan";
- a weak role upgraded by the role after the name: "narasumber Isman AP Analis Kebijakan";
- "Nama, Jabatan ..." and "Nama selaku Jabatan ...".

Names lose honorifics and degrees (data/gazetteers/honorifics.csv) but keep their raw form;
acting prefixes (Plt, Pj, Plh) become a flag. A later short mention ("Walikota Waris") joins the
full name, so each person is listed once per article. The region is the one written with the
role, else the article's primary region for a regional role, else None (a national body, or no
body at all). `person_key` (normalized name + region) gives the same person one id across
articles. Components `pantau_regions` and `pantau_organizations` must run first.

The trained NER (models/ner-id, through `pantau_ner`) is used only to cut a name out of a
longer run of capitalized words when no comma separates the unit from the name; raw PER
entities are not taken as officials (NOTES.md: they are poor officials on regional news).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.attrs import LOWER
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.config import GAZETTEER_DIR
from pipeline.nlp.doctext import doc_text, span_text
from pipeline.nlp.extensions import add_fact
from pipeline.nlp.layout import in_chrome
from pipeline.nlp.ner import ensure_entities
from pipeline.nlp.organizations import (
    MENTIONS_KEY,
    OrgMention,
    credit_ranges,
    in_ranges,
    load_body_words,
)
from pipeline.nlp.regions import load_gazetteer

# Mentions that are not a body of their own: the regional government's secretariat (the
# region itself) and units inside a body (Bidang, Bagian, Biro).
NOT_BODIES = ("government", "unit")
MAX_NAME_TOKENS = 6
MAX_UNIT_BEFORE_COMMA = (
    3  # "Kepala Desa Tanjung Harapan Baru, Nama": a village of up to three words
)
# "Kepala DPUBMSDA Sidoarjo": the bare head word of roles.csv, a role only before a body
BARE_HEAD = "kepala"
DEPUTY_HEAD = "wakil kepala"  # "Wakil Kepala BKKBN": a bare head too, with "wakil"
# Scraped text glues words: "JakartaPramono", "UtamaASDPHeru". Such a token is not a name.
GLUED = re.compile(r"[a-z][A-Z]")
ROMAN = re.compile(r"[IVX]{1,4}")  # "Dapil NTB II"
# Compiled once: these run per token and per line, where `re`'s own cache lookup was a
# visible part of the time.
NAME_WORD = re.compile(r"[A-Z][A-Za-z'\-]*\.?")  # words, hyphenated words, initials
CAPITALIZED_WORD = re.compile(r"[A-Z][a-z'\-]+")  # "Wally", "Kotarindau"; not "RSUD"
NOT_KEY_CHARS = re.compile(r"[^a-z0-9]+")
LINE = re.compile(r"[^\n]+")
HEADLINE_WORD = re.compile(r"[A-Za-z][\w'-]*")


@dataclass(frozen=True)
class Role:
    text: str
    role: str
    scope: str  # regional | national | any
    weak: bool  # "narasumber": a more specific role next to the name wins


@dataclass
class Lexicon:
    roles: dict[str, Role]
    titles: set[str]
    corps: set[str]  # "Inf", "Laut", "(P)": a corps after a rank ("Letkol Inf", "Kolonel Laut (P)")
    addresses: set[str]
    degrees: set[str]
    not_names: set[str]
    venue_before: set[str]
    list_join: set[str]
    apposition: set[str]
    institution_lead: set[str]
    head_roles: set[str]
    acting: set[str]
    acting_second: set[str]  # "Tugas" in "Pelaksana Tugas": the second word of an acting prefix
    unit_dropped: set[str]
    unit_joined: set[str]
    unique_roles: set[str]
    unit_connectors: set[str]
    date_words: set[str]
    months: set[str]
    date_follow: set[str]  # "Juni lalu": a month before these is a date, not a name
    time_aside: list[list[str]]  # "saat itu": between a role's region and the comma
    company: set[str]  # "PT", "CV", "Perumda": a company follows the role
    national_level: set[str]  # "Pusat" after a body: its national level, no region
    constituency: list[list[str]]  # "Dapil", "daerah pemilihan": an electoral district follows
    body_words: frozenset[str]
    districts: dict[str, frozenset[str]]  # kecamatan name -> codes of its kabupaten/kota


def _phrases(texts: set[str]) -> list[list[str]]:
    # Each phrase as its words; a blank row names no phrase.
    return [text.split() for text in sorted(texts) if text.split()]


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


@lru_cache(maxsize=4)
def load_lexicon(directory: Path = GAZETTEER_DIR) -> Lexicon:
    """Roles, honorifics, degrees and context words from the gazetteer folder."""
    roles = {
        row["text"].lower(): Role(row["text"], row["role"], row["scope"], row["strength"] == "weak")
        for row in _read_csv(directory / "roles.csv")
    }
    honorifics = _read_csv(directory / "honorifics.csv")
    context = _read_csv(directory / "roles_context.csv")

    def words(rows: list[dict[str, str]], key: str, kind: str) -> set[str]:
        return {row[key].lower() for row in rows if row["kind"] == kind}

    return Lexicon(
        roles=roles,
        titles=words(honorifics, "text", "title"),
        corps=words(honorifics, "text", "corps"),
        addresses=words(honorifics, "text", "address"),
        degrees=words(honorifics, "text", "degree"),
        not_names=words(context, "word", "not_name"),
        venue_before=words(context, "word", "venue_before"),
        list_join=words(context, "word", "list_join"),
        apposition=words(context, "word", "apposition"),
        institution_lead=words(context, "word", "institution_lead"),
        head_roles=words(context, "word", "head_role"),
        acting=words(context, "word", "acting"),
        acting_second=words(context, "word", "acting_second"),
        unit_dropped=words(context, "word", "unit_dropped"),
        unit_joined=words(context, "word", "unit_joined"),
        unique_roles=words(context, "word", "unique_role"),
        unit_connectors=words(context, "word", "unit_connector"),
        date_words={
            row["word"].lower() for row in context if row.get("note") in ("month", "weekday")
        },
        months={row["word"].lower() for row in context if row.get("note") == "month"},
        date_follow=words(context, "word", "date_follow"),
        time_aside=_phrases(words(context, "word", "time_aside")),
        company=words(context, "word", "company"),
        national_level=words(context, "word", "national_level"),
        constituency=_phrases(words(context, "word", "constituency")),
        body_words=load_body_words(directory),
        districts=_districts(directory),
    )


def _districts(directory: Path) -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = {}
    for row in _read_csv(directory / "regions_districts.csv"):
        found.setdefault(row["name"].lower(), set()).add(row["regency_code"])
    return {name: frozenset(codes) for name, codes in found.items()}


def normalize_name(name: str) -> str:
    """Lowercase ASCII form of a name, for keys and comparisons."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return NOT_KEY_CHARS.sub(" ", folded.lower()).strip()


def person_key(name: str, region: str | None) -> str:
    """The same person across articles: normalized name + region code (or `national`)."""
    return f"{normalize_name(name).replace(' ', '-')}@{region or 'national'}"


@dataclass
class NameRun:
    start: int  # first token (honorifics included): the raw form starts here
    name_start: int
    name_end: int
    end: int  # after trailing degrees
    upper: bool = False  # written in capitals ("SUDIRMAN SULAIMAN"): title-cased

    def name(self, doc: Doc) -> str:
        words = [t.text for t in doc[self.name_start : self.name_end]]
        return " ".join(w.title() if self.upper else w for w in words)


@dataclass
class Candidate:
    name: str
    name_raw: str
    role: Role
    role_raw: str
    acting: bool
    institution: str | None
    region: str | None
    start: int
    end: int
    # "Pj Gubernur Jatim Adhy Karyono": the role written right before the name, no comma
    role_leads: bool = False


class OfficialsFinder:
    def __init__(self, nlp: Language, lexicon: Lexicon, directory: Path):
        self.lexicon = lexicon
        self.directory = directory
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        # "-Bupati": a dateline dash glued to the role ("Bandung -Bupati Bandung, Dadang")
        patterns = [nlp.make_doc(prefix + text) for text in lexicon.roles for prefix in ("", "-")]
        self.matcher.add("ROLE", patterns)
        self._org_names: dict[tuple[int, int], OrgMention] = {}
        self.blocked: set[int] = set()  # tokens of roles, regions and bodies in the last doc
        # First words of the phrases looked for at every token after a role: where the token
        # is none of them, no phrase is compared word by word.
        self._aside_openers = {words[0] for words in lexicon.time_aside}
        self._constituency_openers = {words[0] for words in lexicon.constituency}

    # --- token classes -------------------------------------------------------------------
    def _bare(self, token) -> str:
        return token.text.lower()

    def is_title(self, token) -> bool:
        return self._bare(token) in self.lexicon.titles

    def is_degree(self, token) -> bool:
        return self._bare(token).strip(",") in self.lexicon.degrees

    def role_of(self, span: Span) -> Role:
        return self.lexicon.roles[self._role_key(span)]

    def _role_key(self, span: Span) -> str:
        key = span_text(span).lower().lstrip("-")
        if key in self.lexicon.roles:
            return key
        # "Wakil KetuaKomisi": the glued-word splitter cut the role's words apart, and the
        # matcher compares words, so the text lacks the role's spaces.
        return " ".join(t.lower_ for t in span).lstrip("-").strip()

    def is_acting(self, token) -> bool:
        return token.text.lower().rstrip(".") in self.lexicon.acting

    def is_acting_second(self, token) -> bool:
        return token.lower_ in self.lexicon.acting_second

    def acting_before(self, doc: Doc, start: int) -> bool:
        """An acting prefix right before a role: "Plt.", or "Pj" "." as the tokenizer splits it,
        or written out in two words: "Pelaksana Tugas Bupati"."""
        if start > 0 and self.is_acting(doc[start - 1]):
            return True
        if start > 1 and self.is_acting_second(doc[start - 1]) and self.is_acting(doc[start - 2]):
            return True
        return start > 1 and doc[start - 1].text == "." and self.is_acting(doc[start - 2])

    def is_name_token(self, token, blocked: set[int]) -> bool:
        text = token.text
        if token.i in blocked or not text[:1].isupper() or token.is_space:
            return False
        if GLUED.search(text) or self.is_title(token):
            return False
        if (
            len(text) > 5
            and text.lower().endswith("nya")
            and not self._name_follows(token, blocked)
        ):
            # "Faktanya, Menteri ...": a word with the -nya suffix, not a name; but a name
            # may end so when another name word follows it ("Sefanya Wally", "Tanya Rahayu")
            return False
        if text.lower() in self.lexicon.not_names or self.is_degree(token):
            return False
        if len(text.rstrip(".")) > 1 and text.isupper():
            return False  # acronyms (OPD, SKPD); an all-caps name in a headline is lost
        # words, hyphenated words and initials ("D.", "M.", "M")
        return bool(NAME_WORD.fullmatch(text))

    def _name_follows(self, token, blocked: set[int]) -> bool:
        """Whether the next token is a capitalized word that may continue a name."""
        if token.i + 1 >= len(token.doc):
            return False
        nxt = token.doc[token.i + 1]
        return (
            nxt.i not in blocked
            and bool(CAPITALIZED_WORD.fullmatch(nxt.text))
            and nxt.lower_ not in self.lexicon.not_names
            and not self.is_degree(nxt)
        )

    # --- shapes ----------------------------------------------------------------------------
    def name_at(self, doc: Doc, i: int, blocked: set[int]) -> NameRun | None:
        """A person's name starting at token i, after optional honorifics; None if none."""
        while i < len(doc) and doc[i].is_space and "\n" not in doc[i].text:
            i += 1  # a no-break space token ("Aceh,\xa0Fadhlullah")
        start = i
        while i < len(doc):
            if self._split_title(doc, i):
                i += 2  # "Ir" "." : a title the tokenizer split from its dot
            elif self._bare(doc[i]) in self.lexicon.addresses or self.is_title(doc[i]):
                i += 1
            elif i > start and (size := self._corps_size(doc, i)):
                i += size  # "Letkol Inf", "Kolonel Laut (P)": the corps after a rank
            else:
                break
        name_start = i
        if i + 1 < len(doc) and self._upper_word(doc[i], blocked):
            return self._upper_run(doc, start, i, blocked)
        while (
            i < len(doc)
            and i - name_start < MAX_NAME_TOKENS
            and self._in_name(doc, i, name_start, blocked)
            and not (i > name_start and "\n" in doc[i - 1].whitespace_)
        ):
            i += 1
            if "\n" in doc[i - 1].whitespace_:
                break
        if i - name_start >= 2 and self._closing_initials(doc, i, blocked):
            i += 1  # "Danang Setiyo PS,": initials closing a name
        name_end = i
        words = [t for t in doc[name_start:name_end] if len(t.text.rstrip(".")) > 1]
        if not words:
            return None
        end = name_end
        while end < len(doc) and (
            self.is_degree(doc[end])
            or (doc[end].text == "," and end + 1 < len(doc) and self.is_degree(doc[end + 1]))
        ):
            end += 1
        return NameRun(start, name_start, name_end, end)

    def _aside_size(self, doc: Doc, i: int) -> int:
        """Tokens of a time aside before the comma that opens the name ("saat itu,")."""
        if doc[i].lower_ not in self._aside_openers:
            return 0
        for words in self.lexicon.time_aside:
            size = len(words)
            if [t.lower_ for t in doc[i : i + size]] == words and (
                i + size < len(doc) and doc[i + size].text == ","
            ):
                return size
        return 0

    def _company_role(self, doc: Doc, role_span: Span) -> bool:
        """ "Direktur PT Rona Namora", "Dirut Perumda ...": a company's officer, not an
        official (SCHEMA: companies, state-owned ones included, are not organizations)."""
        end = role_span.end
        return end < len(doc) and doc[end].text.rstrip(".").lower() in self.lexicon.company

    def _constituency_size(self, doc: Doc, i: int, region_at: dict[int, Span]) -> int:
        """Tokens of "dari Dapil NTB II" / "Dapil Jatim 1" at i; 0 when there is none."""
        j = i + 1 if doc[i].lower_ in self.lexicon.institution_lead else i
        if j >= len(doc) or doc[j].lower_ not in self._constituency_openers:
            return 0
        for words in self.lexicon.constituency:
            size = len(words)
            if [t.lower_ for t in doc[j : j + size]] == words:
                j += size
                break
        else:
            return 0
        if j in region_at:
            j = region_at[j].end
        elif j < len(doc) and doc[j].text[:1].isupper():
            j += 1  # a district the gazetteer does not know as a region
        if j < len(doc) and (doc[j].text.isdigit() or ROMAN.fullmatch(doc[j].text)):
            j += 1
        return j - i

    def _closing_initials(self, doc: Doc, i: int, blocked: set[int]) -> bool:
        """Two or three capitals after a name and before a comma or a bracket ("Danang Setiyo
        PS,"): initials of the name, unless they are a degree or a known body or region."""
        token = doc[i] if i < len(doc) else None
        return (
            token is not None
            and i + 1 < len(doc)
            and doc[i + 1].text in (",", "(")
            and token.is_alpha
            and token.text.isupper()
            and 2 <= len(token.text) <= 3
            and i not in blocked
            and not self.is_degree(token)
            and token.lower_ not in self.lexicon.not_names
        )

    def _corps_size(self, doc: Doc, i: int) -> int:
        """Tokens of a corps marker at i ("Inf", "Laut", "(P)"), 0 when there is none."""
        if doc[i].text.lower() in self.lexicon.corps:
            return 1
        if (
            i + 2 < len(doc)
            and span_text(doc[i : i + 3]).replace(" ", "").lower() in self.lexicon.corps
        ):
            return 3
        return 0

    def _split_title(self, doc: Doc, i: int) -> bool:
        return (
            i + 1 < len(doc)
            and doc[i + 1].text == "."
            and not doc[i].whitespace_
            and f"{doc[i].text}.".lower() in self.lexicon.titles
        )

    def _extends_body(self, doc: Doc, i: int) -> bool:
        # "Usaha Mikro, Kecil dan Menengah": a connector inside a field, not after it
        return (
            doc[i].lower_ in ("dan", ",")
            and i + 1 < len(doc)
            and doc[i + 1].text[:1].isupper()
            and doc[i + 1].lower_ in self.lexicon.body_words
        )

    def _in_name(self, doc: Doc, i: int, name_start: int, blocked: set[int]) -> bool:
        token = doc[i]
        if token.lower_ in self.lexicon.date_words:
            # "Raja Juli Antoni": a month inside a name, not a date ("Juli 2025")
            if i <= name_start or token.i in blocked:
                return False
            nxt = doc[i + 1] if i + 1 < len(doc) else None
            if nxt is not None and self.is_name_token(nxt, blocked):
                return nxt.lower_ not in self.lexicon.date_words
            # "Ahmad Juni menyampaikan": a month closing a name; "Juni 2024", "Juni lalu" are
            # dates, and a weekday after a name ("kata Budi Senin") is always the date's
            return token.lower_ in self.lexicon.months and not (
                nxt is not None
                and (
                    nxt.like_num or nxt.text[:1].isdigit() or nxt.lower_ in self.lexicon.date_follow
                )
            )
        return self.is_name_token(token, blocked)

    def _upper_word(self, token, blocked: set[int]) -> bool:
        text = token.text
        return (
            token.i not in blocked
            and token.is_alpha
            and text.isupper()
            and len(text) >= 3
            and text.lower() not in self.lexicon.not_names
            and not self.is_degree(token)
        )

    def _upper_run(self, doc: Doc, start: int, i: int, blocked: set[int]) -> NameRun | None:
        """A name in capitals ("SUDIRMAN SULAIMAN, Penjabat Gubernur"): two words or more, so
        that an acronym (OPD, SKPD) is never read as a name."""
        end = i
        while end < len(doc) and end - i < MAX_NAME_TOKENS and self._upper_word(doc[end], blocked):
            end += 1
        if end - i < 2:
            return None
        return NameRun(start, i, end, end, upper=True)

    def roles(self, doc: Doc) -> list[Span]:
        spans = [Span(doc, s, e) for _, s, e in self.matcher(doc)]
        return filter_spans([span for span in spans if self._role_key(span) in self.lexicon.roles])

    def find(self, doc: Doc) -> list[Candidate]:
        roles = self.roles(doc)
        role_at = {span.start: span for span in roles}
        facts = doc._.facts
        blocked = {i for span in roles for i in range(span.start, span.end)}
        region_at = {span.start: span for span in facts.get("region", [])}
        org_at = self._org_mentions(doc)
        for span in [*region_at.values(), *org_at.values()]:
            blocked |= set(range(span.start, span.end))
        self.blocked = blocked
        credits = credit_ranges(doc_text(doc))
        headlines = headline_ranges(doc_text(doc))
        used: set[int] = set()
        found: list[Candidate] = []
        for role_span in roles:
            if role_span.start in used or in_ranges(role_span.start_char, credits + headlines):
                continue
            if self._after_venue_word(doc, role_span) or in_chrome(
                doc, role_span.start_char, role_span.end_char
            ):
                continue
            found.extend(self._from_role(doc, role_span, role_at, region_at, org_at, blocked, used))
        return found

    def _org_mentions(self, doc: Doc) -> dict[int, Span]:
        found = {}
        for mention in doc.user_data.get(MENTIONS_KEY, []):
            span = doc.char_span(mention.start_char, mention.end_char, alignment_mode="expand")
            if span is not None:
                found[span.start] = span
                self._org_names[(span.start, span.end)] = mention
        return found

    def _after_venue_word(self, doc: Doc, role_span: Span) -> bool:
        for size in (2, 1):
            start = role_span.start - size
            if (
                start >= 0
                and span_text(doc[start : role_span.start]).lower() in self.lexicon.venue_before
            ):
                return True
        return False

    def _from_role(
        self,
        doc: Doc,
        role_span: Span,
        role_at: dict[int, Span],
        region_at: dict[int, Span],
        org_at: dict[int, Span],
        blocked: set[int],
        used: set[int],
    ) -> list[Candidate]:
        role = self.role_of(role_span)
        if self._company_role(doc, role_span):
            return []
        acting = self.acting_before(doc, role_span.start)
        unit_words: list[str] = []
        unit_region: str | None = None
        i = role_span.end
        inside_bodies = {k: span for span in org_at.values() for k in range(span.start, span.end)}
        regions: list[Span] = []
        orgs: list[Span] = []
        acronyms_end = -1  # the end of the acronyms that make a head's field ("PU SDA")
        national = False
        # The unit or region written with the role: "(Sekda) Kota Cilegon", "dari BSKDN ...".
        while i < len(doc):
            token = doc[i]
            if i == role_span.end and token.text[:1].isdigit() and token.text.isalnum():
                i += 1  # the unit's number: "Dandim 0817 Gresik", "Danramil 05"
                if i + 1 < len(doc) and doc[i].text == "/" and doc[i + 1].text[:1].isupper():
                    i += 1  # "Dandim 0817/Gresik"
            elif (
                token.text == "," and (regions or orgs) and (i + 1 in region_at or i + 1 in org_at)
            ):
                # "Kepala Dinas ... (Dikpora), Kabupaten Dompu, Nusa Tenggara Barat (NTB), Rifaid":
                # commas between the body and its regions, the name after the last one
                i += 1
            elif token.text == "/" and i + 1 in role_at:
                # "Wakil Menteri Kependudukan .../Wakil Kepala BKKBN, Nama": one person holds
                # both posts; the name comes after the second, the first role is the one kept
                i = role_at[i + 1].end
            elif token.text == "(":
                close = next(
                    (j for j in range(i, min(i + 8, len(doc))) if doc[j].text == ")"), None
                )
                if close is None:
                    break
                i = close + 1
            elif i in region_at:
                regions.append(region_at[i])
                i = region_at[i].end
            elif i in org_at:
                orgs.append(org_at[i])
                i = org_at[i].end
            elif token.text.isupper() and 1 < len(token.text) <= 6 and i not in blocked:
                if role.role in self.lexicon.head_roles and (
                    i == role_span.end or (unit_words and i == acronyms_end)
                ):
                    # "Kadis PUPR Sumut Topan", "Kadis PU SDA Jatim Baju": the acronyms are
                    # the field of the head's dinas
                    unit_words.append(token.text)
                    acronyms_end = i + 1
                i += 1  # an acronym of the body: "Menteri Dalam Negeri RI Tito Karnavian"
            elif i in inside_bodies:
                # "Kepala Dinas| Kesehatan": the body began inside the role
                body = inside_bodies[i]
                if body not in orgs:
                    orgs.append(body)
                i = body.end
            elif token.lower_ in self.lexicon.national_level and (
                i == role_span.end or (orgs and i == orgs[-1].end)
            ):
                # "Ketua TP PKK Pusat Tri Tito Karnavian": the body's national level
                national = True
                i += 1
            elif (regions or orgs) and (size := self._aside_size(doc, i)):
                i += size  # "Bupati Kuantan Singingi saat itu, Sukarmis"
            elif size := self._constituency_size(doc, i, region_at):
                # "Anggota DPR RI dari Dapil NTB II, Muazzim Akbar": the electoral district is
                # where the member was elected, not the region the role belongs to
                i += size
            elif token.lower_ in self.lexicon.institution_lead and (
                i + 1 in org_at or i + 1 in region_at
            ):
                i += 1
            elif not unit_words and (size := self._unit_before_body(doc, i, org_at, region_at)):
                # "Kasi Penkum Kejati DIY Herwatan", "Deputi Bidang Pengembangan Destinasi dan
                # Infrastruktur Kementerian Pariwisata Hariyanto": capitalized words between the
                # role and its body are the unit, never the name.
                unit_words = [t.text for t in doc[i : i + size]]
                i += size
            elif not unit_words and (size := self._unit_size(doc, i, role, i == role_span.end)):
                # "Camat Banuhampu Yusri Latif", "Kabid Litbang Rusdin", "Menteri Kehutanan Raja"
                unit_words = [t.text for t in doc[i : i + size]]
                unit_region = self._district_region(doc, " ".join(unit_words))
                i += size
            else:
                break
        if unit_words and role.role in self.lexicon.unit_joined:
            joined = f"{role.role} {_unit_text(unit_words)}"
            role = Role(role.text, joined, role.scope, role.weak)
        names: list[NameRun] = []
        elided = self._elided_role(doc, role_span)
        before = role_span.start - 1
        while (
            acting
            and before >= 0
            and (
                doc[before].text == "."
                or self.is_acting(doc[before])
                or self.is_acting_second(doc[before])
            )
        ):
            before -= 1
        if before >= 0 and doc[before].lower_ in self.lexicon.apposition:
            # "Siti Aminah selaku Camat Cibeber": the name is before, a place after.
            run = self._name_before(doc, role_span, blocked)
        else:
            run = self._name_after(doc, i, blocked) or self._name_before(doc, role_span, blocked)
        while run is not None:
            names.append(run)
            j = run.end
            # "Pak Awan dan Pak Bimo": a list of people with the same role.
            if j + 1 < len(doc) and doc[j].lower_ in self.lexicon.list_join:
                nxt = self.name_at(doc, j + 1, blocked)
                # a second name needs its "Pak"/"Bu", or a second role to pair with
                paired = elided is not None and len(names) == 1
                if nxt is not None and (nxt.start != nxt.name_start or paired):
                    run = nxt
                    continue
            break
        if not names:
            return []
        raw_role = span_text(role_span)
        # A weak role ("narasumber") gives way to the role written right after the name.
        last = names[-1]
        if role.weak and last.end in role_at and len(names) == 1:
            upgrade = role_at[last.end]
            used.add(upgrade.start)
            role = self.role_of(upgrade)
            raw_role = span_text(upgrade)
            k = upgrade.end
            while k < len(doc) and k - upgrade.end < 12 and doc[k].text not in ".\n":
                if k in org_at:
                    orgs.append(org_at[k])
                if k in region_at:
                    regions.append(region_at[k])
                k += 1
        region, institution = self._where(doc, role, regions, orgs)
        if national:
            region = None
        if not regions and unit_region is not None:
            region = unit_region  # "Camat Banuhampu": the kabupaten of that kecamatan
        body = self._body_of(role_span, orgs)
        if role.role in (BARE_HEAD, DEPUTY_HEAD) and not (body and orgs[0].start == role_span.end):
            return []  # "Kepala" names a role only with its body right after it
        if role.role in self.lexicon.head_roles and body:
            # "Kepala Dinas Pendidikan, Pemuda, dan Olahraga (Disdikpora)" -> kepala disdikpora
            head = DEPUTY_HEAD if role.role == DEPUTY_HEAD else BARE_HEAD
            role = Role(role.text, f"{head} {body.lower()}", role.scope, role.weak)
        elif role.role in self.lexicon.head_roles and unit_words:
            # "Kadis Pariwisata Pemprov Jatim Evy" -> kepala dinas pariwisata
            joined = f"{role.role} {_unit_text(unit_words)}"
            role = Role(role.text, joined, role.scope, role.weak)
        roles = [role] * len(names)
        if elided is not None and len(names) > 1:
            # "Wakil Ketua dan Ketua DPRD Kurniawan dan Ismul": the roles pair with the names
            roles[0] = elided
        return [
            Candidate(
                name=run.name(doc),
                name_raw=span_text(doc[run.start : run.end]),
                role=run_role,
                role_raw=raw_role,
                acting=acting,
                institution=institution,
                region=region,
                start=run.start,
                end=run.end,
                role_leads=run.start >= role_span.end
                and "," not in span_text(doc[role_span.end : run.start]),
            )
            for run, run_role in zip(names, roles, strict=True)
        ]

    def _elided_role(self, doc: Doc, role_span: Span) -> Role | None:
        """The role written before "dan" that shares the end of this one: "Wakil Ketua (1) dan
        Ketua DPRD" -> wakil ketua dprd; None when no such role is written."""
        k = role_span.start - 1
        if k < 2 or doc[k].lower_ not in self.lexicon.list_join:
            return None
        k -= 1
        if doc[k].text.isdigit() or doc[k].text in ("I", "II", "III"):
            k -= 1  # "Wakil Ketua 1", "Wakil Ketua II"
        words = [t.text for t in role_span]
        mine = self.role_of(role_span).role
        for shared in range(1, len(words)):
            tail = " ".join(words[shared:])
            for size in (3, 2, 1):  # the longest front first: "Wakil Ketua", not "Ketua"
                if k - size + 1 < 0:
                    continue
                front = span_text(doc[k - size + 1 : k + 1])
                role = self.lexicon.roles.get(f"{front} {tail}".lower())
                if role is not None and front[:1].isupper() and role.role != mine:
                    return role
        return None

    def _name_after(self, doc: Doc, i: int, blocked: set[int]) -> NameRun | None:
        if i < len(doc) and doc[i].text == ",":
            return self.name_at(doc, i + 1, blocked)
        run = self.name_at(doc, i, blocked)
        # "Kota Ciegon, Sari Suryati", "Dinas Pendidikan, Budi": a unit the gazetteers do not
        # know, then a comma, then the name.
        j = self._capitalized_end(doc, i, blocked)
        if j > i and j < len(doc) and doc[j].text == ",":
            unit_words = any(self._unit_word(doc[k]) for k in range(i, j))
            if run is None or (unit_words and run.start == i):
                # "Dirjen Pendidikan Anak Usia Dini, Pendidikan Dasar, dan Pendidikan
                # Menengah, Gogot Suharwoto": the unit may be a list of fields
                after = self.name_at(doc, self._unit_list_end(doc, j + 1, blocked), blocked)
                if after is not None:
                    return after
        return run

    def _unit_word(self, token) -> bool:
        # "Dinas", "Kabupaten" (roles_context.csv not_name) or a field a body is named after
        # ("Pendidikan", "Anak": organizations_words.csv)
        return token.lower_ in self.lexicon.not_names or token.lower_ in self.lexicon.body_words

    @staticmethod
    def _capitalized_end(doc: Doc, i: int, blocked: set[int], limit: int = 5) -> int:
        j = i
        while j < len(doc) and j - i < limit and doc[j].text[:1].isupper() and j not in blocked:
            j += 1
        return j

    def _unit_list_end(self, doc: Doc, i: int, blocked: set[int]) -> int:
        """Past the further fields of a unit listed with commas ("Pendidikan Dasar, dan
        Pendidikan Menengah,"): each is capitalized field words (`not_name`) and a comma."""
        while True:
            k = i + 1 if i < len(doc) and doc[i].lower_ == "dan" else i
            j = self._capitalized_end(doc, k, blocked)
            fields = j > k and any(self._unit_word(doc[m]) for m in range(k, j))
            if not (fields and j < len(doc) and doc[j].text == ","):
                return i
            i = j + 1

    def _name_before(self, doc: Doc, role_span: Span, blocked: set[int]) -> NameRun | None:
        # "Sari Suryati, Sekretaris Daerah ..." and "Sari Suryati selaku Sekretaris ...".
        k = role_span.start - 1
        if self.acting_before(doc, role_span.start):
            # "Plt." or "Pj" "." or "Pelaksana Tugas"
            k -= 2 if doc[k].text == "." or self.is_acting_second(doc[k]) else 1
        # "Budi Santoso (Kadis Kominfo Lebak)": the role in brackets after the name
        separators = (",", "(")
        if k < 1 or not (doc[k].text in separators or doc[k].lower_ in self.lexicon.apposition):
            return None
        end = k
        start = end
        while (
            start > 0
            and end - start < MAX_NAME_TOKENS
            and self.is_name_token(doc[start - 1], blocked)
        ):
            start -= 1
        if start == end:
            return self._upper_before(doc, end, blocked)
        while start > 0 and (
            self.is_title(doc[start - 1]) or (start > 1 and self._split_title(doc, start - 2))
        ):
            start -= 2 if doc[start - 1].text == "." else 1
        if doc[k].text == "(" and start > 0 and doc[start - 1].lower_ in self.lexicon.not_names:
            # "Menteri Desa dan Pembangunan Daerah Tertinggal (Mendes PDT)": the word before the
            # bracket ends a body's name (it follows "Daerah"), it is no person
            return None
        run = self.name_at(doc, start, blocked)
        return run if run is not None and run.end <= end else None

    def _upper_before(self, doc: Doc, end: int, blocked: set[int]) -> NameRun | None:
        start = end
        while (
            start > 0
            and end - start < MAX_NAME_TOKENS
            and self._upper_word(doc[start - 1], blocked)
        ):
            start -= 1
        if end - start < 2:
            return None
        return NameRun(start, start, end, end, upper=True)

    def _unit_before_body(
        self, doc: Doc, i: int, org_at: dict[int, Span], region_at: dict[int, Span]
    ) -> int:
        """Tokens of a run of capitalized words (with "dan" and commas inside) that ends right
        where a known body or region begins; 0 when the run ends anywhere else."""
        j = i
        while j < len(doc) and j - i < 12 and j not in org_at and j not in region_at:
            token = doc[j]
            if (
                token.text[:1].isupper()
                and j not in self.blocked
                and not GLUED.search(token.text)
                or (
                    j > i
                    and token.lower_ in self.lexicon.unit_connectors
                    and j + 1 < len(doc)
                    and doc[j + 1].text[:1].isupper()
                )
            ):
                j += 1
            else:
                return 0
        # "Presiden Joko Widodo dan DPR RI": a run ending with "dan" is a list, not a unit
        last = doc[j - 1] if j > i else None
        if (
            last is not None
            and (j in org_at or j in region_at)
            and last.text != ","
            and last.lower_ not in self.lexicon.unit_connectors
        ):
            return j - i
        return 0

    def _district_region(self, doc: Doc, name: str) -> str | None:
        """The kabupaten/kota of a kecamatan: the only one of that name, or the only one of
        them the article names."""
        codes = self.lexicon.districts.get(name.lower(), frozenset())
        if len(codes) > 1:
            named = {span._.value["code"] for span in doc._.facts.get("region", [])}
            codes = codes & named
        return next(iter(codes)) if len(codes) == 1 else None

    def _unit_size(self, doc: Doc, i: int, role: Role, right_after: bool = True) -> int:
        """Tokens of the unit written right after a role that takes one: a kecamatan after
        "Camat", field words after "Kabid", "Menteri" or "Kadis"; 0 when there is none."""
        # a head's field is only the words right after the role: "Kadis Lingkungan Hidup"
        takes_field = role.role in self.lexicon.head_roles and right_after
        if (
            role.role not in self.lexicon.unit_dropped | self.lexicon.unit_joined
            and not takes_field
        ):
            return 0
        for size in (3, 2, 1):  # the longest kecamatan name first
            words = doc[i : i + size]
            if (
                not takes_field  # "Kadis Lingkungan Hidup": a field, never a kecamatan
                and len(words) == size
                and all(t.text[:1].isupper() for t in words)
                and span_text(words).lower() in self.lexicon.districts
                and i + size < len(doc)
                and (doc[i + size].text[:1].isupper() or doc[i + size].text == ",")
            ):
                return size  # "Camat Banuhampu Yusri Latif", "Camat Dolo, Anwar Husain"
        size = 0
        while i + size < len(doc) and (
            (doc[i + size].text[:1].isupper() and doc[i + size].lower_ in self.lexicon.body_words)
            or (size and self._extends_body(doc, i + size))
        ):
            size += 1
        if size == 0 and role.role in self.lexicon.unit_dropped and right_after:
            size = self._unit_before_comma(doc, i)
        return size

    def _unit_before_comma(self, doc: Doc, i: int) -> int:
        """Tokens of a place the gazetteers do not list, written between a role that takes a
        unit and a comma before the name: "Kepala Desa Kotarindau, Yohanis", "Camat Sukamaju,
        Hj. Siti Aminah"; 0 when the words are not followed by a comma and a name."""
        j = i
        while (
            j < len(doc)
            and j - i < MAX_UNIT_BEFORE_COMMA
            and j not in self.blocked
            and CAPITALIZED_WORD.fullmatch(doc[j].text)
        ):
            j += 1
        if j == i or j >= len(doc) - 1 or doc[j].text != ",":
            return 0
        after = self.name_at(doc, j + 1, self.blocked)
        return j - i if after is not None else 0

    def _body_of(self, role_span: Span, orgs: list[Span]) -> str | None:
        for org in orgs:
            mention = self._org_names[(org.start, org.end)]
            if mention.scope not in NOT_BODIES and org.start <= role_span.end:
                return mention.base
        return None

    def _where(
        self, doc: Doc, role: Role, regions: list[Span], orgs: list[Span]
    ) -> tuple[str | None, str | None]:
        """Region code and institution of a role, from what is written with it."""
        gazetteer = load_gazetteer(self.directory)
        mentions = [self._org_names[(o.start, o.end)] for o in orgs]
        institution = next((m.name for m in mentions if m.scope not in NOT_BODIES), None)
        # the region written with the role, else the one written with its body
        code = regions[0]._.value["code"] if regions else None
        code = code or next((m.region for m in mentions if m.region), None)
        if code is not None:
            return code, institution or gazetteer.regions[code].name
        if role.scope == "national":
            return None, institution
        if any(m.scope == "national" for m in mentions):
            return None, institution
        if role.scope == "regional" or orgs:
            return doc._.primary_region, institution
        return None, institution


def _unit_text(words: list[str]) -> str:
    """The unit as written in a role, lowercase: "karantina hewan, ikan, dan tumbuhan"."""
    return " ".join(words).replace(" ,", ",").lower()


def headline_ranges(text: str) -> list[tuple[int, int]]:
    """Title-case lines (headlines, menus): a role there is a headline word, not a person's."""
    ranges = []
    for line in LINE.finditer(text):
        if line.group(0).rstrip().endswith((".", '"', "”")):
            continue  # a line ending a sentence or quote is no headline: skip reading its words
        words = HEADLINE_WORD.findall(line.group(0))
        if len(words) >= 4:
            capitalized = sum(w[0].isupper() for w in words)
            if capitalized / len(words) >= 0.8:
                ranges.append(line.span())
    return ranges


def expand_from_entities(doc: Doc, cand: Candidate, finder: OfficialsFinder) -> None:
    """ "Gubernur Khofifah": a one-word name takes the full name the NER found elsewhere
    ("Khofifah Indar Parawansa"), when exactly one longer PER entity holds that word."""
    if len(cand.name.split()) != 1:
        return
    word = cand.name.lower()
    if not _beside_a_name_word(doc, word, finder):
        # No entity can qualify, so the statistical NER (costlier than every rule component
        # together) is not run for it: an entity is a run of tokens, so one that holds the word
        # and another name word holds a name word right beside it.
        return
    full = set()
    ensure_entities(doc)
    for ent in doc.ents:
        # An entity opening a sentence may hold a capitalized verb ("Lanjut Waris, ...").
        if ent.label_ != "PER" or len(ent) > MAX_NAME_TOKENS or ent[0].is_sent_start:
            continue
        blocked = finder.blocked
        words = [t.text for t in ent if not finder.is_title(t) and finder.is_name_token(t, blocked)]
        if len(words) == len(ent) and len(words) > 1 and word in {w.lower() for w in words}:
            full.add(" ".join(words))
    if len(full) == 1:
        cand.name = full.pop()


def _beside_a_name_word(doc: Doc, word: str, finder: OfficialsFinder) -> bool:
    """Whether `word` is written somewhere as a name word (as `expand_from_entities` reads an
    entity's words) with another name word right before or after it."""
    blocked = finder.blocked

    def name_word(token) -> bool:
        return not finder.is_title(token) and finder.is_name_token(token, blocked)

    # The word's places are read from the array of lowercase forms (spaCy's LOWER is
    # `text.lower()`): making a Token object for every word of a long article cost more.
    target = get_string_id(word)
    for i, lower in enumerate(doc.to_array(LOWER).tolist()):
        if lower != target or not name_word(doc[i]):
            continue
        if (i > 0 and name_word(doc[i - 1])) or (i + 1 < len(doc) and name_word(doc[i + 1])):
            return True
    return False


def merge_people(candidates: list[Candidate], unique_roles: set[str]) -> list[Candidate]:
    """One entry per person: a short mention ("Waris") joins the full name ("Waris Tholib"), and
    a one-word mention of a role one person holds per region ("Bupati Iron", "Presiden
    Jokowi") joins the holder already named in full."""
    people: list[Candidate] = []
    for cand in sorted(candidates, key=lambda c: -len(c.name.split())):
        words = normalize_name(cand.name).split()
        match = next(
            (
                p
                for p in people
                if _same_person(words, normalize_name(p.name).split())
                and _may_share(words, normalize_name(p.name).split(), cand, p)
            ),
            None,
        )
        if match is None and len(words) == 1 and cand.role.role in unique_roles:
            match = next(
                (
                    p
                    for p in people
                    if p.role.role == cand.role.role
                    and (p.region == cand.region or cand.region in (None, *_provinces_of(p)))
                    and len(p.name.split()) > 1
                ),
                None,
            )
        if match is None:
            people.append(cand)
        elif match.role.weak and not cand.role.weak:
            match.role, match.role_raw = cand.role, cand.role_raw
        elif (
            cand.acting
            and cand.role_leads
            and not match.acting
            and cand.role.role != match.role.role
        ):
            # "Sekdaprov Jatim Adhy Karyono ... Pj Gubernur Jatim Adhy Karyono": one role per
            # person (SCHEMA), and an acting post written as the person's title is the one the
            # person holds in the news; "ditunjuk sebagai Pj Gubernur" only announces it
            match.role, match.role_raw, match.acting = cand.role, cand.role_raw, True
            match.region, match.institution = cand.region, cand.institution
    return sorted(people, key=lambda p: p.start)


def _provinces_of(person: Candidate) -> tuple[str, ...]:
    # "Bupati Iron" with no region written takes the article's primary region, which may be
    # the province of the Bupati named in full.
    return (person.region.split(".")[0],) if person.region else ()


def _may_share(words: list[str], full: list[str], cand: Candidate, person: Candidate) -> bool:
    """A shorter name of two words or more with another role is another person: "Menteri Tito
    Karnavian" beside "Ketua TP PKK Pusat Tri Tito Karnavian"."""
    if words == full or len(words) == 1 or cand.role.weak or person.role.weak:
        return True
    return cand.role.role == person.role.role


def _same_person(words: list[str], full: list[str]) -> bool:
    if words == full:
        return True
    return len(words) < len(full) and all(w in full for w in words)


class OfficialsComponent:
    """Writes `official` facts (docs/architecture.md) once per person per article."""

    def __init__(self, nlp: Language, directory: Path):
        self.finder = OfficialsFinder(nlp, load_lexicon(directory), directory)

    def __call__(self, doc: Doc) -> Doc:
        candidates = self.finder.find(doc)
        known = [normalize_name(c.name).split() for c in candidates]
        for cand in candidates:
            words = normalize_name(cand.name).split()
            if not any(len(k) > len(words) and _same_person(words, k) for k in known):
                expand_from_entities(doc, cand, self.finder)
        for person in merge_people(candidates, self.finder.lexicon.unique_roles):
            add_fact(
                doc,
                "official",
                person.start,
                person.end,
                {
                    "name": person.name,
                    "name_raw": person.name_raw,
                    "role": person.role.role,
                    "role_raw": person.role_raw,
                    "acting": person.acting,
                    "institution": person.institution,
                    "region": person.region,
                    "person_key": person_key(person.name, person.region),
                },
            )
        return doc


@Language.factory("pantau_officials", default_config={"gazetteer_dir": None})
def create_officials(nlp: Language, name: str, gazetteer_dir: str | None) -> OfficialsComponent:
    return OfficialsComponent(nlp, Path(gazetteer_dir) if gazetteer_dir else GAZETTEER_DIR)
