"""Build the offline demo portal (data/demo/site/) and its truth (data/demo/manifest.json).

Run `python data/demo/build.py` after editing `articles.toml`; the output is committed, so the
demo needs no build step. Absolute URLs are written with the placeholder `{{BASE_URL}}`, which
`pipeline.demo.serve_demo` replaces with the address it listens on (sitemaps and feeds must
carry absolute URLs, and the port is only known at serve time).
"""

from __future__ import annotations

import json
import shutil
import tomllib
from dataclasses import dataclass, field
from datetime import datetime
from html import escape
from pathlib import Path

HERE = Path(__file__).resolve().parent
SITE = HERE / "site"
BASE = "{{BASE_URL}}"
BOILERPLATE_PREFIXES = ("Baca juga:", "Berita Lainnya :", "Editor:", "Sumber:")
DISALLOWED_DIR = "/arsip-internal/"
OG_ARTICLE = '<meta property="og:type" content="article">'
OG_WEBSITE = '<meta property="og:type" content="website">'


@dataclass
class Article:
    raw: dict
    site: dict
    path: str = ""
    published: datetime = field(default_factory=datetime.now)

    def __post_init__(self) -> None:
        self.published = datetime.fromisoformat(self.raw["published"])
        if self.raw.get("disallowed"):
            self.path = f"{DISALLOWED_DIR}{self.slug}/"
        else:
            self.path = f"/{self.published:%Y/%m/%d}/{self.slug}/"

    def __getattr__(self, name: str):
        try:
            return self.raw[name]
        except KeyError as exc:
            raise AttributeError(name) from exc

    @property
    def url(self) -> str:
        return BASE + self.path

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.raw["body"].strip().split("\n\n") if p.strip()]

    @property
    def clean_text(self) -> str:
        """The article text without inline boilerplate and credits (what extract should keep)."""
        kept = [
            p
            for p in self.paragraphs
            if not p.startswith(BOILERPLATE_PREFIXES) and not _is_credit(p)
        ]
        return "\n\n".join(kept)

    def display_date(self) -> str:
        month = self.site["months"][self.published.month - 1]
        return f"{self.published.day} {month} {self.published.year}"


def _is_credit(paragraph: str) -> bool:
    return paragraph.startswith("(") and paragraph.endswith(")") and "/red" in paragraph


def load_articles() -> tuple[dict, list[Article]]:
    data = tomllib.loads((HERE / "articles.toml").read_text(encoding="utf-8"))
    site = data["site"]
    return site, [Article(raw, site) for raw in data["article"]]


def page(site: dict, title: str, head_extra: str, main: str, sidebar: str) -> str:
    nav = "".join(
        f'<li><a href="{BASE}/category/{slug}/">{escape(name)}</a></li>'
        for slug, name in site["categories"].items()
    )
    return f"""<!DOCTYPE html>
<html lang="id-ID">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)} - {escape(site["name"])}</title>
{head_extra}
<link rel="alternate" type="application/rss+xml" title="{escape(site["name"])} &raquo; Feed" \
href="{BASE}/feed/">
</head>
<body class="wp-theme-demo">
<header id="masthead" class="site-header">
<div class="topbar"><span class="today">{escape(site["chrome_date"])}</span>
<a href="{BASE}/redaksi/">Redaksi</a> | <a href="{BASE}/tentang-kami/">Tentang Kami</a></div>
<div class="site-branding"><a href="{BASE}/" rel="home">{escape(site["name"])}</a>
<p class="site-description">{escape(site["tagline"])}</p></div>
<nav id="site-navigation" class="main-navigation"><ul>
<li><a href="{BASE}/">Beranda</a></li>{nav}</ul></nav>
</header>
<div id="content" class="site-content">
<main id="primary" class="site-main">
{main}
</main>
<aside id="secondary" class="widget-area">{sidebar}</aside>
</div>
<footer id="colophon" class="site-footer">
<p>&copy; 2024 {escape(site["name"])} &ndash; Jl. Veteran No. 12, Kota Serang, Banten.
Telp. (0254) 000000. Seluruh hak cipta dilindungi.</p>
<p><a href="{BASE}/tentang-kami/">Tentang Kami</a> &middot; <a href="{BASE}/redaksi/">Redaksi</a>
&middot; <a href="{BASE}{DISALLOWED_DIR}draf-rekap-inovasi-internal/">Arsip Internal</a></p>
</footer>
</body>
</html>
"""


