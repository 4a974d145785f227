"""A local fault-injecting HTTP server for the crawl reliability tests (127.0.0.1, port 0).

It plays a regional portal that goes wrong in every way issue 9 lists: error statuses with
Retry-After, a server that never answers in time, one that trickles bytes, redirect loops,
redirects to another host and to private addresses, broken robots.txt, invalid / gzipped /
huge / self-referencing sitemaps and a gzip bomb. It records every request it receives, so a
test can assert what the crawler fetched, how often, and what it never tried.

It can also play a *public* portal: with `public_host="portal.invalid"` the sitemaps and
links name that host, and the crawler reaches it through this server used as its HTTP proxy
(`http_proxy=server.proxy_url`). The address guard then sees a public name, as in production,
and must still refuse redirects and links to loopback and private addresses; and since every
request goes through the proxy, a guard that failed would show up here as a request for
10.0.0.1, never as a real connection to it. A redirect to "another domain" names
`lain.invalid` (or `localhost` without a public host): a crawler that followed it would show
up in `seen` with that host.
"""

from __future__ import annotations

import contextlib
import gzip
import threading
import time
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

PRIVATE_TARGETS = ("http://10.0.0.1/rahasia", "http://192.168.1.1/admin")
ERROR_STATUSES = (404, 410, 500, 503)
# Fault pages live where articles do (a dated WordPress path), so a crawler takes them for
# articles and really fetches them.
FAULT_DIR = "/berita/2024/05/06/"
ROBOTS_MODES = ("ok", "missing", "error", "malformed", "timeout")


@dataclass(frozen=True)
class Seen:
    """One request as the server received it."""

    method: str
    path: str
    host: str
    user_agent: str
    at: float


