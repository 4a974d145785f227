"""Synthetic corpus of regional-portal article pages, written as WARC (benchmarks, scale tests).

Every page is composed here from the templates in `bench/templates.toml` and random choices of
real kabupaten/kota names (Kemendagri list read at run time from ../shared), so the corpus
carries no third-party text. Generation is deterministic for a seed: page i depends only on
(seed, i), which also lets a test regenerate one page without the others. Pages stream
straight into gzip WARC files (constant memory whatever N is).

Two formats:
- `pantau`: request + response records, as pantau's crawler writes them.
- `cc-news`: a warcinfo record then response records only, as in Common Crawl's CC-NEWS, with
  mixed domains: Indonesian regional news on .id portals, Indonesian news on non-.id domains,
  English and French pages on foreign domains and an English page on an .id domain.

Usage: `python bench/corpus.py --n 10000 --out bench/out/corpus [--format cc-news] [--seed 7]`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import random
import re
import sys
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = BENCH_DIR.parent
if str(PROJECT_ROOT) not in sys.path:  # run as a script: make `pipeline` importable
    sys.path.insert(0, str(PROJECT_ROOT))

from pipeline import config  # noqa: E402

TEMPLATES_FILE = BENCH_DIR / "templates.toml"
FORMATS = ("pantau", "cc-news")
FIRST_DAY = date(2019, 1, 1)
SPAN_DAYS = 7 * 365


@dataclass(frozen=True)
class SyntheticPage:
    """One generated page and what a perfect extractor should know about it."""

    index: int
    url: str
    domain: str
    html: str
    kind: str  # innovation | other | national_com | foreign | english_id
    lang: str
    region_code: str | None
    published: date
    crawled_at: datetime
    title: str

    def truth(self) -> dict:
        """The manifest line: everything but the HTML."""
        row = asdict(self)
        row.pop("html")
        row["published"] = self.published.isoformat()
        row["crawled_at"] = self.crawled_at.isoformat()
        row["expected_keep"] = self.kind in ("innovation", "other")
        return row


@dataclass(frozen=True)
class Region:
    code: str
    name: str  # "Kabupaten Serang", "Kota Serang"
    short: str  # "Serang"
    is_city: bool


@dataclass(frozen=True)
class Portal:
    domain: str
    brand: str
    region: Region


@lru_cache(maxsize=1)
def load_templates() -> dict:
    return tomllib.loads(TEMPLATES_FILE.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def load_regions() -> tuple[Region, ...]:
    """Kabupaten/kota from the project's gazetteer, else the Kemendagri list in ../shared."""
    candidates = [
        config.GAZETTEER_DIR / "regions.csv",
        config.SHARED_DIR / "data" / "wilayah" / "regencies.csv",
    ]
    for path in candidates:
        regions = _read_regions(path) if path.is_file() else ()
        if regions:
            return regions
    raise FileNotFoundError(f"no region list found in {[str(p) for p in candidates]}")


def _read_regions(path: Path) -> tuple[Region, ...]:
    regions = []
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            code = row.get("code", "")
            name = row.get("name", "")
            # Only kabupaten/kota (PP.RR); the gazetteer may also list provinces.
            if not re.fullmatch(r"\d\d\.\d\d", code) or not name:
                continue
            is_city = name.lower().startswith("kota") or int(code[3:]) >= 71
            short = row.get("short_name") or re.sub(r"^(Kabupaten|Kota)\s+", "", name)
            regions.append(Region(code=code, name=name, short=short, is_city=is_city))
    return tuple(regions)


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def make_portals(seed: int, count: int = 60) -> list[Portal]:
    """Regional portals, each anchored on one kabupaten/kota."""
    rng = random.Random(f"portals:{seed}")
    words = load_templates()["portal_words"]
    portals = []
    for region in rng.sample(load_regions(), count):
        word = rng.choice(words)
        slug = slugify(region.short).replace("-", "")
        portals.append(
            Portal(
                domain=f"{word}{slug}.example.id",
                brand=f"{word.capitalize()}{region.short.replace(' ', '')}.id",
                region=region,
            )
        )
    return portals


# ---------------------------------------------------------------- dates and names


def _month(rng: random.Random, day: date) -> str:
    t = load_templates()
    name = t["months"][day.month - 1]
    return rng.choice(t["month_variants"].get(name, [name]))


def _weekday(rng: random.Random, day: date) -> str:
    t = load_templates()
    name = t["weekdays"][(day.weekday() + 1) % 7]  # Python: Monday=0; the list starts on Sunday
    return rng.choice(t["weekday_variants"].get(name, [name]))


