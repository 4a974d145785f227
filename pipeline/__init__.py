"""pantau: follows regional-government innovation in Indonesian news.

Stages, in the one direction data flows: crawl (``crawlers``) -> extract (``pipeline.extract``)
-> load (``pipeline.store``) -> query (``pipeline.query``) / brief (``pipeline.brief``).
"""

__version__ = "0.1.0"
