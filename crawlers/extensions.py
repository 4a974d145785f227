"""A rich progress display for a crawl (enabled by `run_crawl`)."""

from __future__ import annotations

from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from scrapy import signals


class RichProgress:
    """Shows pages archived and responses received while the crawl runs."""

    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.progress = Progress(
            SpinnerColumn(),
            TextColumn("[bold]crawl[/]"),
            BarColumn(bar_width=None),
            TextColumn("{task.fields[archived]} archived, {task.fields[responses]} responses"),
            TimeElapsedColumn(),
            transient=True,
        )
        self.task = None
        self.archived = 0
        self.responses = 0

    @classmethod
    def from_crawler(cls, crawler):
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(ext.response_received, signal=signals.response_received)
        return ext

    def spider_opened(self, spider) -> None:
        self.progress.start()
        self.task = self.progress.add_task("crawl", total=None, archived=0, responses=0)

    def spider_closed(self, spider) -> None:
        self.progress.stop()

    def item_scraped(self, item, response, spider) -> None:
        self.archived += 1
        self._refresh()

    def response_received(self, response, request, spider) -> None:
        self.responses += 1
        self._refresh()

    def _refresh(self) -> None:
        if self.task is not None:
            self.progress.update(self.task, archived=self.archived, responses=self.responses)
