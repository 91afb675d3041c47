"""`write_config(county, base_url, out_dir)`: a `zwgk.yaml` for monitoring the demo county."""

from __future__ import annotations

from pathlib import Path

import yaml

from demo import urls
from demo.faults import CLOSED_PORT, unreachable_agencies
from demo.model import Agency, County
from demo.roster import REGION

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
}
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
        "agencies": [
            _agency(agency, UNREACHABLE_BASE if agency.id in down else base, smtp_port)
            for agency in county.agencies
        ],
    }
    if smtp_port:
        data["alerts"] = {"supervisors": [mail_channel(smtp_port, "gkb")]}
    return data


def _agency(agency: Agency, base: str, smtp_port: int | None) -> dict:
    data = {
        "id": agency.id,
        "name": agency.name,
        "kind": agency.kind,
        "catalog": agency.catalog,
        "homepage": base + urls.home(agency),
        "columns": [
            {"id": column.id, "name": column.name, "url": base + urls.column_page(agency, column)}
            for column in agency.columns
        ],
    }
    if smtp_port:
        data["alerts"] = [mail_channel(smtp_port, agency.id)]
    return data


def write_config(
    county: County, base_url: str, out_dir: str | Path, smtp_port: int | None = None
) -> Path:
    """Write `out_dir/zwgk.yaml` (creating out_dir) and return its path.

    With `smtp_port`, every agency's alerts and the supervisors' go by e-mail to the demo's
    local SMTP server.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    path = out / "zwgk.yaml"
    data = config_data(county, base_url, smtp_port)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return path
