"""Figures stated in a report's text against its table 三.

The 总体情况 usually repeats table 三 in words — 收到政府信息公开申请261件, 予以公开及部分公开
258件, 结转下年度3件. A figure there that differs from the table means one of them is wrong.
Only sentences about the report year are read: one naming another year, last year (上年度,
去年) or a comparison (同比, 较上年) is skipped. A phrase is read as a warning, never as a
defect: prose is too free for more.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rules.report_checks import Problem
from rules.report_table3 import Table3

NUMBER = r"(\d[\d,]*)件"
FILLER = r"(?:的)?(?:申请)?(?:共|合计|共计)?"
Getter = Callable[[Table3], int | None]


def _row(key: str) -> Getter:
    def value(table: Table3) -> int | None:
        values = table.rows.get(key)
        if not values:
            return None
        return values[-1] if values[-1] is not None else sum(v or 0 for v in values[:-1])

    return value


def _groups(*names: str) -> Getter:
    def value(table: Table3) -> int | None:
        totals = [table.group_total(name) for name in names]
        return None if any(total is None for total in totals) else sum(totals)

    return value


# (pattern, what the text calls it, what table 三 calls it, its value in table 三)
FIGURES: tuple[tuple[re.Pattern, str, str, Getter], ...] = (
    (re.compile(rf"予以(?:全部)?公开[及和与、或]部分公开{FILLER}{NUMBER}"), "予以公开及部分公开",
     "（一）予以公开与（二）部分公开合计", _groups("予以公开", "部分公开")),
    (re.compile(rf"予以(?:全部)?公开{FILLER}{NUMBER}"), "予以公开", "（一）予以公开",
     _groups("予以公开")),
    (re.compile(rf"(?<![及和与、或])部分公开{FILLER}{NUMBER}"), "部分公开", "（二）部分公开",
     _groups("部分公开")),
    (re.compile(rf"不予公开{FILLER}{NUMBER}"), "不予公开", "（三）不予公开", _groups("不予公开")),
    (re.compile(rf"无法提供{FILLER}{NUMBER}"), "无法提供", "（四）无法提供", _groups("无法提供")),
    (re.compile(rf"不予处理{FILLER}{NUMBER}"), "不予处理", "（五）不予处理", _groups("不予处理")),
    (re.compile(rf"(?:新收|收到|受理)[^，,。；;]{{0,16}}?申请{FILLER}{NUMBER}"),
     "收到申请", "本年新收政府信息公开申请数量", _row("new")),
    (re.compile(rf"上年结转{FILLER}{NUMBER}"), "上年结转", "上年结转政府信息公开申请数量",
     _row("carried_in")),
    (re.compile(rf"结转(?:至|到)?下一?年度?(?:继续办理)?{FILLER}{NUMBER}"), "结转下年度",
     "结转下年度继续办理", _row("carried_out")),
)  # fmt: skip
SENTENCE_END = re.compile(r"[。；;！!？?]")
OTHER_TIME = re.compile("去年|上年度|上一年|同比|较上年|比上年|环比")
YEARS = re.compile(r"((?:19|20)\d{2})年")


def text_figure_warnings(prose: list[str], table: Table3, year: int) -> list[Problem]:
    warnings, seen = [], set()
    for sentence in sentences(prose, year):
        for pattern, said, name, value_of in FIGURES:
            for match in pattern.finditer(sentence):
                stated, value = int(match.group(1).replace(",", "")), value_of(table)
                if value is None or stated == value or (said, stated) in seen:
                    continue
                if said == "收到申请" and "结转" in sentence and stated == value + _carried(table):
                    continue  # 共受理申请N件（含上年结转M件）
                seen.add((said, stated))
                message = f"正文称{said}{stated}件，与表三「{name}」{value}件不符"
                warnings.append(Problem("全文", "text_table_mismatch", message))
    return warnings


def sentences(prose: list[str], year: int) -> list[str]:
    """The sentences of the text that speak of the report year alone."""
    found = []
    for sentence in SENTENCE_END.split("。".join(prose)):
        other_years = {int(y) for y in YEARS.findall(sentence)} - {year}
        if not other_years and not OTHER_TIME.search(sentence):
            found.append(sentence)
    return found


def _carried(table: Table3) -> int:
    return _row("carried_in")(table) or 0
