"""网页快照: what the pages a finding cites said when it was judged, read back from the archive
(monitor/evidence_archive.py), for `zwgk evidence`, the dashboard, notices and the report.

A finding's snapshot of a cited address is the newest archived fetch of it by the crawl the
finding's last check judged (or, with an `as_of` day, by a crawl of that day or before). The
cited addresses are its evidence's `url` and `page` and the configured columns that carry its
item. A page is only ever read back as bytes and shown as text: never rendered, never run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from common.errors import BadInputError
from crawler.cms.dom import parse_html
from crawler.encoding import decode_answer
from crawler.urls import canonical_url
from monitor.config import Config
from monitor.evaluate import agency_catalog, carried_items
from monitor.evidence_archive import prune_evidence
from monitor.findings import ACTIVE
from monitor.store import Snapshot, Store
from monitor.warc import ArchivedPage, read_record
from rules.findings import Finding
from rules.loader import RuleError

BLOCKS = ("p", "div", "br", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6",
          "table", "ul", "ol", "dt", "dd", "section", "article", "header", "footer", "title",
          "option", "pre", "blockquote", "form")  # fmt: skip
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
SPACES = re.compile(r"[ \t\u3000\xa0]+")


class EvidenceError(BadInputError):
    """No such finding or snapshot, or its archive file is gone."""


@dataclass(frozen=True)
class CitedPage:
    """An address a finding cites and its snapshot (None: not archived by then)."""

    url: str
    snapshot: Snapshot | None


def cited_urls(finding: Finding, config: Config | None = None) -> list[str]:
    """The web addresses the finding's evidence names, then its item's columns (with config)."""
    urls = [entry[key] for entry in finding.evidence for key in ("url", "page")
            if isinstance(entry.get(key), str)]  # fmt: skip
    if config is not None:
        urls += [column.url for column in carrying_columns(config, finding)]
    return [url for url in dict.fromkeys(urls) if url.startswith(("http://", "https://"))]


def carrying_columns(config: Config, finding: Finding) -> list:
    try:
        agency = config.agency(finding.agency_id)
        catalog = agency_catalog(config, agency)
    except (KeyError, RuleError):  # an agency or catalog gone from the config since
        return []
    return [c for c in agency.columns if finding.item_id in carried_items(c, catalog)]


def url_forms(url: str) -> list[str]:
    return list(dict.fromkeys([url, canonical_url(url)]))


def finding_pages(
    store: Store, finding: Finding, config: Config | None = None, as_of: date | None = None
) -> list[CitedPage]:
    """Each cited address with its snapshot as of the finding's last check (or `as_of`)."""
    crawl_id = None if as_of else store.check_crawl(finding.last_check)
    day = as_of.isoformat() if as_of else None
    return [CitedPage(url, store.snapshot_at(url_forms(url), crawl_id, day))
            for url in cited_urls(finding, config)]  # fmt: skip


def finding_or_error(store: Store, finding_id: str) -> Finding:
    finding = store.finding(finding_id)
    if finding is None:
        raise EvidenceError(f"no finding {finding_id!r} (`zwgk findings --all` lists them)")
    return finding


def read_page(store: Store, folder: Path, snapshot: Snapshot) -> ArchivedPage:
    """The archived page: a revisit's status and headers with its response's body."""
    page = _read(folder, snapshot)
    if snapshot.record_type != "revisit":
        return page
    original = store.snapshot(snapshot.refers_to) if snapshot.refers_to else None
    if original is None:
        raise EvidenceError(f"snapshot {snapshot.id} revisits a record no longer indexed")
    return replace(page, body=_read(folder, original).body)


def _read(folder: Path, snapshot: Snapshot) -> ArchivedPage:
    path = folder / snapshot.file
    try:
        return read_record(path, snapshot.offset, snapshot.length)
    except (OSError, StopIteration, ValueError) as exc:
        raise EvidenceError(f"snapshot {snapshot.id}: cannot read {path}: {exc}") from exc


def page_html(page: ArchivedPage) -> str:
    """The page's source, decoded as the crawl decodes pages (declared charset checked)."""
    return decode_answer(page.body, page.header("Content-Type") or "")


def page_text(page: ArchivedPage) -> str:
    """What a reader of the page saw: its text without scripts, styles and tags, by lines."""
    content_type = (page.header("Content-Type") or "").lower()
    if content_type and not any(kind in content_type for kind in ("html", "xml", "text")):
        return f"（非网页内容：{content_type}，{len(page.body)} 字节；用 --html 查看原始内容）"
    root = parse_html(page_html(page))
    if root is None:
        return ""
    for element in root.iter(*BLOCKS):
        element.tail = "\n" + (element.tail or "")
    lines = (SPACES.sub(" ", line).strip() for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)


def printable(text: str) -> str:
    """Crawled text made safe for a terminal: control and bidi characters removed."""
    return CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def snapshot_label(snapshot: Snapshot) -> str:
    return f"网页快照：{snapshot.day} 抓取"


def snapshot_url(dashboard_url: str | None, snapshot: Snapshot) -> str | None:
    return f"{dashboard_url.rstrip('/')}/snapshot/{snapshot.id}" if dashboard_url else None


def with_snapshots(store: Store, findings: list[Finding], dashboard_url: str | None = None):
    """The findings, each evidence entry whose address was archived marked with its snapshot
    (`snapshot`: 网页快照：DAY 抓取; `snapshot_url`: its dashboard page, with `dashboard.url`)."""
    return [_marked(store, finding, dashboard_url) for finding in findings]


def _marked(store: Store, finding: Finding, dashboard_url: str | None) -> Finding:
    if not finding.evidence:
        return finding
    crawl_id = store.check_crawl(finding.last_check)
    entries = []
    for entry in finding.evidence:
        url = next((entry[k] for k in ("url", "page") if isinstance(entry.get(k), str)), None)
        found = store.snapshot_at(url_forms(url), crawl_id) if url else None
        if found is not None:
            entry = {**entry, "snapshot": snapshot_label(found),
                     "snapshot_url": snapshot_url(dashboard_url, found)}  # fmt: skip
        entries.append(entry)
    return replace(finding, evidence=tuple(entries))


def prune(config: Config, store: Store, as_of: date) -> list[str]:
    """Retention: remove old archive files, keeping every snapshot an open finding cites."""
    cited = [page.snapshot for finding in store.findings(states=ACTIVE)
             for page in finding_pages(store, finding, config) if page.snapshot]  # fmt: skip
    return prune_evidence(store, config.evidence_folder, as_of, config.evidence_retention_days,
                          cited)  # fmt: skip
