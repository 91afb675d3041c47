"""Inspect a 政府信息公开工作年度报告 against the national format.

Basis: 《中华人民共和国政府信息公开条例》(2019) 第五十条 (what the annual report contains) and
国办公开办函〔2021〕30号 (the national format, which replaced the 2019 trial format). The report
has six parts — 一、总体情况；二、主动公开政府信息情况；三、收到和处理政府信息公开申请情况；
四、政府信息公开行政复议、行政诉讼情况；五、存在的主要问题及改进情况；六、其他需要报告的事项 —
and parts 二、三、四 are tables. A report whose 二、三、四 are bare headings with prose is
defective, and so is a table 三 whose columns do not balance.

The page is read as a sequence of blocks (text lines and data tables) in document order, so the
headings may sit in <p>, <strong>, <h*> or inside a layout table, as on real sites. A page whose
report sits in a JavaScript string is read from that string (`rules.report_script`); a page
that only frames or links the report names the document to follow (`linked`,
`linked_report_url`). Problems make a report defective; warnings (`warnings`: blank cells,
figures in the text that differ from the tables) are data-quality notes that do not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, NavigableString, Tag

from rules.report_checks import (
    Counts,
    Problem,
    check_table2,
    check_table4,
    read_table2,
    table4_warnings,
)
from rules.report_files import load_report_text
from rules.report_links import absolute, attachment_links, followable, frame_sources
from rules.report_script import script_report_html
from rules.report_table3 import Table3, check_table3, read_table3, table3_warnings
from rules.report_tables import Grid, normalize, own_rows, table_grid
from rules.report_text_checks import text_figure_warnings
from rules.report_title import report_title, year_problems

__all__ = [
    "AnnualReportInspection",
    "Problem",
    "inspect_annual_report",
    "inspection_to_json",
    "linked_report_url",
    "load_report_text",
]

PARTS = (
    ("一", "总体情况", "总体情况|基本情况|概述"),
    ("二", "主动公开政府信息情况", "主动公开"),
    ("三", "收到和处理政府信息公开申请情况", "收到和处理|依申请公开"),
    ("四", "政府信息公开行政复议、行政诉讼情况", "行政复议|行政诉讼"),
    ("五", "存在的主要问题及改进情况", "主要问题|存在的问题|改进情况"),
    ("六", "其他需要报告的事项", "其他需要报告|其他事项"),
)
PART_NAMES = {numeral: name for numeral, name, _ in PARTS}
HEADINGS = {
    numeral: re.compile(rf"^第?{numeral}(?:部分[、.,:]?|[、.,:]).{{0,16}}?(?:{words})")
    for numeral, _, words in PARTS
}
TABLE_PARTS = ("二", "三", "四")
BLOCK_TAGS = {
    "address", "article", "blockquote", "body", "br", "center", "dd", "div", "dl", "dt",
    "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "html", "li",
    "main", "ol", "p", "pre", "section", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
SKIP_TAGS = {"script", "style", "noscript", "template", "head"}
LONG_CELL = 300


@dataclass
class Block:
    text: str = ""
    grid: Grid | None = None
    image: bool = False


@dataclass
class AnnualReportInspection:
    year: int
    problems: list[Problem] = field(default_factory=list)
    title: str | None = None
    title_year: int | None = None  # the year the title names
    parts: list[str] = field(default_factory=list)  # the numerals of the parts found
    table3: Table3 | None = None
    table2: dict[str, Counts] = field(default_factory=dict)  # 规章, 行政规范性文件
    attachments: list[str] = field(default_factory=list)
    linked: str | None = None  # the document to follow when the page holds no report
    warnings: list[Problem] = field(default_factory=list)
    prose: list[str] = field(default_factory=list)  # the text lines of the parts, no headings

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def checkable(self) -> bool:
        """False when the page only links to the report as an attachment: nothing to judge."""
        return not any(problem.code == "attachment_only" for problem in self.problems)


def inspect_annual_report(html_or_text: str, year: int) -> AnnualReportInspection:
    soup, blocks, starts = read_report(html_or_text)
    first = min(starts.values(), default=len(blocks))
    title, title_year = report_title(soup, [block.text for block in blocks[:first] if block.text])
    inspection = AnnualReportInspection(year, title=title, title_year=title_year)
    inspection.parts = list(starts)
    inspection.attachments = list(dict.fromkeys(frame_sources(soup) + attachment_links(soup)))
    if not starts and inspection.attachments:
        inspection.linked = next(iter(followable(soup)), None)
        inspection.problems.append(attachment_only(inspection))
        return inspection
    inspection.problems += year_problems(title, title_year, year)
    for numeral, name, _ in PARTS:
        if numeral not in starts:
            message = f"缺少第{numeral}部分「{numeral}、{name}」"
            inspection.problems.append(Problem(numeral, "missing_part", message))
    for numeral in TABLE_PARTS:
        if numeral in starts:
            check_part(inspection, numeral, part_blocks(blocks, starts, numeral))
    inspection.prose = prose_lines(blocks, starts)
    if inspection.table3:
        inspection.warnings += text_figure_warnings(inspection.prose, inspection.table3, year)
    return inspection


def read_report(html_or_text: str) -> tuple[BeautifulSoup, list[Block], dict[str, int]]:
    """The page, its blocks and where its parts start; from a script's string if need be."""
    soup = parse_page(html_or_text)
    blocks = read_blocks(soup.body or soup)
    starts = find_parts(blocks)
    script = None if starts else script_report_html(soup)
    if script:
        inner = parse_page(script)
        inner_blocks = read_blocks(inner.body or inner)
        if find_parts(inner_blocks):
            (soup.body or soup).append(inner.body or inner)  # its links count as the page's
            return soup, inner_blocks, find_parts(inner_blocks)
    return soup, blocks, starts


