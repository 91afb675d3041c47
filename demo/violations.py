"""The violations injected into the county: each changes one column's schedule on `as_of`.

Stale columns stop publishing some days before `as_of`; blank columns publish nothing; the
latest annual report already due is left out (missing) or published three weeks after its
due date (late). Every violation has a stable id, and `fixes` leaves it out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from demo.schedule import Slot
from demo.stable import stable_int


@dataclass(frozen=True)
class Scene:
    """What an injection needs to know about the day and the agency."""

    as_of: date
    seed: int
    injection_id: str
    report_due: tuple[int, int]  # (month, day) of the year after the report's year


Change = Callable[[Scene, list[Slot]], tuple[list[Slot], str]]


@dataclass(frozen=True)
class Injection:
    id: str
    agency_id: str
    column_id: str
    status: str  # the finding a correct monitor reports
    change: Change


def stop_before(low: int, span: int = 30) -> Change:
    """The column stops publishing `low` to `low + span - 1` days before `as_of`.

    The stop date stays put while `as_of` moves through a `span`-day block (seeded), so
    weekly cycles inside a block see the same column and no backdated items appear."""

    def change(scene: Scene, slots: list[Slot]) -> tuple[list[Slot], str]:
        phase = stable_int(scene.seed, scene.injection_id, "phase")
        days = low + (scene.as_of.toordinal() + phase) % span
        stop = scene.as_of - timedelta(days=days)
        kept = [slot for slot in slots if slot.date <= stop]
        last = max(slot.date for slot in kept)
        return kept, f"最后一条信息发布于{last.isoformat()}，此后停止更新"

    return change


def blank(scene: Scene, slots: list[Slot]) -> tuple[list[Slot], str]:
    return [], "栏目无任何信息（空白栏目）"


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
        detail = f"{year}年度政府信息公开工作年度报告于{late.isoformat()}公开，逾期（应于{due.isoformat()}前公开）"
        return moved, detail

    return change


def latest_due(scene: Scene) -> tuple[int, date]:
    """The latest report year whose due date is before `as_of`, and that due date."""
    month, day = scene.report_due
    year = scene.as_of.year - 1
    while date(year + 1, month, day) >= scene.as_of:
        year -= 1
    return year, date(year + 1, month, day)


INJECTIONS: tuple[Injection, ...] = (
    Injection("stale-news-qx-jyj", "qx-jyj", "news", "stale", stop_before(30)),
    Injection("stale-news-qx-jtj", "qx-jtj", "news", "stale", stop_before(30)),
    Injection("stale-policies-qx-nyncj", "qx-nyncj", "policies", "stale", stop_before(235)),
    Injection("blank-finance-qx-zjj", "qx-zjj", "finance", "blank", blank),
    Injection("blank-livelihood-qx-qsx", "qx-qsx", "livelihood", "blank", blank),
    Injection(
        "missing-report-qx-scjgj", "qx-scjgj", "annual_report", "missing", drop_latest_report
    ),
    Injection("late-report-qx-wjj", "qx-wjj", "annual_report", "late", delay_latest_report(21)),
)
INJECTION_IDS = frozenset(injection.id for injection in INJECTIONS)


def active_injections(fixes: frozenset[str]) -> dict[tuple[str, str], Injection]:
    """The injections not fixed, by (agency id, column id)."""
    unknown = fixes - INJECTION_IDS
    if unknown:
        raise ValueError(
            f"unknown violation ids: {sorted(unknown)} (known: {sorted(INJECTION_IDS)}, "
            "and the fault ids of demo/faults.py)"
        )
    return {(i.agency_id, i.column_id): i for i in INJECTIONS if i.id not in fixes}
