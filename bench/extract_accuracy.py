"""Item accuracy of list extraction on labelled pages: the real-page corpus and our fixtures.

    .venv/bin/python bench/extract_accuracy.py [-v] [--markdown] [--set corpus|fixtures] [NAME ...]

Runs `crawler.extract.extract` (detection, then the chosen parser) over every labelled list
page (`list_*`) and homepage (`home_*`) of `../shared/corpus` (real pages) and of
`tests/pages/unseen` (fixture pages modelled on CMS vendors the corpus lacks), and prints a
per-page table and, per set, figures pooled over its pages in three views:

- `full`: title, date and URL must all agree (the figure the targets refer to);
- `titles`: titles alone, so a page's lists were found even if a date or a link is wrong;
- `dated`: only items that show a date, on both sides (the year of a month-day included).

`-v` lists the missed and the extra items (full view); `--markdown` prints the table as
Markdown for the README.

Scoring (in `crawler/accuracy.py`, shared with the tests):

- An item matches when all three agree: the title (whitespace collapsed, full-width spaces
  and `&nbsp;` included), the date (`YYYY-MM-DD`, or none when the page shows none) and the
  absolute URL (truth hrefs are resolved against the page's own URL — the homepage's site,
  or the list URL given in the truth's `source_url_guess` — and both sides canonicalised).
  A right link with a wrong title or date is both a miss and an extra.
- Each distinct item counts once per page: a homepage that shows one article in two blocks
  (with the same title and date) has found it once. Items that differ in title or date stay
  distinct, as the truth lists them.
- Items marked `uncertain` (reference directories, video tiles, meeting columns, side lists
  of popular articles) are neither credit nor blame: they are not expected, and extracting
  them is not an error (matched by URL). A truth file marked `uncertain` as a whole (the
  Pingtan overview page of unit directory links, which are not publications) expects
  nothing, so the page scores 1.0 only if nothing else is extracted from it; its hidden
  `javascript:void(0)` rows count as errors.
- Dates: `date` is the displayed date (a month-day gets its year from context);
  `date_from_url` is never used, so an item with no displayed date expects none. A truth's
  `as_of` (the capture day) is the day the page is read as of: the year of a month-day date
  is never after it. Corpus truths have none (their pages carry full dates nearby).
- Overall figures pool the items of all pages of a set (micro-average). home_bjrbj is scored
  twice, from its UTF-8 file and from its GBK copy (decoded with `crawler.encoding.decode_html`).
- `next` compares the GET next-page requests the crawl follows first with the truth's
  `next_pages`; a page the truth says has none must name none (`-` when the truth does not
  say).

Target, per set: overall F1 >= 0.95 and no page below 0.8 (full view).
"""

from __future__ import annotations

import argparse
import sys

from crawler.accuracy import (
    CORPUS,
    FIXTURES,
    VIEWS,
    Score,
    corpus_available,
    missing_and_extra,
    next_matches,
    read,
    score_page,
    scored_pages,
    total,
)

SETS = {"corpus": CORPUS, "fixtures": FIXTURES}
COLUMNS = (  # (heading, width): the first three columns are text, the rest figures
    ("set", 8),
    ("page", 40),
    ("parser", 9),
    ("want", 4),
    ("found", 5),
    ("P", 5),
    ("R", 5),
    ("F1", 5),
    ("titles F1", 9),
    ("dated", 5),
    ("dated F1", 8),
    ("next", 5),
)


def run(names: list[str], sets: list[str], verbose: bool, markdown: bool) -> int:
    table = Table(markdown)
    table.row(tuple(heading for heading, _ in COLUMNS))
    results = []
    for set_name in sets:
        root = SETS[set_name]
        if not corpus_available(root):
            print(f"{set_name}: not found at {root}, skipped")
            continue
        pages = [e for e in scored_pages(root) if not names or e.name in names]
        if pages:
            results.append((set_name, *score_set(set_name, pages, table, verbose)))
    for set_name, _, worst in results:
        print(f"{set_name}: worst page {worst.name} F1 {worst.f1:.3f}")
    met = all(overall.f1 >= 0.95 and worst.f1 >= 0.8 for _, overall, worst in results)
    return 0 if met else 1


def score_set(set_name: str, pages, table: Table, verbose: bool) -> tuple[Score, Score]:
    """Print one row per page and the pooled row; the set's pooled score and its worst page
    (full view)."""
    scores = {view: [] for view in VIEWS}
    for expected in pages:
        listpage = read(expected)
        row = {view: score_page(expected, listpage, view) for view in VIEWS}
        for view in VIEWS:
            scores[view].append(row[view])
        next_text = _next_text(next_matches(expected, listpage))
        table.row(_cells(set_name, row, listpage.parser, next_text))
        if verbose:
            _explain(expected, listpage)
    overall = {view: total(scores[view]) for view in VIEWS}
    table.row(_cells(set_name, overall, "", ""), bold=True)
    return overall["full"], min(scores["full"], key=lambda s: s.f1)


def _cells(set_name: str, row: dict, parser: str, next_text: str) -> tuple:
    full, titles, dated = row["full"], row["titles"], row["dated"]
    return (
        set_name,
        full.name,
        parser,
        full.expected,
        full.found,
        f"{full.precision:.3f}",
        f"{full.recall:.3f}",
        f"{full.f1:.3f}",
        f"{titles.f1:.3f}",
        dated.expected,
        f"{dated.f1:.3f}",
        next_text,
    )


class Table:
    """Rows printed as aligned text, or as a Markdown table."""

    def __init__(self, markdown: bool):
        self.markdown = markdown
        self.rows = 0

    def row(self, cells: tuple, bold: bool = False) -> None:
        text = [str(cell) for cell in cells]
        if self.markdown:
            if bold:
                text = [f"**{cell}**" if cell else "" for cell in text]
            print("| " + " | ".join(text) + " |")
            if not self.rows:
                print("|" + "|".join("---" if i < 3 else "---:" for i in range(len(text))) + "|")
        else:
            print(" ".join(_pad(i, cell) for i, cell in enumerate(text)))
        self.rows += 1


def _pad(index: int, cell: str) -> str:
    width = COLUMNS[index][1]
    return cell.ljust(width) if index < 3 else cell.rjust(width)


def _next_text(matches: bool | None) -> str:
    return "-" if matches is None else ("ok" if matches else "WRONG")


def _explain(expected, listpage) -> None:
    missing, extra = missing_and_extra(expected, listpage)
    for title, day, href in missing:
        print(f"    missed: {title} | {day} | {href}")
    for title, day, href in extra:
        print(f"    extra:  {title} | {day} | {href}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("names", nargs="*", help="page names (default: all)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list misses and extras")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--set", choices=sorted(SETS), help="score one set only")
    args = parser.parse_args(argv)
    return run(args.names, [args.set] if args.set else list(SETS), args.verbose, args.markdown)


if __name__ == "__main__":
    sys.exit(main())
