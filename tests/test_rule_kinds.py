"""Golden cases for every rule kind (tests/golden/rule_kinds.yaml)."""

import re
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml

import rules.kinds  # noqa: F401  (registers the kinds)
from rules.base import RULE_KINDS, ColumnView, Context, LinkCheck, Listing, Probe, Rule
from rules.calendar import WorkCalendar

CASES = yaml.safe_load((Path(__file__).parent / "golden" / "rule_kinds.yaml").read_text("utf-8"))


def as_date(value) -> date | None:
    return value if isinstance(value, date) or value is None else date.fromisoformat(value)


def listing_of(index: int, n: int, item) -> Listing:
    """An item is `[title, date]` or a mapping with title, date, first_seen, url, meta."""
    if not isinstance(item, dict):
        item = {"title": item[0], "date": item[1]}
    url = item.get("url", f"/a/{index}/{n}.html")
    meta = {key: str(value) for key, value in (item.get("meta") or {}).items()}
    return Listing(
        url if url.startswith("http") else f"http://127.0.0.1{url}",
        item["title"],
        as_date(item.get("date")),
        as_date(item.get("first_seen")),
        meta=meta,
    )


def columns_of(case: dict) -> tuple[ColumnView, ...]:
    return tuple(
        ColumnView(
            id=column.get("id", f"col{index}"),
            name=column.get("name", f"栏目{index}"),
            url=f"http://127.0.0.1/col{index}/",
            outcome=column.get("outcome", "ok"),
            listings=tuple(
                listing_of(index, n, item) for n, item in enumerate(column.get("items", []))
            ),
            crawled_on=tuple(as_date(day) for day in column.get("crawled_on", [])),
        )
        for index, column in enumerate(case.get("columns", []))
    )


def probes_of(case: dict) -> tuple[Probe, ...]:
    """A probe is `[date, opened, seconds or null]`, optionally `times` repeated."""
    return tuple(
        Probe("http://127.0.0.1/", as_date(day), opened, None if secs is None else int(secs * 1000))
        for day, opened, secs, *times in case.get("probes", [])
        for _ in range(times[0] if times else 1)
    )


def links_of(case: dict) -> tuple[LinkCheck, ...]:
    """A link check is `[url, page kind, status or null, date, page]`; status 200 is ok."""
    return tuple(
        LinkCheck(
            f"http://127.0.0.1{url}",
            f"http://127.0.0.1{page[0] if page else '/' + kind + '/page.html'}",
            kind,
            status == 200,
            status,
            "ok" if status == 200 else ("http_error" if status else "unreachable"),
            as_date(day),
        )
        for url, kind, status, day, *page in case.get("links", [])
    )


def context_of(case: dict, as_of=None) -> Context:
    return Context(
        as_date(as_of or case["as_of"]),
        "qx-test",
        "测试局",
        columns_of(case),
        WorkCalendar(),
        probes=probes_of(case),
        links=links_of(case),
    )


def rule_of(case: dict):
    raw = dict(case["rule"])
    return RULE_KINDS[raw.pop("kind")].model_validate(raw)


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_rule_kind_golden(case):
    """Expected findings are `[status, period]`, or `[status, period, severity]`."""
    findings = rule_of(case).check(context_of(case))
    found = [
        [finding.status, finding.period, finding.severity][: len(expected)]
        for finding, expected in zip(findings, case["expected"], strict=False)
    ]
    assert len(findings) == len(case["expected"]), [(f.status, f.period) for f in findings]
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


def case_named(name: str) -> dict:
    return next(case for case in CASES if case["name"] == name)


BUDGET = "budget due 20 calendar days after approval; on the due date on time, a day late late"
TRIGGERED = "budget due after a trigger publication in another column"


def test_periodic_with_a_trigger_reminds_only_once_the_trigger_happened():
    rule = rule_of(case_named(BUDGET))
    case = {"columns": [{"id": "finance", "items": []}]}
    assert rule.reminders(context_of(case, "2026-01-15"), horizon=date(2026, 2, 20)) == []
    [reminder] = rule.reminders(context_of(case, "2026-02-05"), horizon=date(2026, 2, 12))
    assert (reminder.period, reminder.due) == ("2026", date(2026, 2, 11))
    case["columns"][0]["items"].append(["青溪县教育局2026年部门预算", "2026-02-06"])
    assert rule.reminders(context_of(case, "2026-02-07"), horizon=date(2026, 2, 12)) == []


