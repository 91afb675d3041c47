"""Golden cases for every rule kind (tests/golden/rule_kinds.yaml)."""

from datetime import date
from pathlib import Path

import pytest
import yaml

import rules.kinds  # noqa: F401  (registers the kinds)
from rules.base import RULE_KINDS, ColumnView, Context, Listing
from rules.calendar import WorkCalendar

CASES = yaml.safe_load((Path(__file__).parent / "golden" / "rule_kinds.yaml").read_text("utf-8"))


def as_date(value) -> date | None:
    return value if isinstance(value, date) or value is None else date.fromisoformat(value)


def columns_of(case: dict) -> tuple[ColumnView, ...]:
    return tuple(
        ColumnView(
            id=f"col{index}",
            name=f"栏目{index}",
            url=f"http://127.0.0.1/col{index}/",
            outcome=column.get("outcome", "ok"),
            listings=tuple(
                Listing(f"http://127.0.0.1/a/{index}/{n}.html", title, as_date(day), None)
                for n, (title, day) in enumerate(column["items"])
            ),
        )
        for index, column in enumerate(case["columns"])
    )


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_rule_kind_golden(case):
    raw = dict(case["rule"])
    rule = RULE_KINDS[raw.pop("kind")].model_validate(raw)
    ctx = Context(as_date(case["as_of"]), "qx-test", "测试局", columns_of(case), WorkCalendar())
    found = [[finding.status, finding.period] for finding in rule.check(ctx)]
    assert found == [list(expected) for expected in case["expected"]]


def test_findings_carry_basis_and_evidence():
    raw = dict(CASES[1]["rule"])
    rule = RULE_KINDS[raw.pop("kind")].model_validate(raw)
    ctx = Context(date(2026, 11, 27), "qx-test", "测试局", columns_of(CASES[1]), WorkCalendar())
    [finding] = rule.check(ctx)
    assert finding.basis == "检查指标"
    assert finding.evidence[0]["url"].startswith("http://127.0.0.1/a/0/")
    assert "2026-11-12" in finding.message


def test_periodic_reminds_before_the_due_date_until_published():
    raw = dict(CASES[10]["rule"])  # the annual report, due 31 January
    rule = RULE_KINDS[raw.pop("kind")].model_validate(raw)
    case = {"columns": [{"items": [["2025年度政府信息公开工作年度报告", "2026-01-20"]]}]}
    ctx = Context(date(2027, 1, 27), "qx-test", "测试局", columns_of(case), WorkCalendar())
    [reminder] = rule.reminders(ctx, horizon=date(2027, 2, 1))
    assert (reminder.period, reminder.due) == ("2026", date(2027, 1, 31))
    assert rule.reminders(ctx, horizon=date(2027, 1, 30)) == []
    case["columns"][0]["items"].append(["2026年度政府信息公开工作年度报告", "2027-01-26"])
    ctx = Context(date(2027, 1, 27), "qx-test", "测试局", columns_of(case), WorkCalendar())
    assert rule.reminders(ctx, horizon=date(2027, 2, 1)) == []
