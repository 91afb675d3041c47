"""Annual reports kept as files: PDF, Word (.docx), saved web pages (.html/.htm) or plain text.

A .docx becomes simple HTML — one <p> per paragraph, tables with their merged cells as
rowspan/colspan — and so does a PDF (`rules.report_pdf`), so the same inspection reads every
source. The kind of a document is told by its bytes, not by its name or its Content-Type:
sites serve PDFs as `application/octet-stream` and name Word files `.html`.
"""

from __future__ import annotations

import io
import re
import zipfile
from html import escape
from pathlib import Path

import docx
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from rules.report_pdf import is_pdf, pdf_to_html

CHARSET = re.compile(rb"""charset\s*=\s*["']?([\w-]+)""", re.IGNORECASE)
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # .doc, .wps, .xls: the old binary Office formats


def load_report_text(path: str | Path) -> str:
    """The report as HTML (or plain text) for `inspect_annual_report`."""
    return report_html(Path(path).read_bytes())


def report_html(data: bytes, charset: str | None = None) -> str:
    """A document's bytes as HTML (or plain text); ValueError for a format not read.

    `charset` is the one an HTTP answer's Content-Type names, for a web page."""
    if is_pdf(data):
        return pdf_to_html(data)
    if is_docx(data):
        return docx_to_html(io.BytesIO(data))
    if data.startswith(OLE_MAGIC) or data.startswith(b"PK\x03\x04"):
        raise ValueError("not a PDF, .docx or web page (an old .doc/.wps file or an archive)")
    return decode_page(data, charset)


def is_docx(data: bytes) -> bool:
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def decode_page(data: bytes, charset: str | None = None) -> str:
    """Bytes of a page: the header's or the declared charset, else UTF-8, else GB18030."""
    declared = CHARSET.search(data[:4096])
    encodings = [declared.group(1).decode("ascii")] if declared else []
    for encoding in [*([charset] if charset else []), *encodings, "utf-8", "gb18030"]:
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("utf-8", errors="replace")


def docx_to_html(source: str | Path | io.BytesIO) -> str:
    document = docx.Document(source if isinstance(source, io.BytesIO) else str(source))
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
