"""Scoring: any veto fails; otherwise 100 minus deductions, under 60 fails."""

from rules.findings import Finding
from rules.scoring import FAIL, PASS, score


def row(fid, severity, status="stale", state="open"):
    return Finding("qx-jyj", "news", "freshness", status, None, severity, "工作动态", "检查指标",
                   "栏目不更新", id=fid, state=state)  # fmt: skip


def test_deductions_add_up_and_pass_at_60():
    result = score([row(f"f{n}", "points 5") for n in range(8)])
    assert (result.points, result.verdict) == (60.0, PASS)
    result = score([row(f"f{n}", "points 5") for n in range(8)] + [row("x", "points 0.5")])
    assert (result.points, result.verdict) == (59.5, FAIL)


def test_any_veto_fails_whatever_the_points():
    result = score([row("a", "veto", "missing")])
    assert (result.points, result.verdict, result.vetoes) == (100.0, FAIL, ["a"])


def test_unreachable_resolved_and_waived_take_nothing_off():
    result = score([
        row("a", "veto", status="unreachable"),
        row("b", "points 5", state="resolved"),
        row("c", "veto", state="waived"),
        row("d", "warning"),
    ])  # fmt: skip
    assert (result.points, result.verdict, result.deductions) == (100.0, PASS, {})
