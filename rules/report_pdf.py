"""An annual report published as PDF, read into the simple HTML the inspection reads.

pdfplumber finds each page's ruled tables; a table becomes an HTML table with its merged cells
as rowspan/colspan (from the cells' edges), and the text outside the tables becomes one <p> per
paragraph, all in reading order (top to bottom). A table running over a page break comes out
as two tables, as it would on a site that pasted it in two pieces: the reader joins them.
A scanned PDF has no text layer and reads as empty.
"""

from __future__ import annotations

import io
import re
from html import escape

import pdfplumber
from pdfplumber.page import Page
from pdfplumber.table import Table

EDGE_TOLERANCE = 2.0  # points: edges closer than this are one grid line
NEW_PARAGRAPH = re.compile(
    r"^(?:第?[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[)）])"
)
PDF_MAGIC = b"%PDF-"

Box = tuple[float, float, float, float]  # x0, top, x1, bottom


def is_pdf(data: bytes) -> bool:
    return data[:1024].lstrip().startswith(PDF_MAGIC)


def pdf_to_html(data: bytes) -> str:
    """The report's text and tables as HTML; raises ValueError for a file that is not a PDF."""
    parts: list[str] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                parts += page_html(page)
    except Exception as exc:  # pdfminer raises many kinds for a damaged file
        raise ValueError(f"not a readable PDF: {exc}") from exc
    return "<html><body>" + "\n".join(parts) + "</body></html>"


def page_html(page: Page) -> list[str]:
    tables = page.find_tables()
    boxes = [table.bbox for table in tables]
    outside = page.filter(lambda obj: not any(_inside(obj, box) for box in boxes))
    pieces = [(table.bbox[1], table_html(table)) for table in tables]
    pieces += [(top, f"<p>{escape(text)}</p>") for top, text in paragraphs(outside)]
    return [html for _, html in sorted(pieces, key=lambda piece: piece[0])]


def _inside(obj: dict, box: Box) -> bool:
    x0, top, x1, bottom = box
    middle_x, middle_y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return x0 <= middle_x <= x1 and top <= middle_y <= bottom


def paragraphs(page: Page) -> list[tuple[float, str]]:
    """Lines joined into paragraphs: a line that reaches the right margin runs on."""
    lines = page.extract_text_lines(return_chars=False)
    if not lines:
        return []
    right = max(line["x1"] for line in lines)
    found: list[tuple[float, str]] = []
    runs_on = False
    for line in lines:
        if runs_on and not NEW_PARAGRAPH.match(line["text"]):
            top, text = found[-1]
            found[-1] = (top, text + line["text"])
        else:
            found.append((line["top"], line["text"]))
        size = (line["bottom"] - line["top"]) or 10
        runs_on = line["x1"] >= right - size
    return found


def table_html(table: Table) -> str:
    """A ruled table as HTML; merged cells from the edges of the cells pdfplumber found."""
    cells = [(box, text or "") for row, texts in zip(table.rows, table.extract(), strict=True)
             for box, text in zip(row.cells, texts, strict=True) if box is not None]  # fmt: skip
    xs = _grid_lines([x for box, _ in cells for x in (box[0], box[2])])
    ys = _grid_lines([y for box, _ in cells for y in (box[1], box[3])])
    origins: dict[tuple[int, int], tuple[int, int, str]] = {}
    covered: set[tuple[int, int]] = set()
    for (x0, top, x1, bottom), text in cells:
        r0, r1 = _line_index(ys, top), max(_line_index(ys, bottom), _line_index(ys, top) + 1)
        c0, c1 = _line_index(xs, x0), max(_line_index(xs, x1), _line_index(xs, x0) + 1)
        origins[(r0, c0)] = (r1 - r0, c1 - c0, text)
        covered |= {(r, c) for r in range(r0, r1) for c in range(c0, c1)}
    rows = []
    for r in range(len(ys) - 1):
        html = []
        for c in range(len(xs) - 1):
            if (r, c) in origins:
                rowspan, colspan, text = origins[(r, c)]
                html.append(_cell(text, rowspan, colspan))
            elif (r, c) not in covered:
                html.append("<td></td>")  # keeps the columns of the row in place
        rows.append("<tr>" + "".join(html) + "</tr>")
    return "<table>" + "".join(rows) + "</table>"


def _grid_lines(values: list[float]) -> list[float]:
    lines: list[float] = []
    for value in sorted(values):
        if not lines or value - lines[-1] > EDGE_TOLERANCE:
            lines.append(value)
    return lines


def _line_index(lines: list[float], value: float) -> int:
    return min(range(len(lines)), key=lambda i: abs(lines[i] - value))


def _cell(text: str, rowspan: int, colspan: int) -> str:
    spans = (f' rowspan="{rowspan}"' if rowspan > 1 else "") + (
        f' colspan="{colspan}"' if colspan > 1 else ""
    )
    return f"<td{spans}>{escape(text)}</td>"
