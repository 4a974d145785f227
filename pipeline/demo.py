"""The offline demo: a small static portal served on 127.0.0.1, and `pantau demo`.

`serve_demo()` serves data/demo/site with the Content-Types a WordPress portal sends (the
windows-1252 page says so in its header too) and logs every request, so tests can prove what
the crawler did and did not fetch. `run_demo()` serves the site, crawls it with the real
spiders and runs the later stages that exist.
"""

from __future__ import annotations

import json
import shutil
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from pipeline import config

DEMO_DIR = config.DATA_DIR / "demo"
SITE_DIR = DEMO_DIR / "site"
MANIFEST_FILE = DEMO_DIR / "manifest.json"
BASE_PLACEHOLDER = b"{{BASE_URL}}"
INDEX_FILES = ("index.html", "index.xml")
CONTENT_TYPES = {
    ".html": "text/html",
    ".xml": "application/xml",
    ".txt": "text/plain",
}
# A directory whose index is an RSS feed is served as a feed, as WordPress does for /feed/.
FEED_DIRS = {"feed"}


@dataclass(frozen=True)
class LoggedRequest:
    method: str
    path: str
    user_agent: str
    status: int


class DemoServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, site_dir: Path, delay: float) -> None:
        super().__init__(("127.0.0.1", 0), DemoHandler)
        self.site_dir = site_dir.resolve()
        self.delay = delay
        self.base_url = f"http://127.0.0.1:{self.server_address[1]}"
        self.request_log: list[LoggedRequest] = []
        self._log_lock = threading.Lock()

    def record(self, entry: LoggedRequest) -> None:
        with self._log_lock:
            self.request_log.append(entry)

    def requested_paths(self) -> list[str]:
        with self._log_lock:
            return [entry.path for entry in self.request_log]