@lru_cache(maxsize=4)
def gzip_bomb(expanded_mb: int) -> bytes:
    """gzip of `expanded_mb` MB of zeros (~1 KB per MB compressed)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)  # wbits 31: gzip container
    chunk = b"\0" * (1024 * 1024)
    parts = [compressor.compress(chunk) for _ in range(expanded_mb)]
    parts.append(compressor.flush())
    return b"".join(parts)


def article_page(number: int, extra_links: str = "") -> bytes:
    """A small, well-formed regional article composed for these tests."""
    title = f"Pemkot Uji Coba Inovasi Layanan Nomor {number}"
    published = f"2024-05-{number % 28 + 1:02d}T09:00:00+07:00"
    return (
        f'<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta property="article:published_time" content="{published}">'
        f"</head><body><nav><a href='/'>Beranda</a></nav><article><h1>{title}</h1>"
        f"<p>SERANG – Pemerintah Kota Serang meluncurkan inovasi layanan nomor {number} di Aula "
        f"Bappeda, Senin (6/5/2024). Sebanyak {number + 20} peserta mengikuti kegiatan itu.</p>"
        f"<p>Kepala Bappeda Kota Serang mengatakan inovasi ini dinilai oleh tim BSKDN "
        f"Kemendagri pekan depan.</p>{extra_links}</article></body></html>"
    ).encode()


@dataclass
class FaultConfig:
    robots: str = "ok"  # one of ROBOTS_MODES
    articles: int = 5  # good article pages /berita/2024/05/<n>/...
    slow_seconds: float = 30.0  # /lambat sleeps this long before answering
    trickle_seconds: float = 30.0  # /menetes sends one byte every 0.5 s this long
    huge_sitemap_mb: int = 40  # /sitemap-huge.xml size
    bomb_mb: int = 512  # expanded size of the gzip bombs
    retry_after: int = 1  # Retry-After seconds on 503
    extra_routes: dict = field(default_factory=dict)  # path -> (status, headers, body)


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        # A crawler that hangs up (timeouts, size limits) is expected here, not an error.
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class FaultServer:
    """`with FaultServer() as server: server.url("/sitemap.xml")`; `server.seen` lists requests."""

    def __init__(self, config: FaultConfig | None = None, public_host: str | None = None) -> None:
        self.config = config or FaultConfig()
        self.public_host = public_host
        self.seen: list[Seen] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._httpd = _QuietServer(("127.0.0.1", 0), self._handler_class())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    # ------------------------------------------------------------ lifecycle

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    @property
    def proxy_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def base(self) -> str:
        return f"http://{self.public_host}" if self.public_host else self.proxy_url

    @property
    def other_host(self) -> str:
        return "lain.invalid" if self.public_host else "localhost"

    def url(self, path: str, host: str | None = None) -> str:
        if host is None:
            return f"{self.base}{path}"
        return f"http://{host}{path}" if self.public_host else f"http://{host}:{self.port}{path}"

    def start(self) -> FaultServer:
        gzip_bomb(self.config.bomb_mb)  # built before serving: it takes ~1 s per 300 MB
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()  # wakes the sleeping / trickling handlers
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> FaultServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # ------------------------------------------------------------ what was seen

    def record(self, seen: Seen) -> None:
        with self._lock:
            self.seen.append(seen)

    def hits(self, path: str, host: str | None = None) -> int:
        with self._lock:
            return sum(
                1
                for s in self.seen
                if s.path == path and (host is None or s.host.split(":")[0] == host)
            )

    def paths(self) -> list[str]:
        with self._lock:
            return [s.path for s in self.seen]

    # ------------------------------------------------------------ routes

    def article_paths(self) -> list[str]:
        return [
            f"/berita/2024/05/{n:02d}/inovasi-layanan-{n}.html"
            for n in range(1, self.config.articles + 1)
        ]

    def fault_paths(self) -> list[str]:
        """Pages listed in the sitemap that must fail, each in its own way."""
        return [
            *(f"{FAULT_DIR}status-{code}.html" for code in ERROR_STATUSES),
            f"{FAULT_DIR}lambat.html",
            f"{FAULT_DIR}menetes.html",
            f"{FAULT_DIR}loop-a.html",
            f"{FAULT_DIR}ke-domain-lain.html",
            f"{FAULT_DIR}ke-alamat-privat.html",
            f"{FAULT_DIR}ke-loopback-lain.html",
            f"{FAULT_DIR}bom.html",
        ]

    def sitemap_index(self) -> bytes:
        children = [
            "/sitemap-berita.xml",
            "/sitemap-gz.xml.gz",
            "/sitemap-rusak.xml",
            "/sitemap-diri.xml",
            "/sitemap-huge.xml",
            "/sitemap-bom.xml.gz",
        ]
        items = "".join(f"<sitemap><loc>{self.base}{c}</loc></sitemap>" for c in children)
        return (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"{items}</sitemapindex>"
        ).encode()

    def urlset(self, paths: list[str]) -> bytes:
        items = "".join(
            f"<url><loc>{self.base}{p}</loc><lastmod>2024-05-06</lastmod></url>" for p in paths
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"{items}</urlset>"
        ).encode()

    def robots(self) -> tuple[int, bytes]:
        mode = self.config.robots
        allow = f"User-agent: *\nDisallow: /rahasia/\nSitemap: {self.base}/sitemap.xml\n"
        if mode == "ok":
            return 200, allow.encode()
        if mode == "missing":
            return 404, b"not found"
        if mode == "error":
            return 503, b"unavailable"
        if mode == "malformed":
            return 200, b"\x89PNG\r\n\x1a\n<<<User-agent ::: * Disallow>>>\xff\xfe" * 50
        raise ValueError(f"robots mode {mode!r} is served by the handler")

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # quiet: the test reads `server.seen`
                pass

            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                host = self.headers.get("Host", "")
                if self.path.startswith("http://"):  # a proxy request: absolute URI
                    parts = urlsplit(self.path)
                    host = parts.netloc
                    self.path = parts.path + (f"?{parts.query}" if parts.query else "")
                server.record(
                    Seen(
                        "GET",
                        self.path,
                        host,
                        self.headers.get("User-Agent", ""),
                        time.monotonic(),
                    )
                )
                # The crawler hanging up on us is the point of some routes.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    server._route(self)

            def do_HEAD(self) -> None:  # noqa: N802
                self.do_GET()

        return Handler

    def _route(self, h: BaseHTTPRequestHandler) -> None:
        path = h.path.split("?", 1)[0]
        c = self.config
        if path in c.extra_routes:
            status, headers, body = c.extra_routes[path]
            return self._send(h, status, body, headers)
        if path == "/robots.txt":
            if c.robots == "timeout":
                return self._sleep_then(h, c.slow_seconds)
            status, body = self.robots()
            return self._send(h, status, body, {"Content-Type": "text/plain"})
        if path == "/sitemap.xml":
            return self._send(h, 200, self.sitemap_index(), {"Content-Type": "application/xml"})
        if path == "/sitemap-berita.xml":
            body = self.urlset(self.article_paths() + self.fault_paths())
            return self._send(h, 200, body, {"Content-Type": "application/xml"})
        if path == "/sitemap-gz.xml.gz":
            body = gzip.compress(self.urlset(self.article_paths()[:2]))
            return self._send(h, 200, body, {"Content-Type": "application/x-gzip"})
        if path == "/sitemap-rusak.xml":
            body = b"<?xml version='1.0'?><urlset><url><loc>" + b"\xff\xfe<<" * 100
            return self._send(h, 200, body, {"Content-Type": "application/xml"})
        if path == "/sitemap-diri.xml":
            body = (
                '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/'
                f'sitemap/0.9"><sitemap><loc>{self.base}/sitemap-diri.xml</loc></sitemap>'
                "</sitemapindex>"
            ).encode()
            return self._send(h, 200, body, {"Content-Type": "application/xml"})
        if path == "/sitemap-huge.xml":
            return self._send_huge_sitemap(h)
        if path == "/sitemap-bom.xml.gz":
            return self._send(h, 200, gzip_bomb(c.bomb_mb), {"Content-Type": "application/x-gzip"})
        if path in self.article_paths():
            number = self.article_paths().index(path) + 1
            links = "".join(f'<a href="{t}">tautan</a> ' for t in PRIVATE_TARGETS)
            return self._send(h, 200, article_page(number, links), {"Content-Type": "text/html"})
        if path.startswith(f"{FAULT_DIR}status-"):
            code = int(path.rsplit("-", 1)[1].split(".")[0])
            headers = {"Retry-After": str(c.retry_after)} if code == 503 else {}
            return self._send(h, code, b"error", headers)
        if path == f"{FAULT_DIR}lambat.html":
            return self._sleep_then(h, c.slow_seconds)
        if path == f"{FAULT_DIR}menetes.html":
            return self._trickle(h, c.trickle_seconds)
        if path in (f"{FAULT_DIR}loop-a.html", f"{FAULT_DIR}loop-b.html"):
            target = (
                f"{FAULT_DIR}loop-b.html" if path.endswith("a.html") else f"{FAULT_DIR}loop-a.html"
            )
            return self._send(h, 302, b"", {"Location": self.url(target)})
        if path == f"{FAULT_DIR}ke-domain-lain.html":
            target = "/berita/2024/05/01/inovasi-layanan-1.html"
            location = self.url(target, host=self.other_host)
            return self._send(h, 301, b"", {"Location": location})
        if path == f"{FAULT_DIR}ke-alamat-privat.html":
            return self._send(h, 302, b"", {"Location": PRIVATE_TARGETS[0]})
        if path == f"{FAULT_DIR}ke-loopback-lain.html":
            return self._send(h, 302, b"", {"Location": f"http://127.0.0.2:{self.port}/rahasia"})
        if path == f"{FAULT_DIR}bom.html":
            headers = {"Content-Type": "text/html", "Content-Encoding": "gzip"}
            return self._send(h, 200, gzip_bomb(c.bomb_mb), headers)
        return self._send(h, 404, b"not found", {"Content-Type": "text/plain"})

    # ------------------------------------------------------------ response helpers

    @staticmethod
    def _send(h, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        h.send_response(status)
        for name, value in (headers or {}).items():
            h.send_header(name, value)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        if h.command != "HEAD":
            h.wfile.write(body)

    def _sleep_then(self, h, seconds: float) -> None:
        if not self._stop.wait(seconds):
            self._send(h, 200, article_page(99), {"Content-Type": "text/html"})

    def _trickle(self, h, seconds: float) -> None:
        body = article_page(98)
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        deadline = time.monotonic() + seconds
        for i in range(len(body)):
            if time.monotonic() > deadline or self._stop.wait(0.5):
                return
            h.wfile.write(body[i : i + 1])
            h.wfile.flush()

    def _send_huge_sitemap(self, h) -> None:
        """A sitemap of `huge_sitemap_mb` MB, streamed (a size limit must cut it off)."""
        head = (
            b'<?xml version="1.0" encoding="UTF-8"?>'
            b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        )
        tail = b"</urlset>"
        item = f"<url><loc>{self.base}/berita/besar/halaman.html</loc></url>".encode()
        count = self.config.huge_sitemap_mb * 1024 * 1024 // len(item)
        h.send_response(200)
        h.send_header("Content-Type", "application/xml")
        h.send_header("Content-Length", str(len(head) + count * len(item) + len(tail)))
        h.end_headers()
        h.wfile.write(head)
        block = item * 1000
        for _ in range(count // 1000):
            if self._stop.is_set():
                return
            h.wfile.write(block)
        h.wfile.write(item * (count % 1000) + tail)
