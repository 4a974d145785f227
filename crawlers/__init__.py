"""The crawl stage: a Scrapy project that archives regional news pages to WARC."""
