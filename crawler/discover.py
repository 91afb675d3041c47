"""One agency's disclosure columns from its 政府信息公开 entry page (`zwgk discover URL`).

The entry page's column tree is walked (`crawler.discover_tree`) with the discovery fetcher
(`crawler.discover_fetch`: robots.txt, a pause between requests, the crawl's address rules;
the host the user names may be private). A column is kept when the synonyms table names it
(`rules.column_classes`) or when its page lists publications; its config id is the catalog
column the name suggests, else one made from its address.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import yaml

from crawler.addresses import AddressPolicy
from crawler.discover_fetch import PoliteFetcher
from crawler.discover_tree import FoundColumn, column_tree
from rules.column_classes import classify_column


def discover(url: str, delay: float = 0.5) -> list[FoundColumn]:
    """The entry page's columns, in page order."""
    fetch = PoliteFetcher(AddressPolicy([urlsplit(url).hostname or ""]), delay=delay)
    columns = column_tree(fetch(url), fetch)
    return [c for c in columns if c.items or classify_column(c.name, c.parents)]


def guess_id(column: FoundColumn) -> str:
    """A config id: the catalog column the name suggests (`rules/column_synonyms.yaml`),
    else one made from the URL."""
    guess = classify_column(column.name, column.parents)
    if guess:
        return guess.column_id
    segments = [s for s in urlsplit(column.url).path.split("/") if s and "." not in s]
    slug = re.sub(r"[^a-z0-9_-]+", "-", (segments[-1] if segments else "column").lower())
    return slug.strip("-_") or "column"


def draft_yaml(columns: list[FoundColumn], agency_id: str | None = None) -> str:
    """A `columns:` snippet for zwgk.yaml (ids made unique; to be reviewed by hand)."""
    rows, taken = [], set()
    for column in columns:
        wanted = guess_id(column)
        column_id, number = wanted, 2
        while column_id in taken:
            column_id, number = f"{wanted}-{number}", number + 1
        taken.add(column_id)
        row = {"id": column_id, "name": column.name, "url": column.url}
        if column.cms and column.cms != "generic":
            row["cms"] = column.cms
        rows.append(row)
    header = f"# columns discovered for {agency_id or 'the agency'}; review before use\n"
    return header + yaml.safe_dump({"columns": rows}, allow_unicode=True, sort_keys=False)