def linked_report_url(html_or_text: str, base_url: str | None = None) -> str | None:
    """The document to read instead of this page, when the page only frames or links it."""
    soup, _, starts = read_report(html_or_text)
    candidates = [] if starts else followable(soup)
    return absolute(base_url, candidates[0]) if candidates else None


def attachment_only(inspection: AnnualReportInspection) -> Problem:
    names = "、".join(inspection.attachments[:3])
    message = f"正文未载明报告内容，仅提供附件或内嵌页面（{names}），未能核查格式"
    if inspection.linked:
        message += f"；应核查所链接的报告：{inspection.linked}"
    return Problem("全文", "attachment_only", message)


def parse_page(html_or_text: str) -> BeautifulSoup:
    if "<" not in html_or_text:  # plain text: one paragraph per line
        lines = (line.strip() for line in html_or_text.splitlines())
        html_or_text = "".join(f"<p>{line}</p>" for line in lines if line)
    return BeautifulSoup(html_or_text, "lxml")


def read_blocks(root: Tag) -> list[Block]:
    """Text lines and data tables in document order; layout tables are read through."""
    blocks: list[Block] = []
    line: list[str] = []

    def flush() -> None:
        text = normalize("".join(line))
        line.clear()
        if text:
            blocks.append(Block(text=text))

    def walk(node: Tag) -> None:
        for child in node.children:
            if type(child) is NavigableString:
                line.append(str(child))
            elif not isinstance(child, Tag) or child.name in SKIP_TAGS or is_kept_script(child):
                continue
            elif child.name == "table" and not is_layout_table(child):
                flush()
                blocks.extend(table_blocks(child))
            elif child.name == "img":
                flush()
                blocks.append(Block(image=True))
            elif child.name in BLOCK_TAGS:
                flush()
                walk(child)
                flush()
            else:
                walk(child)

    walk(root)
    flush()
    return blocks


