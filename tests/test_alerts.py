"""Alerts end to end on real local receivers: an SMTP server and a robot webhook over HTTP.

No mocks of apprise or SMTP: messages go through apprise to aiosmtpd and http.server on
127.0.0.1. Time is driven through the `now` passed to send_pending; nothing sleeps.
"""

from __future__ import annotations

import email
import json
import logging
import socket
import textwrap
import threading
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from email.policy import default as email_policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from click.testing import CliRunner

from monitor.alerts import build_digests
from monitor.channels import check_channel_url, dingtalk_sign, fit, mask_url, scrub, secrets_in
from monitor.cli import main
from monitor.config import ConfigError, load_config
from monitor.outbox import SendSummary, channel_resolver, enqueue, send_pending
from monitor.store import Notice, Store
from rules.base import Reminder
from rules.findings import Finding

AS_OF = date(2026, 3, 2)
T0 = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)
SMTP_PASSWORD = "smtp-Secret-7391"
DT_TOKEN = "dtTokenAbcdef0123456789"
DT_SECRET = "SECdingSecret4242xyz"
WECOM_KEY = "wecomKey-5151-abcdef"
SECRETS = (SMTP_PASSWORD, DT_TOKEN, DT_SECRET, WECOM_KEY)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# -- receivers ----------------------------------------------------------------


class Mailbox:
    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.logins: list[tuple[bytes, bytes]] = []
        self.password = SMTP_PASSWORD

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=email_policy))
        return "250 OK"

    def authenticate(self, server, session, envelope, mechanism, auth_data):
        self.logins.append((auth_data.login, auth_data.password))
        # handled=False: aiosmtpd answers 535 itself when the password is wrong
        return AuthResult(success=auth_data.password == self.password.encode(), handled=False)


@pytest.fixture
def smtp():
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port,
                            authenticator=mailbox.authenticate, auth_require_tls=False)  # fmt: skip
    controller.start()
    mailbox.port = port
    yield mailbox
    controller.stop()


class Robot:
    """Answers each POST with the next scripted (status, JSON) and records what it got."""

    def __init__(self):
        self.script: list[tuple[int, dict]] = []
        self.requests: list[dict] = []

    def answer(self) -> tuple[int, dict]:
        return self.script.pop(0) if self.script else (200, {"errcode": 0, "errmsg": "ok"})


@pytest.fixture
def robot():
    state = Robot()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length", 0))
            parts = urlsplit(self.path)
            state.requests.append({"path": parts.path, "query": parse_qs(parts.query),
                                   "json": json.loads(self.rfile.read(length))})  # fmt: skip
            status, answer = state.answer()
            data = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    state.port = server.server_address[1]
    yield state
    server.shutdown()
    server.server_close()


# -- config and inputs --------------------------------------------------------


@pytest.fixture(autouse=True)
def secrets_in_env(monkeypatch):
    monkeypatch.setenv("ZWGK_SMTP_PASSWORD", SMTP_PASSWORD)
    monkeypatch.setenv("ZWGK_DT_TOKEN", DT_TOKEN)
    monkeypatch.setenv("ZWGK_DT_SECRET", DT_SECRET)
    monkeypatch.setenv("ZWGK_WECOM_KEY", WECOM_KEY)


def mail_url(port: int) -> str:
    return (f"mailto://zwgk:${{ZWGK_SMTP_PASSWORD}}@127.0.0.1:{port}"
            "?from=zwgk@qingxi.gov.cn&to=jyj@qingxi.gov.cn")  # fmt: skip


def ding_url(port: int) -> str:
    return (f"dingrobot://127.0.0.1:{port}/robot/send"
            "?access_token=${ZWGK_DT_TOKEN}&secret=${ZWGK_DT_SECRET}")  # fmt: skip


def wecom_url(port: int) -> str:
    return f"wecomrobot://127.0.0.1:{port}/cgi-bin/webhook/send?key=${{ZWGK_WECOM_KEY}}"


