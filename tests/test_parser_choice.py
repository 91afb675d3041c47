"""The crawl, `zwgk extract` and `zwgk discover` pick a page's list parser the same way.

They used to disagree: `zwgk extract --cms trs` read a page that the crawl records as "not a
'trs' list page", and extract fell back to the generic parser on a page the crawl records as
unparsed.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner
from scrapy.http import HtmlResponse

from crawler import faults
from crawler.cms.base import NextRequest, Page
from crawler.config import Column, CrawlSettings
from crawler.discover_tree import Candidate, probe
from crawler.items import FetchRecord
from crawler.plan import CrawlPlan, Site
from crawler.spiders.columns import ColumnsSpider
from monitor.cli import main

URL = "http://www.qx.gov.cn/gk/tzgg/index.html"
ROWS = "".join(
    f'<li><a href="/gk/tzgg/202611/t202611{day:02d}_{day}.html">青溪县关于做好第{day}批政务公开'
    f'事项梳理工作的通知</a><span class="date">2026-11-{day:02d}</span></li>'
    for day in range(20, 10, -1)
)
PLAIN_LIST = f'<html><body><div class="list"><ul>{ROWS}</ul></div></body></html>'
NOT_A_LIST = (
    "<html><body><h1>青溪县概况</h1><p>青溪县地处山区。</p><a href='/'>首页</a></body></html>"
)
HINTS = [None, "plain", "generic", "trs", "hanweb"]


def crawl_choice(html: str, hint: str | None) -> str:
    """The parser the spider reads the column's first page with, or why it read none."""
    column = Column(id="tzgg", name="通知公告", url=URL, cms=hint)
    plan = CrawlPlan(date(2026, 11, 27), sites=[Site("qx-gov", columns=(column,))])
    spider = ColumnsSpider(CrawlSettings(check_links=False, detail_pages=False), plan)
    request = spider.request(("qx-gov", "tzgg"), NextRequest(URL), first=True)
    response = HtmlResponse(URL, body=html.encode(), encoding="utf-8", request=request)
    (record,) = [item for item in spider.parse_list(response) if isinstance(item, FetchRecord)]
    return record.parser if record.outcome == faults.OK else record.error


def extract_choice(html: str, hint: str | None, tmp_path) -> str:
    """The parser `zwgk extract` names, or the error it stops with."""
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    options = ["--cms", hint] if hint else []
    done = CliRunner().invoke(main, ["extract", str(path), "--url", URL, "--json", *options])
    if done.exit_code == 0:
        return json.loads(done.output)["parser"]
    assert done.exit_code == 2 and done.output.startswith("error: "), done.output
    return done.output.removeprefix("error: ").strip()


def discover_choice(html: str) -> str:
    """The CMS `zwgk discover` finds for a candidate column, or the error it keeps."""
    found, _, _ = probe(Candidate("通知公告", URL, ()), lambda url: Page(url, html))
    return found.cms or found.error.split(": ", 1)[1]


@pytest.mark.parametrize("hint", HINTS)
@pytest.mark.parametrize("html", [PLAIN_LIST, NOT_A_LIST], ids=["plain-list", "not-a-list"])
def test_the_crawl_and_extract_pick_the_same_parser(html, hint, tmp_path):
    assert crawl_choice(html, hint) == extract_choice(html, hint, tmp_path)


@pytest.mark.parametrize("html", [PLAIN_LIST, NOT_A_LIST], ids=["plain-list", "not-a-list"])
def test_discover_picks_the_parser_the_crawl_detects(html):
    assert discover_choice(html) == crawl_choice(html, None)


def test_a_page_they_disagreed_on(tmp_path):
    assert crawl_choice(PLAIN_LIST, None) == "plain"
    assert extract_choice(PLAIN_LIST, "trs", tmp_path) == "the page is not a 'trs' list page"
    assert extract_choice(NOT_A_LIST, None, tmp_path) == "no list parser recognised the page"
    assert discover_choice(NOT_A_LIST) == "no list parser recognised the page"