def test_periodic_explains_a_trigger_that_has_not_happened():
    lines = rule_of(case_named(TRIGGERED)).in_force(context_of({"as_of": "2026-11-27"}))
    assert lines[0].startswith("2026年：尚未见起算事件")
    lines = rule_of(case_named(BUDGET)).in_force(context_of({"as_of": "2026-11-27"}))
    assert lines[0] == "2026年：自2026-01-22起20天内，即2026-02-11前公开（已到期，检查中）"


def test_scope_is_site_for_site_kinds_and_for_a_trigger_in_another_column():
    assert rule_of(CASES[10]).scope == "item"  # the annual report
    assert rule_of(case_named(BUDGET)).scope == "item"
    assert rule_of(case_named(TRIGGERED)).scope == "site"
    for kind in ("availability", "links", "blank_columns", "paired", "backdated"):
        assert RULE_KINDS[kind].scope == "site"
    for kind in ("timeliness", "response"):
        assert RULE_KINDS[kind].scope == "item"


@pytest.mark.parametrize(
    ("fields", "fault"),
    [
        ({"within": "20 days"}, "exactly one of 'trigger_dates' or 'trigger'"),
        ({"due": {"month": 1, "day": 31}, "trigger_dates": {}}, "go with 'within'"),
        ({"within": "20 days", "due_after": "1 months", "trigger_dates": {}}, "exactly one of"),
        ({"within": "20 days", "trigger_dates": {}, "every": "month"}, "yearly items"),
        ({"within": "20 fortnights", "trigger_dates": {}}, "bad duration"),
        ({"within": "20 days", "trigger": {"match": "{year}(决议"}}, "bad regular expression"),
    ],
)
def test_periodic_trigger_fields_are_checked(fields, fault):
    raw = {"id": "b", "name": "预算", "kind": "periodic", "every": "year", "match": "{year}年预算",
           "basis": "预算法", **fields}  # fmt: skip
    with pytest.raises(ValueError, match=re.escape(fault)):
        rule_of({"rule": raw})


def test_links_evidence_lists_twenty_broken_links_and_the_total():
    case = {"as_of": "2026-11-27", "rule": case_named("links without any link checks gives no finding")["rule"],
            "links": [[f"/x{n}.html", "detail", 404, "2026-11-27"] for n in range(30)]}  # fmt: skip
    [finding] = rule_of(case).check(context_of(case))
    assert finding.evidence[0]["note"] == "共30个，列出20个"
    assert len(finding.evidence) == 21
    assert "HTTP 404" in finding.evidence[1]["note"]


@pytest.mark.parametrize(
    "kind",
    ["timeliness", "backdated", "paired", "availability", "links", "response", "blank_columns"],
)
def test_new_kinds_explain_what_is_in_force_and_name_their_basis(kind):
    case = next(case for case in CASES if case["rule"]["kind"] == kind)
    lines = rule_of(case).in_force(context_of(case))
    assert lines and all(re.search(r"[\u4e00-\u9fff]", line) for line in lines)
    assert "Basis:" in sys.modules[RULE_KINDS[kind].__module__].__doc__


def test_new_kinds_fields_have_descriptions_and_defaults():
    common = set(Rule.model_fields)
    for kind in ("timeliness", "backdated", "paired", "availability", "links", "response",
                 "blank_columns"):  # fmt: skip
        for name, info in RULE_KINDS[kind].model_fields.items():
            if name not in common:
                assert info.description, (kind, name)
                assert not info.is_required(), (kind, name)


def test_county_budget_is_not_satisfied_by_its_own_trigger_resolution():
    from rules.loader import load_catalog

    rule = load_catalog("county").item("budget")
    case = {"columns": [{"id": "budget", "items": [
        ["青溪县第十八届人民代表大会第五次会议关于2026年全县预算的决议", "2026-01-20"]]}]}  # fmt: skip
    ctx = Context(date(2026, 3, 1), "qx-gov", "青溪县人民政府", columns_of(case), WorkCalendar())
    assert [(f.status, f.period) for f in rule.check(ctx)] == [("missing", "2026")]
