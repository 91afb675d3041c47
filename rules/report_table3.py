"""Table 三 (收到和处理政府信息公开申请情况) of an annual report, read and checked.

The numbers are read per applicant column; for every column 新收 + 上年结转 = 办理结果总计 +
结转下年度继续办理, the result total (七) equals the sum of (一)…(六), and the 总计 column
equals the sum of the applicant columns.

The seven number columns are found from each body row itself — right of its label cells —
not from the header: real headers are often a column narrower or wider than the body's label
block (a top-left note cell with the wrong colspan), which would shift every column by one.
A table cut in two at a page break (two tables, the second without the header, its first
items without their group cell) is read as one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rules.report_checks import Problem
from rules.report_tables import Grid, label_width, parse_count, row_label

APPLICANTS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
COLUMNS = (*APPLICANTS, "总计")
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
HEADER_WORDS = re.compile("申请人情况|自然人|法人或其他组织|勾稽关系")

Values = list[int | None]


@dataclass
class Table3:
    """The numbers of table 三 by applicant column; None is a blank cell."""

    columns: tuple[str, ...] = COLUMNS
    rows: dict[str, Values] = field(default_factory=dict)  # KEY_ROWS keys
    groups: dict[str, Values] = field(default_factory=dict)  # GROUPS: subtotal or sum of items
    blank_cells: int = 0  # blank cells among the rows read (read as 0)

    def value(self, key: str, column: int) -> int:
        return self.rows[key][column] or 0

    def group_total(self, group: str) -> int | None:
        """A result group's 总计 (the sum of the applicant columns when 总计 is blank)."""
        values = self.groups.get(group)
        if not values:
            return None
        return values[-1] if values[-1] is not None else sum(v or 0 for v in values[:-1])

    def to_dict(self) -> dict:
        """Blank cells as 0, keyed by the row names of the format."""
        return {
            "columns": list(self.columns),
            "rows": {KEY_ROWS[key]: _zeros(values) for key, values in self.rows.items()},
            "results": {name: _zeros(values) for name, values in self.groups.items()},
        }


def _zeros(values: Values) -> list[int]:
    return [value or 0 for value in values]


def table3_rows(grids: list[Grid]) -> list[list[str]]:
    """The body rows from 本年新收 on, through the tables that continue it after a page break."""
    first = next((i for i, grid in enumerate(grids) if _has_new_row(grid)), 0)
    rows: list[list[str]] = []
    for index, grid in enumerate(grids[first:]):
        if index and not any(_known_row(row) for row in grid):
            break  # another table, not a continuation
        start = next((r for r, row in enumerate(grid) if "本年新收" in "".join(row)), 0)
        rows += grid[start if index == 0 else 0 :]
    return rows


def _has_new_row(grid: Grid) -> bool:
    return any("本年新收" in "".join(row) for row in grid)


def _known_row(row: list[str]) -> bool:
    label = row_label(row, label_width(row))
    return classify(label)[0] is not None or SUB_ITEM.match(label) is not None


def read_table3(grids: list[Grid]) -> Table3:
    table = Table3()
    leaves: dict[str, list[Values]] = {group: [] for group in GROUPS}
    group = None
    for row in table3_rows(grids):
        width = label_width(row)
        label = row_label(row, width)
        if HEADER_WORDS.search(label):
            continue  # a header repeated at the top of a page
        key, sub = classify(label)
        if key is None and group and SUB_ITEM.match(label):
            key, sub = (
                group,
                int(SUB_ITEM.match(label).group(1)),
            )  # its group cell on the page before
        values = [parse_count(row[c]) if c < len(row) else None
                  for c in range(width, width + len(COLUMNS))]  # fmt: skip
        if key in KEY_ROWS and key not in table.rows:
            table.rows[key] = values
        elif key in GROUPS and (sub is not None or any(v is not None for v in values)):
            group = key
            if sub is None:
                table.groups[key] = values  # a subtotal row wins over its items
            leaves[key].append(values)
        else:
            continue
        table.blank_cells += sum(value is None for value in values[:-1])
    for name, items in leaves.items():
        if items and name not in table.groups:
            table.groups[name] = column_sums(items)
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


def table3_warnings(table: Table3) -> list[Problem]:
    if not table.blank_cells:
        return []
    message = (
        f"表三有{table.blank_cells}个申请人数据单元格为空白，已按0计算；"
        "按格式要求，无数据的应填写“0”"
    )
    return [Problem("三", "blank_cells", message)]


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