def write_config(tmp_path: Path, edu=(), default=(), supervisors=(), **alerts) -> Path:
    settings = {"default": list(default), "supervisors": list(supervisors), **alerts}
    text = textwrap.dedent(f"""\
        region: 青溪县
        database: zwgk.db
        agencies:
          - id: edu
            name: 青溪县教育局
            kind: department
            catalog: department
            alerts: {json.dumps(list(edu))}
          - id: fin
            name: 青溪县财政局
            kind: department
            catalog: department
        alerts: {json.dumps(settings, ensure_ascii=False)}
        """)
    path = tmp_path / "zwgk.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def finding(fid: str, agency_id: str = "edu", **changes) -> Finding:
    annual_report = Finding(
        agency_id, "annual-report", "periodic", "missing", "2025年度", "veto",
        "政府信息公开工作年度报告", "《政府信息公开条例》第四十九条",
        "2025年度政府信息公开工作年度报告应于2026-01-31前公开，至今未公开",
        [{"label": "检查栏目", "url": "http://127.0.0.1:9/edu/ndbg/index.html"}],
        id=fid, state="open", opened_on=date(2026, 2, 2),
    )  # fmt: skip
    return replace(annual_report, **changes)


def notice(**changes) -> Notice:
    issued = Notice(
        id=7, number="青溪公开整改〔2026〕7号", year=2026, seq=7, agency_id="fin",
        issued_on=date(2026, 2, 13), deadline=date(2026, 2, 20), state="issued",
        rectified_on=None, overdue_on=None, withdrawn_on=None, withdraw_reason=None,
        files={"pdf": "/r/notices/7.pdf"},
    )  # fmt: skip
    return replace(issued, **changes)


FINDINGS = [
    finding("f1"),
    finding("f2", item_name="工作动态", status="stale", period=None,
            message="栏目「工作动态」最近更新于2026-01-05，已56天未更新（要求2周内更新）"),
    finding("f3", status="unreachable"),
    finding("f4", state="resolved"),
]  # fmt: skip
REMINDERS = [Reminder("edu", "budget", "部门预算", "2026", "2026年", date(2026, 3, 5))]
NOTICE = notice()


def cycle(store: Store, config, issued=(), overdue=()) -> int:
    """What the cycle does: build the digests of new events and queue them."""
    messages = build_digests(config, AS_OF, REMINDERS, FINDINGS, list(issued), list(overdue),
                             store.alert_event_keys())  # fmt: skip
    return enqueue(store, messages, channel_resolver(config))


@contextmanager
def opened(path: Path):
    store = Store(path)
    try:
        yield store
    finally:
        store.close()


@pytest.fixture
def store(tmp_path):
    with opened(tmp_path / "zwgk.db") as store:
        yield store


# -- messages -------------------------------------------------------------------


def test_one_digest_per_agency_with_new_events_only(tmp_path):
    config = load_config(write_config(tmp_path))
    issued = notice(agency_id="edu", deadline=date(2026, 3, 9))
    messages = build_digests(config, AS_OF, REMINDERS, FINDINGS, [issued], [NOTICE], set())
    edu, supervisors = messages
    assert edu.subject == "【政务公开提醒】青溪县教育局：2项逾期、1项即将到期、1份整改通知书"
    for text in ("2025年度", "至今未公开", "http://127.0.0.1:9/edu/ndbg/index.html",
                 "应于2026-03-05前公开，还剩3天", "青溪公开整改〔2026〕7号", "2026-03-09"):  # fmt: skip
        assert text in edu.body
    assert edu.body.splitlines()[-2] == "青溪县政务公开办"
    assert supervisors.audience == "supervisors"
    assert "青溪县财政局" in supervisors.body and "已逾期10天" in supervisors.body
    sent = {key for message in messages for key in message.event_keys}
    assert build_digests(config, AS_OF, REMINDERS, FINDINGS, [issued], [NOTICE], sent) == []


def test_a_finding_reopened_is_alerted_again(tmp_path):
    config = load_config(write_config(tmp_path))
    first = build_digests(config, AS_OF, [], FINDINGS[:1], [], [], set())
    reopened = [finding("f1", opened_on=date(2026, 3, 2), state="reopened")]
    again = build_digests(config, AS_OF, [], reopened, [], [], set(first[0].event_keys))
    assert len(again) == 1 and again[0].dedupe_key != first[0].dedupe_key


def test_alerts_link_each_finding_to_its_dashboard_page(tmp_path, smtp, store):
    path = write_config(tmp_path, edu=[mail_url(smtp.port)])
    dashboard = "dashboard:\n  url: https://gk.qingxi.gov.cn/zwgk/\n"
    path.write_text(path.read_text(encoding="utf-8") + dashboard, encoding="utf-8")
    config = load_config(path)
    issued = notice(agency_id="edu")
    enqueue(store, build_digests(config, AS_OF, [], FINDINGS, [issued], [], set()),
            channel_resolver(config))  # fmt: skip
    assert send_pending(store, config, T0).sent == 1
    body = smtp.messages[0].get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")
    for fid in ("f1", "f2"):  # the overdue findings; f3 (unreachable) is not alerted
        assert f"查看与整改回复：https://gk.qingxi.gov.cn/zwgk/findings/{fid}\n" in body
    assert "/findings/f3" not in body
    assert "查看与整改回复：https://gk.qingxi.gov.cn/zwgk/notices/7" in body
    (tmp_path / "plain").mkdir()
    plain = load_config(write_config(tmp_path / "plain"))
    (message,) = build_digests(plain, AS_OF, [], FINDINGS, [issued], [], set())
    assert "查看与整改回复" not in message.body and "/findings/" not in message.body