def is_kept_script(tag: Tag) -> bool:
    """A script's source that the crawl kept as text (`crawler.content`): not the report's."""
    return tag.name == "pre" and tag.has_attr("data-script")


def is_layout_table(table: Tag) -> bool:
    """A table used to lay out the page (or to wrap another table), not to hold data."""
    if table.find("table"):
        return True
    rows = own_rows(table)
    if max((len(row.find_all(["td", "th"], recursive=False)) for row in rows), default=0) <= 1:
        return True
    return any(len(cell.get_text()) > LONG_CELL for cell in table.find_all(["td", "th"]))


def table_blocks(table: Tag) -> list[Block]:
    """A data table; a part heading written as its caption or first row comes before it."""
    grid = table_grid(table)
    caption = table.find("caption")
    first = (
        normalize(caption.get_text())
        if caption
        else "".join(dict.fromkeys(grid[0] if grid else []))
    )
    heading = [Block(text=first)] if any(p.search(first) for p in HEADINGS.values()) else []
    return heading + [Block(grid=grid)]


def find_parts(blocks: list[Block]) -> dict[str, int]:
    """The block index of each part's heading, searched in order."""
    starts: dict[str, int] = {}
    position = 0
    for numeral, _, _ in PARTS:
        pattern = HEADINGS[numeral]
        hits = (i for i in range(position, len(blocks)) if pattern.search(blocks[i].text))
        index = next(hits, None)
        if index is not None:
            starts[numeral] = index
            position = index + 1
    return starts


def part_blocks(blocks: list[Block], starts: dict[str, int], numeral: str) -> list[Block]:
    begin = starts[numeral]
    end = min((index for index in starts.values() if index > begin), default=len(blocks))
    return blocks[begin + 1 : end]


def check_part(inspection: AnnualReportInspection, numeral: str, blocks: list[Block]) -> None:
    """Part 二、三 or 四: its tables are there and hold what the format requires."""
    grids = [block.grid for block in blocks if block.grid]
    if not grids:
        inspection.problems.append(no_table_problem(numeral, any(b.image for b in blocks)))
    elif numeral == "二":
        inspection.table2 = read_table2(grids)
        inspection.problems += check_table2(grids, inspection.year)
    elif numeral == "四":
        inspection.problems += check_table4(grids)
        inspection.warnings += table4_warnings(grids)
    else:
        inspection.table3 = read_table3(grids)
        inspection.problems += check_table3(inspection.table3)
        inspection.warnings += table3_warnings(inspection.table3)


def prose_lines(blocks: list[Block], starts: dict[str, int]) -> list[str]:
    """The text of the report from part 一 on, without the part headings."""
    first, headings = min(starts.values(), default=0), set(starts.values())
    return [b.text for i, b in enumerate(blocks) if i >= first and i not in headings and b.text]


def no_table_problem(numeral: str, has_image: bool) -> Problem:
    name = PART_NAMES[numeral]
    if has_image:
        message = f"第{numeral}部分「{name}」的表格以图片发布，无法核对数据，应以表格形式公开"
        return Problem(numeral, "table_as_image", message)
    message = f"第{numeral}部分「{name}」只有标题和文字，缺少国办公开办函〔2021〕30号规定的统计表格"
    return Problem(numeral, "no_table", message)


def inspection_to_json(inspection: AnnualReportInspection) -> dict:
    """`warnings` and `linked` appear only when there are any: a clean report's shape is the
    one it always had."""
    result = {
        "ok": inspection.ok,
        "year": inspection.year,
        "title": inspection.title,
        "problems": [problem_json(problem) for problem in inspection.problems],
        "table3": inspection.table3.to_dict() if inspection.table3 else None,
    }
    if inspection.warnings:
        result["warnings"] = [problem_json(problem) for problem in inspection.warnings]
    if inspection.linked:
        result["linked"] = inspection.linked
    return result


def problem_json(problem: Problem) -> dict:
    return {"part": problem.part, "code": problem.code, "message": problem.message}
