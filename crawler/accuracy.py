"""Scoring list extraction against labelled pages: the real-page corpus and our fixtures.

The corpus (`../shared/corpus`, or `$ZWGK_CORPUS`) holds pages and, per page, a truth file;
`tests/pages/unseen` holds fixture pages in the same layout (`pages/`, `truth/`). A list
page's truth has `items` [{title, date, href}]; a homepage's truth has `blocks`, each with
`items` that may carry `uncertain`; a truth's `as_of` is the day the page was captured (the
year of a month-day date is not after it). Three views score one extraction:

- `full`: an item matches when its normalised title, its date and its absolute URL agree;
- `titles`: titles alone (a right title with a wrong date or link still counts);
- `dated`: only items with a date, on both sides, matched as in `full`.

See `bench/extract_accuracy.py` for how uncertain items count.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urljoin

from crawler.cms.base import ListPage
from crawler.cms.dom import clean
from crawler.cms.select import ParserChoiceError
from crawler.dates import as_of
from crawler.extract import extract, load_page
from crawler.urls import canonical_url

CORPUS = Path(
    os.environ.get("ZWGK_CORPUS")
    or Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
)
FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "pages" / "unseen"
SCORED_PREFIXES = ("list_", "home_")
VIEWS = ("full", "titles", "dated")
URL_IN_TEXT = re.compile(r"https?://[^\s()（）]+")

Key = tuple[str, str | None, str]  # (title, ISO date or None, canonical absolute URL)


@dataclass(frozen=True)
class Expected:
    """What a correct extractor finds on one corpus page."""

    name: str
    url: str  # the URL the page is read at (truth hrefs are resolved against it)
    items: frozenset[Key]
    ignored_hrefs: frozenset[str]  # uncertain items: neither credit nor blame
    next_urls: frozenset[str] | None  # None when the truth does not say
    root: Path = CORPUS
    as_of: date | None = None  # the capture day, when the truth gives it

    @property
    def path(self) -> Path:
        return self.root / "pages" / f"{self.name}.html"


@dataclass(frozen=True)
class Score:
    name: str
    expected: int
    found: int
    hits: int
    extra: int
    missed: int

    @property
    def precision(self) -> float:
        return self.hits / (self.hits + self.extra) if self.hits + self.extra else 1.0

    @property
    def recall(self) -> float:
        return self.hits / (self.hits + self.missed) if self.hits + self.missed else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def corpus_available(root: Path = CORPUS) -> bool:
    return (root / "pages").is_dir() and (root / "truth").is_dir()


def scored_pages(root: Path = CORPUS) -> list[Expected]:
    """Every labelled list page and homepage under `root`, by name."""
    names = sorted(p.stem for p in (root / "pages").glob("*.html"))
    return [expected_for(name, root) for name in names if name.startswith(SCORED_PREFIXES)]


def expected_for(name: str, root: Path = CORPUS) -> Expected:
    truth = json.loads((root / "truth" / f"{name}.json").read_text(encoding="utf-8"))
    url = page_url(truth)
    sure, unsure = _truth_items(truth)
    captured = truth.get("as_of")
    return Expected(
        name=name,
        url=url,
        items=frozenset(item_key(i["title"], i.get("date"), i["href"], url) for i in sure),
        ignored_hrefs=frozenset(canonical_url(urljoin(url, i["href"].strip())) for i in unsure),
        next_urls=_next_urls(truth, url),
        root=root,
        as_of=date.fromisoformat(captured) if captured else None,
    )


def read(expected: Expected) -> ListPage:
    """The page extracted as the crawl would read it on its capture day (unparsed: empty)."""
    page = load_page(expected.path, url=expected.url)
    with as_of(expected.as_of):
        try:
            return extract(page)
        except ParserChoiceError:  # a crawl records the page as unparsed: nothing found
            return ListPage("-")


def page_url(truth: dict) -> str:
    """The page's own URL: the homepage's site, or the list URL guessed in the truth file."""
    site = truth.get("page", {}).get("site")
    if site:
        return f"http://{site.split()[0]}/"
    guess = truth.get("source_url_guess", "")
    found = URL_IN_TEXT.search(guess)
    if found:
        return found.group(0).replace("/...", "")
    host, *rest = guess.split()
    path = rest[0] if rest and rest[0].startswith("/") else "/"
    return f"http://{host}{path}"


def _truth_items(truth: dict) -> tuple[list[dict], list[dict]]:
    if "blocks" in truth:
        items = [item for block in truth["blocks"] for item in block["items"]]
    else:
        items = list(truth["items"])
    if truth.get("uncertain"):
        return [], items
    return [i for i in items if not i.get("uncertain")], [i for i in items if i.get("uncertain")]


def _next_urls(truth: dict, url: str) -> frozenset[str] | None:
    pagination = truth.get("pagination") or {}
    if pagination.get("uncertain") or "next_pages" not in pagination:
        return None
    return frozenset(canonical_url(urljoin(url, href)) for href in pagination["next_pages"])


def item_key(title: str, when, href: str, base_url: str) -> Key:
    """A comparable form of an item: whitespace-normalised title, ISO date, canonical URL."""
    day = when.isoformat() if hasattr(when, "isoformat") else when
    return clean(title), day or None, canonical_url(urljoin(base_url, href.strip()))


def score_page(expected: Expected, listpage: ListPage, view: str = "full") -> Score:
    """Item precision/recall of one extraction in one view (each distinct item counted once)."""
    found = {item_key(i.title, i.date, i.href, expected.url) for i in listpage.items}
    counted = {
        key for key in found if key in expected.items or key[2] not in expected.ignored_hrefs
    }
    want, got = _view(expected.items, view), _view(counted, view)
    hits = want & got
    return Score(
        name=expected.name,
        expected=len(want),
        found=len(_view(found, view)),
        hits=len(hits),
        extra=len(got - hits),
        missed=len(want - hits),
    )


def _view(keys, view: str) -> set[tuple]:
    if view == "titles":
        return {key[:1] for key in keys}
    if view == "dated":
        return {key for key in keys if key[1]}
    if view == "full":
        return set(keys)
    raise ValueError(f"unknown view {view!r} (known: {', '.join(VIEWS)})")


def total(scores: list[Score]) -> Score:
    """All pages pooled (micro-average)."""
    return Score(
        name="overall",
        expected=sum(s.expected for s in scores),
        found=sum(s.found for s in scores),
        hits=sum(s.hits for s in scores),
        extra=sum(s.extra for s in scores),
        missed=sum(s.missed for s in scores),
    )


def next_matches(expected: Expected, listpage: ListPage) -> bool | None:
    """Whether the GET next-page requests the crawl follows first are the ones the truth names
    (None: not labelled). A parser may name later pages too (a pager whose later pages carry
    no pager of their own): the crawl follows them in order, after these."""
    if expected.next_urls is None:
        return None
    found = [canonical_url(n.url) for n in listpage.next if n.method == "GET"]
    if not expected.next_urls:
        return not found
    return set(found[: len(expected.next_urls)]) == expected.next_urls


def missing_and_extra(expected: Expected, listpage: ListPage) -> tuple[list[Key], list[Key]]:
    """For diagnosis: the truth items not found, and the found items not in the truth."""
    found = {item_key(i.title, i.date, i.href, expected.url) for i in listpage.items}
    extra = [k for k in found - expected.items if k[2] not in expected.ignored_hrefs]
    return sorted(expected.items - found), sorted(extra)
