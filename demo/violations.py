"""The violations injected into the county: each changes some columns' schedules on `as_of`.

Stale columns stop publishing some weeks before `as_of`; blank columns publish nothing; the
latest annual report already due is left out (missing), published three weeks late, or
published without its tables (defective); a department publishes its budget after the 20
days; a document appears 30 working days after it was formed; a normative document has no
interpretation; a notice appears online dated five weeks back (backdated); messages go
unanswered; a department's pages link to deleted articles; a township's site has no column
for an item its catalog requires (no_column); a recent publication's page carries a content
error (demo/content.py: a wrong word or title, personal data, a hidden or blocked link).
Every violation has a stable id, and `fixes` leaves it out.

What depends on `as_of` is anchored on the two-month block it falls in (`block_start`), so
that the weekly cycles of a block see the same violations; only the backdated notice is tied
to `as_of` itself (it appears that day). What a correct monitor reports for each violation is
`demo/expected.py`'s; the truth judges the served pages on its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from demo.budget import trigger_date
from demo.catalog import catalog_items
from demo.content import ANCHOR_DAYS, CONTENT_ERRORS, content_error
from demo.schedule import Slot
from demo.stable import stable_int
from demo.workdays import last_workday_before


@dataclass(frozen=True)
class Scene:
    """What an injection needs to know about the day and the agency."""

    as_of: date
    seed: int
    injection_id: str
    kind: str  # the agency's kind: county | department | township

    @property
    def block(self) -> date:
        return block_start(self.as_of)

    def report_due(self) -> tuple[int, int]:
        return next(i.due for i in catalog_items(self.kind) if i.item_id == "annual-report")


Change = Callable[[Scene, list[Slot]], tuple[list[Slot], str]]


@dataclass(frozen=True)
class Injection:
    id: str
    agency_id: str
    columns: tuple[str, ...]  # the columns whose schedule `change` rewrites
    change: Change
    fixed: Change | None = None  # the schedule once fixed (default: the regular one)
    dead_links: int = 0  # links to deleted articles on the agency's column pages
    missing: tuple[str, ...] = ()  # catalog columns the agency's site does not have


def block_start(day: date) -> date:
    """The first day of the two-month block (Jan–Feb, Mar–Apr, …) `day` is in."""
    return date(day.year, day.month - (day.month - 1) % 2, 1)


def stop_day(scene: Scene, days: int) -> date:
    """`days` (plus a seeded 0–9) before the block's start: fixed through the block."""
    extra = stable_int(scene.seed, scene.injection_id, scene.block) % 10
    return scene.block - timedelta(days=days + extra)


def stop_before(days: int) -> Change:
    """The column stops publishing on `stop_day`, 20–90 days (news) before `as_of`."""

    def change(scene: Scene, slots: list[Slot]) -> tuple[list[Slot], str]:
        kept = [slot for slot in slots if slot.date <= stop_day(scene, days)]
        last = max(slot.date for slot in kept)
        return kept, f"最后一条信息发布于{last.isoformat()}，此后停止更新"

    return change


def resumed(days: int) -> Change:
    """Fixed: the column publishes again this week; the gap stays (nothing is backfilled)."""

    def change(scene: Scene, slots: list[Slot]) -> tuple[list[Slot], str]:
        recent = [slot for slot in slots if slot.date > scene.as_of - timedelta(days=7)]
        kept = [slot for slot in slots if slot.date <= stop_day(scene, days)]
        return kept + (recent or [Slot(scene.as_of)]), "本周恢复更新"

    return change


def blank(scene: Scene, slots: list[Slot]) -> tuple[list[Slot], str]:
    return [], "栏目无任何信息（空白栏目）"


def latest_due(scene: Scene) -> tuple[int, date]:
    """The latest report year whose due date is before `as_of`, and that due date."""
    month, day = scene.report_due()
    year = scene.as_of.year - 1
    while date(year + 1, month, day) >= scene.as_of:
        year -= 1
    return year, date(year + 1, month, day)


