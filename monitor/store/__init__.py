"""The SQLite store (sqlite-utils, WAL): the one package that knows the tables.

`Store` joins the areas, each a module of its own: crawls and fetches, publications,
findings, notices, the alert outbox, reports, the dashboard's accounts, audit log,
replies and score history, and the evidence archive's index. Reads return frozen records,
never rows.
"""

from __future__ import annotations

from monitor.store.accounts import ROLES, AccountStore, Session, User
from monitor.store.audit import AuditEntry, AuditStore
from monitor.store.batches import BatchStore
from monitor.store.connection import StoreError, utc_now
from monitor.store.crawls import ColumnState, Crawl, CrawlStore, Fetch, FetchTally, SiteFetch
from monitor.store.dashboard import DashboardStore
from monitor.store.evidence import EvidenceStore, Snapshot
from monitor.store.findings import FindingStore
from monitor.store.notices import Notice, NoticeStore
from monitor.store.outbox import OutboxEntry, OutboxStore
from monitor.store.publications import ListedPublication, PublicationStore, StoredValidators
from monitor.store.replies import Attachment, Reply, ReplyStore
from monitor.store.reports import ReportStore
from monitor.store.scores import AgencyScore, ScoreStore

__all__ = ["ROLES", "AgencyScore", "Attachment", "AuditEntry", "ColumnState", "Crawl", "Fetch",
           "FetchTally", "ListedPublication", "Notice", "OutboxEntry", "Reply", "Session",
           "SiteFetch", "Snapshot", "Store", "StoreError", "StoredValidators", "User",
           "utc_now"]  # fmt: skip


class Store(
    CrawlStore,
    PublicationStore,
    FindingStore,
    NoticeStore,
    OutboxStore,
    ReportStore,
    AuditStore,
    AccountStore,
    ReplyStore,
    ScoreStore,
    DashboardStore,
    EvidenceStore,
    BatchStore,
):
    """Typed access to the monitor's database: `Store(path)` opens (and migrates) it."""
