"""`zwgk serve`: the scheduled service runs a cycle and stops cleanly on SIGTERM."""

import signal
import subprocess
import sys
import time
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from demo.config import write_config
from demo.county import build_county
from demo.server import DemoServer
from monitor.config import load_config
from monitor.scheduler import trigger_for


def test_schedule_is_the_configs_cron_in_its_timezone(tmp_path):
    path = tmp_path / "zwgk.yaml"
    path.write_text('region: 青溪县\nschedule: "0 6 * * 1"\nagencies: []\n', encoding="utf-8")
    trigger = trigger_for(load_config(path))
    friday_noon = datetime(2026, 11, 27, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    fire = trigger.get_next_fire_time(None, friday_noon)
    assert (fire.date(), fire.hour, fire.utcoffset().total_seconds()) == (
        date(2026, 11, 30),
        6,
        8 * 3600,
    )


@pytest.mark.e2e
def test_serve_runs_a_cycle_now_and_stops_on_sigterm(tmp_path):
    county = build_county(date.today())
    with DemoServer(county) as server:
        config_path = write_config(county, server.base_url, tmp_path)
        service = subprocess.Popen(
            [sys.executable, "-m", "monitor.cli", "serve", "--now", "--config", str(config_path)],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and not list(
            (tmp_path / "reports").glob("weekly-*.html")
        ):
            time.sleep(0.5)
        service.send_signal(signal.SIGTERM)
        output, _ = service.communicate(timeout=30)
    assert list((tmp_path / "reports").glob("weekly-*.html")), output
    assert service.returncode == 0, output
    assert "cycle " in output and "open findings" in output
