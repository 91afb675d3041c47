"""Small builders shared by tests: a two-agency config, findings, a check."""

from __future__ import annotations

from datetime import date

from monitor.config import Config
from monitor.evaluate import Evaluation
from monitor.findings import sync_findings
from monitor.store import Store
from rules.findings import Finding

AGENCIES = (("qx-jyj", "青溪县教育局"), ("qx-mzj", "青溪县民政局"))


NEWS_CATALOG = """catalog: 工作动态目录
items:
  - id: news
    name: 工作动态
    column: news
    kind: freshness
    max_age: 2 weeks
    severity: points 5
    basis: 《政府网站与政务新媒体检查指标》(国办秘函〔2019〕19号) 栏目不更新
"""


def news_catalog(tmp_path) -> str:
    """A catalog of the news item alone, which the one column of `two_agency_config` carries:
    no item without a column (`no_column`) in the way of what a test looks at."""
    path = tmp_path / "news-catalog.yaml"
    path.write_text(NEWS_CATALOG, encoding="utf-8")
    return str(path)


def two_agency_config(tmp_path, catalog: str = "department") -> Config:
    agencies = [
        {"id": agency_id, "name": name, "kind": "department", "catalog": catalog,
         "columns": [{"id": "news", "name": "工作动态", "url": "http://127.0.0.1:9/news/"}]}
        for agency_id, name in AGENCIES
    ]  # fmt: skip
    return Config.model_validate({
        "region": "青溪县", "database": str(tmp_path / "zwgk.db"),
        "reports_dir": str(tmp_path / "reports"), "agencies": agencies,
        "notices": {"number_pattern": "青溪公开整改〔{year}〕{seq}号", "issuer": "青溪县人民政府办公室"},
    })  # fmt: skip


def stale_finding(agency_id: str, item_id: str = "news", severity: str = "points 5",
                  title: str = "<b>标题</b>") -> Finding:  # fmt: skip
    return Finding(agency_id, item_id, "freshness", "stale", None, severity, "工作动态", "检查指标",
                   f"栏目「{title}」已40天未更新", [{"label": "最新一条信息", "url": "http://x/a.html",
                   "title": title, "date": "2026-10-18"}])  # fmt: skip


def record_check(store: Store, day: date, findings: list[Finding]) -> None:
    """A check that judged every agency's news and the given findings' scopes."""
    judged = {(f.agency_id, f.item_id) for f in findings} | {(a, "news") for a, _ in AGENCIES}
    sync_findings(store, store.start_check(day.isoformat(), None), day,
                  Evaluation(findings, judged, set(), []))  # fmt: skip
