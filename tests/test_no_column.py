"""栏目缺失 (`no_column`): a catalog item no configured column carries is a finding of its own,
scored as the item's severity says, resolved once a column carries it, and `unreachable`
while the site cannot be reached at all. A rebuilt site's `site_changed` scores nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from builders import stale_finding, two_agency_config

from monitor.config import Config
from monitor.cycle import run_check
from monitor.findings import ACTIVE
from monitor.notices import noticeable
from monitor.site_change import site_change
from monitor.store import Store
from rules.base import ColumnView
from rules.scoring import score

AS_OF = date(2026, 10, 9)
SITE_WIDE = {"availability", "blank-columns", "broken-links", "backdated", "policy-interpretation"}


def crawl(store: Store, day: date, outcome: str, home_opened: bool = True) -> None:
    """Each agency's news column with `outcome`, and its homepage visited."""
    crawl_id = store.start_crawl(day.isoformat())
    for agency_id in ("qx-jyj", "qx-mzj"):
        store.record_column_state({"crawl_id": crawl_id, "agency_id": agency_id,
                                   "column_id": "news", "outcome": outcome, "pages": 1,
                                   "items": 0, "error": None})  # fmt: skip
        store.record_fetch({"crawl_id": crawl_id, "agency_id": agency_id, "column_id": None,
                            "kind": "home", "url": "http://127.0.0.1:9/", "method": "GET",
                            "status": 200 if home_opened else None,
                            "outcome": "ok" if home_opened else "unreachable",
                            "error": None, "elapsed_ms": 40})  # fmt: skip
    store.finish_crawl(crawl_id, "finished", {})


def mine(store: Store, status: str | None = None, states=ACTIVE) -> dict:
    return {f.item_id: f for f in store.findings(states=states, agency_id="qx-jyj")
            if status in (None, f.status)}  # fmt: skip


def with_policies_column(config: Config) -> Config:
    policies = {"id": "policies", "name": "政策文件", "url": "http://127.0.0.1:9/zcwj/"}
    data = config.model_dump(mode="json")
    for agency in data["agencies"]:
        agency["columns"].append(policies)
    return Config.model_validate(data)


def test_each_item_without_a_column_is_a_no_column_finding_scored_by_its_severity(tmp_path):
    config = two_agency_config(tmp_path)
    store = Store(config.database)
    crawl(store, AS_OF, "ok")
    run_check(config, store, AS_OF)
    missing = mine(store, "no_column")
    assert "news" not in missing  # the one configured column carries it
    assert not SITE_WIDE & set(missing)  # site-wide rules need no column
    assert {"policies", "annual-report", "org-functions"} <= set(missing)
    policies = missing["policies"]
    assert (policies.kind, policies.severity, policies.item_name) == ("coverage", "points 3",
                                                                     "政策文件")  # fmt: skip
    assert policies.message == "网站未设置承载「政策文件」的栏目"
    assert policies.basis.endswith("《主动公开事项目录》所列公开渠道和载体")
    assert "第二十条" in policies.basis  # the item's own basis first
    assert missing["annual-report"].severity == "veto"
    result = score(list(store.findings(agency_id="qx-jyj")))
    assert missing["annual-report"].id in result.vetoes and result.verdict == "不合格"
    assert result.deductions[policies.id] == 3
    assert noticeable(policies, "warning")


def test_a_no_column_finding_resolves_once_a_column_carries_the_item(tmp_path):
    config = two_agency_config(tmp_path)
    store = Store(config.database)
    crawl(store, AS_OF, "ok")
    run_check(config, store, AS_OF)
    before = mine(store, "no_column")["policies"]
    later = AS_OF + timedelta(days=1)
    crawl(store, later, "ok")
    run_check(with_policies_column(config), store, later)  # the new column is not crawled yet
    after = store.finding(before.id)
    assert (after.state, after.resolved_on) == ("resolved", later)
    assert "org-functions" in mine(store, "no_column")  # the others stay


def test_a_site_that_cannot_be_reached_proves_no_column_missing(tmp_path):
    config = two_agency_config(tmp_path)
    store = Store(config.database)
    crawl(store, AS_OF, "ok")
    run_check(config, store, AS_OF)
    known = mine(store, "no_column")["policies"]
    later = AS_OF + timedelta(days=1)
    crawl(store, later, "unreachable", home_opened=False)
    run_check(config, store, later)
    # the annual report's format is not judged on an unreachable column: its finding stays
    assert list(mine(store, "no_column")) == ["annual-report-format"]
    unreachable = mine(store, "unreachable")["policies"]
    assert (unreachable.id, unreachable.severity) == (known.id, "warning")
    assert "无法访问" in unreachable.message
    kept = mine(store, "no_column")["annual-report-format"]
    assert score(store.findings(agency_id="qx-jyj")).deductions == {kept.id: 2}  # no new points


def test_a_down_homepage_alone_makes_the_missing_column_unknown(tmp_path):
    config = two_agency_config(tmp_path)
    store = Store(config.database)
    crawl(store, AS_OF, "ok", home_opened=False)
    run_check(config, store, AS_OF)
    assert mine(store, "no_column") == {} and "policies" in mine(store, "unreachable")


def test_site_changed_scores_nothing_and_goes_on_no_notice():
    event = replace(stale_finding("qx-jyj", "site", "points 5"), id="s", state="open",
                    status="site_changed")  # fmt: skip
    assert score([event]).points == 100 and score([event]).verdict == "合格"
    assert not noticeable(event, "warning")


def column(cid: str, outcome: str) -> ColumnView:
    return ColumnView(cid, cid, f"http://127.0.0.1:9/{cid}/", outcome)


def test_most_means_three_columns_and_sixty_percent():
    lost = [column(f"c{n}", "soft404") for n in range(3)]
    assert site_change(lost + [column("d", "ok"), column("e", "ok")]).total == 5  # 3 of 5
    assert site_change(lost + [column(f"d{n}", "ok") for n in range(3)]) is None  # 3 of 6
    assert site_change(lost[:2]) is None  # 2 of 2: too few to tell a rebuild
    assert site_change(lost[:2] + [column("r", "redirected")]).lost_ids == {"c0", "c1", "r"}
