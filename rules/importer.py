"""Import a county's 主动公开事项目录 from its Excel sheet into a rule file.

The sheet has the catalog columns — 序号 | 公开事项 (or 一级事项/二级事项) | 公开内容 | 公开依据 |
公开时限 | 公开主体 | 公开渠道和载体 | 公开对象 | 公开方式 — with the header on whatever row it
is (a title row often comes first) and 公开事项 merged over grouped rows. Each row's 公开时限 is
read as a rule kind (`rules.deadlines`); a row that cannot be read is kept, commented out, in
the YAML and listed with its Excel row number, so nothing is lost.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

from rules.catalog_yaml import Entry, render_catalog
from rules.deadlines import interpret_deadline
from rules.loader import RuleError

HEADER_FIELDS = (  # most specific first: "公开事项/一级事项" is level1
    ("seq", ("序号",)),
    ("level1", ("一级事项",)),
    ("level2", ("二级事项",)),
    ("item", ("公开事项", "事项名称")),
    ("content", ("公开内容", "公开要素")),
    ("basis", ("公开依据",)),
    ("deadline", ("公开时限",)),
    ("subject", ("公开主体",)),
    ("channel", ("公开渠道", "公开载体")),
    ("audience", ("公开对象",)),
    ("mode", ("公开方式",)),
    ("layer", ("公开层级",)),
)
HEADER_SCAN_ROWS = 20
MISSING_BASIS = "（目录未填写公开依据，待补充）"
EXTRA_COLUMNS = {"audience": "公开对象", "mode": "公开方式", "layer": "公开层级"}


@dataclass(frozen=True)
class RowProblem:
    row: int  # the Excel row number
    text: str
    reason: str


@dataclass
class ImportResult:
    yaml_text: str
    items: list[dict]  # the imported items, as in the YAML
    unreadable: list[RowProblem]  # rows left commented out, and rows missing their basis
    columns: dict[str, str] = field(default_factory=dict)  # column id -> 公开渠道和载体 text


@dataclass
class SheetRow:
    number: int
    values: dict[str, str]


def import_catalog_xlsx(path: str | Path, catalog_name: str | None = None) -> ImportResult:
    path = Path(path)
    sheet = open_sheet(path)
    grid = filled_grid(sheet)
    first_header, header_row, fields = find_header(grid, path)
    rows = list(data_rows(grid, header_row, fields))
    name = catalog_name or sheet_title(grid, first_header) or path.stem
    entries, problems, columns = build_entries(rows)
    rows_label = "–".join(dict.fromkeys((str(first_header + 1), str(header_row + 1))))
    source = f"{path.name}（工作表「{sheet.title}」，表头在第{rows_label}行）"
    yaml_text = render_catalog(name, source, entries, columns)
    items = [entry.as_item() for entry in entries if entry.deadline]
    return ImportResult(yaml_text, items, problems, columns)


def open_sheet(path: Path):
    """The workbook's first sheet (values, not formulas); an unreadable file is a RuleError."""
    try:
        return openpyxl.load_workbook(path, data_only=True).worksheets[0]
    except (OSError, zipfile.BadZipFile, InvalidFileException, KeyError) as exc:
        raise RuleError(path, None, f"无法读取 Excel 文件（仅支持 .xlsx）：{exc}") from exc


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def filled_grid(sheet) -> list[list[str]]:
    """Cell texts, each merged range's value repeated over the cells it covers."""
    grid = [[cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    for merged in sheet.merged_cells.ranges:
        value = grid[merged.min_row - 1][merged.min_col - 1]
        for r in range(merged.min_row - 1, merged.max_row):
            for c in range(merged.min_col - 1, merged.max_col):
                grid[r][c] = value
    return grid


def header_fields(texts: list[str]) -> dict[str, int]:
    """Field name -> column index, from header texts."""
    fields: dict[str, int] = {}
    for column, text in enumerate(texts):
        compact = "".join(text.split())
        for name, keywords in HEADER_FIELDS:
            if name not in fields and any(keyword in compact for keyword in keywords):
                fields[name] = column
                break
    return fields


def find_header(grid: list[list[str]], path: Path) -> tuple[int, int, dict[str, int]]:
    """The (0-based) first and last header rows and the fields; two header rows read as one."""
    for r, row in enumerate(grid[:HEADER_SCAN_ROWS]):
        fields = header_fields(row)
        if "deadline" not in fields or len(fields) < 3:
            continue
        below = grid[r + 1] if r + 1 < len(grid) else []
        if any("一级事项" in text or "二级事项" in text for text in below):
            joined = [
                f"{top} {low}" if low != top else top for top, low in zip(row, below, strict=True)
            ]
            return r, r + 1, header_fields(joined)
        return r, r, fields
    raise RuleError(path, None, "未找到目录表头（应含「公开事项」「公开时限」等列）")


def data_rows(grid: list[list[str]], header_row: int, fields: dict[str, int]):
    for index in range(header_row + 1, len(grid)):
        row = grid[index]
        values = {name: row[column] if column < len(row) else "" for name, column in fields.items()}
        distinct = {text for text in row if text}
        if len(distinct) <= 1 or values.get("deadline") == "公开时限":
            continue  # blank, a section title merged across the row, or a repeated header
        yield SheetRow(index + 1, values)


def sheet_title(grid: list[list[str]], header_row: int) -> str | None:
    for row in grid[:header_row]:
        distinct = [text for text in dict.fromkeys(row) if text]
        if len(distinct) == 1 and ("目录" in distinct[0] or "清单" in distinct[0]):
            return distinct[0]
    return None


def build_entries(rows: list[SheetRow]) -> tuple[list[Entry], list[RowProblem], dict[str, str]]:
    """The entries of the rule file (imported or commented out), the flagged rows, the columns."""
    entries, problems = [], []
    columns: dict[str, str] = {}
    used_ids: set[str] = set()
    for row in rows:
        entry = row_entry(row, columns, used_ids)
        entry.deadline = interpret_deadline(row.values.get("deadline", ""), entry.item["name"])
        if entry.deadline is None:
            entry.reason = "无法识别的公开时限" if entry.item.get("deadline") else "公开时限为空"
            problems.append(RowProblem(row.number, entry.item.get("deadline", ""), entry.reason))
        elif not row.values.get("basis"):
            problems.append(RowProblem(row.number, entry.item["name"], "公开依据为空"))
            entry.notes.append("公开依据为空，请补充")
        entries.append(entry)
    return entries, problems, columns


def row_entry(row: SheetRow, columns: dict[str, str], used_ids: set[str]) -> Entry:
    """One catalog row as an item plus what the YAML comments say about it."""
    values = row.values
    name = values.get("level2") or values.get("item") or values.get("level1") or "（未命名事项）"
    item = {"id": item_id(values.get("seq", ""), row.number, used_ids), "name": name}
    item.update({key: values[key] for key in ("content", "deadline", "subject") if values.get(key)})
    if values.get("channel"):
        item["column"] = column_id(values["channel"], columns)
    item["basis"] = values.get("basis") or MISSING_BASIS
    extra = {label: values.get(key) for key, label in EXTRA_COLUMNS.items() if values.get(key)}
    level1, level2 = values.get("level1"), values.get("level2")
    group = level1 if level2 and level1 != level2 else None
    return Entry(row.number, item, group, values.get("channel", ""), extra)


def column_id(channel: str, columns: dict[str, str]) -> str:
    """`col-N` for each distinct 公开渠道和载体, in order of first appearance."""
    for known, text in columns.items():
        if text == channel:
            return known
    new = f"col-{len(columns) + 1}"
    columns[new] = channel
    return new


def item_id(seq: str, row: int, used: set[str]) -> str:
    """`item-<序号>` (1.2 → item-1-2) when the 序号 is numeric, else `row-<Excel row>`."""
    compact = seq.strip().rstrip(".、").replace(".", "-")
    numeric = compact.replace("-", "")
    candidate = f"item-{compact}" if numeric.isascii() and numeric.isdigit() else f"row-{row}"
    if candidate in used:
        candidate = f"{candidate}-r{row}"
    used.add(candidate)
    return candidate
