"""`zwgk serve`: one process serving the dashboard on waitress and running the schedule; it
answers /healthz and /login, runs a cycle, and stops with exit 0 on SIGTERM."""

import json
import re
import shlex
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import date, datetime
from http.cookiejar import CookieJar
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from builders import two_agency_config
from crawling import demo_config
from test_lock import holder

from demo.county import build_county
from demo.server import DemoServer
from monitor.cli.demo import demo_accounts
from monitor.cli.service import serve as serve_command
from monitor.config import load_config
from monitor.passwords import verify_password
from monitor.scheduler import CYCLE_NOW, build_scheduler, shut_down, trigger_for
from monitor.service import STOP_GRACE
from monitor.store import Store
from monitor.web.app import MAX_UPLOAD_SLACK

LISTENING = re.compile(r"dashboard on (http://127\.0\.0\.1:\d+)/")


class Running:
    """A `zwgk` command in a child process, its output read as it comes (a thread drains the
    pipe, so the child never blocks on a full one)."""

    def __init__(self, *arguments: str):
        command = [sys.executable, "-m", "monitor.cli", *arguments]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True)  # fmt: skip
        self.lines: list[str] = []
        self.changed = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            with self.changed:
                self.lines.append(line)
                self.changed.notify_all()

    @property
    def output(self) -> str:
        with self.changed:
            return "".join(self.lines)

    def wait_for(self, pattern: str, timeout: float = 60) -> re.Match:
        """The first match of `pattern` in the output, waiting for it to come."""
        with self.changed:
            found = self.changed.wait_for(lambda: re.search(pattern, "".join(self.lines)),
                                          timeout)  # fmt: skip
        assert found, self.output
        return found

    def stop(self, signum: int = signal.SIGTERM, timeout: float = 30) -> float:
        """Send `signum`; returns how long the process took to exit."""
        began = time.monotonic()
        self.process.send_signal(signum)
        self.process.wait(timeout)
        return time.monotonic() - began


def start_serve(config_path, *options) -> tuple[Running, str]:
    """`zwgk serve` on a free port, and its address once it listens."""
    service = Running("serve", "--config", str(config_path), "--port", "0", *options)
    return service, service.wait_for(LISTENING.pattern).group(1)


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def empty_config(tmp_path):
    path = tmp_path / "zwgk.yaml"
    path.write_text("region: 青溪县\ndatabase: zwgk.db\nagencies: []\n", encoding="utf-8")
    return path


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
    with DemoServer(build_county(date.today())) as server:
        config_path = demo_config(server, tmp_path, ("qx-gov", "qx-jtj"))  # a small county
        service, address = start_serve(config_path, "--now")
        try:
            service.wait_for(r"cycle \S+: \d+ open findings", timeout=120)
            status, body = get(f"{address}/healthz")
        finally:
            service.stop()
    assert status == 200 and json.loads(body)["last_cycle"]["status"] == "finished"
    assert list((tmp_path / "reports").glob("weekly-*.html")), service.output
    assert service.process.returncode == 0, service.output


def test_serve_answers_healthz_and_login_and_stops_at_once_on_sigterm(tmp_path):
    service, address = start_serve(empty_config(tmp_path))
    try:
        status, body = get(f"{address}/healthz")
        login_status, login_page = get(f"{address}/login")
        _, overview = get(f"{address}/")  # every other page sends to the login first
    finally:
        took = service.stop()
    assert status == 503 and json.loads(body)["status"] == "none"
    assert json.loads(body)["next_run"].endswith("06:00:00+08:00")  # the scheduler's next cycle
    assert login_status == 200 and 'name="password"' in login_page
    assert 'name="password"' in overview and 'name="next" value="/"' in overview
    assert service.process.returncode == 0 and took < 10, service.output
    assert "SIGTERM: stopping" in service.output and "stopped" in service.output


def test_sigterm_during_a_waiting_cycle_exits_0_and_queues_it_again(tmp_path):
    """The cycle started with --now waits for the store, held by another process; SIGTERM
    gives it --stop-grace seconds, then exits 0 and leaves it queued for the next start."""
    config_path = empty_config(tmp_path)
    other = holder(tmp_path / "zwgk.db")
    try:
        service, _ = start_serve(config_path, "--now", "--stop-grace", "1")
        service.wait_for("waiting for another zwgk process")  # the --now cycle
        took = service.stop()
    finally:
        other.kill()
        other.wait()
    output = service.output
    assert service.process.returncode == 0 and took < 10, output
    assert "a job still runs after 1 s" in output and "runs again at the next start" in output
    scheduler = build_scheduler(load_config(config_path))
    scheduler.start(paused=True)
    try:
        rerun = scheduler.get_job(CYCLE_NOW)
        assert rerun is not None and rerun.func_ref == "monitor.scheduler:scheduled_cycle"
    finally:
        shut_down(scheduler)