def date_paren(rng: random.Random, day: date) -> str:
    """'Rabu (3/4/2024)' — the regional-portal habit."""
    return f"{_weekday(rng, day)} ({day.day}/{day.month}/{day.year})"


def date_long(rng: random.Random, day: date) -> str:
    return f"{day.day} {_month(rng, day)} {day.year}"


def person_name(rng: random.Random) -> str:
    t = load_templates()
    return f"{rng.choice(t['given_names'])} {rng.choice(t['family_names'])}"


def official(rng: random.Random, region: Region) -> str:
    """'Sekda Kota Serang, Drs. Budi Santoso, M.Si'."""
    t = load_templates()
    if rng.random() < 0.2:
        role = rng.choice(t["roles_national"])
    else:
        role = rng.choice(t["roles_city"] if region.is_city else t["roles_region"])
        role = f"{role} {region.name}" if rng.random() < 0.6 else f"{role} {region.short}"
    return f"{role}, {rng.choice(t['honorifics'])}{person_name(rng)}{rng.choice(t['degrees'])}"


# ---------------------------------------------------------------- article text


def _fill(template: str, values: dict[str, object]) -> str:
    return template.format(**values)


def article_values(rng: random.Random, portal: Portal, region: Region, published: date) -> dict:
    t = load_templates()
    event = rng.choice(t["events"])
    event_day = published - timedelta(days=rng.choice([0, 0, 1, 2, 3]))
    days = rng.choice([1, 2, 3])
    place = rng.choice(t["hotel_words"]) + " " + region.short
    values: dict[str, object] = {
        "region": region.name,
        "short": region.short,
        "place": place,
        "app": rng.choice(t["apps"]),
        "n": rng.randint(1, 40),
        "year": rng.randint(2016, published.year),
        "count": rng.randint(5, 400),
        "count2": rng.randint(10, 250),
        "count3": rng.randint(5, 120),
        "count4": rng.choice(["dua", "tiga", "sebelas", str(rng.randint(12, 90))]),
        "days": days,
        "unit": rng.choice(t["count_units"]),
        "unit2": rng.choice(t["count_units"]),
        "weekday": _weekday(rng, published),
        "date_paren": date_paren(rng, event_day),
        "date_long": date_long(rng, event_day),
        "date_long_end": date_long(rng, event_day + timedelta(days=days - 1)),
        "date_deadline": date_long(rng, published + timedelta(days=rng.randint(7, 30))),
        "role": rng.choice(t["roles_city"] if region.is_city else t["roles_region"]),
        "award": rng.choice(t["awards"]),
        "agency_national": rng.choice(t["agencies"][:2]),
        "official_full": official(rng, region),
        "official2_full": official(rng, region),
        "name": person_name(rng),
        "name2": person_name(rng),
        "initials": "".join(rng.choices("abcdefghijklmnoprstuwy", k=3)),
        "initials2": "".join(rng.choices("abcdefghijklmnoprstuwy", k=3)),
    }
    values["event_noun"] = _fill(event["noun"], values)
    values["event_verb"] = event["verb"]
    values["event_type"] = event["type"]
    values["agency"] = _fill(rng.choice(t["agencies"]), values)
    values["venue"] = _fill(rng.choice(t["venues"]), values)
    values["regulation"] = _fill(rng.choice(t["regulations"]), values)
    city = region.short.upper()
    values["dateline"] = rng.choice(
        [f"{city}, {portal.brand.upper()} –", f"{city} –", f"{city} -", f"{city}, {city} –"]
    )
    values["other_headline"] = _fill(rng.choice(t["headlines_other"]), values)
    return values


def article_body(rng: random.Random, values: dict, innovation: bool) -> tuple[str, list[str]]:
    """Title and paragraphs, with inline 'Baca juga' lines and a credit line."""
    t = load_templates()
    titles = t["headlines_innovation"] if innovation else t["headlines_other"]
    title = _fill(rng.choice(titles), values)
    pool = t["paragraphs_innovation"] if innovation else t["paragraphs_other"]
    # The dateline paragraph and at least three more, in order: a real article, never a stub.
    count = max(3, sum(rng.random() < 0.8 for _ in pool[1:]))
    keep = [pool[0]] + [pool[i] for i in sorted(rng.sample(range(1, len(pool)), count))]
    paragraphs = [_fill(p, values) for p in keep]
    for _ in range(rng.choice([1, 1, 2])):
        line = _fill(rng.choice(t["inline_boilerplate"]), values)
        paragraphs.insert(rng.randint(1, len(paragraphs)), line)
    paragraphs.append(_fill(rng.choice(t["credits"]), values))
    return title, paragraphs