def sidebar(articles: list[Article], amp_links: list[str]) -> str:
    latest = sorted(articles, key=lambda a: a.published, reverse=True)[:5]
    items = "".join(f'<li><a href="{a.url}">{escape(a.title)}</a></li>' for a in latest)
    amp = "".join(
        f'<li><a href="{url}?utm_source=widget&amp;utm_medium=sidebar">Versi ringan</a></li>'
        for url in amp_links
    )
    return (
        f'<section class="widget"><h2 class="widget-title">Berita Terkini</h2><ul>{items}</ul>'
        f'</section><section class="widget"><h2 class="widget-title">Terpopuler</h2><ul>{amp}</ul>'
        "</section>"
    )


def article_paragraph(text: str, by_title: dict[str, Article]) -> str:
    for prefix in ("Baca juga:", "Berita Lainnya :"):
        if text.startswith(prefix):
            headline = text[len(prefix) :].strip()
            target = by_title.get(headline)
            href = target.url if target else f"{BASE}/"
            return f'<p><strong>{prefix}</strong> <a href="{href}">{escape(headline)}</a></p>'
    return f"<p>{escape(text)}</p>"


def article_head(a: Article, site: dict, canonical: str) -> str:
    published = a.published.isoformat()
    parts = [
        f'<link rel="canonical" href="{canonical}">',
        '<meta property="og:type" content="article">',
        f'<meta property="og:title" content="{escape(a.title)}">',
        f'<meta property="og:url" content="{canonical}">',
        f'<meta property="og:site_name" content="{escape(site["name"])}">',
        f'<meta property="article:published_time" content="{published}">',
        f'<meta property="article:section" content="{escape(site["categories"][a.category])}">',
        f'<meta name="author" content="{escape(a.author)}">',
    ]
    if a.raw.get("amp"):
        parts.append(f'<link rel="amphtml" href="{a.url}amp/">')
    if a.jsonld:
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": a.title,
            "datePublished": published,
            "dateModified": published,
            "author": {"@type": "Person", "name": a.author},
            "publisher": {"@type": "Organization", "name": site["name"]},
            "mainEntityOfPage": canonical,
        }
        parts.append(
            '<script type="application/ld+json">'
            + json.dumps(data, ensure_ascii=False)
            + "</script>"
        )
    return "\n".join(parts)


def article_main(a: Article, site: dict, by_title: dict[str, Article]) -> str:
    body = "\n".join(article_paragraph(p, by_title) for p in a.paragraphs)
    category = site["categories"][a.category]
    return f"""<article class="post type-post status-publish">
<header class="entry-header">
<span class="cat-links"><a href="{BASE}/category/{a.category}/" rel="category tag">\
{escape(category)}</a></span>
<h1 class="entry-title">{escape(a.title)}</h1>
<div class="entry-meta">Oleh <span class="author vcard">{escape(a.author)}</span> &ndash;
<time class="entry-date published" datetime="{a.published.isoformat()}">{a.display_date()}</time>
</div>
</header>
<figure class="wp-caption"><img src="{BASE}/wp-content/uploads/foto.jpg" alt="">
<figcaption>Foto: dok. {escape(a.author)}</figcaption></figure>
<div class="entry-content">
{body}
</div>
<footer class="entry-footer"><div class="share">Bagikan: Facebook | Twitter | WhatsApp</div>
<span class="tags-links">Tag: <a href="{BASE}/tag/inovasi/" rel="tag">inovasi</a></span>
</footer>
</article>
<div id="comments"><h3>Tinggalkan Balasan</h3><form>Komentar: <textarea></textarea></form></div>"""


def write(path: str, text: str, encoding: str = "utf-8") -> None:
    target = SITE / path.lstrip("/")
    if path.endswith("/"):
        target = target / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(text.encode(encoding))


def build_articles(site: dict, articles: list[Article], side: str) -> None:
    by_title = {a.title: a for a in articles}
    for a in articles:
        html = page(
            site, a.title, article_head(a, site, a.url), article_main(a, site, by_title), side
        )
        if a.raw.get("encoding") == "windows-1252":
            html = html.replace(
                '<meta charset="UTF-8">',
                '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">',
            )
            write(a.path, html, "cp1252")
        elif a.raw.get("broken"):
            # A page cut off mid-transfer with garbage after it: extract must skip it cleanly.
            cut = html.index('<div class="entry-content">') + 60
            target = SITE / a.path.lstrip("/") / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(html[:cut].encode() + b"\x00\xff\xfe\x1f\x8b garbage \xc3\x28")
        else:
            write(a.path, html)
        if a.raw.get("amp"):
            amp_head = f'<link rel="canonical" href="{a.url}">\n{OG_ARTICLE}'
            write(
                a.path + "amp/", page(site, a.title, amp_head, article_main(a, site, by_title), "")
            )


