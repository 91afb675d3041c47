"""The baseline of bench/crawl.py: a bare Scrapy spider fetching a list of requests.

    .venv/bin/python bench/bare_spider.py REQUESTS.json CONCURRENCY

REQUESTS.json holds `[[method, url], …]` (the requests a zwgk crawl made). Each is fetched once
with Scrapy's defaults, `CONCURRENCY` at a time, politeness off; the links of every page are
extracted with lxml. Prints `{"requests": N, "links": M}`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import lxml.html
import scrapy
from scrapy.crawler import CrawlerProcess


class BareSpider(scrapy.Spider):
    name = "bare"

    def __init__(self, requests: list, **kwargs):
        super().__init__(**kwargs)
        self.todo, self.answered, self.links = requests, 0, 0

    async def start(self):
        for method, url in self.todo:
            yield scrapy.Request(url, method=method, callback=self.parse, errback=self.failed,
                                 dont_filter=True, meta={"handle_httpstatus_all": True})  # fmt: skip

    def parse(self, response):
        self.answered += 1
        if response.body and isinstance(response, scrapy.http.TextResponse):
            root = lxml.html.fromstring(response.body, base_url=response.url)
            root.make_links_absolute(response.url)
            self.links += len(root.xpath("//a/@href"))

    def failed(self, failure):
        self.answered += 1


def main() -> None:
    requests = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    concurrency = int(sys.argv[2])
    process = CrawlerProcess({
        "CONCURRENT_REQUESTS": concurrency, "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency,
        "DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "ROBOTSTXT_OBEY": False,
        "RETRY_ENABLED": False, "LOG_LEVEL": "WARNING", "TELNETCONSOLE_ENABLED": False,
    })  # fmt: skip
    crawler = process.create_crawler(BareSpider)
    process.crawl(crawler, requests=requests)
    process.start()
    print(json.dumps({"requests": crawler.spider.answered, "links": crawler.spider.links}))


if __name__ == "__main__":
    main()
