"""Site-scope rules are judged on the columns they need: an unrelated column that stays down
does not keep their findings open after their own columns read fine again."""

from datetime import date

from monitor.config import Config
from monitor.cycle import run_check
from monitor.store import Store
from rules.findings import Finding

AGENCY = "qx-jyj"
COLUMNS = (("policies", "规范性文件"), ("interpretation", "政策解读"), ("notices", "通知公告"))


def config_for(tmp_path) -> Config:
    columns = [{"id": cid, "name": name, "url": f"http://127.0.0.1:9/{cid}/"}
               for cid, name in COLUMNS]  # fmt: skip
    return Config.model_validate({
        "region": "青溪县", "database": str(tmp_path / "zwgk.db"),
        "agencies": [{"id": AGENCY, "name": "青溪县教育局", "kind": "department",
                      "catalog": "department", "columns": columns}],
    })  # fmt: skip


def crawl(store: Store, day: date, outcomes: dict[str, str]) -> None:
    """A crawl on `day` in which each column ended with the given outcome."""
    crawl_id = store.start_crawl(day.isoformat())
    for column_id, outcome in outcomes.items():
        store.record_column_state({"crawl_id": crawl_id, "agency_id": AGENCY,
                                   "column_id": column_id, "outcome": outcome, "pages": 1,
                                   "items": 0, "error": None if outcome == "ok" else outcome})  # fmt: skip
    store.finish_crawl(crawl_id, "finished", {})


def paired_finding(store: Store) -> Finding:
    [finding] = [f for f in store.findings() if f.item_id == "policy-interpretation"]
    return finding


def test_paired_resolves_when_its_columns_recover_while_another_stays_down(tmp_path):
    config = config_for(tmp_path)
    store = Store(config.database)
    crawl(store, date(2026, 11, 20),
          {"policies": "ok", "interpretation": "unreachable", "notices": "soft404"})  # fmt: skip
    run_check(config, store, date(2026, 11, 20))
    down = paired_finding(store)
    assert (down.status, down.state) == ("unreachable", "new")
    assert "政策解读" in down.message and "通知公告" not in down.message

    crawl(
        store, date(2026, 11, 27), {"policies": "ok", "interpretation": "ok", "notices": "soft404"}
    )
    run_check(config, store, date(2026, 11, 27))
    assert (paired_finding(store).state, paired_finding(store).resolved_on) == (
        "resolved",
        date(2026, 11, 27),
    )
    notices = [f for f in store.findings() if f.item_id == "notices"]
    assert [(f.status, f.state) for f in notices] == [("unreachable", "open")]


def test_site_rules_judged_from_their_own_evidence_ignore_a_down_column(tmp_path):
    config = config_for(tmp_path)
    store = Store(config.database)
    crawl(store, date(2026, 11, 27),
          {"policies": "ok", "interpretation": "ok", "notices": "soft404"})  # fmt: skip
    run_check(config, store, date(2026, 11, 27))
    site_kinds = {"blank_columns", "links", "backdated", "paired"}
    unreachable = {f.kind for f in store.findings() if f.status == "unreachable"}
    assert not unreachable & site_kinds
