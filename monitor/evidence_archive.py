"""The evidence archive (网页快照): every page the crawl reads, kept as WARC records, and its
retention.

The crawl's item pipeline hands each `PageBody` to one `Archiver` (one writer per crawl, in
the pipeline's process), which appends it to `<evidence_dir>/<as_of>-crawl<N>.warc.gz` and
then indexes it in the store's `evidence` table. A page whose payload digest equals that of a
`response` record of the same address archived within the last `dedup_days` is written as a
`revisit` record (status line and headers only, `WARC-Refers-To-*` naming the response), and
its index row `refers_to` that response's row: the body is stored once.

Retention (`prune_evidence`) removes whole files older than `evidence_retention_days`, except
those still needed: a file holding a snapshot an open finding cites (or the response such a
snapshot revisits), or the response a revisit in a kept file refers to. Deduplicating only
against responses of the last half of the retention period bounds how long that keeps an old
file: a page that never changes is written in full again every half period.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path

from crawler.items import PageBody
from monitor.store import Snapshot, Store
from monitor.warc import WarcFile, http_headers, payload_digest, warc_date

SUFFIX = ".warc.gz"
log = logging.getLogger(__name__)


def warc_name(as_of: str, crawl_id: int) -> str:
    return f"{as_of}-crawl{crawl_id}{SUFFIX}"


class Archiver:
    """Archives one crawl's pages; opened on the first page, closed with the crawl."""

    def __init__(self, store: Store, folder: Path, crawl_id: int, as_of: str, dedup_days: int,
                 sync_each: bool = True):  # fmt: skip
        self.store, self.folder, self.crawl_id, self.as_of = store, folder, crawl_id, as_of
        self.sync_each = sync_each  # off: call sync() before the index rows are committed
        self.since = (date.fromisoformat(as_of) - timedelta(days=dedup_days)).isoformat()
        self.name = warc_name(as_of, crawl_id)
        self.warc: WarcFile | None = None

    def open(self) -> WarcFile:
        if self.warc is None:
            info = {"crawl": str(self.crawl_id), "as-of": self.as_of, "format": "WARC/1.1"}
            end = self.store.archive_end(self.name)
            self.warc = WarcFile(self.folder / self.name, end, info, self.sync_each)
        return self.warc

    def sync(self) -> None:
        """Put the records archived so far on disk (before their index rows are committed)."""
        if self.warc is not None:
            self.warc.sync()

    def close(self) -> None:
        if self.warc is not None:
            self.warc.close()
            self.warc = None

    def archive(self, page: PageBody) -> int:
        """Write the page (or a revisit of its unchanged payload), then index it; the row id."""
        warc, digest = self.open(), payload_digest(page.body)
        http = http_headers(page.status, page.headers, page.protocol, len(page.body))
        extra = self.source(page)
        original = self.store.archived_original(page.url, digest, self.since)
        if original is not None and (self.folder / original.file).is_file():
            refers = (original.url, warc_date(original.fetched_at))
            offset, length = warc.append_revisit(page.url, http, page.fetched_at, digest, refers,
                                                 extra)  # fmt: skip
        else:
            original = None
            offset, length = warc.append_response(page.url, http, page.body, page.fetched_at,
                                                  digest, extra)  # fmt: skip
        return self.store.add_snapshot(self.row(page, digest, original, offset, length))

    def source(self, page: PageBody) -> dict[str, str]:
        """Where the page was asked for, when a redirect led elsewhere (WARC-Source-URI)."""
        return {"WARC-Source-URI": page.requested_url} if page.requested_url != page.url else {}

    def row(self, page: PageBody, digest: str, original: Snapshot | None, offset, length) -> dict:
        content_type = next((v for k, v in page.headers if k.lower() == "content-type"), None)
        return {
            "url": page.url, "requested_url": page.requested_url, "crawl_id": self.crawl_id,
            "day": self.as_of, "agency_id": page.agency_id, "column_id": page.column_id,
            "kind": page.kind, "fetched_at": page.fetched_at, "digest": digest,
            "record_type": "revisit" if original else "response",
            "refers_to": original.id if original else None, "file": self.name,
            "offset": offset, "length": length, "status": page.status,
            "content_type": content_type,
        }  # fmt: skip


def file_day(name: str) -> str | None:
    """The day a WARC file of the archive was written (its name's date), None if not ours."""
    try:
        return date.fromisoformat(name[:10]).isoformat() if name.endswith(SUFFIX) else None
    except ValueError:
        return None


def prune_evidence(
    store: Store, folder: Path, as_of: date, days: int, cited: Iterable[Snapshot]
) -> list[str]:
    """Remove the WARC files older than `days` that nothing kept needs; their names."""
    if not folder.is_dir():
        return []
    cutoff = (as_of - timedelta(days=days)).isoformat()
    days_of = {path.name: file_day(path.name) for path in folder.iterdir()}
    files = {name for name, day in days_of.items() if day}
    old = {name for name in files if days_of[name] < cutoff}
    kept = (files - old) | {snapshot.file for snapshot in cited}
    while not (referred := store.referred_files(kept)) <= kept:  # revisits' responses
        kept |= referred
    dropped = sorted(files - kept)
    store.forget_files(dropped)  # the index first: a row never points into a removed file
    for name in dropped:
        (folder / name).unlink(missing_ok=True)
        log.info("evidence file removed after %d days: %s", days, name)
    return dropped
