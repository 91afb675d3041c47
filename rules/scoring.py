"""Scoring per agency, as the checking indicators do it.

Basis: 《政府网站与政务新媒体检查指标》(国办秘函〔2019〕19号): any 单项否决 item makes the site
不合格; otherwise 100 points minus the deductions of the scored items, and under 60 is 不合格.
Findings that could not be judged (`unreachable`), operator events (`site_changed`: a rebuilt
site whose column addresses need updating) and waived findings take nothing off. A catalog item
without a column (`no_column`) counts as its item's severity says.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rules.findings import Finding

PASS, FAIL = "合格", "不合格"
NOT_SCORED = ("unreachable", "site_changed")  # not the agency's fault to score: no judgement


@dataclass(frozen=True)
class ScoringRules:
    total: float = 100
    pass_mark: float = 60


@dataclass
class Score:
    points: float
    verdict: str
    vetoes: list[str] = field(default_factory=list)  # finding ids
    deductions: dict[str, float] = field(default_factory=dict)  # finding id -> points


def deduction(severity: str) -> float:
    return float(severity.split()[1]) if severity.startswith("points ") else 0.0


def score(findings: list[Finding], rules: ScoringRules = ScoringRules()) -> Score:
    """Score one agency from its stored findings."""
    counted = [
        finding for finding in findings
        if finding.state in ("new", "open", "reopened") and finding.status not in NOT_SCORED
    ]  # fmt: skip
    vetoes = [finding.id for finding in counted if finding.severity == "veto"]
    deductions = {finding.id: deduction(finding.severity) for finding in counted}
    deductions = {fid: points for fid, points in deductions.items() if points}
    points = max(0.0, rules.total - sum(deductions.values()))
    verdict = FAIL if vetoes or points < rules.pass_mark else PASS
    return Score(points, verdict, vetoes, deductions)
