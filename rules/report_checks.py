"""Tables 二 and 四 of an annual report (国办公开办函〔2021〕30号), and the `Problem` of any part.

Table 二 must carry the rows of the 2021 format; its 规章 and 行政规范性文件 rows are read as
(本年制发, 本年废止, 现行有效) for the check against last year's report. In table 四 each of
行政复议, 行政诉讼(未经复议直接起诉) and 行政诉讼(复议后起诉): 结果维持 + 结果纠正 + 其他结果 +
尚未审结 = 总计. Table 三 is `rules.report_table3`.
"""

from __future__ import annotations

from dataclasses import dataclass

from rules.report_tables import Grid, grid_text, label_width, parse_count

DOCUMENT_ROWS = {"规章": "规章", "规范性文件": "行政规范性文件"}  # table 二: label word → name
TABLE2_ROWS = ("规章", "规范性文件", "行政许可", "行政处罚", "行政强制", "行政事业性收费")
TABLE2_OLD_HEADERS = ("本年新制作数量", "本年新公开数量", "对外公开总数量")
OUTCOMES = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")

Counts = tuple[int | None, int | None, int | None]  # 本年制发, 本年废止, 现行有效


@dataclass(frozen=True)
class Problem:
    part: str  # "一"…"六", or "标题"/"全文"
    code: str
    message: str


def read_table2(grids: list[Grid]) -> dict[str, Counts]:
    """The 规章 and 行政规范性文件 rows of table 二, by the name of the row."""
    found: dict[str, Counts] = {}
    for row in (row for grid in grids for row in grid):
        width = label_width(row)
        label = "".join(row[:width])
        name = next((name for word, name in DOCUMENT_ROWS.items() if word in label), None)
        numbers = [parse_count(text) for text in row[width : width + 3]]
        if name and name not in found and len(numbers) == 3 and "件数" not in label:
            found[name] = (numbers[0], numbers[1], numbers[2])
    return found


def check_table2(grids: list[Grid], year: int) -> list[Problem]:
    text = "".join(grid_text(grid) for grid in grids)
    problems = []
    missing = [name for name in TABLE2_ROWS if name not in text]
    if missing:
        message = "表二缺少" + "、".join(f"「{name}」" for name in missing) + "项"
        problems.append(Problem("二", "table_incomplete", message))
    if year >= 2021 and "本年制发件数" not in text and any(h in text for h in TABLE2_OLD_HEADERS):
        message = (
            "表二仍为2019年试行格式（本年新制作数量/本年新公开数量），"
            "应按国办公开办函〔2021〕30号格式填报本年制发件数、本年废止件数、现行有效件数"
        )
        problems.append(Problem("二", "old_format", message))
    return problems


def table4_warnings(grids: list[Grid]) -> list[Problem]:
    blanks = 0
    for found in filter(None, map(table4_data, grids)):
        data, groups = found
        columns = [c for _, group in groups for c in group if c < len(data)]
        blanks += sum(parse_count(data[c]) is None for c in columns)
    if not blanks:
        return []
    message = f"表四有{blanks}个数据单元格为空白，已按0计算；按格式要求，无数据的应填写“0”"
    return [Problem("四", "blank_cells", message)]


def check_table4(grids: list[Grid]) -> list[Problem]:
    text = "".join(grid_text(grid) for grid in grids)
    missing = [name for name in ("行政复议", "行政诉讼") if name not in text]
    if missing:
        message = "表四缺少" + "、".join(f"「{name}」" for name in missing) + "情况"
        return [Problem("四", "table_incomplete", message)]
    return [problem for grid in grids for problem in table4_total_problems(grid)]


def table4_data(grid: Grid) -> tuple[list[str], list[tuple[str, list[int]]]] | None:
    """The data row of table 四 and its groups of columns (None when there is none)."""
    header_rows = [r for r, row in enumerate(grid) if any(text in OUTCOMES for text in row)]
    if not header_rows:
        return None
    below = range(header_rows[-1] + 1, len(grid))
    data_row = next((r for r in below if _has_numbers(grid[r])), None)
    if data_row is None:
        return None
    return grid[data_row], table4_groups(grid[:data_row])


def table4_total_problems(grid: Grid) -> list[Problem]:
    found = table4_data(grid)
    if found is None:
        return []
    data, groups = found
    problems = []
    for name, columns in groups:
        values = [parse_count(data[c]) if c < len(data) else None for c in columns]
        if all(value is None for value in values):
            continue
        parts, total = sum(v or 0 for v in values[:-1]), values[-1] or 0
        if parts != total:
            message = f"表四「{name}」：结果维持、结果纠正、其他结果、尚未审结合计{parts}件，与总计{total}件不符"
            problems.append(Problem("四", "total_mismatch", message))
    return problems


def table4_groups(top: Grid) -> list[tuple[str, list[int]]]:
    """(name, the columns of its outcomes ending with 总计) for 行政复议 and both 行政诉讼 kinds."""
    width = max(len(row) for row in top)
    leaf = [next((r[c] for r in reversed(top) if c < len(r) and r[c] in OUTCOMES), "")
            for c in range(width)]  # fmt: skip
    groups, current = [], []
    for c, name in enumerate(leaf):
        if name:
            current.append(c)
        if name == "总计":
            groups.append((_group_name(top, c), current))
            current = []
    return groups


def _group_name(top: Grid, column: int) -> str:
    names = [row[column] for row in top if column < len(row) and row[column] not in OUTCOMES]
    return next((name for name in reversed(names) if name), "行政复议/行政诉讼")


def _has_numbers(row: list[str]) -> bool:
    return any(parse_count(text) is not None for text in row)
