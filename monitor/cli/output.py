"""Rows out of the command line: an aligned table (default), `--json` or `--csv`."""

from __future__ import annotations

import csv
import json
import sys
import unicodedata
from collections.abc import Callable, Sequence

import click

json_option = click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")


def output_options(command: Callable) -> Callable:
    """`--json` (one object per line) and `--csv` (a header row first) for a command that
    prints rows; the choice reaches the command as `fmt` (None: a table)."""
    command = click.option("--csv", "fmt", flag_value="csv", help="Print CSV with a header row.")(
        command
    )
    return click.option("--json", "fmt", flag_value="json", help="One JSON object per line.")(
        command
    )


def emit_rows(rows: Sequence[dict], fmt: str | None, noun: str, columns: Sequence[str]) -> None:
    """JSON lines carry every key of each row; the table and CSV carry `columns`."""
    if fmt == "json":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
    elif fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([[cell_text(row.get(c)) for c in columns] for row in rows])
    else:
        for line in table_lines(rows, columns):
            click.echo(line)
        click.echo(f"{len(rows)} {noun}(s)")


def table_lines(rows: Sequence[dict], columns: Sequence[str]) -> list[str]:
    """A header and one line per row, columns padded by display width (CJK is wide); the
    last column is not padded."""
    cells = [list(columns)] + [[cell_text(row.get(c)) for c in columns] for row in rows]
    widths = [max(display_width(line[i]) for line in cells) for i in range(len(columns))]
    return [
        "  ".join(pad(cell, width) for cell, width in zip(line[:-1], widths, strict=False))
        + "  " + line[-1]
        for line in cells
    ]  # fmt: skip


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return " ".join(str(value).split())  # one line per row, whatever the text holds


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))
