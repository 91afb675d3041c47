"""`/healthz` answers without a login: 200 after a recent finished cycle, 503 with none, a
failed one or a stale one; `zwgk health` judges the same way (one function, explicit clock)."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest
from builders import two_agency_config
from click.testing import CliRunner

from monitor.cli import main
from monitor.store import Store
from monitor.web.app import create_app


class Clock:
    def __init__(self, moment: datetime):
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment


@pytest.fixture
def config(tmp_path):
    return two_agency_config(tmp_path)


def record_crawl(config, status: str = "finished", checked: bool = True) -> datetime:
    """A crawl as a cycle leaves it, judged by a check unless told; returns when it started
    (the store's clock)."""
    store = Store(config.database)
    try:
        crawl_id = store.start_crawl("2026-12-07")
        if status != "running":
            store.finish_crawl(crawl_id, status, {"crawl_id": crawl_id})
        if checked and status == "finished":
            store.start_check("2026-12-07", crawl_id)
        return datetime.fromisoformat(store.latest_crawl().started_at)
    finally:
        store.close()


def healthz(config, moment: datetime):
    app = create_app(None, now=Clock(moment), config=config)
    return app.test_client().get("/healthz")


def test_no_cycle_yet_is_503_without_a_login(config):
    response = healthz(config, datetime(2026, 12, 7, 9, 0, tzinfo=UTC))
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "none" and body["last_cycle"] is None
    # the config's schedule (Monday 06:00 Asia/Shanghai) gives the next run
    assert body["next_run"] == "2026-12-14T06:00:00+08:00"


def test_a_recent_finished_cycle_is_200(config):
    started = record_crawl(config)
    response = healthz(config, started + timedelta(days=1))
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok"
    cycle = body["last_cycle"]
    assert (cycle["as_of"], cycle["status"]) == ("2026-12-07", "finished")
    assert cycle["started_at"] and cycle["finished_at"]
    assert body["last_check"]["crawl_id"] == cycle["id"]


def test_a_running_cycle_is_healthy_until_it_is_stale(config):
    started = record_crawl(config, status="running")
    assert healthz(config, started + timedelta(hours=2)).status_code == 200
    assert healthz(config, started + timedelta(days=9)).status_code == 503


def test_a_cycle_older_than_stale_after_days_is_503(config):
    started = record_crawl(config)
    assert healthz(config, started + timedelta(days=7, hours=23)).status_code == 200
    response = healthz(config, started + timedelta(days=8, minutes=1))
    assert response.status_code == 503 and response.get_json()["status"] == "stale"
    shorter = config.model_copy(update={"stale_after_days": 2})
    assert healthz(shorter, started + timedelta(days=3)).status_code == 503


def test_a_crawl_no_check_has_judged_is_503_an_hour_after_it_finished(config):
    started = record_crawl(config, checked=False)  # its cycle broke off after the crawl
    assert healthz(config, started + timedelta(minutes=30)).status_code == 200
    response = healthz(config, started + timedelta(hours=2))
    assert response.status_code == 503 and response.get_json()["status"] == "failed"
    assert response.get_json()["last_check"] is None


def test_a_failed_cycle_is_503(config):
    started = record_crawl(config, status="failed")
    response = healthz(config, started + timedelta(minutes=5))
    assert response.status_code == 503 and response.get_json()["status"] == "failed"


def test_the_next_run_comes_from_the_scheduler_when_serve_sets_it(config):
    app = create_app(None, now=Clock(datetime(2026, 12, 7, 9, tzinfo=UTC)), config=config)
    due = datetime(2026, 12, 7, 17, 30, tzinfo=UTC)
    app.config["NEXT_RUN"] = lambda: due
    assert app.test_client().get("/healthz").get_json()["next_run"] == due.isoformat()


def test_zwgk_health_judges_as_healthz_does(tmp_path):
    path = tmp_path / "zwgk.yaml"
    path.write_text("region: 青溪县\ndatabase: zwgk.db\nagencies: []\n", encoding="utf-8")
    runner = CliRunner()
    none = runner.invoke(main, ["health", "--config", str(path)])
    assert none.exit_code == 1 and "unhealthy: no cycle yet" in none.output
    config = two_agency_config(tmp_path)  # the same database file
    record_crawl(config)
    fresh = runner.invoke(main, ["health", "--config", str(path)])
    assert fresh.exit_code == 0 and "healthy" in fresh.output, fresh.output
    # a threshold below the crawl's age (a fraction of a second) makes the same cycle stale
    stale = runner.invoke(main, ["health", "--config", str(path), "--max-age-days", "0"])
    assert stale.exit_code == 1 and "unhealthy: the last cycle started" in stale.output


def test_zwgk_health_loads_neither_the_web_framework_nor_the_crawler():
    """A monitoring probe runs often: `zwgk health` stays light."""
    code = (
        "import sys; from monitor.cli import main; main.get_command(None, 'health'); "
        "print(sorted(m for m in ('flask', 'waitress', 'scrapy') if m in sys.modules))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True).stdout.strip()  # fmt: skip
    assert loaded == "[]"
