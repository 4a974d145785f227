"""The archive on disk: WARC files written with warcio, and the URL index that is their truth.

Layout of an archive directory:

    pantau-20240129T142000-12345-00000.warc.gz        closed, complete files
    pantau-20240129T142000-12345-00001.warc.gz.open   the file being written
    index.sqlite                                      canonical URL -> file, offset, length

Each page is a request record and a response record, each its own gzip member (so a reader can
seek to an offset). A page enters the index only after its records are on disk, in one SQLite
transaction; a crash therefore leaves at most an unindexed tail in an `.open` file, which
`recover()` cuts off before the next run, so that every indexed page exists exactly once and
every lost page is fetched again.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

logger = logging.getLogger(__name__)

INDEX_NAME = "index.sqlite"
OPEN_SUFFIX = ".open"
# The WARC keeps the decoded payload, so headers that describe a transfer encoding would make
# readers decode it a second time.
TRANSFER_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}

SCHEMA = """
CREATE TABLE IF NOT EXISTS pages (
    canonical_url TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    warc_file TEXT NOT NULL,
    offset INTEGER NOT NULL,
    length INTEGER NOT NULL,
    status INTEGER NOT NULL,
    fetched_at TEXT NOT NULL,
    source TEXT,
    payload_sha1 TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS pages_by_file ON pages (warc_file);
"""


@dataclass(frozen=True)
class IndexEntry:
    canonical_url: str
    url: str
    warc_file: str  # final file name (without .open), relative to the archive directory
    offset: int  # of the response record
    length: int  # of the response record, compressed


@dataclass
class RecoveryReport:
    skipped_live: int = 0
    recovered_files: int = 0
    discarded_files: int = 0
    truncated_bytes: int = 0
    lost_entries: int = 0


class UrlIndex:
    """canonical URL -> where its response record lives (SQLite, WAL: safe for readers)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        # Several crawl processes may share one archive (one frontier, see distributed.py):
        # wait for each other's short write transactions instead of failing.
        self.db = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=60)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.executescript(SCHEMA)

    def __contains__(self, canonical_url: str) -> bool:
        row = self.db.execute(
            "SELECT 1 FROM pages WHERE canonical_url = ?", (canonical_url,)
        ).fetchone()
        return row is not None

    def add(self, entry: IndexEntry, status: int, fetched_at: str, source: str, sha1: str) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO pages VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                entry.canonical_url,
                entry.url,
                entry.warc_file,
                entry.offset,
                entry.length,
                status,
                fetched_at,
                source,
                sha1,
            ),
        )

    def end_of_file(self, warc_file: str) -> int:
        """Byte offset just past the last indexed record of a file (0 when none)."""
        row = self.db.execute(
            "SELECT MAX(offset + length) FROM pages WHERE warc_file = ?", (warc_file,)
        ).fetchone()
        return row[0] or 0

    def files(self) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT DISTINCT warc_file FROM pages")}

    def forget_file(self, warc_file: str) -> int:
        cursor = self.db.execute("DELETE FROM pages WHERE warc_file = ?", (warc_file,))
        return cursor.rowcount

    def count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM pages").fetchone()[0]

    def entries(self) -> list[IndexEntry]:
        rows = self.db.execute(
            "SELECT canonical_url, url, warc_file, offset, length FROM pages"
            " ORDER BY warc_file, offset"
        )
        return [IndexEntry(*row) for row in rows]

    def close(self) -> None:
        self.db.close()


def recover(out_dir: Path, index: UrlIndex) -> RecoveryReport:
    """Make the archive consistent after a crash: the index is the truth.

    Each `.open` file is cut just after its last indexed record and closed (renamed); a file
    with no indexed record is deleted. Index rows whose file is gone are dropped, so their
    pages are fetched again.
    """
    report = RecoveryReport()
    for open_file in sorted(out_dir.glob(f"*.warc.gz{OPEN_SUFFIX}")):
        if _writer_alive(open_file.name):
            report.skipped_live += 1  # another crawl on this machine is writing it
            continue
        final_name = open_file.name.removesuffix(OPEN_SUFFIX)
        end = index.end_of_file(final_name)
        size = open_file.stat().st_size
        if end == 0:
            open_file.unlink()
            report.discarded_files += 1
            report.truncated_bytes += size
            continue
        if end > size:
            # Indexed bytes missing from disk: the file cannot be trusted; fetch its pages again.
            report.lost_entries += index.forget_file(final_name)
            open_file.unlink()
            report.discarded_files += 1
            continue
        with open(open_file, "r+b") as fh:
            fh.truncate(end)
        report.truncated_bytes += size - end
        os.replace(open_file, out_dir / final_name)
        report.recovered_files += 1
    for name in index.files():
        if not (out_dir / name).exists() and not (out_dir / (name + OPEN_SUFFIX)).exists():
            report.lost_entries += index.forget_file(name)
    if report.recovered_files or report.discarded_files or report.lost_entries:
        logger.warning("archive recovered after an interrupted run: %s", report)
    return report


