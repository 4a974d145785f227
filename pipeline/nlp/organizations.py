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
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.config import GAZETTEER_DIR
from pipeline.nlp.extensions import add_fact_chars
from pipeline.nlp.layout import in_chrome
from pipeline.nlp.regions import load_gazetteer

# A short parenthetical at the end of a paragraph is a credit: "(Elsi/Kominfo)", "(A Fazari)".
CREDIT = re.compile(r"\([^()\n]{1,40}\)\s*$", re.MULTILINE)


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


@dataclass(frozen=True)
class OrgAlias:
    alias: str
    name: str
    scope: str  # national | regional | government
    takes_region: bool


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
    # Longest alias first, so that the full name wins over its acronym inside it.
    alternatives = sorted((re.escape(a.alias) for a in aliases.values()), key=len, reverse=True)
    return re.compile(r"(?<!\w)(" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


def credit_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of credit lines ("(Tf/red)") that carry no facts."""
    return [m.span() for m in CREDIT.finditer(text)]


def in_ranges(position: int, ranges: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in ranges)


def region_after(doc: Doc, end_char: int) -> Span | None:
    """The region fact written right after a body's name ("Bappeda| Kota Cilegon")."""
    gap = re.match(r"[\s)]*", doc.text[end_char:])
    start = end_char + (gap.end() if gap else 0)
    for region in doc._.facts.get("region", []):
        if region.start_char == start:
            return region
    return None


def name_with_region(short: str, region: Span, directory: Path) -> str:
    """ "Bappeda" + the region after it: "Bappeda Kota Cilegon", "Bappeda Tabalong", "BPBD Jawa
    Timur" (a kota keeps "Kota" when written, so that Kota and Kabupaten Serang stay apart)."""
    gazetteer = load_gazetteer(directory)
    code = region._.value["code"]
    if gazetteer.regions[code].level == "kota" and "kota" in region.text.lower():
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


class OrganizationsComponent:
    """Writes `organization` facts ({"name"}), one per organization per article."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.aliases = load_aliases(directory)
        self.pattern = alias_pattern(self.aliases)

    def __call__(self, doc: Doc) -> Doc:
        credits = credit_ranges(doc.text)
        found: dict[str, tuple[int, int]] = {}
        mentions = doc.user_data.setdefault(MENTIONS_KEY, [])
        for match in self.pattern.finditer(doc.text):
            if not match.group(0)[0].isupper() or in_ranges(match.start(), credits):
                continue
            if in_chrome(doc, match.start(), match.end()):
                continue
            entry = self.aliases[match.group(0).lower()]
            end = match.end()
            name = entry.name
            region = region_after(doc, end) if entry.takes_region else None
            if region is not None:
                name = name_with_region(entry.name, region, self.directory)
                end = region.end_char
            mentions.append(OrgMention(match.start(), end, name, entry.scope, entry.name))
            if entry.scope != "government":
                found.setdefault(name, (match.start(), end))
        for name in drop_covered(list(found)):
            start, end = found[name]
            add_fact_chars(doc, "organization", start, end, {"name": name})
        return doc


@Language.factory("pantau_organizations", default_config={"gazetteer_dir": None})
def create_organizations(
    nlp: Language, name: str, gazetteer_dir: str | None
) -> OrganizationsComponent:
    return OrganizationsComponent(Path(gazetteer_dir) if gazetteer_dir else GAZETTEER_DIR)