# ---------------------------------------------------------------- page chrome


@lru_cache(maxsize=256)
def _theme_padding(domain: str) -> tuple[str, str]:
    """Inline CSS and JS of the size a WordPress theme carries (~40 KB), fixed per portal."""
    rng = random.Random(f"theme:{domain}")
    css = "\n".join(
        f".td-{rng.randrange(10**6):06x} .wp-block-{i}{{margin:{rng.randint(0, 40)}px;"
        f"color:#{rng.randrange(16**6):06x};font-size:{rng.randint(10, 22)}px}}"
        for i in range(300)
    )
    settings = {f"opt_{i}": rng.randrange(10**8) for i in range(900)}
    js = "var tdThemeSettings = " + json.dumps(settings) + ";"
    return css, js


def _links(domain: str, items: Iterable[str]) -> str:
    return "".join(f'<li><a href="https://{domain}/{slugify(x)}/">{x}</a></li>' for x in items)


def render_page(
    portal: Portal, title: str, paragraphs: list[str], published: date, seen_on: date, rng
) -> str:
    t = load_templates()
    css, js = _theme_padding(portal.domain)
    sidebar_titles = [
        _fill(rng.choice(t["headlines_other"] + t["headlines_innovation"]), _sidebar_values(rng))
        for _ in range(10)
    ]
    iso = f"{published.isoformat()}T{rng.randint(6, 21):02d}:{rng.randint(0, 59):02d}:00+07:00"
    meta_date = (
        f'<meta property="article:published_time" content="{iso}">' if rng.random() < 0.7 else ""
    )
    body = "".join(
        f"<p><strong>{p}</strong></p>"
        if p.lower().startswith(("baca", "berita lain"))
        else f"<p>{p}</p>"
        for p in paragraphs
    )
    header_day = f"{_weekday(rng, seen_on)}, {date_long(rng, seen_on)}"
    related = _links(portal.domain, sidebar_titles[:4])
    popular = _links(portal.domain, sidebar_titles)
    return f"""<!DOCTYPE html>
<html lang="id"><head><meta charset="UTF-8">
<title>{title} - {portal.brand}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta property="og:title" content="{title}"><meta property="og:site_name" content="{portal.brand}">
{meta_date}
<style>{css}</style>
</head>
<body class="post-template-default single single-post">
<header class="site-header"><div class="top-bar"><span class="td-date">{header_day}</span></div>
<div class="site-branding"><a href="https://{portal.domain}/">{portal.brand}</a></div>
<nav class="main-navigation"><ul>{_links(portal.domain, t["nav"])}</ul></nav></header>
<div id="content" class="site-content"><main id="main" class="site-main">
<article class="post type-post status-publish">
<h1 class="entry-title">{title}</h1>
<div class="entry-meta"><span class="byline">Oleh {person_name(rng)}</span>
<time class="entry-date published">{date_long(rng, published)}</time></div>
<figure class="wp-block-image"><img src="https://{portal.domain}/wp-content/uploads/foto.jpg">
<figcaption>Suasana kegiatan. (Foto: {portal.brand})</figcaption></figure>
<div class="entry-content">{body}</div>
<div class="sharedaddy">Bagikan: <a>Facebook</a> <a>Twitter</a> <a>WhatsApp</a></div>
<section class="related-posts"><h3>Berita Terkait</h3><ul>{related}</ul></section>
</article></main>
<aside id="secondary" class="widget-area"><section class="widget">
<h2 class="widget-title">{rng.choice(t["sidebar_title"])}</h2><ol>{popular}</ol>
</section></aside></div>
<footer class="site-footer"><ul>{_links(portal.domain, t["footer_links"])}</ul>
<p>&copy; {seen_on.year} {portal.brand}. Hak cipta dilindungi undang-undang.</p></footer>
<script>{js}</script>
</body></html>
"""


def _sidebar_values(rng: random.Random) -> dict:
    t = load_templates()
    region = rng.choice(load_regions())
    return {
        "region": region.name,
        "short": region.short,
        "count": rng.randint(2, 300),
        "unit": rng.choice(t["count_units"]),
        "event_noun": rng.choice(t["events"])["noun"].replace("{app}", rng.choice(t["apps"])),
        "role": rng.choice(t["roles_region"]),
        "agency": rng.choice(t["agencies"][:2]),
    }


# ---------------------------------------------------------------- pages


def _page_rng(seed: int, index: int) -> random.Random:
    return random.Random(f"page:{seed}:{index}")


