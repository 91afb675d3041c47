"""The contents and arithmetic of tables 二, 三 and 四 of an annual report (国办公开办函〔2021〕30号).

Table 三 (收到和处理政府信息公开申请情况) is read into numbers per applicant column; for every
column 新收 + 上年结转 = 办理结果总计 + 结转下年度继续办理, the result total (七) equals the sum
of (一)…(六), and the 总计 column equals the sum of the applicant columns. Table 四's totals
equal the sum of their outcomes. Table 二 must carry the rows of the 2021 format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rules.report_tables import Grid, grid_text, parse_count, row_label

APPLICANTS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
COLUMNS = (*APPLICANTS, "总计")
ALIASES = {"其他": ("其他", "其它")}
GROUPS = ("予以公开", "部分公开", "不予公开", "无法提供", "不予处理", "其他处理")
KEY_ROWS = {
    "new": "本年新收政府信息公开申请数量",
    "carried_in": "上年结转政府信息公开申请数量",
    "total": "本年度办理结果总计",
    "carried_out": "结转下年度继续办理",
}
ROW_PATTERNS = (
    ("new", "本年新收"),
    ("carried_in", "上年结转"),
    ("carried_out", "结转下一?年"),
    ("total", "总计"),
    *((group, group) for group in GROUPS),
)
SUB_ITEM = re.compile(r"\(?(\d+)[.、)]")
TABLE2_ROWS = ("规章", "规范性文件", "行政许可", "行政处罚", "行政强制", "行政事业性收费")
TABLE2_OLD_HEADERS = ("本年新制作数量", "本年新公开数量", "对外公开总数量")
OUTCOMES = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")

Values = list[int | None]


@dataclass(frozen=True)
class Problem:
    part: str  # "一"…"六", or "标题"/"全文"
    code: str
    message: str


@dataclass
class Table3:
    """The numbers of table 三 by applicant column; None is a blank cell."""

    columns: tuple[str, ...] = COLUMNS
    rows: dict[str, Values] = field(default_factory=dict)  # KEY_ROWS keys
    groups: dict[str, Values] = field(default_factory=dict)  # GROUPS: subtotal or sum of items

    def value(self, key: str, column: int) -> int:
        return self.rows[key][column] or 0

    def to_dict(self) -> dict:
        """Blank cells as 0, keyed by the row names of the format."""
        return {
            "columns": list(self.columns),
            "rows": {KEY_ROWS[key]: _zeros(values) for key, values in self.rows.items()},
            "results": {name: _zeros(values) for name, values in self.groups.items()},
        }


def _zeros(values: Values) -> list[int]:
    return [value or 0 for value in values]


def data_columns(header: Grid) -> list[int] | None:
    """Column index of each of COLUMNS, found by its exact header text."""
    found = []
    for name in COLUMNS:
        names = ALIASES.get(name, (name,))
        hits = [c for row in header for c, text in enumerate(row) if text in names]
        if not hits:
            return None
        found.append(min(hits))
    return found if found == sorted(set(found)) else None


def read_table3(grid: Grid) -> Table3:
    start = next((r for r, row in enumerate(grid) if "本年新收" in "".join(row)), len(grid))
    width = max((len(row) for row in grid), default=0)
    columns = data_columns(grid[:start]) or list(range(max(width - len(COLUMNS), 0), width))
    table = Table3()
    leaves: dict[str, list[Values]] = {group: [] for group in GROUPS}
    for row in grid[start:]:
        key, sub = classify(row_label(row, columns[0] if columns else 0))
        values = [parse_count(row[c]) if c < len(row) else None for c in columns]
        if key in KEY_ROWS:
            table.rows.setdefault(key, values)
        elif key in GROUPS and (sub is not None or any(v is not None for v in values)):
            if sub is None:
                table.groups[key] = values  # a subtotal row wins over its items
            leaves[key].append(values)
    for group, items in leaves.items():
        if items and group not in table.groups:
            table.groups[group] = column_sums(items)
    return table


def classify(label: str) -> tuple[str | None, int | None]:
    for key, pattern in ROW_PATTERNS:
        match = re.search(pattern, label)
        if match:
            sub = SUB_ITEM.search(label[match.end() :]) if key in GROUPS else None
            return key, int(sub.group(1)) if sub else None
    return None, None


def column_sums(rows: list[Values]) -> Values:
    sums: Values = []
    for cells in zip(*rows, strict=True):
        present = [cell for cell in cells if cell is not None]
        sums.append(sum(present) if present else None)
    return sums


def check_table3(table: Table3) -> list[Problem]:
    missing = [name for key, name in KEY_ROWS.items() if key not in table.rows]
    if missing:
        message = "表三缺少" + "、".join(f"「{name}」" for name in missing) + "行，无法核对"
        return [Problem("三", "table_incomplete", message)]
    return balance_problems(table) + result_total_problems(table) + row_total_problems(table)


def balance_problems(table: Table3) -> list[Problem]:
    problems = []
    for i, column in enumerate(table.columns):
        new, carried_in = table.value("new", i), table.value("carried_in", i)
        total, carried_out = table.value("total", i), table.value("carried_out", i)
        left, right = new + carried_in, total + carried_out
        if left != right:
            message = (
                f"表三「{column}」列：本年新收{new}件+上年结转{carried_in}件={left}件，"
                f"与办理结果总计{total}件+结转下年度继续办理{carried_out}件={right}件不符"
                f"（相差{abs(left - right)}件）"
            )
            problems.append(Problem("三", "table3_unbalanced", message))
    return problems


def result_total_problems(table: Table3) -> list[Problem]:
    problems = []
    for i, column in enumerate(table.columns):
        cells = [values[i] for values in table.groups.values()]
        if all(cell is None for cell in cells):
            continue  # results not broken down in this column
        parts, total = sum(cell or 0 for cell in cells), table.value("total", i)
        if parts != total:
            message = f"表三「{column}」列：办理结果（一）至（六）项合计{parts}件，与（七）总计{total}件不符"
            problems.append(Problem("三", "total_mismatch", message))
    return problems


def row_total_problems(table: Table3) -> list[Problem]:
    problems = []
    for key, name in KEY_ROWS.items():
        values = table.rows[key]
        total, applicants = values[-1], values[:-1]
        if total is None or all(value is None for value in applicants):
            continue
        parts = sum(value or 0 for value in applicants)
        if parts != total:
            message = f"表三「{name}」行：各类申请人合计{parts}件，与总计列{total}件不符"
            problems.append(Problem("三", "total_mismatch", message))
    return problems


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


def check_table4(grids: list[Grid]) -> list[Problem]:
    text = "".join(grid_text(grid) for grid in grids)
    missing = [name for name in ("行政复议", "行政诉讼") if name not in text]
    if missing:
        message = "表四缺少" + "、".join(f"「{name}」" for name in missing) + "情况"
        return [Problem("四", "table_incomplete", message)]
    return [problem for grid in grids for problem in table4_total_problems(grid)]


def table4_total_problems(grid: Grid) -> list[Problem]:
    header_rows = [r for r, row in enumerate(grid) if any(text in OUTCOMES for text in row)]
    if not header_rows:
        return []
    below = range(header_rows[-1] + 1, len(grid))
    data_row = next((r for r in below if _has_numbers(grid[r])), None)
    if data_row is None:
        return []
    problems = []
    for name, columns in table4_groups(grid[:data_row]):
        data = grid[data_row]
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