# -- channels -------------------------------------------------------------------


def test_email_through_local_smtp_decodes_chinese(tmp_path, smtp, store):
    config = load_config(write_config(tmp_path, edu=[mail_url(smtp.port)]))
    assert cycle(store, config) == 1
    summary = send_pending(store, config, T0)
    assert (summary.sent, summary.failed) == (1, 0)
    assert smtp.logins == [(b"zwgk", SMTP_PASSWORD.encode())]
    (message,) = smtp.messages
    assert str(message["Subject"]) == "【政务公开提醒】青溪县教育局：2项逾期、1项即将到期"
    assert message["To"] == "jyj@qingxi.gov.cn"
    body = message.get_body(preferencelist=("plain", "html")).get_content()
    assert "政府信息公开工作年度报告（2025年度）" in body and "青溪县政务公开办" in body
    assert store.outbox()[0].state == "sent"


def test_dingtalk_robot_gets_markdown_and_a_valid_sign(tmp_path, robot, store, caplog):
    caplog.set_level(logging.DEBUG)
    config = load_config(write_config(tmp_path, default=[ding_url(robot.port)]))
    cycle(store, config)
    assert send_pending(store, config, T0).sent == 1
    (request,) = robot.requests
    assert request["path"] == "/robot/send"
    assert request["json"]["msgtype"] == "markdown"
    assert request["json"]["markdown"]["title"].startswith("【政务公开提醒】青溪县教育局")
    assert "至今未公开" in request["json"]["markdown"]["text"]
    query = request["query"]
    assert query["access_token"] == [DT_TOKEN] and "secret" not in query
    timestamp = int(query["timestamp"][0])
    assert query["sign"] == [dingtalk_sign(DT_SECRET, timestamp)]
    assert "/robot/send" in caplog.text  # urllib3 logged the request, masked:
    assert DT_TOKEN not in caplog.text and "sign=****" in caplog.text


def test_wecom_robot_gets_markdown_content(tmp_path, robot, store):
    config = load_config(write_config(tmp_path, supervisors=[wecom_url(robot.port)]))
    messages = build_digests(config, AS_OF, [], [], [], [NOTICE], set())
    enqueue(store, messages, channel_resolver(config))
    assert send_pending(store, config, T0).sent == 1
    (request,) = robot.requests
    assert request["path"] == "/cgi-bin/webhook/send" and request["query"]["key"] == [WECOM_KEY]
    assert request["json"]["msgtype"] == "markdown"
    assert "青溪公开整改〔2026〕7号" in request["json"]["markdown"]["content"]


# -- outbox ---------------------------------------------------------------------


def test_failing_channel_is_retried_with_backoff_and_delivers_once(tmp_path, robot, store):
    config = load_config(write_config(tmp_path, default=[ding_url(robot.port)]))
    robot.script = [(500, {}), (200, {"errcode": 310000, "errmsg": "sign not match"})]
    cycle(store, config)
    assert send_pending(store, config, T0).failed == 1
    row = store.outbox()[0]
    assert (row.state, row.attempts) == ("failed", 1)
    assert row.next_attempt_at == "2026-03-02T01:01:00+00:00" and "HTTP 500" in row.last_error
    assert send_pending(store, config, T0 + timedelta(seconds=59)) == SendSummary()
    assert len(robot.requests) == 1
    assert send_pending(store, config, T0 + timedelta(seconds=60)).failed == 1
    assert "310000" in store.outbox()[0].last_error
    assert store.outbox()[0].next_attempt_at == "2026-03-02T01:03:00+00:00"
    assert send_pending(store, config, T0 + timedelta(seconds=180)).sent == 1
    assert send_pending(store, config, T0 + timedelta(days=1)).sent == 0
    assert len(robot.requests) == 3 and store.outbox()[0].state == "sent"