def _writer_alive(name: str) -> bool:
    """Is the process that writes this `.open` file (pid in its name) still running?"""
    try:
        pid = int(name.split("-")[2])
    except (IndexError, ValueError):
        return False
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class WarcArchive:
    """Appends request/response pairs to size-rotated WARC files and indexes them."""

    def __init__(self, out_dir: Path, max_bytes: int, software: str, fsync: bool = True) -> None:
        self.out_dir = Path(out_dir)
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.max_bytes = max_bytes
        self.software = software
        self.fsync = fsync
        self.index = UrlIndex(self.out_dir / INDEX_NAME)
        self.recovery = recover(self.out_dir, self.index)
        self._fh = None
        self._writer: WARCWriter | None = None
        self._name: str | None = None
        self._serial = 0
        self._stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        self.files_written: list[str] = []

    def __contains__(self, canonical_url: str) -> bool:
        return canonical_url in self.index

    def write_page(self, page: dict) -> IndexEntry:
        """Write one page (an ArchivedPage as dict) and index it; returns its index entry."""
        writer = self._current_writer()
        fetched_at = page["fetched_at"].astimezone(UTC)
        warc_date = fetched_at.strftime("%Y-%m-%dT%H:%M:%SZ")
        request = self._request_record(writer, page, warc_date)
        response = self._response_record(writer, page, warc_date)
        request.rec_headers.add_header(
            "WARC-Concurrent-To", response.rec_headers.get_header("WARC-Record-ID")
        )
        writer.write_record(request)
        offset = self._fh.tell()
        writer.write_record(response)
        end = self._fh.tell()
        self._fh.flush()
        if self.fsync:
            os.fsync(self._fh.fileno())
        entry = IndexEntry(page["canonical_url"], page["url"], self._name, offset, end - offset)
        sha1 = hashlib.sha1(page["body"]).hexdigest()
        self.index.add(entry, page["status"], warc_date, page.get("source") or "", sha1)
        if end >= self.max_bytes:
            self._close_current()
        return entry

    def close(self) -> None:
        self._close_current()
        self.index.close()

    def _current_writer(self) -> WARCWriter:
        if self._writer is None:
            self._name = f"pantau-{self._stamp}-{os.getpid()}-{self._serial:05d}.warc.gz"
            self._serial += 1
            # Kept open across many pages and closed in _close_current(): no `with` here.
            self._fh = open(self.out_dir / (self._name + OPEN_SUFFIX), "wb")  # noqa: SIM115
            self._writer = WARCWriter(self._fh, gzip=True)
            info = self._writer.create_warcinfo_record(
                self._name,
                {
                    "software": self.software,
                    "format": "WARC File Format 1.1",
                    "isPartOf": "pantau",
                },
            )
            self._writer.write_record(info)
        return self._writer

    def _close_current(self) -> None:
        if self._fh is None:
            return
        self._fh.flush()
        if self.fsync:
            os.fsync(self._fh.fileno())
        self._fh.close()
        os.replace(self.out_dir / (self._name + OPEN_SUFFIX), self.out_dir / self._name)
        self.files_written.append(self._name)
        self._fh = self._writer = self._name = None

    def _request_record(self, writer: WARCWriter, page: dict, warc_date: str):
        parts = urlsplit(page["url"])
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        headers = [(k, v) for k, v in page["request_headers"] if k.lower() != "content-length"]
        if not any(k.lower() == "host" for k, _ in headers):
            headers.insert(0, ("Host", parts.netloc))
        http = StatusAndHeaders(
            f"{page['request_method']} {target or '/'} {page['protocol']}",
            headers,
            is_http_request=True,
        )
        return writer.create_warc_record(
            page["url"],
            "request",
            payload=BytesIO(b""),
            length=0,
            http_headers=http,
            warc_headers_dict={"WARC-Date": warc_date},
        )

    def _response_record(self, writer: WARCWriter, page: dict, warc_date: str):
        body = page["body"]
        headers = [(k, v) for k, v in page["response_headers"] if k.lower() not in TRANSFER_HEADERS]
        headers.append(("Content-Length", str(len(body))))
        http = StatusAndHeaders(
            f"{page['status']} {_reason(page['status'])}", headers, protocol=page["protocol"]
        )
        warc_headers = {
            "WARC-Date": warc_date,
            "WARC-Record-ID": f"<urn:uuid:{uuid.uuid4()}>",
            # pantau's own fields (WARC allows extension fields): what extract needs to know.
            "Pantau-Canonical-URL": page["canonical_url"],
            "Pantau-Source": page.get("source") or "",
        }
        if page.get("region_hint"):
            warc_headers["Pantau-Region-Hint"] = page["region_hint"]
        if page.get("ip_address"):
            warc_headers["WARC-IP-Address"] = page["ip_address"]
        return writer.create_warc_record(
            page["url"],
            "response",
            payload=BytesIO(body),
            length=len(body),
            http_headers=http,
            warc_headers_dict=warc_headers,
        )


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"
