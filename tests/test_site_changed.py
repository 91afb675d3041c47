"""A rebuilt site (网站改版) on a real server on 127.0.0.1: `zwgk crawl`, `check`, `findings`.

One department with six columns. When most of them answer 页面不存在 (HTTP 200) or redirect
to the new homepage or to one same page, the check reports one `site_changed` finding for
the agency and no `unreachable` one; once the config names the new addresses, it resolves.
When only one column fails, that column's items are `unreachable` as usual.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import yaml
from crawling import query, zwgk
from scripted_sites import HTML, LoggingHandler, LoggingServer, avalon_static_page, titles

AS_OF = "2026-11-23"
AGENCY = "qx-sj"
ROWS = titles("青溪县审计局", 18, date(2026, 11, 20))
COLUMNS = ("news", "notices", "policies", "org", "finance", "personnel")
SOFT404 = "<html><head><title>提示</title></head><body><p>您访问的页面不存在</p></body></html>"


class RedirectingHandler(LoggingHandler):
    def do_GET(self):
        target = self.server.redirects.get(self.path)
        if target is None:
            return super().do_GET()
        self.server.log.append(("GET", self.path, {}))
        self.send_response(302)
        self.send_header("Location", target)
        self.send_header("Content-Length", "0")
        self.end_headers()


class RebuiltSite(LoggingServer):
    """The LoggingServer, with `redirects` (path → Location) answered by a 302."""

    def __init__(self):
        super().__init__()
        self.RequestHandlerClass = RedirectingHandler
        self.redirects: dict[str, str] = {}


def old_path(column: str) -> str:
    return f"/old/{column}/index.html"


def new_path(column: str) -> str:
    return f"/2024/{column}/"


def serve(server: RebuiltSite, soft404: tuple[str, ...] = (), to_home: tuple[str, ...] = (),
          to_one_page: tuple[str, ...] = ()) -> None:  # fmt: skip
    """Every old and new column address a list, but for the faults asked for."""
    page = (HTML, avalon_static_page(ROWS))
    server.routes.update({"/robots.txt": ("text/plain", "User-agent: *\nAllow: /\n"),
                          "/": page, "/gone.html": page})  # fmt: skip
    for column in COLUMNS:
        server.routes[old_path(column)] = (HTML, SOFT404) if column in soft404 else page
        server.routes[new_path(column)] = page
        if column in to_home + to_one_page:
            server.redirects[old_path(column)] = "/" if column in to_home else "/gone.html"


def write_config(server: RebuiltSite, folder: Path, path_of=old_path) -> Path:
    columns = [{"id": c, "name": f"栏目{c}", "url": server.base + path_of(c)} for c in COLUMNS]
    crawl = {"download_delay": 0, "autothrottle": False, "retries": 0, "timeout": 30,
             "detail_pages": False, "check_links": False, "allow_private": ["127.0.0.1"]}  # fmt: skip
    agency = {"id": AGENCY, "name": "青溪县审计局", "kind": "department", "catalog": "department",
              "homepage": server.base + "/", "columns": columns}  # fmt: skip
    data = {"region": "青溪县", "database": str(folder / "zwgk.db"), "crawl": crawl,
            "agencies": [agency]}  # fmt: skip
    path = folder / "zwgk.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def cycle(config: Path, as_of: str = AS_OF) -> list[dict]:
    """crawl, check, and every finding (resolved ones too)."""
    zwgk("crawl", "--config", str(config), "--as-of", as_of)
    zwgk("check", "--config", str(config), "--as-of", as_of)
    done = zwgk("findings", "--json", "--all", "--config", str(config))
    return [json.loads(line) for line in done.stdout.splitlines()]


def outcomes(config: Path) -> dict[str, tuple]:
    rows = query(config.parent / "zwgk.db", "select column_id, outcome, redirected_to, crawl_id "
                 "from column_states order by crawl_id")  # fmt: skip
    return {column: (outcome, target) for column, outcome, target, _ in rows}


def with_status(findings: list[dict], status: str) -> list[dict]:
    return [f for f in findings if f["status"] == status and f["state"] != "resolved"]


def test_soft404_on_most_columns_is_one_site_changed_finding(tmp_path):
    with RebuiltSite() as server:
        serve(server, soft404=COLUMNS)
        config = write_config(server, tmp_path)
        findings = cycle(config)
    assert {column: o for column, (o, _) in outcomes(config).items()} == dict.fromkeys(
        COLUMNS, "soft404"
    )
    [changed] = with_status(findings, "site_changed")
    assert (changed["agency_id"], changed["item_id"], changed["severity"]) == (AGENCY, "site",
                                                                              "warning")  # fmt: skip
    assert "6个栏目中6个失效" in changed["message"]
    assert f"zwgk discover --agency {AGENCY} --diff" in changed["message"]
    assert {e["url"] for e in changed["evidence"]} == {server.base + old_path(c) for c in COLUMNS}
    assert with_status(findings, "unreachable") == []


def test_redirects_to_the_new_homepage_or_one_page_then_the_config_is_fixed(tmp_path):
    with RebuiltSite() as server:
        serve(server, to_home=("news", "notices", "policies"), to_one_page=("org", "finance"))
        config = write_config(server, tmp_path)
        first = cycle(config)
        states = outcomes(config)
        write_config(server, tmp_path, new_path)
        fixed = cycle(config, "2026-11-24")
    # the homepage is never read as the column; two columns sent to one page are not judged
    assert [states[c][0] for c in ("news", "notices", "policies")] == ["redirected"] * 3
    assert states["org"] == ("ok", server.base + "/gone.html")
    assert states["personnel"] == ("ok", None)
    [changed] = with_status(first, "site_changed")
    assert "6个栏目中5个失效" in changed["message"]
    assert with_status(first, "unreachable") == []
    assert not [f for f in first if f["item_id"] in ("news", "budget-final", "org-functions")
                and f["status"] != "no_column"]  # fmt: skip
    [resolved] = [f for f in fixed if f["status"] == "site_changed"]
    assert resolved["state"] == "resolved" and resolved["id"] == changed["id"]
    assert with_status(fixed, "site_changed") == with_status(fixed, "unreachable") == []


def test_one_failing_column_of_six_is_unreachable_as_usual(tmp_path):
    with RebuiltSite() as server:
        serve(server, soft404=("news",))
        config = write_config(server, tmp_path)
        findings = cycle(config)
    assert with_status(findings, "site_changed") == []
    [unreachable] = with_status(findings, "unreachable")
    assert (unreachable["item_id"], unreachable["kind"]) == ("news", "freshness")
    assert "页面不存在" in unreachable["evidence"][0]["label"]
