"""The rectification loop: attachments, 整改回复 and 申诉, their verification by a later crawl,
the supervisors' decisions (audited), and a finding's timeline.

Real parts throughout: a store on disk, real Office files written by python-docx and
openpyxl, checks run through `sync_findings` and `verify_replies` as `run_check` runs them,
alerts queued through the outbox. Dates are fixed (the replayed days of the demo and tests);
the week of 国庆 2026 (10-01 to 10-07) is one of them.
"""

from __future__ import annotations

import getpass
import io
import zipfile
from datetime import UTC, date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from builders import stale_finding, two_agency_config
from docx import Document
from openpyxl import Workbook

from monitor.alerts import build_digests
from monitor.evaluate import Evaluation
from monitor.findings import ACTIVE, acting_user, sync_findings, waive
from monitor.notices import withdraw_notice
from monitor.outbox import enqueue
from monitor.replies import (
    ReplyError,
    crawl_moment,
    decide_appeal,
    finding_timeline,
    notice_timeline,
    save_attachment,
    submit_appeal,
    submit_reply,
    verify_replies,
)
from monitor.store import Crawl, Store

D1 = date(2026, 9, 30)  # the crawl before 国庆
D2 = date(2026, 10, 9)  # the first crawl after it
ZONE = ZoneInfo("Asia/Shanghai")
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64
HTML = b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>"


def local(day: date, hour: int) -> str:
    """A UTC timestamp for a local hour of a day (how the store keeps times)."""
    return datetime.combine(day, time(hour), ZONE).astimezone(UTC).isoformat()


def docx_bytes(macro: bool = False) -> bytes:
    buffer = io.BytesIO()
    document = Document()
    document.add_paragraph("整改情况说明")
    document.save(buffer)
    if not macro:
        return buffer.getvalue()
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0")
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


@pytest.fixture
def config(tmp_path):
    base = two_agency_config(tmp_path)
    dashboard = base.dashboard.model_copy(
        update={
            "attachments_dir": tmp_path / "attachments",
            "attachment_max_mb": 0.05,
            "url": "https://gk.qingxi.gov.cn/zwgk",
        }  # fmt: skip
    )
    return base.model_copy(update={"dashboard": dashboard})


@pytest.fixture
def store(config):
    store = Store(config.database)
    yield store
    store.close()


@pytest.fixture
def users(store):
    accounts = [("jyj", "教育局填报员", "department", "qx-jyj"),
                ("mzj", "民政局填报员", "department", "qx-mzj"),
                ("gkb", "政务公开办", "supervisor", None), ("look", "查看", "viewer", None)]  # fmt: skip
    return {name: store.add_user(name, full, role, agency, "unused-hash")
            for name, full, role, agency in accounts}  # fmt: skip


def crawl(store: Store, day: date) -> Crawl:
    """A finished crawl of a replayed day (it ran now, it looked at `day`)."""
    crawl_id = store.start_crawl(day.isoformat())
    store.finish_crawl(crawl_id, "finished", {})
    return store.latest_crawl()


def check(store: Store, day: date, seen, judged=None, unjudged=()):
    """A check on the latest crawl, as run_check does it: findings, then replies."""
    latest = store.latest_crawl()
    check_id = store.start_check(day.isoformat(), latest.id if latest else None)
    scopes = {(f.agency_id, f.item_id) for f in seen} if judged is None else set(judged)
    sync_findings(store, check_id, day, Evaluation(list(seen), scopes, set(unjudged), []))
    return verify_replies(store, check_id, day, latest)


def found(store: Store, agency_id: str, item_id: str = "news"):
    return next(f for f in store.findings(agency_id=agency_id) if f.item_id == item_id)


# -- attachments --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "filename, data, kind",
    [("整改说明.pdf", PDF, "pdf"), ("截图.PNG", PNG, "png"), ("照片.jpeg", JPG, "jpg"),
     ("报告.docx", docx_bytes(), "docx"), ("台账.xlsx", xlsx_bytes(), "xlsx")],
)  # fmt: skip
def test_allowed_attachments_are_kept_under_a_random_name(config, filename, data, kind):
    kept = save_attachment(config, "qx-jyj", filename, data)
    path = config.dashboard.attachments_dir / "qx-jyj"
    assert kept.type == kind and kept.size == len(data) and kept.name == filename
    assert kept.path.startswith(str(path)) and kept.path.endswith(f".{kind}")
    assert filename.split(".")[0] not in kept.path
    assert Path(kept.path).read_bytes() == data