def test_same_cycle_twice_sends_nothing_twice(tmp_path, smtp, store):
    config = load_config(write_config(tmp_path, default=[mail_url(smtp.port)]))
    messages = build_digests(config, AS_OF, REMINDERS, FINDINGS, [], [], set())
    channels = channel_resolver(config)
    assert enqueue(store, messages, channels) == 1
    assert enqueue(store, messages, channels) == 0
    assert cycle(store, config) == 0
    send_pending(store, config, T0)
    assert cycle(store, config) == 0
    assert send_pending(store, config, T0 + timedelta(hours=1)).sent == 0
    assert len(smtp.messages) == 1


def test_a_row_left_sending_by_a_sender_that_died_is_sent_at_once(tmp_path, robot, store):
    """Senders hold the store lock: a row still `sending` when one starts lost its sender."""
    config = load_config(write_config(tmp_path, default=[ding_url(robot.port)]))
    cycle(store, config)
    assert store.claim_outbox(1, "2026-03-02T01:00:00+00:00", "2026-03-02T01:10:00+00:00")
    assert not store.claim_outbox(1, "2026-03-02T01:00:00+00:00", "2026-03-02T01:10:00+00:00")
    assert send_pending(store, config, T0).sent == 1
    assert send_pending(store, config, T0 + timedelta(minutes=10)).sent == 0
    assert len(robot.requests) == 1 and store.outbox()[0].state == "sent"


@pytest.mark.parametrize("password", ["p@ss#w/rd:1", "a%40b?c&d=e", "sp ace+plus"])
def test_a_password_with_url_characters_reaches_the_smtp_server_intact(
    tmp_path, smtp, store, monkeypatch, password
):
    monkeypatch.setenv("ZWGK_SMTP_PASSWORD", password)
    smtp.password = password
    config = load_config(write_config(tmp_path, edu=[mail_url(smtp.port)]))
    cycle(store, config)
    assert send_pending(store, config, T0).sent == 1
    assert smtp.logins == [(b"zwgk", password.encode())] and len(smtp.messages) == 1
    listed = CliRunner().invoke(main, ["alerts", "list", "--config", str(config.path)]).output
    assert password not in listed and "mailto://zwgk:****@127.0.0.1" in listed


def test_crawled_text_cannot_become_a_link_in_robot_markdown(tmp_path, robot, store):
    config = load_config(write_config(tmp_path, default=[ding_url(robot.port)]))
    title = "关于[点此领取补贴](http://evil.example/x)的**通知**<font color=red>"
    rows = [finding("f9", message=f"最新一条「{title}」已40天未更新", status="stale",
                    evidence=[{"url": "http://127.0.0.1:9/edu/a_(1).html"}])]  # fmt: skip
    enqueue(store, build_digests(config, AS_OF, [], rows, [], [], set()), channel_resolver(config))
    assert send_pending(store, config, T0).sent == 1
    text = robot.requests[0]["json"]["markdown"]["text"]
    assert "](http://evil" not in text and "**通知**" not in text and "<font" not in text
    assert "点此领取补贴" in text and "http：//evil.example" in text
    assert "[http://127.0.0.1:9/edu/a_(1).html](http://127.0.0.1:9/edu/a_%281%29.html)" in text


def test_dead_letter_after_max_attempts(tmp_path, robot, store):
    url = ding_url(robot.port)
    config = load_config(write_config(tmp_path, default=[url], max_attempts=2, backoff_seconds=1))
    robot.script = [(500, {})] * 5
    cycle(store, config)
    assert send_pending(store, config, T0).failed == 1
    assert send_pending(store, config, T0 + timedelta(seconds=1)).dead == 1
    assert send_pending(store, config, T0 + timedelta(days=1)).dead == 0
    row = store.outbox()[0]
    assert (row.state, row.attempts, row.next_attempt_at) == ("dead", 2, None)
    assert len(robot.requests) == 2


def test_dry_run_writes_files_and_sends_nothing(tmp_path, smtp, store):
    config = load_config(write_config(tmp_path, edu=[mail_url(smtp.port)]))
    cycle(store, config)
    summary = send_pending(store, config, T0, dry_run_dir=tmp_path / "out")
    (path,) = summary.written
    assert path.name == "1-edu.txt"
    text = path.read_text(encoding="utf-8")
    assert "channel: mailto://zwgk:****@127.0.0.1" in text and SMTP_PASSWORD not in text
    assert "subject: 【政务公开提醒】青溪县教育局" in text
    assert smtp.messages == [] and store.outbox()[0].state == "pending"


