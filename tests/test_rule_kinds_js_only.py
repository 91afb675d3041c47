"""A column whose list a script renders (`js_only`) is judged like any column that could not be
read: never blank, never stale, never counted among the blank columns."""

from __future__ import annotations

from datetime import date

import pytest

import rules.kinds  # noqa: F401  (registers the rule kinds)
from rules.base import RULE_KINDS, ColumnView, Context
from rules.calendar import WorkCalendar

AS_OF = date(2026, 11, 27)
BASIS = "《政府网站与政务新媒体检查指标》"


def js_only(index: int) -> ColumnView:
    error = "list rows are a script template (v-for) with script-bound links"
    return ColumnView(f"c{index}", f"栏目{index}", f"http://qx.gov.cn/c{index}/", "js_only",
                      error=error)  # fmt: skip


def context(*columns: ColumnView) -> Context:
    return Context(AS_OF, "qx-test", "测试局", columns, WorkCalendar())


@pytest.mark.parametrize(
    ("kind", "fields"),
    [("freshness", {"max_age": "2 weeks"}), ("not_blank", {})],
)
def test_a_js_only_column_is_unreachable_not_blank_or_stale(kind, fields):
    rule = RULE_KINDS[kind](id="news", name="工作动态", basis=BASIS, column="c1", **fields)
    (finding,) = rule.check(context(js_only(1)))
    assert finding.status == "unreachable" and finding.severity == "warning"
    assert "列表由脚本加载，未能读取" in finding.evidence[0]["label"]


def test_js_only_columns_are_not_counted_as_blank():
    rule = RULE_KINDS["blank_columns"](id="blank", name="空白栏目", basis=BASIS, threshold=2)
    assert rule.check(context(*(js_only(i) for i in range(5)))) == []
