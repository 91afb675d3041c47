"""`zwgk crawl` of lists whose pager or rows live in scripts, on a real server on 127.0.0.1.

One crawl of one department's site (pages from `scripted_sites.py`, modelled on real
county sites), then `zwgk check`: a reverse-numbered pager is followed to its page 2; no
page the site does not name is asked for (the server's log says what was); the TRS trt list
API and the Hanweb dataproxy are called with the arguments the pages give, and their rows
are stored; a list a script of an unknown CMS renders is `js_only`, and no blank or stale
finding comes of it.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import yaml
from crawling import query, zwgk
from scripted_sites import (
    HTML,
    LoggingServer,
    avalon_static_page,
    component_page,
    component_rows,
    hanweb_answer,
    hanweb_script_page,
    titles,
    trt_answer,
    trt_dynamic_page,
    vue_page,
)

AS_OF = "2026-11-23"
ROWS = titles("青溪县", 60, date(2026, 11, 20))
NEWS = titles("工作动态", 13, date(2026, 11, 21))
XML = "text/xml; charset=UTF-8"
JSON = "application/json; charset=UTF-8"
AGENCY = "qx-sj"


def serve(server: LoggingServer) -> None:
    base = server.base
    routes = {
        "/robots.txt": ("text/plain", "User-agent: *\nAllow: /\n"),
        "/rev/n3/n13/index.html": (HTML, component_page(ROWS[:10], 199)),
        "/rev/n3/n13/index_958_198.html": (HTML, component_rows(ROWS[10:20])),
        "/rev/n3/n13/index_958_197.html": (HTML, component_rows(ROWS[20:30])),
        "/two/n3/n13/index.html": (HTML, component_page(ROWS[30:40], 2)),
        "/two/n3/n13/index_958_1.html": (HTML, component_rows(ROWS[40:45])),
        "/zwgk/zzjg/": (HTML, avalon_static_page(ROWS[:18])),
        "/zwgk/zzjg/index_1.htm": (HTML, avalon_static_page(ROWS[18:20])),  # a trap
        "/zwgk/zzjg/index_1.html": (HTML, avalon_static_page(ROWS[18:20])),
        "/zwgk/gzdt/": (HTML, trt_dynamic_page("工作动态")),
        "/zwgk/down/": (HTML, trt_dynamic_page("工作动态", api="/down/fjdzapp/search")),
        "/zwgk/zfwj/": (HTML, trt_dynamic_page("工作动态", runtime_classsql=True)),
        "/qx/col/col2002/index.html": (HTML, hanweb_script_page("qx", 2002, 50)),
        "/qx/col/col2003/index.html": (HTML, hanweb_script_page("qx", 2003, None, True)),
        "/vue/gzdt/": (HTML, vue_page()),
    }
    server.routes.update(routes)
    server.posts["/fjdzapp/search"] = lambda form, _: (
        JSON, trt_answer(base, NEWS, int(form["page"]), int(form["prepage"])))  # fmt: skip
    server.posts["/down/fjdzapp/search"] = lambda form, _: 500
    server.posts["/qx/module/web/jpage/dataproxy.jsp"] = lambda form, q: (
        XML, hanweb_answer("qx", int(form["columnid"]), ROWS[:50], int(q["startrecord"]),
                           int(q["endrecord"])))  # fmt: skip


def config(base: str, database: Path) -> dict:
    def column(cid: str, path: str, **extra) -> dict:
        return {"id": cid, "name": cid, "url": base + path, **extra}

    columns = [
        column("personnel", "/rev/n3/n13/index.html", max_pages=2),
        column("finance", "/two/n3/n13/index.html"),
        column("org", "/zwgk/zzjg/"),
        column("notices", "/zwgk/gzdt/"),
        column("proposals", "/zwgk/down/"),
        column("enforcement", "/zwgk/zfwj/"),
        column("policies", "/qx/col/col2002/index.html"),
        column("documents", "/qx/col/col2003/index.html"),
        column("news", "/vue/gzdt/"),
    ]
    crawl = {"download_delay": 0, "autothrottle": False, "retries": 0, "timeout": 60,
             "detail_pages": False, "check_links": False, "allow_private": ["127.0.0.1"]}  # fmt: skip
    agency = {"id": AGENCY, "name": "青溪县审计局", "kind": "department",
              "catalog": "department", "columns": columns}  # fmt: skip
    return {"region": "青溪县", "database": str(database), "crawl": crawl, "agencies": [agency]}


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    """(server log, column states by id, the database, findings) of one crawl and check."""
    tmp = tmp_path_factory.mktemp("scripted")
    with LoggingServer() as server:
        serve(server)
        path = tmp / "zwgk.yaml"
        path.write_text(yaml.safe_dump(config(server.base, tmp / "zwgk.db"), allow_unicode=True))
        zwgk("crawl", "--config", str(path), "--as-of", AS_OF)
        log = list(server.log)
    database = tmp / "zwgk.db"
    rows = query(database, "select column_id, outcome, pages, items, complete, stop_reason, "
                 "error from column_states")  # fmt: skip
    states = {row[0]: row[1:] for row in rows}
    zwgk("check", "--config", str(path), "--as-of", AS_OF)
    done = zwgk("findings", "--json", "--config", str(path))
    findings = [json.loads(line) for line in done.stdout.splitlines()]
    return log, states, database, findings


def requested(log, method: str = "GET") -> list[str]:
    return [path for verb, path, _ in log if verb == method]


def stored(database: Path, column: str) -> list[tuple]:
    return query(database, "select p.title, p.publish_date, p.url from publications p join "
                 "listings l on l.url = p.url where l.column_id = ? order by p.publish_date desc",
                 column)  # fmt: skip


def test_the_reverse_pager_is_followed_to_page_2_and_stops(crawled):
    log, states, database, _ = crawled
    walked = [path for path in requested(log) if path.startswith("/rev/")]
    assert walked == ["/rev/n3/n13/index.html", "/rev/n3/n13/index_958_198.html"]
    assert states["personnel"][:5] == ("ok", 2, 20, 0, "max_pages")
    assert len(stored(database, "personnel")) == 20


def test_a_reverse_pager_walk_ends_at_its_last_page(crawled):
    log, states, database, _ = crawled
    walked = [path for path in requested(log) if path.startswith("/two/")]
    assert walked == ["/two/n3/n13/index.html", "/two/n3/n13/index_958_1.html"]
    assert states["finance"][:5] == ("ok", 2, 15, 1, None)
    assert {row[0] for row in stored(database, "finance")} == {t for t, _, _ in ROWS[30:45]}


def test_no_page_the_site_does_not_name_is_requested(crawled):
    log, states, database, _ = crawled
    paths = [path for _, path, _ in log]
    assert not [path for path in paths if "index_1." in path]
    assert not [path for path in paths if path.startswith("/zwgk/zzjg/") and path != "/zwgk/zzjg/"]
    assert states["org"][:4] == ("ok", 1, 18, 1)  # all 18 records are on the page itself
    assert len(stored(database, "org")) == 18


def test_the_trt_list_api_is_called_with_the_pages_arguments(crawled):
    log, states, database, _ = crawled
    posts = [(path, form) for verb, path, form in log if verb == "POST" and "fjdzapp" in path]
    forms = [form for path, form in posts if path == "/fjdzapp/search"]
    assert [form["page"] for form in forms] == ["1", "2"], states["notices"]
    assert forms[0] == {"channelid": "200210", "classsql": "chnlid=1429",
                        "sortfield": "-pubdate", "page": "1", "prepage": "10"}  # fmt: skip
    assert states["notices"][:4] == ("ok", 3, 13, 1)  # the page, then two API answers
    rows = stored(database, "notices")
    assert len(rows) == 13
    newest = NEWS[0]
    assert rows[0][:2] == (newest[0], newest[1].isoformat())  # <em> dropped from the title
    dates = {title: day for title, day, _ in rows}
    assert dates[NEWS[1][0]] == NEWS[1][1].isoformat()  # a date sent as epoch milliseconds


def test_a_failing_data_api_is_the_columns_fault_not_an_empty_list(crawled):
    _, states, _, _ = crawled
    outcome, pages, items, complete, _, error = states["proposals"]
    assert (outcome, items, complete) == ("http_error", 0, 0)
    assert "500" in error


def test_the_hanweb_dataproxy_is_read(crawled):
    log, states, database, _ = crawled
    posts = [(path, form) for verb, path, form in log if verb == "POST" and "dataproxy" in path]
    with_call = [path.split("?")[1] for path, form in posts if form["columnid"] == "2002"]
    assert with_call == ["startrecord=1&endrecord=45&perpage=15",
                         "startrecord=46&endrecord=50&perpage=15"]  # fmt: skip
    form = next(form for path, form in posts if form["columnid"] == "2002")
    assert (form["unitid"], form["webid"], form["webname"]) == ("88", "3", "青溪县")
    assert states["policies"][:4] == ("ok", 3, 50, 1)
    assert len(stored(database, "policies")) == 50
    link_only = [path.split("?")[1] for path, form in posts if form["columnid"] == "2003"]
    assert link_only == with_call  # no totalRecord: the answers say how many there are
    assert states["documents"][:4] == ("ok", 3, 50, 1)


def test_a_script_rendered_list_of_an_unknown_cms_is_js_only(crawled):
    log, states, _, _ = crawled
    assert states["news"][:4] == ("js_only", 0, 0, 0)
    assert "v-for" in states["news"][5]
    assert states["enforcement"][:4] == ("js_only", 0, 0, 0)  # trt, arguments set at run time
    assert not [path for verb, path, form in log if form.get("classsql") == "chnlid=1"]


def test_js_only_columns_make_no_blank_or_stale_finding(crawled):
    _, _, _, findings = crawled
    on_js_only = [f for f in findings if f["item_id"] in ("news", "enforcement-results")]
    assert on_js_only and {f["status"] for f in on_js_only} == {"unreachable"}
    labels = [e["label"] for f in on_js_only for e in f["evidence"]]
    assert all("列表由脚本加载，未能读取" in label for label in labels)
    blank_or_stale = [f for f in findings if f["status"] in ("blank", "stale", "too_many_blank")]
    assert not blank_or_stale