def listing_main(
    title: str, items: list[Article], prev_url: str | None, next_url: str | None
) -> str:
    posts = "\n".join(
        f'<article class="post"><h2 class="entry-title"><a href="{a.url}" rel="bookmark">'
        f'{escape(a.title)}</a></h2><div class="entry-summary"><p>{escape(a.paragraphs[0][:140])}'
        f"&hellip;</p></div></article>"
        for a in items
    )
    nav = ""
    if prev_url:
        nav += f'<a class="prev page-numbers" href="{prev_url}">&laquo; Sebelumnya</a> '
    if next_url:
        nav += f'<a class="next page-numbers" href="{next_url}">Berikutnya &raquo;</a>'
    return (
        f'<h1 class="page-title">{escape(title)}</h1>\n{posts}\n<nav class="pagination">{nav}</nav>'
    )


def build_listing(
    site: dict, base_path: str, title: str, items: list[Article], side: str
) -> list[str]:
    """Write a paginated listing; returns the paths of its pages."""
    per = site["per_page"]
    pages = [items[i : i + per] for i in range(0, len(items), per)] or [[]]
    paths = [base_path if n == 1 else f"{base_path}page/{n}/" for n in range(1, len(pages) + 1)]
    for n, chunk in enumerate(pages):
        prev_url = BASE + paths[n - 1] if n > 0 else None
        next_url = BASE + paths[n + 1] if n + 1 < len(pages) else None
        head = f'{OG_WEBSITE}\n<link rel="canonical" href="{BASE}{paths[n]}">'
        if next_url:
            head += f'\n<link rel="next" href="{next_url}">'
        write(
            paths[n], page(site, title, head, listing_main(title, chunk, prev_url, next_url), side)
        )
    return paths


def sitemap_urlset(entries: list[tuple[str, str]]) -> str:
    urls = "".join(f"<url><loc>{loc}</loc><lastmod>{mod}</lastmod></url>\n" for loc, mod in entries)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + urls + "</urlset>\n"
    )


def news_sitemap(site: dict, items: list[Article]) -> str:
    urls = "".join(
        f"<url><loc>{a.url}</loc><news:news><news:publication><news:name>{escape(site['name'])}"
        f"</news:name><news:language>id</news:language></news:publication>"
        f"<news:publication_date>{a.published.isoformat()}</news:publication_date>"
        f"<news:title>{escape(a.title)}</news:title></news:news></url>\n"
        for a in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n' + urls + "</urlset>\n"
    )


def build_sitemaps(site: dict, articles: list[Article], static_pages: list[str]) -> dict:
    posts = sorted(articles, key=lambda a: a.published)
    half = len(posts) // 2
    parts = {"post-sitemap.xml": posts[:half], "post-sitemap2.xml": posts[half:]}
    index_entries = []
    for name, chunk in parts.items():
        (SITE / name).write_text(
            sitemap_urlset([(a.url, a.published.isoformat()) for a in chunk]), encoding="utf-8"
        )
        index_entries.append((f"{BASE}/{name}", chunk[-1].published.isoformat()))
    (SITE / "page-sitemap.xml").write_text(
        sitemap_urlset([(BASE + p, "2024-01-01T00:00:00+07:00") for p in static_pages]),
        encoding="utf-8",
    )
    index_entries.append((f"{BASE}/page-sitemap.xml", "2024-01-01T00:00:00+07:00"))
    newest = [a for a in reversed(posts) if not a.raw.get("disallowed")][
        : site["news_sitemap_items"]
    ]
    (SITE / "news-sitemap.xml").write_text(news_sitemap(site, newest), encoding="utf-8")
    index_entries.append((f"{BASE}/news-sitemap.xml", newest[0].published.isoformat()))
    index = "".join(
        f"<sitemap><loc>{loc}</loc><lastmod>{mod}</lastmod></sitemap>\n"
        for loc, mod in index_entries
    )
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        + index
        + "</sitemapindex>\n"
    )
    (SITE / "sitemap_index.xml").write_text(xml, encoding="utf-8")
    # Yoast answers /sitemap.xml with the index too.
    (SITE / "sitemap.xml").write_text(xml, encoding="utf-8")
    return {"news": [a.path for a in newest]}