@pytest.mark.parametrize(
    "filename, data, words",
    [("整改说明.pdf", EXE, "不是扩展名所示"),  # a program renamed
     ("整改说明.pdf", HTML, "不是扩展名所示"),  # a page with a script renamed
     ("整改说明.docx", HTML, "不是扩展名所示"),
     ("整改说明.docx", xlsx_bytes(), "不是扩展名所示"),  # a workbook is a zip without word/
     ("整改说明.xlsx", docx_bytes(), "不是扩展名所示"),
     ("整改说明.png", JPG, "不是扩展名所示"),
     ("整改说明.docx", docx_bytes(macro=True), "宏"),
     ("setup.exe", EXE, "类型不支持"),
     ("page.html", HTML, "类型不支持"),
     ("整改说明", PDF, "无扩展名"),
     ("整改说明.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "旧版"),
     ("整改说明.pdf", b"", "空文件"),
     ("整改说明.pdf", PDF + b"\x00" * 60_000, "超过0.05 MB")],
)  # fmt: skip
def test_attachments_refused_by_type_content_or_size(config, filename, data, words):
    with pytest.raises(ReplyError, match=words):
        save_attachment(config, "qx-jyj", filename, data)
    folder = config.dashboard.attachments_dir / "qx-jyj"
    assert not folder.exists() or not any(folder.iterdir())  # nothing written


def test_the_users_file_name_never_becomes_a_path(config):
    kept = save_attachment(config, "qx-jyj", "..\\..\\../../etc/passwd.pdf", PDF)
    assert kept.name == "passwd.pdf"
    assert kept.path.startswith(str(config.dashboard.attachments_dir / "qx-jyj"))
    with pytest.raises(ReplyError, match="未知单位"):
        save_attachment(config, "../qx-jyj", "a.pdf", PDF)


# -- replies and appeals ------------------------------------------------------------------------


def test_a_reply_to_an_own_active_finding_is_stored_linked_to_its_notice(config, store, users):
    check(store, D1, [stale_finding("qx-jyj")])
    finding = found(store, "qx-jyj")
    notice = store.issue_notice("qx-jyj", D1, D2, [finding.id], lambda y, s: f"青溪〔{y}〕{s}号")
    attachment = save_attachment(config, "qx-jyj", "说明.pdf", PDF)
    reply = submit_reply(store, users["jyj"], finding, " 已恢复更新 ", "https://x.gov.cn/a.html",
                         attachment)  # fmt: skip
    assert (reply.kind, reply.state, reply.body, reply.notice_id) == ("reply", "submitted",
                                                                       "已恢复更新", notice.id)  # fmt: skip
    assert reply.attachment == attachment
    audit = store.audit_entries("finding", finding.id)
    assert [(e.username, e.action) for e in audit] == [("jyj", "submit_reply")]
    assert store.finding(finding.id).state == "new"  # a reply resolves nothing


def test_replies_refused_for_others_inactive_findings_and_bad_input(config, store, users):
    check(store, D1, [stale_finding("qx-jyj"), stale_finding("qx-mzj")])
    jyj, mzj = found(store, "qx-jyj"), found(store, "qx-mzj")
    refusals = [
        (lambda: submit_reply(store, users["mzj"], jyj, "已整改"), "本单位"),
        (lambda: submit_appeal(store, users["mzj"], jyj, "误报"), "本单位"),
        (lambda: submit_reply(store, users["gkb"], jyj, "已整改"), "填报单位"),
        (lambda: submit_reply(store, users["look"], jyj, "已整改"), "填报单位"),
        (lambda: submit_reply(store, users["jyj"], jyj, "  "), "请填写整改情况"),
        (lambda: submit_appeal(store, users["jyj"], jyj, ""), "请填写申诉理由"),
        (lambda: submit_reply(store, users["jyj"], jyj, "已整改", "javascript:alert(1)"), "http"),
        (lambda: submit_reply(store, users["jyj"], jyj, "已整改", "ftp://x.gov.cn/a"), "http"),
        (lambda: submit_reply(store, users["jyj"], jyj, "已整改", "https://"), "http"),
        (lambda: submit_reply(store, users["jyj"], jyj, "已整改", None,
                              save_attachment(config, "qx-mzj", "a.pdf", PDF)), "附件不属于"),
    ]  # fmt: skip
    for attempt, words in refusals:
        with pytest.raises(ReplyError, match=words):
            attempt()
    check(store, D2, [stale_finding("qx-mzj")], judged=[("qx-jyj", "news"), ("qx-mzj", "news")])
    assert store.finding(jyj.id).state == "resolved"
    with pytest.raises(ReplyError, match="已整改或已豁免"):
        submit_reply(store, users["jyj"], store.finding(jyj.id), "已整改")
    assert store.replies() == [] and store.finding(mzj.id).state == "open"


def test_one_pending_appeal_at_a_time(store, users):
    check(store, D1, [stale_finding("qx-jyj")])
    finding = found(store, "qx-jyj")
    submit_appeal(store, users["jyj"], finding, "该栏目已并入县政府门户网站")
    with pytest.raises(ReplyError, match="已有申诉待审核"):
        submit_appeal(store, users["jyj"], finding, "再次申诉")


# -- verification -------------------------------------------------------------------------------


def test_a_later_crawl_verifies_replies_an_earlier_one_never(store, users):
    """Replies sent on 10-01 (国庆): the check re-run on the 09-30 crawl settles nothing; the
    10-09 crawl finds jyj's column fresh (verified) and mzj's still stale (not verified)."""
    crawl(store, D1)
    check(store, D1, [stale_finding("qx-jyj"), stale_finding("qx-mzj")])
    jyj, mzj = found(store, "qx-jyj"), found(store, "qx-mzj")
    fixed = submit_reply(
        store, users["jyj"], jyj, "已恢复更新", submitted_at=local(date(2026, 10, 1), 9)
    )
    claimed = submit_reply(
        store, users["mzj"], mzj, "已整改", submitted_at=local(date(2026, 10, 1), 9)
    )
    again = check(store, D1, [stale_finding("qx-jyj"), stale_finding("qx-mzj")])
    assert again == []  # the same crawl checked again (`zwgk check`): it started earlier
    assert {r.state for r in store.replies()} == {"submitted"}
    crawl(store, D2)
    settled = check(store, D2, [stale_finding("qx-mzj")],
                    judged=[("qx-jyj", "news"), ("qx-mzj", "news")])  # fmt: skip
    assert {r.id: r.state for r in settled} == {fixed.id: "verified", claimed.id: "not_verified"}
    verified = store.reply(fixed.id)
    assert (verified.decided_by, verified.checked_on) == ("check", D2.isoformat())
    assert "未再发现" in verified.decision_reason
    assert "仍然存在" in store.reply(claimed.id).decision_reason
    assert store.finding(mzj.id).state == "open"  # a reply never resolves a finding


def test_a_finding_the_crawl_could_not_judge_keeps_its_reply_pending(store, users):
    crawl(store, D1)
    check(store, D1, [stale_finding("qx-jyj")])
    finding = found(store, "qx-jyj")
    reply = submit_reply(store, users["jyj"], finding, "已整改", submitted_at=local(D1, 15))
    crawl(store, D2)
    assert check(store, D2, [], judged=[], unjudged=[("qx-jyj", "news")]) == []
    assert store.reply(reply.id).state == "submitted"


def test_crawl_moment_is_the_start_or_the_start_of_a_replayed_day():
    started = "2026-10-09T01:30:00+00:00"  # 09:30 in 青溪县
    same_day = Crawl(1, "2026-10-09", started, None, "finished", None)
    replayed = Crawl(2, "2026-09-30", started, None, "finished", None)
    assert crawl_moment(same_day, "Asia/Shanghai") == datetime.fromisoformat(started)
    assert crawl_moment(replayed, "Asia/Shanghai") == datetime(2026, 9, 30, tzinfo=ZONE)


# -- decisions ----------------------------------------------------------------------------------


def test_an_accepted_appeal_waives_the_finding_as_a_false_positive_and_is_audited(store, users):
    check(store, D1, [stale_finding("qx-jyj")])
    finding = found(store, "qx-jyj")
    appeal = submit_appeal(store, users["jyj"], finding, "该栏目为外链，内容在县门户网站更新")
    with pytest.raises(ReplyError, match="政务公开办"):
        decide_appeal(store, users["jyj"], appeal, True, "自己认定", D1)
    with pytest.raises(ReplyError, match="请填写处理理由"):
        decide_appeal(store, users["gkb"], appeal, True, " ", D1)
    decided = decide_appeal(store, users["gkb"], appeal, True, "经核实为外链栏目", D1)
    assert (decided.state, decided.decided_by, decided.decision_reason) == (
        "accepted", "gkb", "经核实为外链栏目")  # fmt: skip
    waived = store.finding(finding.id)
    assert waived.state == "waived" and waived.waiver.kind == "false_positive"
    assert waived.waiver.reason == "经核实为外链栏目"
    audit = {e.action: e for e in store.audit_entries("finding", finding.id)}
    assert audit["waive"].username == "gkb" and audit["waive"].reason == "经核实为外链栏目"
    assert audit["waive"].detail == {"waiver": "false_positive", "until": None,
                                     "appeal": appeal.id}  # fmt: skip
    assert audit["appeal_accepted"].username == "gkb"
    with pytest.raises(ReplyError, match="已经处理过"):
        decide_appeal(store, users["gkb"], appeal, False, "改判", D1)


def test_a_rejected_appeal_leaves_the_finding_as_it_was(store, users):
    check(store, D1, [stale_finding("qx-jyj")])
    finding = found(store, "qx-jyj")
    appeal = submit_appeal(store, users["jyj"], finding, "我们更新了")
    decided = decide_appeal(store, users["gkb"], appeal, False, "栏目确实48天未更新", D1)
    assert decided.state == "rejected" and store.finding(finding.id).state in ACTIVE
    assert "waive" not in {e.action for e in store.audit_entries("finding", finding.id)}


def test_waivers_and_withdrawals_name_who_and_why(store, users):
    check(store, D1, [stale_finding("qx-jyj"), stale_finding("qx-mzj")])
    jyj, mzj = found(store, "qx-jyj"), found(store, "qx-mzj")
    waive(store, jyj.id, "栏目撤并", None, False, D1, by="gkb")
    waive(store, mzj.id, "命令行豁免", date(2026, 12, 31), False, D1)
    notice = store.issue_notice("qx-mzj", D1, D2, [mzj.id], lambda y, s: f"青溪〔{y}〕{s}号")
    withdraw_notice(store, str(notice.id), "问题已豁免", D1, by="gkb")
    entries = {e.target_id: e for e in store.audit_entries()}
    assert (entries[jyj.id].username, entries[jyj.id].reason) == ("gkb", "栏目撤并")
    assert entries[mzj.id].username == getpass.getuser() == acting_user(None)
    assert entries[mzj.id].detail["until"] == "2026-12-31"
    assert (entries[str(notice.id)].action, entries[str(notice.id)].reason) == (
        "withdraw",
        "问题已豁免",
    )
    assert notice_timeline(store, store.notice(notice.id))[-1].label == "整改通知书已撤回"


# -- the timeline -------------------------------------------------------------------------------


def test_the_timeline_tells_the_loop_in_order(config, store, users):
    crawl(store, D1)
    check(store, D1, [stale_finding("qx-jyj")])
    finding = found(store, "qx-jyj")
    messages = build_digests(config, D1, [], [finding], [], [], set())
    enqueue(store, messages, lambda message: ["mailto://127.0.0.1?to=jyj@qingxi.gov.cn"])
    (entry,) = store.outbox()
    store.update_outbox(entry.id, {"state": "sent", "sent_at": local(D1, 6)})
    notice = store.issue_notice("qx-jyj", D1, D2, [finding.id], lambda y, s: f"青溪〔{y}〕{s}号")
    reply = submit_reply(store, users["jyj"], finding, "已恢复更新", "https://x.gov.cn/a.html",
                         submitted_at=local(date(2026, 10, 8), 10))  # fmt: skip
    crawl(store, D2)
    check(store, D2, [], judged=[("qx-jyj", "news")])
    events = finding_timeline(store, store.finding(finding.id))
    assert [e.kind for e in events] == ["found", "alerted", "notice", "reply", "verified",
                                        "resolved"]  # fmt: skip
    assert [e.day for e in events] == [D1, D1, D1, date(2026, 10, 8), D2, D2]
    assert events[1].label == "发送逾期提醒" and events[2].detail.startswith(notice.number)
    assert events[3].who == "jyj" and "https://x.gov.cn/a.html" in events[3].detail
    assert events[4].label.startswith("复查通过") and events[4].who == "监测系统"
    assert reply.id == store.replies(finding_id=finding.id)[0].id


def test_the_timeline_shows_an_appeal_decided_and_its_waiver(store, users):
    check(store, D1, [stale_finding("qx-jyj")])
    finding = found(store, "qx-jyj")
    appeal = submit_appeal(store, users["jyj"], finding, "外链栏目", submitted_at=local(D1, 11))
    decide_appeal(store, users["gkb"], appeal, True, "经核实为外链栏目", D1)
    events = finding_timeline(store, store.finding(finding.id))
    assert [(e.kind, e.who) for e in events] == [("found", "监测系统"), ("reply", "jyj"),
                                                 ("decided", "gkb"), ("waived", "gkb")]  # fmt: skip
    assert events[2].label == "申诉成立，认定为误报" and events[3].detail == "经核实为外链栏目"
