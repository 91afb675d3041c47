"""Rule files: shipped catalogs load; broken ones are refused with file, line and fault."""

import textwrap
from datetime import date

import pytest

from rules.duration import Duration
from rules.loader import RuleError, load_catalog

ITEM = """\
catalog: 测试目录
items:
  - id: news
    name: 工作动态
    column: news
    kind: freshness
    max_age: 2 weeks
    basis: 检查指标
"""


@pytest.mark.parametrize("name", ["county", "department", "township", "baseline"])
def test_shipped_catalogs_load_and_cite_a_basis(name):
    catalog = load_catalog(name)
    assert catalog.items
    assert all(rule.basis for rule in catalog.items)


def test_county_catalog_overrides_the_baseline_annual_report_deadline():
    county = load_catalog("county").item("annual-report")
    department = load_catalog("department").item("annual-report")
    assert (county.due.month, county.due.day) == (3, 31)
    assert (department.due.month, department.due.day) == (1, 31)


@pytest.mark.parametrize(
    ("text", "line", "fault"),
    [
        (ITEM.replace("max_age: 2 weeks", "max_age: [2 weeks"), 8, "YAML syntax error"),
        (ITEM.replace("kind: freshness", "kind: freshnes"), 6, "unknown rule kind 'freshnes'"),
        (
            ITEM.replace("    basis: 检查指标", "    basis: 检查指标\n    colour: red"),
            9,
            "unknown key",
        ),
        (ITEM.replace("2 weeks", "2 fortnights"), 7, "bad duration"),
        (ITEM.replace("2 weeks", "true"), 7, "bad duration"),
        (ITEM.replace("2 weeks", "200 years"), 7, "longer than 100 years"),
        (
            ITEM.replace(
                "kind: freshness\n    max_age: 2 weeks",
                "kind: periodic\n    every: year\n    due: {month: 1, day: 31}\n"
                "    match: '{year}年(报告'",
            ),
            9,
            "missing ), unterminated subpattern",
        ),
        (ITEM.replace("catalog:", "catalgo:"), 1, "unknown key 'catalgo'"),
    ],
)
def test_broken_rule_file_is_refused(tmp_path, text, line, fault):
    path = tmp_path / "rules.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    with pytest.raises(RuleError) as caught:
        load_catalog(path)
    assert (caught.value.path, caught.value.line) == (str(path), line)
    assert fault in caught.value.message


def test_disable_needs_a_reason_and_records_it(tmp_path):
    path = tmp_path / "local.yaml"
    path.write_text(
        "extends: department\ndisable:\n  policies: 本部门无制发政策文件职能\n", "utf-8"
    )
    catalog = load_catalog(path)
    assert "policies" not in {rule.id for rule in catalog.items}
    assert catalog.disabled["policies"] == "本部门无制发政策文件职能"
    path.write_text("extends: department\ndisable:\n  policies:\n", "utf-8")
    with pytest.raises(RuleError, match="needs a reason"):
        load_catalog(path)


# Item ids, columns and kinds other code (the demo county, stored findings) relies on.
STABLE_ITEMS = {
    "baseline": {"news": ("news", "freshness"), "notices": ("notices", "freshness"),
                 "annual-report": ("annual_report", "periodic")},
    "county": {"normative-docs": ("normative", "freshness"),
               "executive-meetings": ("meetings", "not_blank"),
               "budget-final": ("finance", "not_blank"), "plans": ("plans", "not_blank"),
               "proposals": ("proposals", "not_blank"),
               "decision-consultation": ("consultation", "not_blank")},
    "department": {"org-functions": ("org", "not_blank"), "policies": ("policies", "freshness"),
                   "budget-final": ("finance", "not_blank"),
                   "personnel": ("personnel", "not_blank"),
                   "enforcement-results": ("enforcement", "not_blank")},
    "township": {"org-functions": ("org", "not_blank"), "budget-final": ("finance", "not_blank"),
                 "rural-affairs": ("livelihood", "not_blank")},
}  # fmt: skip


@pytest.mark.parametrize("name", ["county", "department", "township", "baseline"])
def test_shipped_items_keep_their_ids_columns_and_kinds(name):
    catalog = load_catalog(name)
    expected = {**STABLE_ITEMS["baseline"], **STABLE_ITEMS[name]}
    assert {i: (catalog.item(i).column, catalog.item(i).kind) for i in expected} == expected


