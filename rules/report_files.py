"""Annual reports kept as files: Word (.docx), saved web pages (.html/.htm) or plain text.

A .docx becomes simple HTML — one <p> per paragraph, tables with their merged cells as
rowspan/colspan — so the same inspection reads every source.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

import docx
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

CHARSET = re.compile(rb"""charset\s*=\s*["']?([\w-]+)""", re.IGNORECASE)


def load_report_text(path: str | Path) -> str:
    """The report as HTML (or plain text) for `inspect_annual_report`."""
    path = Path(path)
    if path.suffix.lower() == ".docx":
        return docx_to_html(path)
    return decode_page(path.read_bytes())


def decode_page(data: bytes) -> str:
    """Bytes of a saved page: the declared charset, else UTF-8, else GB18030 (GBK sites)."""
    declared = CHARSET.search(data[:4096])
    encodings = [declared.group(1).decode("ascii")] if declared else []
    for encoding in [*encodings, "utf-8", "gb18030"]:
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("utf-8", errors="replace")


def docx_to_html(path: str | Path) -> str:
    document = docx.Document(str(path))
    parts = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            parts.append(f"<p>{escape(block.text)}</p>")
        elif isinstance(block, Table):
            parts.append(table_html(block))
    return "<html><body>" + "\n".join(parts) + "</body></html>"


def table_html(table: Table) -> str:
    """A Word table as HTML; a vertical merge (vMerge) becomes the rowspan of its first cell."""
    rows = [_row_cells(tr, table) for tr in table._tbl.tr_lst]
    html_rows = []
    for r, cells in enumerate(rows):
        html_cells = []
        for column, span, merge, text in cells:
            if merge == "continue":
                continue
            rowspan = _rowspan(rows, r, column) if merge == "restart" else 1
            spans = (f' rowspan="{rowspan}"' if rowspan > 1 else "") + (
                f' colspan="{span}"' if span > 1 else ""
            )
            html_cells.append(f"<td{spans}>{escape(text)}</td>")
        html_rows.append("<tr>" + "".join(html_cells) + "</tr>")
    return "<table>" + "".join(html_rows) + "</table>"


def _row_cells(tr, table: Table) -> list[tuple[int, int, str | None, str]]:
    """(grid column, column span, vMerge, text) of each cell of a row."""
    column = tr.grid_before
    cells = []
    for tc in tr.tc_lst:
        merge = str(tc.vMerge) if tc.vMerge is not None else None
        cells.append((column, tc.grid_span, merge, _Cell(tc, table).text))
        column += tc.grid_span
    return cells


def _rowspan(rows: list, start: int, column: int) -> int:
    span = 1
    for cells in rows[start + 1 :]:
        below = next((cell for cell in cells if cell[0] == column), None)
        if below is None or below[2] != "continue":
            break
        span += 1
    return span
