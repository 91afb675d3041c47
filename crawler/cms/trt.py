"""TRS "trt" lists (Fujian government templates): rows from the list API `POST /fjdzapp/search`.

A column page built on `list2.trsapi` renders its rows with avalon templates, and names the
API's arguments in its script:
`listModel({quickMode: "动态", listArgs: {channelid: SiteInfo.searchId, classsql: classsql,
sortfield: "-pubdate"}, listApi: {url: "/fjdzapp/search"}, pagebar: {prepage: 10}})`,
with `var SiteInfo = {searchId: 200210}` and `classsql` set in literal if/else branches
(`crawler.cms.jsvalues` reads them). The crawl POSTs those arguments with `page` and
`prepage`; the answer is JSON, `{"pageCount": 3, "data": [{"doctitle", "docpuburl" or
"chnldocurl", "docreltime", "pubdate", "fileno"}]}`, and the next page is asked for with
the same form while `page < pageCount`. An argument known only at run time makes the list
`js_only`: never a request with a guessed argument (no `classsql` would list the whole site).
`quickMode: "动静结合"` pages carry their first records in the HTML (`avalon.py`).
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urljoin

from crawler.cms import dom
from crawler.cms.base import MAX_NEXT, ListEntry, ListPage, ListParser, NextRequest, Page
from crawler.cms.jsvalues import call_object, page_script, properties, resolve
from crawler.dates import find_date_text, parse_date

LIST_MODULE = "list2.trsapi"
DEFAULT_API = "/fjdzapp/search"
DEFAULT_SORT = "-docorderpri,-docreltime"
DEFAULT_PER_PAGE = 15
REQUIRED = ("channelid", "classsql")
ROW_KEYS = ("data", "docs")
HREF_KEYS = ("docpuburl", "chnldocurl", "url")
DATE_KEYS = ("docreltime", "pubdate")  # 发布日期 first, as the template's columns name them
TAGS = re.compile(r"<[^>]+>")
CHINA = timedelta(hours=8)


@dataclass(frozen=True)
class ListApi:
    """Where a trt list's rows come from: the API URL, its arguments, the page size."""

    url: str
    form: tuple[tuple[str, str], ...]
    per_page: int

    def request(self, number: int) -> NextRequest:
        form = (*self.form, ("page", str(number)), ("prepage", str(self.per_page)))
        return NextRequest(self.url, "POST", form, number, parser=TrtSearchParser.kind)


class TrtListParser(ListParser):
    """trt list pages whose rows all come from the list API (`quickMode: "动态"`)."""

    kind = "trt"
    priority = 15
    reads_scripts = True

    @classmethod
    def detect(cls, page: Page) -> bool:
        return LIST_MODULE in page.text and "$showStatic(" not in page.text

    def parse(self, page: Page, max_next: int = MAX_NEXT) -> ListPage:
        api = list_api(page)
        if api is None:
            why = "the list2.trsapi list's API arguments are set at run time"
            return ListPage(self.kind, js_only=why)
        return ListPage(self.kind, next=[api.request(1)] if max_next > 0 else [], by_api=True)


class TrtSearchParser(ListParser):
    """The JSON answer of the trt list API (`{"pageCount", "data": [{"doctitle", …}]}`)."""

    kind = "trt_search"
    priority = 5
    reads_scripts = True

    @classmethod
    def detect(cls, page: Page) -> bool:
        return page.text.lstrip().startswith("{") and answer_rows(load(page.text)) is not None

    def parse(self, page: Page, max_next: int = MAX_NEXT) -> ListPage:
        answer = load(page.text) or {}
        rows = answer_rows(answer) or []
        items = [entry for entry in (row_entry(row, page.url) for row in rows) if entry]
        following = next_answer(page, answer, len(rows)) if max_next > 0 else []
        return ListPage(self.kind, items, following)


def list_api(page: Page) -> ListApi | None:
    """The list API a `list2.trsapi` page calls, or None when its arguments are not literal."""
    script = page_script(page.text)
    model = call_object(script, "listModel")
    options = properties(model) if model else {}
    args = properties(options["listArgs"]) if "listArgs" in options else {}
    form = {name: resolve(expr, script) for name, expr in args.items()}
    if any(not form.get(name) for name in REQUIRED):
        return None
    form["sortfield"] = form.get("sortfield") or DEFAULT_SORT
    api = properties(options["listApi"]).get("url") if "listApi" in options else None
    pagebar = properties(options["pagebar"]) if "pagebar" in options else {}
    per_page = _int(resolve(pagebar.get("prepage"), script)) or DEFAULT_PER_PAGE
    url = urljoin(page.url, resolve(api, script) or DEFAULT_API)
    known = tuple((name, value) for name, value in form.items() if value is not None)
    return ListApi(url, known, per_page)


def load(text: str) -> dict | None:
    try:
        answer = json.loads(text)
    except ValueError:
        return None
    return answer if isinstance(answer, dict) else None


def answer_rows(answer: dict | None) -> list[dict] | None:
    """The rows of an API answer, or None when it is not one."""
    if answer is None:
        return None
    rows = next((answer[key] for key in ROW_KEYS if isinstance(answer.get(key), list)), None)
    return [row for row in rows if isinstance(row, dict)] if rows is not None else None


def row_entry(row: dict, base_url: str) -> ListEntry | None:
    href = next((str(row[key]).strip() for key in HREF_KEYS if row.get(key)), "")
    title = dom.clean(html.unescape(TAGS.sub("", str(row.get("doctitle") or ""))))
    if not href or not title or href.lower().startswith(dom.NOT_LINKS):
        return None
    shown = next((_day_text(row[key]) for key in DATE_KEYS if row.get(key)), "")
    return ListEntry(title, urljoin(base_url, href), parse_date(shown), shown)


def _day_text(value) -> str:
    """A date as the template shows it (`yyyy-MM-dd`): from text, or epoch milliseconds."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        moment = datetime.fromtimestamp(value / 1000, UTC) + CHINA
        return moment.date().isoformat()
    return find_date_text(str(value)) or ""


def next_answer(page: Page, answer: dict, count: int) -> list[NextRequest]:
    """The same form asking for the next page, while the answer says there is one."""
    form = dict(page.form)
    number, per_page = _int(form.get("page")), _int(form.get("prepage"))
    if not number or not count:
        return []
    pages = _int(str(answer.get("pageCount", "")))
    if pages is None and _int(str(answer.get("recordCount", ""))) is not None and per_page:
        pages = -(-int(answer["recordCount"]) // per_page)
    more = number < pages if pages is not None else bool(per_page) and count >= per_page
    if not more:
        return []
    following = tuple((k, str(number + 1) if k == "page" else v) for k, v in page.form)
    return [NextRequest(page.url, "POST", following, number + 1, parser=TrtSearchParser.kind)]


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None