def drop_latest_report(scene: Scene, slots: list[Slot]) -> tuple[list[Slot], str]:
    year, due = latest_due(scene)
    kept = [slot for slot in slots if slot.date.year - 1 != year]
    return kept, f"未公开{year}年度政府信息公开工作年度报告（应于{due.isoformat()}前公开）"


def delay_latest_report(days: int) -> Change:
    """The latest report already due comes out `days` after its due date (at most on as_of)."""

    def change(scene: Scene, slots: list[Slot]) -> tuple[list[Slot], str]:
        year, due = latest_due(scene)
        late = min(due + timedelta(days=days), scene.as_of)
        moved = [replace(s, date=late) if s.date.year - 1 == year else s for s in slots]
        return moved, f"{year}年度年度报告于{late.isoformat()}公开，逾期（应于{due.isoformat()}前）"

    return change


def defective_report(scene: Scene, slots: list[Slot]) -> tuple[list[Slot], str]:
    """The latest report already due has parts 二、三、四 as bare headings, without tables."""
    year, _ = latest_due(scene)
    marked = [replace(s, mark="defective") if s.date.year - 1 == year else s for s in slots]
    return marked, f"{year}年度年度报告第二、三、四部分只有标题和文字，没有统计表格"


def latest_budget(scene: Scene) -> tuple[int, date, date]:
    """The latest budget year due before `as_of`: (year, approval day, due date)."""
    year = scene.as_of.year
    while True:
        approved = trigger_date(scene.seed, scene.kind, "budget", year)
        if approved + timedelta(days=20) < scene.as_of:
            return year, approved, approved + timedelta(days=20)
        year -= 1


def late_budget(days: int) -> Change:
    """The latest budget already due comes out `days` after its due date (at most on as_of)."""

    def change(scene: Scene, slots: list[Slot]) -> tuple[list[Slot], str]:
        year, approved, due = latest_budget(scene)
        late = min(due + timedelta(days=days), scene.as_of)
        moved = [replace(s, date=late) if s.date.year == year else s for s in slots]
        return moved, (f"{year}年部门预算{approved.isoformat()}批复，{late.isoformat()}才公开"
                       f"（应于{due.isoformat()}前）")  # fmt: skip

    return change


def late_document(scene: Scene, slots: list[Slot]) -> tuple[list[Slot], str]:
    """A document published on the last working day before the block, formed 30 working
    days earlier (its detail page says so); recent enough for its detail page to be read."""
    day = last_workday_before(scene.block)
    late = Slot(day, index=1, mark="late")
    return slots + [late], f"{day.isoformat()}公开的文件生成于30个工作日之前"


def unpaired(scene: Scene, slots: list[Slot]) -> tuple[list[Slot], str]:
    """The latest document at least 10 days before the block has no interpretation."""
    chosen = max((s for s in slots if s.date <= scene.block - timedelta(days=10)),
                 key=lambda s: (s.date, s.index))  # fmt: skip
    marked = [replace(s, mark="unpaired") if s == chosen else s for s in slots]
    return marked, f"{chosen.date.isoformat()}发布的规范性文件没有政策解读"


def backdated(scene: Scene, slots: list[Slot]) -> tuple[list[Slot], str]:
    """A notice put online on `as_of`, dated five weeks earlier."""
    stated = scene.as_of - timedelta(days=35)
    item = Slot(stated, index=1, mark="backdated", online=scene.as_of)
    return slots + [item], f"{scene.as_of.isoformat()}上网的通知标注发布日期为{stated.isoformat()}"


def unanswered(days: int) -> Change:
    """A message asked `days` before the block that is never answered."""

    def change(scene: Scene, slots: list[Slot]) -> tuple[list[Slot], str]:
        asked = scene.block - timedelta(days=days)
        item = Slot(asked, index=1, mark="unanswered")
        return slots + [item], f"{asked.isoformat()}的来信至今未答复"

    return change


