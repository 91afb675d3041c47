"""Inspect a 政府信息公开工作年度报告 against the national format.

Basis: 《中华人民共和国政府信息公开条例》(2019) 第五十条 (what the annual report contains) and
国办公开办函〔2021〕30号 (the national format, which replaced the 2019 trial format). The report
has six parts — 一、总体情况；二、主动公开政府信息情况；三、收到和处理政府信息公开申请情况；
四、政府信息公开行政复议、行政诉讼情况；五、存在的主要问题及改进情况；六、其他需要报告的事项 —
and parts 二、三、四 are tables. A report whose 二、三、四 are bare headings with prose is
defective, and so is a table 三 whose columns do not balance.

The page is read as a sequence of blocks (text lines and data tables) in document order, so the
headings may sit in <p>, <strong>, <h*> or inside a layout table, as on real sites.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, NavigableString, Tag

from rules.report_checks import (
    Problem,
    Table3,
    check_table2,
    check_table3,
    check_table4,
    read_table3,
)
from rules.report_files import load_report_text
from rules.report_tables import Grid, chinese_year, normalize, own_rows, table_grid

__all__ = [
    "AnnualReportInspection",
    "Problem",
    "inspect_annual_report",
    "inspection_to_json",
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
TITLE_WORDS = re.compile("年度报告|年报")
YEAR = re.compile(r"((?:19|20)\d{2}|[〇零一二三四五六七八九]{4})年")
ATTACHMENT = re.compile(r"\.(pdf|docx?|wps|ofd|xlsx?|zip|rar)(\?|#|$)", re.IGNORECASE)
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
    attachments: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def checkable(self) -> bool:
        """False when the page only links to the report as an attachment: nothing to judge."""
        return not any(problem.code == "attachment_only" for problem in self.problems)


def inspect_annual_report(html_or_text: str, year: int) -> AnnualReportInspection:
    soup = parse_page(html_or_text)
    blocks = read_blocks(soup.body or soup)
    starts = find_parts(blocks)
    title, title_year = report_title(soup, blocks, min(starts.values(), default=len(blocks)))
    inspection = AnnualReportInspection(year, title=title, title_year=title_year)
    inspection.parts = list(starts)
    inspection.attachments = [link["href"] for link in soup.find_all("a", href=ATTACHMENT)]
    if not starts and inspection.attachments:
        names = "、".join(inspection.attachments[:3])
        message = f"正文未载明报告内容，仅提供附件（{names}），未能核查格式"
        inspection.problems.append(Problem("全文", "attachment_only", message))
        return inspection
    inspection.problems += year_problems(title, title_year, year)
    for numeral, name, _ in PARTS:
        if numeral not in starts:
            message = f"缺少第{numeral}部分「{numeral}、{name}」"
            inspection.problems.append(Problem(numeral, "missing_part", message))
    for numeral in TABLE_PARTS:
        if numeral in starts:
            part = part_blocks(blocks, starts, numeral)
            inspection.problems += check_part(inspection, numeral, part)
    return inspection


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
            elif not isinstance(child, Tag) or child.name in SKIP_TAGS:
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


def check_part(
    inspection: AnnualReportInspection, numeral: str, blocks: list[Block]
) -> list[Problem]:
    """Part 二、三 or 四: its tables are there and hold what the format requires."""
    grids = [block.grid for block in blocks if block.grid]
    if not grids:
        return [no_table_problem(numeral, any(block.image for block in blocks))]
    if numeral == "二":
        return check_table2(grids, inspection.year)
    if numeral == "四":
        return check_table4(grids)
    grid = next((g for g in grids if "本年新收" in "".join("".join(r) for r in g)), grids[0])
    inspection.table3 = read_table3(grid)
    return check_table3(inspection.table3)


def no_table_problem(numeral: str, has_image: bool) -> Problem:
    name = PART_NAMES[numeral]
    if has_image:
        message = f"第{numeral}部分「{name}」的表格以图片发布，无法核对数据，应以表格形式公开"
        return Problem(numeral, "table_as_image", message)
    message = f"第{numeral}部分「{name}」只有标题和文字，缺少国办公开办函〔2021〕30号规定的统计表格"
    return Problem(numeral, "no_table", message)


def report_title(soup: BeautifulSoup, blocks: list[Block], first_part: int):
    """The title naming the report, and the year it names (None when it names none)."""
    candidates = list(title_candidates(soup, blocks, first_part))
    for text in candidates:
        match = YEAR.search(text)
        if match:
            return text, chinese_year(match.group(1))
    return (candidates[0] if candidates else None), None


def title_candidates(soup: BeautifulSoup, blocks: list[Block], first_part: int):
    meta = soup.find("meta", attrs={"name": re.compile("^articletitle$", re.IGNORECASE)})
    if meta and meta.get("content"):
        yield normalize(meta["content"])
    for block in reversed(blocks[:first_part]):
        if block.text and len(block.text) <= 80 and TITLE_WORDS.search(block.text):
            yield block.text
    for tag in soup.find_all(["h1", "h2", "h3", "title"]):
        text = normalize(tag.get_text())
        if TITLE_WORDS.search(text):
            yield text


def year_problems(title: str | None, title_year: int | None, year: int) -> list[Problem]:
    if title_year == year:
        return []
    if title_year is None:
        message = f"标题未注明报告年度（应为{year}年度报告）"
    else:
        message = f"标题所列年度为{title_year}年，与应报告的{year}年度不符（标题：{title}）"
    return [Problem("标题", "year_mismatch", message)]


def inspection_to_json(inspection: AnnualReportInspection) -> dict:
    return {
        "ok": inspection.ok,
        "year": inspection.year,
        "title": inspection.title,
        "problems": [
            {"part": problem.part, "code": problem.code, "message": problem.message}
            for problem in inspection.problems
        ],
        "table3": inspection.table3.to_dict() if inspection.table3 else None,
    }