def test_cli_never_shows_or_stores_a_secret(tmp_path, smtp, robot, monkeypatch):
    monkeypatch.setenv("ZWGK_SMTP_PASSWORD", SMTP_PASSWORD + "-wrong")
    literal = f"dingrobot://127.0.0.1:{robot.port}/robot/send?access_token={DT_TOKEN}"
    path = write_config(tmp_path, edu=[mail_url(smtp.port)], default=[literal],
                        supervisors=[wecom_url(robot.port)])  # fmt: skip
    config = load_config(path)
    with opened(config.database) as store:
        cycle(store, config, issued=[NOTICE], overdue=[NOTICE])
    runner = CliRunner()
    sent = runner.invoke(main, ["alerts", "send", "--config", str(path)])
    assert sent.exit_code == 0, sent.output
    assert "sent 2, failed 1" in sent.output
    outputs = [runner.invoke(main, ["alerts", "list", "--config", str(path), *args]).output
               for args in ([], ["--json"], ["--json", "--state", "failed"])]  # fmt: skip
    assert "mailto://zwgk:****@127.0.0.1" in outputs[0] and "access_token=****" in outputs[0]
    stored = b"".join(p.read_bytes() for p in tmp_path.glob("zwgk.db*"))
    for secret in (SMTP_PASSWORD, DT_SECRET, WECOM_KEY):
        assert all(secret not in text for text in [sent.output, *outputs])
        assert secret.encode() not in stored
    assert DT_TOKEN not in "".join(outputs)
    failed = json.loads(outputs[2].splitlines()[0])
    assert failed["agency"] == "edu" and failed["last_error"]


def test_cli_dry_run_defaults_to_reports_outbox(tmp_path, smtp):
    path = write_config(tmp_path, edu=[mail_url(smtp.port)])
    config = load_config(path)
    with opened(config.database) as store:
        cycle(store, config)
    result = CliRunner().invoke(main, ["alerts", "send", "--dry-run", "--config", str(path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "reports" / "outbox" / "1-edu.txt").exists() and smtp.messages == []


# -- URLs -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "masked"),
    [
        ("mailto://user:pw1234@smtp.qq.com?to=a@b.cn", "mailto://user:****@smtp.qq.com?to=a@b.cn"),
        ("dingtalk://abcdeftoken123/", "dingtalk://****/"),
        ("dingtalk://SECsecret@abcdeftoken123/", "dingtalk://****/"),
        ("dingrobots://oapi.dingtalk.com/robot/send?access_token=t0k3n&secret=${S}",
         "dingrobots://oapi.dingtalk.com/robot/send?access_token=****&secret=****"),
        ("wecombot://botkey123", "wecombot://****"),
        ("json://hooks.example.cn/a/0123456789abcdefghij", "json://hooks.example.cn/a/****"),
    ],
)  # fmt: skip
def test_mask_url_hides_secrets(url, masked):
    assert mask_url(url) == masked


def test_unknown_channel_scheme_names_file_and_line(tmp_path):
    path = write_config(tmp_path)
    lines = path.read_text(encoding="utf-8").splitlines()[:-1]
    lines += ["alerts:", "  default:", "    - mailto://a@b.cn", "    - smtp2://x"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert caught.value.line == len(lines)
    assert "unknown alert channel scheme 'smtp2://'" in str(caught.value)


def test_an_unset_variable_fails_the_row_without_a_crash(tmp_path, robot, store, monkeypatch):
    monkeypatch.delenv("ZWGK_DT_TOKEN")
    config = load_config(write_config(tmp_path, default=[ding_url(robot.port)]))
    cycle(store, config)
    assert send_pending(store, config, T0).failed == 1 and robot.requests == []
    assert store.outbox()[0].last_error == "environment variable ZWGK_DT_TOKEN is not set"


def test_long_robot_text_is_cut_to_the_byte_limit():
    text = fit("一" * 3000, 4096)
    assert len(text.encode("utf-8")) <= 4096 and text.endswith("（内容过长，已截断）")
    assert fit("短", 4096) == "短"


def test_secrets_are_scrubbed_from_error_text():
    url = "dingtalk://SECabc123@TokenMixedCase99/?to=1"
    assert (
        scrub("failed TokenMixedCase99 with SECabc123", secrets_in(url)) == "failed **** with ****"
    )


def test_channel_url_checks():
    assert check_channel_url("dingrobots://oapi.dingtalk.com/robot/send?access_token=${T}")
    with pytest.raises(ValueError, match="placeholder"):
        check_channel_url("mailto://u:${PASS@host")