def links_only(scene: Scene, slots: list[Slot]) -> tuple[list[Slot], str]:
    return slots, "栏目页“热点推荐”链接到已删除的文章"


def no_column(scene: Scene, slots: list[Slot]) -> tuple[list[Slot], str]:
    return slots, "信息公开目录未设置目录要求的行政处罚信息栏目"


def content(scene: Scene, slots: list[Slot]) -> tuple[list[Slot], str]:
    """The latest plain publication at least ANCHOR_DAYS before the block carries the content
    error of the injection (demo/content.py): its page says it."""
    anchor = scene.block - timedelta(days=ANCHOR_DAYS)
    chosen = max((s for s in slots if not s.mark and s.date <= anchor),
                 key=lambda s: (s.date, s.index))  # fmt: skip
    marked = [replace(s, mark=scene.injection_id) if s == chosen else s for s in slots]
    return marked, f"{chosen.date.isoformat()}发布的信息：{content_error(scene.injection_id).note}"


INJECTIONS: tuple[Injection, ...] = (
    Injection("stale-news-qx-jyj", "qx-jyj", ("news",), stop_before(20), resumed(20)),
    Injection("stale-news-qx-jtj", "qx-jtj", ("news",), stop_before(20), resumed(20)),
    Injection("stale-policies-qx-nyncj", "qx-nyncj", ("policies",), stop_before(200),
              resumed(200)),
    Injection("blank-finance-qx-zjj", "qx-zjj", ("finance",), blank),
    Injection("blank-livelihood-qx-qsx", "qx-qsx", ("livelihood",), blank),
    Injection("missing-report-qx-scjgj", "qx-scjgj", ("annual_report",), drop_latest_report),
    Injection("late-report-qx-wjj", "qx-wjj", ("annual_report",), delay_latest_report(21)),
    Injection("defective-report-qx-rsj", "qx-rsj", ("annual_report",), defective_report),
    Injection("late-budget-qx-czj", "qx-czj", ("budget",), late_budget(12)),
    Injection("late-document-qx-mzj", "qx-mzj", ("documents",), late_document),
    Injection("unpaired-policy-qx-gaj", "qx-gaj", ("policies",), unpaired),
    Injection("backdated-notice-qx-slj", "qx-slj", ("notices",), backdated),
    Injection("broken-links-qx-zrzyj", "qx-zrzyj", (), links_only, dead_links=7),
    Injection("unanswered-mailbox-qx-fgj", "qx-fgj", ("mailbox",), unanswered(110)),
    Injection("overdue-mailbox-qx-yjglj", "qx-yjglj", ("mailbox",), unanswered(15)),
    Injection("blank-columns-qx-cgz", "qx-cgz",
              ("org", "finance", "livelihood", "mailbox", "penalties"), blank),
    Injection("no-column-penalties-qx-qsx", "qx-qsx", (), no_column, missing=("penalties",)),
    *(Injection(error.id, error.agency_id, (error.column_id,), content) for error in CONTENT_ERRORS),
)  # fmt: skip
INJECTION_IDS = frozenset(injection.id for injection in INJECTIONS)
MISSING_COLUMNS = frozenset((i.agency_id, c) for i in INJECTIONS for c in i.missing)


def injections_for(agency_id: str, fixes: frozenset[str]) -> list[tuple[Injection, bool]]:
    """The agency's injections, each with whether it is fixed."""
    return [(i, i.id in fixes) for i in INJECTIONS if i.agency_id == agency_id]


def check_fixes(fixes: frozenset[str]) -> None:
    unknown = fixes - INJECTION_IDS
    if unknown:
        raise ValueError(
            f"unknown violation ids: {sorted(unknown)} (known: {sorted(INJECTION_IDS)}, "
            "and the fault ids of demo/faults.py)"
        )
