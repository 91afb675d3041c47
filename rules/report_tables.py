"""Reading the tables of an annual report as they appear on real sites.

A table becomes a grid of cell texts with merged cells (rowspan/colspan) expanded, so every row
has its labels and numbers at fixed positions. Numbers are read tolerantly: full-width digits,
thousands separators, units ("12件") and blank or dash cells (blank means none, i.e. 0).
"""

from __future__ import annotations

import re
import unicodedata

from bs4 import Tag

MAX_SPAN = 60
DIGITS = re.compile(r"\d[\d,]*(?:\.\d+)?")
NUMBER_CELL = re.compile(r"\d[\d,]*(?:\.\d+)?(?:件|个|条|次|起|份|项|万元|元)?")
BLANK_MARKS = {"", "-", "--", "—", "——", "–", "/", "\\", "无", "空", "0.0"}
CN_DIGITS = dict(zip("〇零一二三四五六七八九", "00123456789", strict=True))

Grid = list[list[str]]


def normalize(text: str) -> str:
    """NFKC (full-width digits and punctuation to ASCII) and no whitespace at all.

    Chinese text carries no meaning in spaces, and real pages scatter &nbsp; and full-width
    spaces inside labels and numbers alike.
    """
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def parse_count(text: str) -> int | None:
    """The number in a cell; None for a blank cell (which the format reads as 0)."""
    text = normalize(text)
    if text in BLANK_MARKS:
        return None
    match = DIGITS.search(text)
    if match is None:
        return None
    return round(float(match.group().replace(",", "")))


def chinese_year(text: str) -> int:
    """'2024' or '二〇二四' as an integer."""
    return int("".join(CN_DIGITS.get(char, char) for char in text))


def own_rows(table: Tag) -> list[Tag]:
    """The rows of this table, not those of tables nested in its cells."""
    return [row for row in table.find_all("tr") if row.find_parent("table") is table]


def _span(cell: Tag, name: str) -> int:
    match = re.match(r"\s*(\d+)", str(cell.get(name) or "1"))
    return max(1, min(int(match.group(1)) if match else 1, MAX_SPAN))


def table_grid(table: Tag) -> Grid:
    """Cell texts by (row, column), each merged cell repeated over the area it covers."""
    filled: dict[tuple[int, int], str] = {}
    rows = own_rows(table)
    for r, row in enumerate(rows):
        c = 0
        for cell in row.find_all(["td", "th"], recursive=False):
            while (r, c) in filled:
                c += 1
            text = normalize(cell.get_text(" "))
            rowspan, colspan = _span(cell, "rowspan"), _span(cell, "colspan")
            for dr in range(min(rowspan, len(rows) - r)):
                for dc in range(colspan):
                    filled[(r + dr, c + dc)] = text
            c += colspan
    width = max((c for _, c in filled), default=-1) + 1
    return [[filled.get((r, c), "") for c in range(width)] for r in range(len(rows))]


def grid_text(grid: Grid) -> str:
    return "".join("".join(row) for row in grid)


def row_label(row: list[str], label_columns: int) -> str:
    """The label of a row: the texts left of the numbers, merged repeats said once."""
    parts: list[str] = []
    for text in row[:label_columns]:
        if text and (not parts or parts[-1] != text):
            parts.append(text)
    return "".join(parts)


def is_value_cell(text: str) -> bool:
    """A cell holding a number, or blank (a dash, a slash, 无 …): not a label."""
    text = normalize(text)
    return text in BLANK_MARKS or NUMBER_CELL.fullmatch(text) is not None


def label_width(row: list[str]) -> int:
    """How many cells on the left of a row are its label: up to its last non-number cell."""
    return next((c + 1 for c in range(len(row) - 1, -1, -1) if not is_value_cell(row[c])), 0)
