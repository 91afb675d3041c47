"""`write_config(county, base_url, out_dir)`: a `zwgk.yaml` for monitoring the demo county."""

from __future__ import annotations

from pathlib import Path

import yaml

from demo import urls
from demo.model import Agency, County
from demo.roster import REGION

DEMO_CRAWL = {
    "obey_robots": True,
    "concurrency_per_domain": 8,
    "autothrottle": False,
    "download_delay": 0,
    "timeout": 10,
    "retries": 1,
}


def config_data(county: County, base_url: str) -> dict:
    base = base_url.rstrip("/")
    return {
        "region": REGION,
        "database": "zwgk.db",
        "reports_dir": "reports",
        "crawl": dict(DEMO_CRAWL),
        "agencies": [_agency(agency, base) for agency in county.agencies],
    }


def _agency(agency: Agency, base: str) -> dict:
    return {
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


def write_config(county: County, base_url: str, out_dir: str | Path) -> Path:
    """Write `out_dir/zwgk.yaml` (creating out_dir) and return its path."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    path = out / "zwgk.yaml"
    text = yaml.safe_dump(config_data(county, base_url), allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return path