def test_baseline_carries_the_checking_indicators():
    baseline = load_catalog("baseline")
    vetoes = {rule.id: rule.kind for rule in baseline.items if rule.severity == "veto"}
    assert vetoes == {
        "annual-report": "periodic", "homepage": "freshness", "blank-columns": "blank_columns",
        "availability": "availability", "backdated": "backdated", "wording-serious": "content",
        "personal-data": "content", "hidden-links": "content",
    }  # fmt: skip
    assert baseline.item("broken-links").severity.startswith("points")
    assert baseline.item("interaction").unanswered_severity == "veto"
    assert baseline.item("availability").timeout_seconds == 15
    assert baseline.item("annual-report-format").kind == "annual_report"


def test_county_report_format_is_due_with_the_county_report():
    assert load_catalog("county").item("annual-report-format").due.month == 3
    assert load_catalog("department").item("annual-report-format").due.month == 1


def test_site_items_apply_to_every_agency_and_new_items_use_their_own_columns():
    for name in ("county", "department", "township"):
        for rule in load_catalog(name).items:
            if rule.kind in ("availability", "links", "blank_columns", "backdated"):
                assert rule.scope == "site" and rule.column is None
    assert load_catalog("county").item("budget").scope == "item"  # the resolution is in-column


def test_a_county_fills_in_the_budget_approval_date(tmp_path):
    path = tmp_path / "local.yaml"
    path.write_text(
        "extends: department\noverride:\n  budget:\n    trigger_dates: {2026: 2026-02-05}\n",
        "utf-8",
    )
    budget = load_catalog(path).item("budget")
    assert budget.trigger_dates == {2026: date(2026, 2, 5)}
    assert budget.within == Duration(20, "days")


def test_a_periodic_trigger_without_within_is_refused_with_its_line(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text(
        textwrap.dedent(
            """\
            items:
              - id: budget
                name: 部门预算
                kind: periodic
                every: year
                match: "{year}年.*部门预算"
                due: {month: 3, day: 1}
                trigger_dates: {2026: 2026-02-05}
                basis: 预算法
            """
        ),
        "utf-8",
    )
    with pytest.raises(RuleError) as caught:
        load_catalog(path)
    assert caught.value.line == 2  # the item: a fault of the fields together
    assert "go with 'within'" in caught.value.message


def test_an_extends_cycle_is_named_at_the_line_that_closes_it(tmp_path):
    (tmp_path / "a.yaml").write_text("extends: b.yaml\nitems: []\n", "utf-8")
    (tmp_path / "b.yaml").write_text("catalog: 乙\nextends: a.yaml\n", "utf-8")
    with pytest.raises(RuleError) as caught:
        load_catalog(tmp_path / "a.yaml")
    assert (caught.value.path, caught.value.line) == (str((tmp_path / "b.yaml").resolve()), 2)
    assert "a.yaml -> b.yaml -> a.yaml" in caught.value.message


def test_an_item_the_parent_disabled_can_be_added_back(tmp_path):
    (tmp_path / "parent.yaml").write_text(
        "extends: department\ndisable:\n  policies: 本部门无制发政策文件职能\n", "utf-8"
    )
    (tmp_path / "child.yaml").write_text(
        "extends: parent.yaml\n" + ITEM.replace("news", "policies"), "utf-8"
    )
    catalog = load_catalog(tmp_path / "child.yaml")
    assert catalog.item("policies").name == "工作动态"
    assert "policies" not in catalog.disabled


def test_durations_are_parsed_once_when_the_file_is_read(tmp_path):
    path = tmp_path / "rules.yaml"
    second = ITEM.split("items:\n")[1].replace("news", "notices").replace("2 weeks", "14")
    path.write_text(ITEM + second, "utf-8")
    catalog = load_catalog(path)
    assert catalog.item("news").max_age == Duration(2, "weeks")
    assert catalog.item("notices").max_age == Duration(14, "days")  # a bare number: days
    fields = ("max_age", "within", "before", "due_after", "tolerance", "window", "veto_after",
              "lookback")  # fmt: skip
    for rule in load_catalog("county").items:  # defaults too
        for name in fields:
            assert isinstance(getattr(rule, name, None), Duration | None), (rule.id, name)


def test_durations_are_written_back_as_rule_file_text(tmp_path):
    path = tmp_path / "local.yaml"
    path.write_text("extends: county\noverride:\n  budget:\n    within: 30 workdays\n", "utf-8")
    catalog, county = load_catalog(path), load_catalog("county")
    assert catalog.item("budget").within == Duration(30, "workdays")
    assert catalog.item("budget").model_dump()["within"] == "30 workdays"
    for rule in county.items:  # inherited items keep their durations, defaults included
        if rule.id == "budget":
            continue
        assert catalog.item(rule.id) == rule, rule.id
        assert type(rule).model_validate(rule.model_dump()) == rule, rule.id
