"""Item pipelines: the WARC writer, where every archived page ends."""

from __future__ import annotations

import logging
from pathlib import Path

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem

from crawlers.archive import WarcArchive

logger = logging.getLogger(__name__)


class WarcWriterPipeline:
    """Writes each ArchivedPage as a WARC request/response pair and indexes it.

    A URL already in the index is dropped (unless PANTAU_REFRESH), and with refresh a URL is
    written at most once per run: concurrent links to one article never archive it twice.
    """

    def __init__(
        self,
        out_dir: Path,
        max_bytes: int,
        software: str,
        refresh: bool,
        fsync: bool,
        max_pages: int = 0,
    ):
        self.out_dir = out_dir
        self.max_pages = max_pages
        self.max_bytes = max_bytes
        self.software = software
        self.refresh = refresh
        self.fsync = fsync
        self.archive: WarcArchive | None = None
        self.written_this_run: set[str] = set()
        self.stats = None

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        pipeline = cls(
            out_dir=Path(settings.get("PANTAU_OUT_DIR")),
            max_bytes=settings.getint("WARC_MAX_BYTES"),
            software=settings.get("USER_AGENT"),
            refresh=settings.getbool("PANTAU_REFRESH"),
            fsync=settings.getbool("WARC_FSYNC"),
            max_pages=settings.getint("PANTAU_MAX_PAGES"),
        )
        pipeline.stats = crawler.stats
        return pipeline

    def open_spider(self, spider=None) -> None:
        self.archive = WarcArchive(self.out_dir, self.max_bytes, self.software, self.fsync)
        report = self.archive.recovery
        self.stats.set_value("pantau/recovered_files", report.recovered_files)
        self.stats.set_value("pantau/discarded_files", report.discarded_files)
        self.stats.set_value("pantau/lost_entries", report.lost_entries)

    def close_spider(self, spider=None) -> None:
        if self.archive is not None:
            self.archive.close()
            self.stats.set_value("pantau/warc_files", list(self.archive.files_written))

    def process_item(self, item, spider=None):
        page = ItemAdapter(item).asdict()
        key = page["canonical_url"]
        if key in self.written_this_run or (not self.refresh and key in self.archive):
            self.stats.inc_value("pantau/duplicates_dropped")
            raise DropItem(f"already archived: {key}")
        if self.max_pages and len(self.written_this_run) >= self.max_pages:
            # CLOSESPIDER_ITEMCOUNT stops new requests, but pages already downloaded still
            # arrive; they stay unarchived (and are fetched by the next run).
            self.stats.inc_value("pantau/over_max_pages")
            raise DropItem(f"--max-pages reached: {key}")
        entry = self.archive.write_page(page)
        self.written_this_run.add(key)
        self.stats.inc_value("pantau/archived")
        logger.debug("archived %s -> %s@%d", key, entry.warc_file, entry.offset)
        return item
