"""Item accuracy of list extraction on the labelled corpus of real government pages.

    .venv/bin/python bench/extract_accuracy.py [-v] [NAME ...]

Runs `crawler.extract.extract` (detection, then the chosen parser) over every labelled list
page (`list_*`) and homepage (`home_*`) of `../shared/corpus` and prints, per page and pooled
over all pages, item precision, recall and F1. `-v` lists the missed and the extra items.

Scoring (in `crawler/accuracy.py`, shared with the tests):

- An item matches when all three agree: the title (whitespace collapsed, full-width spaces
  and `&nbsp;` included), the date (`YYYY-MM-DD`, or none when the page shows none) and the
  absolute URL (truth hrefs are resolved against the page's own URL — the homepage's site,
  or the list URL given in the truth's `source_url_guess` — and both sides canonicalised).
  A right link with a wrong title or date is both a miss and an extra.
- Each distinct item counts once per page: a homepage that shows one article in two blocks
  (with the same title and date) has found it once. Items that differ in title or date stay
  distinct, as the truth lists them.
- Items marked `uncertain` (reference directories, video tiles, meeting columns) are neither
  credit nor blame: they are not expected, and extracting them is not an error (matched by
  URL). A truth file marked `uncertain` as a whole (the Pingtan overview page of unit
  directory links, which are not publications) expects nothing, so the page scores 1.0 only
  if nothing else is extracted from it; its hidden `javascript:void(0)` rows count as errors.
- Homepage dates: `date` is the displayed date (a month-day gets its year from context);
  `date_from_url` is never used, so a homepage item with no displayed date expects none.
- Overall figures pool the items of all pages (micro-average). home_bjrbj is scored twice,
  from its UTF-8 file and from its GBK copy (decoded with `crawler.encoding.decode_html`).
- `next` compares the GET next-page requests with the truth's `next_pages` (`-` when the
  truth does not say).

Target: overall F1 >= 0.95 and no page below 0.8.
"""

from __future__ import annotations

import argparse
import sys

from crawler.accuracy import (
    corpus_available,
    missing_and_extra,
    next_matches,
    score_page,
    scored_pages,
    total,
)
from crawler.cms.base import ListPage
from crawler.cms.select import ParserChoiceError
from crawler.extract import extract, load_page

ROW = "{:<44} {:<9} {:>4} {:>5} {:>4} {:>6} {:>6} {:>6} {:>5}"


def run(names: list[str], verbose: bool) -> int:
    if not corpus_available():
        print("corpus not found (../shared/corpus or $ZWGK_CORPUS): nothing to score")
        return 2
    print(ROW.format("page", "parser", "want", "found", "hit", "P", "R", "F1", "next"))
    scores = []
    for expected in scored_pages():
        if names and expected.name not in names:
            continue
        try:
            listpage = extract(load_page(expected.path, url=expected.url))
        except ParserChoiceError:  # a crawl records the page as unparsed: nothing found
            listpage = ListPage("-")
        score = score_page(expected, listpage)
        scores.append(score)
        print(_row(score, listpage.parser, _next_text(next_matches(expected, listpage))))
        if verbose:
            _explain(expected, listpage)
    overall = total(scores)
    print(_row(overall, "", ""))
    worst = min(scores, key=lambda s: s.f1)
    print(f"worst page: {worst.name} F1 {worst.f1:.3f}")
    return 0 if overall.f1 >= 0.95 and worst.f1 >= 0.8 else 1


def _row(score, parser: str, next_text: str) -> str:
    return ROW.format(
        score.name,
        parser,
        score.expected,
        score.found,
        score.hits,
        f"{score.precision:.3f}",
        f"{score.recall:.3f}",
        f"{score.f1:.3f}",
        next_text,
    )


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
    parser.add_argument("names", nargs="*", help="corpus page names (default: all)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list misses and extras")
    args = parser.parse_args(argv)
    return run(args.names, args.verbose)


if __name__ == "__main__":
    sys.exit(main())
