"""The SQLite store (sqlite-utils, WAL): the one package that knows the tables.

`Store` joins the areas, each a module of its own: crawls and fetches, publications,
findings, notices, the alert outbox, reports. Reads return frozen records, never rows.
"""

from __future__ import annotations

from monitor.store.connection import StoreError, utc_now
from monitor.store.crawls import ColumnState, Crawl, CrawlStore, Fetch, FetchTally, SiteFetch
from monitor.store.findings import FindingStore
from monitor.store.notices import Notice, NoticeStore
from monitor.store.outbox import OutboxEntry, OutboxStore
from monitor.store.publications import ListedPublication, PublicationStore, StoredValidators
from monitor.store.reports import ReportStore

__all__ = ["ColumnState", "Crawl", "Fetch", "FetchTally", "ListedPublication", "Notice",
           "OutboxEntry", "SiteFetch", "Store", "StoreError", "StoredValidators",
           "utc_now"]  # fmt: skip


class Store(CrawlStore, PublicationStore, FindingStore, NoticeStore, OutboxStore, ReportStore):
    """Typed access to the monitor's database: `Store(path)` opens (and migrates) it."""
