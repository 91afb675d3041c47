"""`write_config(county, base_url, out_dir)`: a `zwgk.yaml` for monitoring the demo county,
and the county's overrides of the shipped catalogs next to it: the days the finance bureau
and the township congresses approved the budgets (`trigger_dates`), as a county enters them."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import yaml

from demo import budget, urls
from demo.catalog import MESSAGE_COLUMNS, catalog_items
from demo.faults import CLOSED_PORT, unreachable_agencies
from demo.leaders import leaders_config
from demo.model import Agency, County
from demo.roster import REGION
from demo.schedule import history_start

DEMO_CRAWL = {
    "obey_robots": True,
    "concurrency_per_domain": 8,
    "autothrottle": False,
    "download_delay": 0,
    "timeout": 10,
    "retries": 1,
    "retry_backoff": 0.1,
    "detail_max_age_days": 90,  # the demo reads recent detail pages (and every annual report)
    "external_delay": 0.2,
    "allow_private": ["127.0.0.1"],  # the demo county is served on this machine
}
DETAIL_DAYS = DEMO_CRAWL["detail_max_age_days"]
PREVIOUS_CRAWL_DAYS = 7  # `zwgk demo` into a new folder first crawls the county a week earlier
CATALOG_FILES = {"department": "qingxi-department.yaml", "township": "qingxi-township.yaml"}
UNREACHABLE_BASE = f"http://127.0.0.1:{CLOSED_PORT}"


DEMO_NOTICES = {
    "number_pattern": "青溪公开整改〔{year}〕{seq}号",
    "issuer": "青溪县人民政府办公室",
    "contact": "青溪县政务公开办，联系电话：0570-1234567",
}
MAIL_DOMAIN = "qingxi.gov.cn"


def mail_channel(smtp_port: int, to: str) -> str:
    """An apprise URL for the demo's local SMTP server (no TLS, no login)."""
    return f"mailto://127.0.0.1:{smtp_port}?from=zwgk@{MAIL_DOMAIN}&to={to}@{MAIL_DOMAIN}"


def config_data(county: County, base_url: str, smtp_port: int | None = None) -> dict:
    base = base_url.rstrip("/")
    down = unreachable_agencies(county)  # a township whose site is down: a closed port
    data = {
        "region": REGION,
        "database": "zwgk.db",
        "reports_dir": "reports",
        "crawl": dict(DEMO_CRAWL),
        "notices": dict(DEMO_NOTICES),
        "content": {"leaders": leaders_config()},  # for the 严重表述错误 checks (demo/leaders.py)
        "agencies": [
            _agency(agency, UNREACHABLE_BASE if agency.id in down else base, smtp_port)
            for agency in county.agencies
        ],
    }
    if smtp_port:
        data["alerts"] = {"supervisors": [mail_channel(smtp_port, "gkb")]}
    return data


def _agency(agency: Agency, base: str, smtp_port: int | None) -> dict:
    agency = replace(agency, revamped=False)  # an operator's config predates a revamp
    data = {
        "id": agency.id,
        "name": agency.name,
        "kind": agency.kind,
        "catalog": CATALOG_FILES.get(agency.catalog, agency.catalog),
        "homepage": base + urls.home(agency),
        "columns": [_column(agency, column, base) for column in agency.columns],
    }
    if smtp_port:
        data["alerts"] = [mail_channel(smtp_port, agency.id)]
    return data


def _column(agency: Agency, column, base: str) -> dict:
    data = {"id": column.id, "name": column.name, "url": base + urls.column_page(agency, column)}
    if column.id in MESSAGE_COLUMNS:  # every letter's page is read: it tells whether answered
        data["keep_content"] = True
    return data


def catalog_overrides(county: County) -> dict[str, dict]:
    """The county's catalog files: the shipped catalog with this county's approval days."""
    first = history_start(county.as_of).year
    files = {}
    for kind, name in CATALOG_FILES.items():
        override = {
            item.item_id: {"trigger_dates": budget.trigger_dates(
                county.seed, kind, item.item_id, first, county.as_of)}
            for item in catalog_items(kind) if item.trigger_dates
        }  # fmt: skip
        files[name] = {"catalog": f"{REGION}{CATALOG_TITLES[kind]}", "extends": kind,
                       "override": override}  # fmt: skip
    return files


CATALOG_TITLES = {"department": "县级部门主动公开事项目录", "township": "乡镇主动公开事项目录"}
OVERRIDE_HEADER = (
    "# 青溪县补充：财政部门批复部门预决算、乡镇人大批准预算的日期（预决算公开时限的起算日）\n"
)


def write_config(
    county: County,
    base_url: str,
    out_dir: str | Path,
    smtp_port: int | None = None,
    redis_url: str | None = None,
) -> Path:
    """Write `out_dir/zwgk.yaml` (creating out_dir) and return its path.

    With `smtp_port`, every agency's alerts and the supervisors' go by e-mail to the demo's
    local SMTP server; with `redis_url`, the crawls go through that Redis server.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    path = out / "zwgk.yaml"
    data = config_data(county, base_url, smtp_port)
    if redis_url:
        data["crawl"]["redis"] = redis_url
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    for name, catalog in catalog_overrides(county).items():
        dump = yaml.safe_dump(catalog, allow_unicode=True, sort_keys=False)
        (out / name).write_text(OVERRIDE_HEADER + dump, encoding="utf-8")
    return path
