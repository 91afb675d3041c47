"""`content`: the hits the crawl kept with each page become findings, one per page and word,
counted by the item whose checks and grades they are; a mended page gives none."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from rules.base import ColumnView, Context, Listing
from rules.kinds.content import ContentRule

AS_OF = date(2026, 11, 27)
BASIS = "《政府网站与政务新媒体检查指标》"


def hit(check: str, word: str, severity: str, correction: str | None = None) -> dict:
    return {"check": check, "word": word, "correction": correction, "severity": severity,
            "basis": "2018年机构改革", "context": f"……本局会同{word}开展……", "note": ""}  # fmt: skip


def context(*pages: tuple[str, list[dict]]) -> Context:
    listings = tuple(
        Listing(
            f"http://127.0.0.1/qx-jyj/gzdt/{name}.html",
            f"通知{name}",
            date(2026, 11, 2),
            meta={"content_hits": hits} if hits else {},
        )  # fmt: skip
        for name, hits in pages
    )
    column = ColumnView("news", "工作动态", "http://127.0.0.1/qx-jyj/gzdt/", "ok", listings)
    return Context(AS_OF, "qx-jyj", "青溪县教育局", (column,))


def rule(checks: list[str], grades: list[str] | None = None, severity: str = "veto"):
    extra = {"grades": grades} if grades else {}
    return ContentRule(id="wording", name="错别字", basis=BASIS, checks=checks,
                       severity=severity, **extra)  # fmt: skip


def test_each_hit_of_its_checks_and_grades_is_a_finding_per_page_and_word():
    ctx = context(
        ("a", [hit("outdated_name", "国土资源局", "general", "自然资源和规划局"),
               hit("wrong_word", "布署", "general", "部署")]),
        ("b", [hit("wrong_word", "布署", "general", "部署"), hit("leader", "张三副县长", "serious")]),
        ("c", []),
    )  # fmt: skip
    findings = rule(["outdated_name", "wrong_word"], ["general"], "points 1").check(ctx)
    assert sorted((f.status, f.period) for f in findings) == [
        ("outdated_name", "/qx-jyj/gzdt/a.html#国土资源局"),
        ("wrong_word", "/qx-jyj/gzdt/a.html#布署"),
        ("wrong_word", "/qx-jyj/gzdt/b.html#布署"),
    ]
    named = next(f for f in findings if f.status == "outdated_name")
    assert named.message == "一般：机构名称已变更「国土资源局」，应为「自然资源和规划局」"
    assert named.severity == "points 1" and named.kind == "content"
    notes = {item["label"]: item.get("note") for item in named.evidence}
    assert notes["上下文"] == "……本局会同国土资源局开展……" and notes["词条依据"] == "2018年机构改革"
    assert "依据" not in notes  # the rule's 依据 is the finding's own basis, shown once
    assert named.evidence[0]["url"] == "http://127.0.0.1/qx-jyj/gzdt/a.html"


def test_a_word_s_basis_that_is_the_rule_s_own_is_not_repeated():
    same = {**hit("wrong_word", "布署", "general", "部署"), "basis": BASIS}
    (finding,) = rule(["wrong_word"]).check(context(("a", [same])))
    assert finding.basis == BASIS
    assert [item["label"] for item in finding.evidence] == ["页面", "上下文"]


def test_a_serious_hit_counts_only_for_the_serious_item():
    ctx = context(("b", [hit("leader", "张三副县长", "serious", "张三县长")]))
    assert [f.status for f in rule(["leader"], ["serious"]).check(ctx)] == ["leader"]
    assert rule(["leader"], ["general"]).check(ctx) == []


def test_a_mended_page_gives_no_finding():
    assert rule(["wrong_word"]).check(context(("a", []))) == []


def test_an_unreachable_column_keeps_its_pages_hits():
    ctx = context(("a", [hit("id_number", "330127199001011234", "serious")]))
    down = ctx.columns[0].__class__(**{**ctx.columns[0].__dict__, "outcome": "unreachable"})
    findings = rule(["id_number"]).check(Context(AS_OF, "qx-jyj", "青溪县教育局", (down,)))
    assert [f.status for f in findings] == ["id_number"]


def test_unknown_checks_or_grades_are_refused():
    with pytest.raises(ValidationError, match="unknown check typo"):
        rule(["typo"])
    with pytest.raises(ValidationError, match="unknown grade"):
        rule(["wrong_word"], ["minor"])


def test_what_is_in_force_is_said_in_chinese():
    lines = rule(["leader", "wrong_word"], ["serious"]).in_force(context())
    assert lines == ["已读取的信息页面不得出现领导姓名职务错误、错别字（严重）"]


def test_a_personal_number_is_shown_masked_in_the_finding():
    ctx = context(
        ("a", [hit("id_number", "330127199001011234", "serious"),
               hit("mobile", "13812345678", "general"),
               hit("bank_card", "6222 0212 3456 7890 128", "serious")]),
    )  # fmt: skip
    findings = rule(["id_number", "mobile", "bank_card"]).check(ctx)
    shown = {f.status: f for f in findings}
    assert shown["id_number"].period == "/qx-jyj/gzdt/a.html#330127********1234"
    assert shown["id_number"].message == "严重：公开完整身份证号码「330127********1234」"
    assert shown["mobile"].message == "一般：公开个人手机号码「138****5678」"
    assert shown["bank_card"].period.endswith("#6222 02** **** ***0 128")  # the last 4 digits
    for finding in findings:
        written = repr((finding.message, finding.period, finding.evidence))
        assert not any(raw in written for raw in ("199001011", "381234", "0212 3456"))
    notes = {item["label"]: item.get("note") for item in shown["mobile"].evidence}
    assert notes["上下文"] == "……本局会同138****5678开展……"
