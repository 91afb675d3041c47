"""Throughput of the content checks, and what they find on real pages.

    .venv/bin/python bench/content.py [--rounds 20] [--markdown]

Pages: the detail pages and homepages of the real corpus (`../shared/corpus`, kinds `detail`
and `homepage` in its manifest) and the demo county's article pages (demo/render_*.py). Each
is checked with `ContentChecker.check_html` (the shipped lists, no leaders) on one core, and,
in the same run, the baseline: lxml parsing the page and taking its text (`text_content()`),
the least any check on a page's text costs. Prints pages/s of both and their ratio, then every
hit on the real corpus pages (page, check, grade, word, context) for a reader to judge.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from datetime import date
from pathlib import Path

import lxml.html

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from rules.content_check import ContentChecker  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
KINDS = ("detail", "homepage")
DEMO_AS_OF = date(2024, 6, 1)
DEMO_PER_COLUMN = 2


def corpus_pages() -> list[tuple[str, str]]:
    """(name, html) of the corpus pages of `KINDS` (UTF-8 copies)."""
    with open(CORPUS / "manifest.tsv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    pages = []
    for row in rows:
        path = CORPUS / "pages" / f"{row['short_name']}.html"
        if row["kind"] in KINDS and path.is_file():
            pages.append((row["short_name"], path.read_text("utf-8", errors="replace")))
    return pages


def demo_pages() -> list[tuple[str, str]]:
    """(name, html) of the demo county's article pages: the newest few of each column."""
    try:
        from demo import render_hanweb, render_plain, render_trs
        from demo.county import build_county
    except Exception as exc:  # the demo is being edited: the corpus alone is measured
        print(f"(demo pages skipped: {exc})", file=sys.stderr)
        return []
    renderers = {"hanweb": render_hanweb, "plain": render_plain, "trs": render_trs}
    county = build_county(DEMO_AS_OF)
    pages = []
    for agency in county.agencies:
        render = renderers.get(agency.family)
        for column in agency.columns if render else ():
            for pub in column.publications[:DEMO_PER_COLUMN]:
                html = render.article_page(county, agency, column, pub)
                pages.append((f"demo/{agency.id}/{column.id}/{pub.artid}", html))
    return pages


def baseline(html: str) -> str:
    return lxml.html.document_fromstring(html).text_content()


def rate(pages: list[tuple[str, str]], work, rounds: int) -> float:
    """Pages per second of `work` over `rounds` passes (best pass: the least disturbed)."""
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        for _, html in pages:
            work(html)
        best = min(best, time.perf_counter() - started)
    return len(pages) / best


def measure(label: str, pages, checker: ContentChecker, rounds: int) -> tuple:
    size = sum(len(html) for _, html in pages) / max(1, len(pages))
    base = rate(pages, baseline, rounds)
    checked = rate(pages, lambda html: checker.check_html(html, "http://example.gov.cn/"), rounds)
    return label, len(pages), size / 1000, base, checked, checked / base


def corpus_hits(pages, checker: ContentChecker) -> list[tuple]:
    hits = []
    for name, html in pages:
        url = f"http://{name}.example.gov.cn/"
        for hit in checker.check_html(html, url, published=None):
            hits.append((name, hit.check, hit.severity, hit.word, hit.context))
    return hits


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    checker = ContentChecker()
    checker.check_text("预热")  # the character table and automaton, built once
    corpus, demo = corpus_pages(), demo_pages()
    details = [page for page in corpus if page[0].startswith("detail_")]
    rows = [measure("corpus detail pages", details, checker, args.rounds),
            measure("corpus homepages", [p for p in corpus if p[0].startswith("home_")],
                    checker, args.rounds)]  # fmt: skip
    if demo:
        rows.append(measure("demo article pages", demo, checker, args.rounds))
    report(rows, corpus_hits(corpus, checker), args.markdown)


def report(rows, hits, markdown: bool) -> None:
    head = ("pages", "n", "avg KB", "baseline pages/s", "check_html pages/s", "ratio")
    cells = [(label, str(n), f"{kb:.1f}", f"{base:.0f}", f"{checked:.0f}", f"{ratio:.2f}")
             for label, n, kb, base, checked, ratio in rows]  # fmt: skip
    print_table(head, cells, markdown)
    print()
    hit_rows = [(page, check, grade, word, context.replace("|", "｜")) for page, check, grade,
                word, context in hits]  # fmt: skip
    print(f"{len(hits)} hits on the real corpus pages (published date unknown: outdated names "
          "are graded suspected)")  # fmt: skip
    print_table(("page", "check", "grade", "word", "context"), hit_rows, markdown)


def print_table(head, rows, markdown: bool) -> None:
    if markdown:
        print("| " + " | ".join(head) + " |")
        print("|" + "---|" * len(head))
        for row in rows:
            print("| " + " | ".join(row) + " |")
        return
    for row in [head, *rows]:
        print("  ".join(str(cell) for cell in row))


if __name__ == "__main__":
    main()