def build_feed(site: dict, articles: list[Article]) -> list[str]:
    newest = sorted(
        (a for a in articles if not a.raw.get("disallowed")),
        key=lambda a: a.published,
        reverse=True,
    )[: site["feed_items"]]
    items = "".join(
        f"<item><title>{escape(a.title)}</title>"
        # WordPress feed plugins append tracking parameters: the crawler must strip them.
        f"<link>{a.url}?utm_source=rss&amp;utm_medium=rss&amp;utm_campaign={a.slug}</link>"
        f"<pubDate>{a.published.strftime('%a, %d %b %Y %H:%M:%S %z')}</pubDate>"
        f"<category>{escape(site['categories'][a.category])}</category>"
        f'<guid isPermaLink="false">{BASE}/?p={1000 + i}</guid>'
        f"<description>{escape(a.paragraphs[0][:200])}</description></item>\n"
        for i, a in enumerate(newest)
    )
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0">\n<channel>\n'
        f"<title>{escape(site['name'])}</title><link>{BASE}/</link>"
        f"<description>{escape(site['tagline'])}</description><language>id</language>\n"
        + items
        + "</channel>\n</rss>\n"
    )
    target = SITE / "feed" / "index.xml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(xml, encoding="utf-8")
    return [a.path for a in newest]


def build_static_pages(site: dict, side: str) -> list[str]:
    pages = {
        "/tentang-kami/": ("Tentang Kami", "Pantau Demo adalah portal berita contoh untuk pantau."),
        "/redaksi/": ("Redaksi", "Pemimpin Redaksi: Yani Mulyani. Redaktur: Rina Kartika."),
    }
    for path, (title, text) in pages.items():
        head = f'{OG_WEBSITE}\n<link rel="canonical" href="{BASE}{path}">'
        write(path, page(site, title, head, f"<h1>{title}</h1><p>{text}</p>", side))
    return list(pages)


def main() -> None:
    site, articles = load_articles()
    if SITE.exists():
        shutil.rmtree(SITE)
    SITE.mkdir()
    public = [a for a in articles if not a.raw.get("disallowed")]
    amp_links = [a.url + "amp/" for a in articles if a.raw.get("amp")]
    side = sidebar(public, amp_links)
    build_articles(site, articles, side)
    static_pages = build_static_pages(site, side)
    newest_first = sorted(public, key=lambda a: a.published, reverse=True)
    listings = {"/": build_listing(site, "/", site["name"], newest_first, side)}
    for slug, name in site["categories"].items():
        items = [a for a in newest_first if a.category == slug]
        listings[f"/category/{slug}/"] = build_listing(
            site, f"/category/{slug}/", name, items, side
        )
    sitemaps = build_sitemaps(site, articles, static_pages)
    feed = build_feed(site, articles)
    (SITE / "robots.txt").write_text(
        "User-agent: *\n"
        f"Disallow: {DISALLOWED_DIR}\n"
        "Disallow: /wp-admin/\n"
        "Allow: /wp-admin/admin-ajax.php\n\n"
        f"Sitemap: {BASE}/sitemap_index.xml\n",
        encoding="utf-8",
    )
    by_slug = {a.slug: a for a in articles}
    manifest = {
        "site": site["domain"],
        "base_url_placeholder": BASE,
        "disallowed_prefixes": [DISALLOWED_DIR],
        "static_pages": static_pages,
        "listings": listings,
        "feed": feed,
        "news_sitemap": sitemaps["news"],
        "articles": [
            {
                "path": a.path,
                "slug": a.slug,
                "title": a.title,
                "published": a.published.date().isoformat(),
                "published_at": a.published.isoformat(),
                "region": a.region,
                "province": a.region.split(".")[0],
                "kind": a.kind,
                "stage": a.raw.get("stage"),
                "innovation": a.innovation,
                "category": a.category,
                "author": a.author,
                "editor": a.editor,
                "jsonld": a.jsonld,
                "amp_path": a.path + "amp/" if a.raw.get("amp") else None,
                "dup_of": by_slug[a.dup_of].path if a.raw.get("dup_of") else None,
                "encoding": a.raw.get("encoding", "utf-8"),
                "broken": bool(a.raw.get("broken")),
                "disallowed": bool(a.raw.get("disallowed")),
                "in_feed": a.path in feed,
                "text": a.clean_text,
            }
            for a in articles
        ],
    }
    (HERE / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    print(f"built {len(articles)} articles into {SITE}")


if __name__ == "__main__":
    main()
