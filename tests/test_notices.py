"""Rectification notices: numbering, lifecycle, rendering, concurrent issuing."""

import multiprocessing
from datetime import date
from pathlib import Path

import pytest
from builders import record_check, stale_finding, two_agency_config
from docx import Document

from monitor.notices import (
    NoticeError,
    issue_notices,
    render_missing_files,
    update_notices,
    withdraw_notice,
)
from monitor.store import Store
from rules.calendar import WorkCalendar

AS_OF = date(2026, 11, 27)  # Friday: 5 working days later is Friday 2026-12-04


@pytest.fixture
def setup(tmp_path):
    config = two_agency_config(tmp_path)
    store = Store(config.database)
    record_check(store, AS_OF, [stale_finding("qx-jyj", "news"), stale_finding("qx-mzj", "news"),
                         stale_finding("qx-mzj", "org", severity="warning")])  # fmt: skip
    return config, store


def test_issue_numbers_deadline_and_files(setup):
    config, store = setup
    notices = issue_notices(config, store, AS_OF, WorkCalendar())
    assert [n.number for n in notices] == ["青溪公开整改〔2026〕1号", "青溪公开整改〔2026〕2号"]
    assert {n.deadline for n in notices} == {date(2026, 12, 4)}
    assert render_missing_files(config, store) == []
    mzj = store.notice(notices[1].id)
    assert [f.item_id for f in store.notice_findings(mzj.id)] == ["news"]  # warning left out
    docx = Document(mzj.files["docx"])
    text = "\n".join(p.text for p in docx.paragraphs)
    assert "青溪公开整改〔2026〕2号" in text and "青溪县民政局" in text and "<b>标题</b>" in text
    html = Path(mzj.files["html"]).read_text(encoding="utf-8")
    assert "&lt;b&gt;标题&lt;/b&gt;" in html and "<b>标题</b>" not in html
    assert Path(mzj.files["pdf"]).read_bytes()[:5] == b"%PDF-"


def test_a_finding_is_never_on_two_open_notices(setup):
    config, store = setup
    issue_notices(config, store, AS_OF, WorkCalendar())
    assert issue_notices(config, store, AS_OF, WorkCalendar()) == []


def test_rectified_when_resolved_overdue_past_deadline(setup):
    config, store = setup
    jyj, mzj = issue_notices(config, store, AS_OF, WorkCalendar())
    record_check(
        store, date(2026, 12, 4), [stale_finding("qx-mzj", "news")]
    )  # jyj fixed its column
    moved = update_notices(store, date(2026, 12, 4))
    assert [n.number for n in moved["rectified"]] == [jyj.number]
    assert store.notice(jyj.id).rectified_on == date(2026, 12, 4)
    assert moved["overdue"] == []  # the deadline day itself is not past
    moved = update_notices(store, date(2026, 12, 7))
    assert [(n.number, n.overdue_on) for n in moved["overdue"]] == [(mzj.number, date(2026, 12, 7))]


def test_withdrawn_numbers_are_never_reused(setup):
    config, store = setup
    jyj, _ = issue_notices(config, store, AS_OF, WorkCalendar())
    with pytest.raises(NoticeError, match="needs a reason"):
        withdraw_notice(store, jyj.number, " ", AS_OF)
    withdrawn = withdraw_notice(store, jyj.number, "栏目由县融媒体中心统一维护", AS_OF)
    assert (withdrawn.state, withdrawn.withdraw_reason) == (
        "withdrawn",
        "栏目由县融媒体中心统一维护",
    )
    [again] = issue_notices(config, store, AS_OF, WorkCalendar())
    assert again.number == "青溪公开整改〔2026〕3号"


def _issue_many(db_path: str, agency_id: str, count: int, queue) -> None:
    store = Store(db_path)
    numbers = []
    for n in range(count):
        notice = store.issue_notice(agency_id, AS_OF, date(2026, 12, 4), [f"{agency_id}-{n}"],
                                    lambda y, s: f"青溪公开整改〔{y}〕{s}号")  # fmt: skip
        numbers.append(notice.number)
    queue.put(numbers)


def test_two_processes_issuing_at_once_never_share_a_number(tmp_path):
    db = str(tmp_path / "zwgk.db")
    Store(db).close()
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    workers = [context.Process(target=_issue_many, args=(db, agency, 40, queue))
               for agency in ("qx-jyj", "qx-mzj")]  # fmt: skip
    for worker in workers:
        worker.start()
    numbers = queue.get(timeout=60) + queue.get(timeout=60)
    for worker in workers:
        worker.join(timeout=60)
    assert len(numbers) == len(set(numbers)) == 80
    assert sorted(int(n.split("〕")[1][:-1]) for n in numbers) == list(range(1, 81))
