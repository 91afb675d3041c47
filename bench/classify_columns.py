"""Accuracy of the column classifier on real column names labelled by hand.

    .venv/bin/python bench/classify_columns.py [--markdown] [--synonyms FILE] [--data TSV]

Runs `rules.column_classes.classify_column` over every name of `tests/data/column_names.tsv`
(real link names of county, city, provincial and ministry disclosure sites, each labelled
with the catalog column id it carries, or `-` for a page that is no catalog column) and
prints, overall and per column id:

- precision: right guesses among the names classified to that column;
- recall: right guesses among the names labelled with that column;

then every name the classifier got wrong (a wrong column, a column for a `-` name, or
nothing for a labelled name). `--markdown` prints the per-column table as Markdown for the
README; `--synonyms` adds a county's override file to the shipped table.

Target: precision >= 0.95 and recall >= 0.90 overall (the exit status says whether met).
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from rules.column_classes import classify_column, load_synonyms

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "column_names.tsv"
NONE = "-"


@dataclass(frozen=True)
class Row:
    name: str
    expected: str
    got: str
    reason: str
    source: str


def read_rows(path: Path) -> list[dict]:
    """The TSV's rows; lines starting with # are comments."""
    with path.open(encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def classify_rows(path: Path, synonyms_file: Path | None) -> list[Row]:
    table = load_synonyms(synonyms_file)
    rows = []
    for row in read_rows(path):
        guess = classify_column(row["name"], synonyms=table)
        got, reason = (guess.column_id, guess.reason) if guess else (NONE, "")
        rows.append(Row(row["name"], row["expected"], got, reason, row["source"]))
    return rows


def figures(rows: list[Row], column_id: str | None = None) -> tuple[int, int, int]:
    """(labelled with the column, classified to it, right); every column when None."""
    labelled = [r for r in rows if r.expected != NONE and column_id in (None, r.expected)]
    classified = [r for r in rows if r.got != NONE and column_id in (None, r.got)]
    right = [r for r in classified if r.got == r.expected]
    return len(labelled), len(classified), len(right)


def ratio(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def table_rows(rows: list[Row]) -> list[tuple]:
    ids = sorted(({r.expected for r in rows} | {r.got for r in rows}) - {NONE})
    out = []
    for column_id in [*ids, None]:
        labelled, classified, right = figures(rows, column_id)
        precision, recall = ratio(right, classified), ratio(right, labelled)
        out.append((column_id or "all", labelled, classified, right, precision, recall))
    return out


def print_table(rows: list[Row], markdown: bool) -> None:
    head = ("column", "labelled", "classified", "right", "P", "R")
    lines = [head] + [
        (cid, n, c, r, f"{p:.3f}", f"{rec:.3f}") for cid, n, c, r, p, rec in table_rows(rows)
    ]
    if markdown:
        print("| " + " | ".join(head) + " |")
        print("|---|" + "---:|" * (len(head) - 1))
        for line in lines[1:]:
            cells = [str(cell) for cell in line]
            if line[0] == "all":
                cells = [f"**{cell}**" for cell in cells]
            print("| " + " | ".join(cells) + " |")
        return
    for line in lines:
        print(f"{line[0]:<16}" + "".join(f"{cell!s:>11}" for cell in line[1:]))


def print_errors(rows: list[Row]) -> None:
    wrong = [r for r in rows if r.got != r.expected]
    print(f"\nmisclassified ({len(wrong)}):")
    for r in sorted(wrong, key=lambda r: (r.expected, r.got)):
        print(f"  {r.name}: want {r.expected}, got {r.got}  {r.reason}  [{r.source}]")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--synonyms", type=Path, help="a county's synonyms file")
    parser.add_argument("--data", type=Path, default=DATA, help="the labelled names (TSV)")
    args = parser.parse_args(argv)
    rows = classify_rows(args.data, args.synonyms)
    labelled, classified, right = figures(rows)
    precision, recall = ratio(right, classified), ratio(right, labelled)
    sources = Counter(r.source.split(" (")[0] for r in rows)
    print(
        f"{len(rows)} names from {len(sources)} sources, {labelled} labelled with a column, "
        f"{len(rows) - labelled} not a catalog column"
    )
    print(f"classified {classified}, right {right}: precision {precision:.3f}, recall {recall:.3f}")
    print()
    print_table(rows, args.markdown)
    print_errors(rows)
    return 0 if precision >= 0.95 and recall >= 0.90 else 1


if __name__ == "__main__":
    sys.exit(main())