class DemoHandler(BaseHTTPRequestHandler):
    server: DemoServer
    server_version = "pantau-demo/1.0"
    # Headers and body go out in two writes; with Nagle's algorithm on, the client's delayed
    # ACK stalls every response by ~40 ms, and the benchmark would measure that, not the crawler.
    disable_nagle_algorithm = True

    def do_GET(self) -> None:
        self._serve(send_body=True)

    def do_HEAD(self) -> None:
        self._serve(send_body=False)

    def log_message(self, format: str, *args: object) -> None:
        # The request log above is the record; keep stderr quiet.
        pass

    def _serve(self, send_body: bool) -> None:
        if self.server.delay:
            time.sleep(self.server.delay)
        path = unquote(urlsplit(self.path).path)
        target = self._resolve(path)
        if target is None:
            self._reply(
                404,
                b"<html><body><h1>404 Halaman tidak ditemukan</h1></body></html>",
                "text/html; charset=UTF-8",
                send_body,
                path,
            )
            return
        if target.is_dir():
            # Directory without trailing slash: redirect like WordPress does.
            self._record(path, 301)
            self.send_response(301)
            self.send_header("Location", path + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = target.read_bytes().replace(BASE_PLACEHOLDER, self.server.base_url.encode())
        self._reply(200, body, content_type(target, body), send_body, path)

    def _resolve(self, path: str) -> Path | None:
        candidate = (self.server.site_dir / path.lstrip("/")).resolve()
        if not candidate.is_relative_to(self.server.site_dir) or not candidate.exists():
            return None
        if candidate.is_dir():
            if not path.endswith("/"):
                return candidate
            for name in INDEX_FILES:
                if (candidate / name).is_file():
                    return candidate / name
            return None
        return candidate

    def _reply(self, status: int, body: bytes, ctype: str, send_body: bool, path: str) -> None:
        self._record(path, status)
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def _record(self, path: str, status: int) -> None:
        ua = self.headers.get("User-Agent", "")
        self.server.record(LoggedRequest(self.command, path, ua, status))


def content_type(target: Path, body: bytes) -> str:
    """Content-Type with charset; the charset comes from the page's own declaration."""
    if target.name == "index.xml" and target.parent.name in FEED_DIRS:
        return "application/rss+xml; charset=UTF-8"
    base = CONTENT_TYPES.get(target.suffix, "application/octet-stream")
    if base.startswith("text/") or base.endswith("xml"):
        head = body[:1024].lower()
        charset = "windows-1252" if b"charset=windows-1252" in head else "UTF-8"
        return f"{base}; charset={charset}"
    return base


def serve_demo(
    port: int = 0, site_dir: Path = SITE_DIR, delay: float = 0.0
) -> tuple[DemoServer, str]:
    """Serve the demo site on 127.0.0.1 in a background thread; returns (server, base_url).

    `port=0` picks a free port. Call `server.shutdown()` when done.
    """
    if port:
        raise ValueError("serve_demo binds a free port; pass port=0")
    server = DemoServer(site_dir, delay)
    thread = threading.Thread(target=server.serve_forever, name="pantau-demo", daemon=True)
    thread.start()
    return server, server.base_url


def load_manifest() -> dict:
    """The machine-readable truth about the demo site (data/demo/manifest.json)."""
    return json.loads(MANIFEST_FILE.read_text(encoding="utf-8"))


def expected_article_paths(manifest: dict) -> set[str]:
    """Article pages a polite crawler archives: every article except robots-disallowed ones."""
    return {a["path"] for a in manifest["articles"] if not a["disallowed"]}


def run_demo(workdir: Path) -> int:
    """Serve the demo, crawl it by autodiscovery, extract, load and write the brief.

    Everything goes under `workdir` (warc/, facts/, pantau.duckdb) so the demo never mixes with
    a real crawl. Returns a process exit code.
    """
    from rich.console import Console

    from crawlers.run import run_crawl
    from pipeline.brief import build_brief
    from pipeline.extract import run_extract

    console = Console()
    cleared = clear_demo_output(workdir)
    if cleared:
        # The demo site is served on a new port each run, so its URLs change: an earlier run's
        # archive would be a second copy of every article, not an increment.
        console.print(f"demo: starting afresh in {workdir} (removed {', '.join(cleared)})")
    warc_dir = workdir / "warc"
    server, base_url = serve_demo()
    try:
        console.rule(f"pantau demo: data/demo/site served at {base_url}")
        summary = run_crawl(
            start_url=base_url + "/",
            out_dir=warc_dir,
            allow_private=True,
            throttle=False,
        )
    finally:
        server.shutdown()
    done = [
        f"crawl: {summary.archived} pages archived, {summary.skipped} skipped, "
        f"{summary.errors} errors -> {warc_dir}"
    ]
    status = 1 if summary.errors else 0
    code = run_extract(
        inputs=[warc_dir],
        db_file=workdir / "pantau.duckdb",
        facts_dir=workdir / "facts",
        workers=1,
        shard=None,
        any_domain=True,
        sources_file=config.SOURCES_FILE,
        load=True,
    )
    done.append(f"extract + load: exit code {code} -> {workdir / 'pantau.duckdb'}")
    status = status or int(code or 0)
    brief_file = None
    if status == 0:
        console.rule("brief")
        brief_file = build_brief(
            db=workdir / "pantau.duckdb", period="all", out_dir=workdir / "reports"
        )
        done.append(f"brief: {brief_file}")
    console.rule("demo summary")
    for line in done:
        console.print(line)
    if brief_file is not None:
        # The brief's path alone on the last line, for scripts and for `make demo`.
        print(brief_file)
    return status


def clear_demo_output(workdir: Path) -> list[str]:
    """Remove what an earlier demo wrote under `workdir`; the names removed."""
    removed = []
    for name in ("warc", "facts", "reports", "pantau.duckdb", "pantau.duckdb.wal"):
        path = workdir / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
        else:
            continue
        removed.append(name)
    return removed