def test_demo_accounts_are_created_then_reset_with_new_passwords(tmp_path):
    config = two_agency_config(tmp_path)
    first = demo_accounts(config)
    second = demo_accounts(config)
    assert set(first) == {"supervisor", "qx-jyj"}
    store = Store(config.database)
    try:
        users = {user.username: user for user in store.users()}
    finally:
        store.close()
    assert len(users) == 2
    assert (users["supervisor"].role, users["supervisor"].agency_id) == ("supervisor", None)
    assert (users["qx-jyj"].role, users["qx-jyj"].agency_id) == ("department", "qx-jyj")
    for username, (_, password) in second.items():
        assert verify_password(password, users[username].password_hash)
        assert not verify_password(first[username][1], users[username].password_hash)


def log_in(address: str, username: str, password: str) -> tuple[int, str]:
    """POST the login form; the status and page after its redirect, with the session cookie."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    form = urllib.parse.urlencode({"username": username, "password": password}).encode()
    with opener.open(f"{address}/login", data=form, timeout=30) as response:
        return response.status, response.geturl()


@pytest.mark.e2e
def test_demo_serve_prints_accounts_that_log_in_and_stops_on_ctrl_c(copy_demo_folder):
    """Run again in a demo's folder (the next cycle: quicker than a new county)."""
    service = Running("demo", "--out", str(copy_demo_folder), "--as-of", "2026-11-27",
                      "--serve", "--port", "0")  # fmt: skip
    try:
        address = service.wait_for(LISTENING.pattern, timeout=400).group(1)
        accounts = dict(re.findall(r"account: (\S+) \(\w+\)  password: (\S+)", service.output))
        for username, password in accounts.items():
            assert log_in(address, username, password) == (200, f"{address}/"), username
        assert get(f"{address}/healthz")[0] == 200
    finally:
        service.stop(signal.SIGINT)
    assert set(accounts) == {"supervisor", "qx-jtj"}  # the department whose reply the demo has
    assert re.search(
        r"reply: qx-jtj answered finding \S+ on 2026-11-\d\d: verified", service.output
    )
    assert service.process.returncode == 0, service.output


DEPLOY = Path(__file__).resolve().parents[1] / "deploy"


def unit_settings() -> dict[str, str]:
    lines = (DEPLOY / "zwgk.service").read_text(encoding="utf-8").splitlines()
    pairs = [line.split("=", 1) for line in lines if "=" in line and not line.startswith("#")]
    return {key.strip(): value.strip() for key, value in pairs}


def test_the_deployment_files_fit_together():
    config = load_config(DEPLOY / "zwgk.production.yaml")  # valid, catalogs by shipped name
    unit = unit_settings()
    program, *arguments = shlex.split(unit["ExecStart"])
    assert program.endswith("/zwgk") and arguments[0] == "serve"
    context = serve_command.make_context("serve", arguments[1:])  # options `serve` knows
    assert (context.params["host"], context.params["port"]) == ("127.0.0.1", 8080)
    assert context.params["config_path"] == Path("/etc/zwgk/zwgk.yaml")
    assert unit["User"] == "zwgk" and unit["Restart"] == "on-failure"
    assert unit["KillSignal"] == "SIGTERM" and int(unit["TimeoutStopSec"]) > STOP_GRACE
    assert unit["NoNewPrivileges"] == "yes" and unit["ProtectSystem"] == "strict"
    writable = Path(unit["ReadWritePaths"])
    for path in (config.database, config.reports_dir, config.dashboard.attachments_dir):
        assert writable in path.parents, path
    assert config.dashboard.secure_cookies and config.dashboard.url.startswith("https://")
    nginx = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    body_mb = int(re.search(r"client_max_body_size (\d+)m;", nginx).group(1))
    assert body_mb * 2**20 >= config.dashboard.attachment_max_mb * 2**20 + MAX_UPLOAD_SLACK
    assert set(re.findall(r"proxy_pass http://127\.0\.0\.1:(\d+);", nginx)) == {"8080"}
    assert "listen 443 ssl" in nginx and "return 301 https://" in nginx