def regional_page(seed: int, index: int, portals: list[Portal], rng: random.Random):
    portal = rng.choice(portals)
    same_province = [r for r in load_regions() if r.code[:2] == portal.region.code[:2]]
    region = portal.region if rng.random() < 0.8 else rng.choice(same_province)
    published = FIRST_DAY + timedelta(days=rng.randrange(SPAN_DAYS))
    seen_on = published + timedelta(days=rng.randint(0, 900))
    innovation = rng.random() < 0.6
    values = article_values(rng, portal, region, published)
    title, paragraphs = article_body(rng, values, innovation)
    html = render_page(portal, title, paragraphs, published, seen_on, rng)
    url = f"https://{portal.domain}/{published:%Y/%m/%d}/{slugify(title)[:80]}-{index}/"
    return SyntheticPage(
        index=index,
        url=url,
        domain=portal.domain,
        html=html,
        kind="innovation" if innovation else "other",
        lang="id",
        region_code=region.code,
        published=published,
        crawled_at=_crawl_time(rng, published),
        title=title,
    )


def _crawl_time(rng: random.Random, published: date) -> datetime:
    day = published + timedelta(days=rng.randint(0, 30))
    return datetime(
        day.year, day.month, day.day, rng.randint(0, 23), rng.randint(0, 59), 0, tzinfo=UTC
    )


def plain_page(
    rng: random.Random,
    index: int,
    domain: str,
    lang: str,
    kind: str,
    title: str,
    paragraphs: list[str],
) -> SyntheticPage:
    """A simple news page outside pantau's scope (foreign or national)."""
    published = FIRST_DAY + timedelta(days=rng.randrange(SPAN_DAYS))
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    html = (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
        f"</head><body><header><nav><a href='/'>Home</a></nav></header><article>"
        f"<h1>{title}</h1>{body}</article><footer>&copy; {domain}</footer></body></html>"
    )
    return SyntheticPage(
        index=index,
        url=f"https://{domain}/{published:%Y/%m}/{slugify(title)[:60]}-{index}.html",
        domain=domain,
        html=html,
        kind=kind,
        lang=lang,
        region_code=None,
        published=published,
        crawled_at=_crawl_time(rng, published),
        title=title,
    )


def cc_news_page(seed: int, index: int, portals: list[Portal], rng: random.Random):
    """Half Indonesian regional news, half pages pantau must drop."""
    t = load_templates()
    roll = rng.random()
    values = {"count": rng.randint(100, 5000), "weekday": rng.choice(["Monday", "Tuesday"])}
    if roll < 0.5:
        return regional_page(seed, index, portals, rng)
    if roll < 0.65:  # Indonesian news on a non-.id domain: dropped by the domain filter
        page = regional_page(seed, index, portals, rng)
        domain = rng.choice(t["national_id_domains"])
        return SyntheticPage(
            **{
                **asdict(page),
                "url": page.url.replace(page.domain, domain),
                "domain": domain,
                "kind": "national_com",
                "region_code": None,
            }
        )
    if roll < 0.8:  # English page on an .id domain: dropped by the language filter
        domain = rng.choice(portals).domain
        paragraphs = [_fill(p, values) for p in t["english_paragraphs"]]
        title = _fill(rng.choice(t["english_headlines"]), values)
        return plain_page(rng, index, domain, "en", "english_id", title, paragraphs)
    french = rng.random() < 0.3
    domain = rng.choice(t["foreign_domains"])
    pool, heads = (
        (t["french_paragraphs"], t["french_headlines"])
        if french
        else (t["english_paragraphs"], t["english_headlines"])
    )
    paragraphs = [_fill(p, {**values, "weekday": "lundi"} if french else values) for p in pool]
    title = _fill(rng.choice(heads), values)
    return plain_page(rng, index, domain, "fr" if french else "en", "foreign", title, paragraphs)


