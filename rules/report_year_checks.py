"""A report against the same agency's report of the year before.

- Table 三: the applications carried into this year (上年结转) are those last year's report
  carried to the next (结转下年度继续办理), column by column — a defect when they differ.
- Table 二: 现行有效 = last year's 现行有效 + 本年制发 − 本年废止, for 规章 and 行政规范性文件 —
  a warning: a document can also lapse when its period of validity ends (有效期届满失效) without
  being repealed, which the format has no row for, so the report should explain the difference.
- The text: the share of this year's sentences found in last year's report, figures masked
  (a report copied forward changes the numbers and little else) — a warning above
  `max_repeated`.
"""

from __future__ import annotations

import re

from rules.annual_report import AnnualReportInspection
from rules.report_checks import Problem
from rules.report_tables import normalize

MAX_REPEATED = 0.5
MIN_SENTENCE = 10  # characters: shorter ones (headings, 无。) say nothing of copying
SENTENCE_END = re.compile(r"[。；;！!？?]")
FIGURE = re.compile(r"\d+(?:[.,]\d+)*")


def compare_with_previous(
    current: AnnualReportInspection,
    previous: AnnualReportInspection,
    max_repeated: float = MAX_REPEATED,
) -> None:
    """Adds the cross-year problems and warnings to `current`."""
    current.problems += carried_over_problems(current, previous)
    current.warnings += table2_warnings(current, previous)
    current.warnings += repeated_text_warnings(current, previous, max_repeated)


def carried_over_problems(
    current: AnnualReportInspection, previous: AnnualReportInspection
) -> list[Problem]:
    now, before = current.table3, previous.table3
    if not now or not before or "carried_in" not in now.rows:
        return []
    if "carried_out" not in before.rows:
        return []
    problems = []
    for i, column in enumerate(now.columns):
        carried_in, carried_out = now.value("carried_in", i), before.value("carried_out", i)
        if carried_in != carried_out:
            message = (
                f"表三「{column}」列：上年结转{carried_in}件，与{previous.year}年度报告"
                f"「结转下年度继续办理」{carried_out}件不符"
            )
            problems.append(Problem("三", "carried_over_mismatch", message))
    return problems


def table2_warnings(
    current: AnnualReportInspection, previous: AnnualReportInspection
) -> list[Problem]:
    warnings = []
    for name, (made, repealed, in_force) in current.table2.items():
        if name not in previous.table2 or in_force is None:
            continue
        before = previous.table2[name][2] or 0
        expected = before + (made or 0) - (repealed or 0)
        if expected != in_force:
            message = (
                f"表二「{name}」：{previous.year}年度现行有效{before}件+本年制发{made or 0}件"
                f"−本年废止{repealed or 0}件={expected}件，与本年现行有效{in_force}件不符"
                "（如有文件因有效期届满失效，应在报告中说明）"
            )
            warnings.append(Problem("二", "in_force_mismatch", message))
    return warnings


def repeated_text_warnings(
    current: AnnualReportInspection, previous: AnnualReportInspection, max_repeated: float
) -> list[Problem]:
    share = repeated_share(current.prose, previous.prose)
    if share <= max_repeated:
        return []
    message = (
        f"正文约{share:.0%}的文字与{previous.year}年度报告相同（超过{max_repeated:.0%}），"
        "内容可能照搬上年报告，未如实反映本年度工作情况"
    )
    return [Problem("全文", "repeated_text", message)]


def repeated_share(lines: list[str], earlier: list[str]) -> float:
    """The share of the characters of `lines`' sentences that `earlier` has too."""
    sentences = masked_sentences(lines)
    known = set(masked_sentences(earlier))
    total = sum(len(sentence) for sentence in sentences)
    if not total:
        return 0.0
    return sum(len(sentence) for sentence in sentences if sentence in known) / total


def masked_sentences(lines: list[str]) -> list[str]:
    text = "。".join(normalize(line) for line in lines)
    pieces = (FIGURE.sub("#", piece) for piece in SENTENCE_END.split(text))
    return [piece for piece in pieces if len(piece) >= MIN_SENTENCE]