def generate_pages(
    n: int, seed: int = 7, fmt: str = "pantau", start: int = 0
) -> Iterator[SyntheticPage]:
    """Pages start..start+n-1; each depends only on (seed, index)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {FORMATS}")
    portals = make_portals(seed)
    make = regional_page if fmt == "pantau" else cc_news_page
    for index in range(start, start + n):
        yield make(seed, index, portals, _page_rng(seed, index))


# ---------------------------------------------------------------- WARC


def _http_response(page: SyntheticPage) -> tuple[StatusAndHeaders, bytes]:
    payload = page.html.encode("utf-8")
    headers = StatusAndHeaders(
        "200 OK",
        [
            ("Content-Type", "text/html; charset=UTF-8"),
            ("Content-Length", str(len(payload))),
            ("Server", "nginx"),
        ],
        protocol="HTTP/1.1",
    )
    return headers, payload


def _record_id(kind: str, page: SyntheticPage, seed: int) -> str:
    # Deterministic record ids keep two runs with one seed byte-identical once decompressed.
    digest = hashlib.sha1(f"{seed}:{kind}:{page.index}".encode()).hexdigest()
    return f"<urn:uuid:{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}>"


def write_page(writer: WARCWriter, page: SyntheticPage, fmt: str, seed: int) -> None:
    warc_date = page.crawled_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    http_headers, payload = _http_response(page)
    response_id = _record_id("response", page, seed)
    response = writer.create_warc_record(
        page.url,
        "response",
        payload=io.BytesIO(payload),
        http_headers=http_headers,
        warc_headers_dict={"WARC-Date": warc_date, "WARC-Record-ID": response_id},
    )
    if fmt == "cc-news":
        response.rec_headers.add_header("WARC-IP-Address", "192.0.2.1")  # TEST-NET-1
        writer.write_record(response)
        return
    path = page.url.split(page.domain, 1)[1]
    request_headers = StatusAndHeaders(
        f"GET {path} HTTP/1.1",
        [("Host", page.domain), ("User-Agent", config.USER_AGENT), ("Accept", "text/html")],
        protocol="HTTP/1.1",
        is_http_request=True,
    )
    request = writer.create_warc_record(
        page.url,
        "request",
        payload=io.BytesIO(b""),
        http_headers=request_headers,
        warc_headers_dict={
            "WARC-Date": warc_date,
            "WARC-Record-ID": _record_id("request", page, seed),
            "WARC-Concurrent-To": response_id,
        },
    )
    writer.write_record(request)
    writer.write_record(response)


def _warcinfo(writer: WARCWriter, name: str, fmt: str) -> None:
    # pantau's reader trusts WARCs whose warcinfo names pantau (its own crawls) and filters
    # the others by domain and language, as it must a real CC-NEWS file: name it accordingly.
    software = "pantau crawler (synthetic)" if fmt == "pantau" else "synthetic news archive"
    info = writer.create_warcinfo_record(
        name,
        {
            "software": software,
            "format": "WARC File Format 1.0",
            "description": f"synthetic corpus in {fmt} layout (bench/corpus.py)",
        },
    )
    writer.write_record(info)


def write_corpus(
    out_dir: Path,
    n: int = 10_000,
    seed: int = 7,
    fmt: str = "pantau",
    per_file: int = 500,
    manifest: bool = True,
    progress=None,
) -> list[Path]:
    """Write n pages into ceil(n / per_file) gzip WARC files (atomically renamed) + manifest."""
    out_dir.mkdir(parents=True, exist_ok=True)
    prefix = "CC-NEWS-synthetic" if fmt == "cc-news" else "synthetic"
    files: list[Path] = []
    manifest_tmp = out_dir / "manifest.jsonl.tmp"
    truth = manifest_tmp.open("w", encoding="utf-8") if manifest else None
    try:
        for file_no, start in enumerate(range(0, n, per_file)):
            count = min(per_file, n - start)
            final = out_dir / f"{prefix}-{file_no:05d}.warc.gz"
            tmp = final.with_name(final.name + ".tmp")
            with tmp.open("wb") as fh:
                writer = WARCWriter(fh, gzip=True)
                _warcinfo(writer, final.name, fmt)
                for page in generate_pages(count, seed, fmt, start=start):
                    write_page(writer, page, fmt, seed)
                    if truth:
                        truth.write(json.dumps(page.truth(), ensure_ascii=False) + "\n")
                    if progress:
                        progress()
            tmp.replace(final)
            files.append(final)
    finally:
        if truth:
            truth.close()
    if manifest:
        manifest_tmp.replace(out_dir / "manifest.jsonl")
    return files


def main(argv: list[str] | None = None) -> int:
    import argparse

    from rich.progress import Progress

    # argparse rather than Typer: this is a dev script outside the `pantau` CLI.
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="number of pages")
    parser.add_argument("--out", type=Path, default=BENCH_DIR / "out" / "corpus")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--format", choices=FORMATS, default="pantau")
    parser.add_argument("--per-file", type=int, default=500, help="pages per WARC file")
    args = parser.parse_args(argv)
    with Progress() as bar:
        task = bar.add_task(f"writing {args.n} pages", total=args.n)
        files = write_corpus(
            args.out,
            args.n,
            args.seed,
            args.format,
            args.per_file,
            progress=lambda: bar.advance(task),
        )
    size = sum(f.stat().st_size for f in files)
    print(f"{args.n} pages in {len(files)} WARC files, {size / 1e6:.1f} MB, in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
