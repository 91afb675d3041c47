"""The schema as numbered migrations, applied in order; `PRAGMA user_version` records how far
a database has come. A schema change is a new migration at the end, never an edit of one."""

from __future__ import annotations

import sqlite_utils


def _m1_initial(db: sqlite_utils.Database) -> None:
    db["agencies"].create(
        {"id": str, "name": str, "kind": str, "catalog": str, "homepage": str}, pk="id"
    )
    db["columns"].create(
        {"agency_id": str, "id": str, "name": str, "url": str, "items": str},
        pk=("agency_id", "id"),
    )
    db["crawls"].create(
        {
            "id": int,
            "as_of": str,
            "started_at": str,
            "finished_at": str,
            "status": str,
            "summary": str,
        },
        pk="id",
    )
    db["fetches"].create(
        {
            "id": int,
            "crawl_id": int,
            "agency_id": str,
            "column_id": str,
            "kind": str,
            "url": str,
            "method": str,
            "status": int,
            "outcome": str,
            "error": str,
            "elapsed_ms": int,
            "fetched_at": str,
            "parser": str,
            "items": int,
        },
        pk="id",
        foreign_keys=[("crawl_id", "crawls", "id")],
    )
    db["fetches"].create_index(["crawl_id", "agency_id", "column_id"])
    db["column_states"].create(
        {
            "crawl_id": int,
            "agency_id": str,
            "column_id": str,
            "outcome": str,
            "pages": int,
            "items": int,
            "error": str,
            "checked_at": str,
        },
        pk=("crawl_id", "agency_id", "column_id"),
    )
    db["publications"].create(
        {
            "url": str,
            "title": str,
            "publish_date": str,
            "first_seen": str,
            "last_seen": str,
            "removed_on": str,
            "first_crawl": int,
            "last_crawl": int,
            "meta": str,
        },
        pk="url",
    )
    db["listings"].create(
        {
            "agency_id": str,
            "column_id": str,
            "url": str,
            "first_seen": str,
            "last_seen": str,
            "last_crawl": int,
        },
        pk=("agency_id", "column_id", "url"),
    )
    db["checks"].create({"id": int, "as_of": str, "ran_at": str, "crawl_id": int}, pk="id")
    db["findings"].create(
        {
            "id": str,
            "agency_id": str,
            "item_id": str,
            "kind": str,
            "status": str,
            "period": str,
            "severity": str,
            "item_name": str,
            "basis": str,
            "message": str,
            "evidence": str,
            "state": str,
            "first_check": int,
            "last_check": int,
            "opened_on": str,
            "resolved_on": str,
            "updated_at": str,
        },
        pk="id",
    )
    db["findings"].create_index(["agency_id", "state"])
    db["finding_events"].create(
        {"id": int, "finding_id": str, "check_id": int, "state": str, "as_of": str}, pk="id"
    )
    db["reports"].create(
        {"id": int, "kind": str, "as_of": str, "path": str, "created_at": str}, pk="id"
    )


def _m2_waivers(db: sqlite_utils.Database) -> None:
    db["findings"].add_column("waiver", str)  # "waived" or "false_positive"
    db["findings"].add_column("waiver_reason", str)
    db["findings"].add_column("waived_until", str)
    db["findings"].add_column("waived_on", str)


def _m3_notices(db: sqlite_utils.Database) -> None:
    db["notices"].create(
        {
            "id": int,
            "number": str,
            "year": int,
            "seq": int,
            "agency_id": str,
            "issued_on": str,
            "deadline": str,
            "state": str,  # issued | rectified | overdue | withdrawn
            "rectified_on": str,
            "overdue_on": str,
            "withdrawn_on": str,
            "withdraw_reason": str,
            "files": str,
            "created_at": str,
        },
        pk="id",
    )
    db["notices"].create_index(["year", "seq"], unique=True)
    db["notices"].create_index(["number"], unique=True)
    db["notice_findings"].create(
        {"notice_id": int, "finding_id": str}, pk=("notice_id", "finding_id")
    )


def _m4_outbox(db: sqlite_utils.Database) -> None:
    db["outbox"].create(
        {
            "id": int,
            "dedupe_key": str,
            "agency_id": str,
            "audience": str,  # agency | supervisors
            "channel": str,  # the apprise URL as configured: ${VAR} placeholders, no secrets
            "subject": str,
            "body": str,
            "events": str,  # JSON list of the event keys this message carries
            "state": str,  # pending | sent | failed (retrying) | dead
            "attempts": int,
            "next_attempt_at": str,
            "last_error": str,
            "created_at": str,
            "sent_at": str,
        },
        pk="id",
    )
    db["outbox"].create_index(["dedupe_key", "channel"], unique=True)
    db["alert_events"].create(
        {"key": str, "agency_id": str, "kind": str, "created_at": str}, pk="key"
    )


def _m5_crawl_state(db: sqlite_utils.Database) -> None:
    """Incremental crawls: removed listings, complete columns, validators, link sources."""
    db["fetches"].add_column("source_url", str)  # the page a checked link was found on
    db["listings"].add_column("removed_on", str)
    db["column_states"].add_column("complete", int)  # every page walked, none failed
    db["column_states"].add_column("stop_reason", str)  # not_modified | known | max_pages
    db["validators"].create(
        {"url": str, "etag": str, "last_modified": str, "crawl_id": int, "saved_at": str},
        pk="url",
    )


def _m6_dashboard(db: sqlite_utils.Database) -> None:
    """The dashboard: accounts, sessions, login attempts, the audit log, departments'
    replies and appeals (with their attachments), and each check's score per agency."""
    db["users"].create(
        {
            "id": int,
            "username": str,
            "name": str,
            "role": str,  # supervisor | department | viewer
            "agency_id": str,  # a department user's agency; None for the others
            "password_hash": str,
            "disabled": int,
            "created_at": str,
            "password_changed_at": str,
        },
        pk="id",
    )
    db["users"].create_index(["username"], unique=True)
    db["sessions"].create(
        {
            "token_hash": str,  # sha256 of the cookie's token: a stolen database opens nothing
            "user_id": int,
            "csrf_token": str,
            "created_at": str,
            "expires_at": str,
        },
        pk="token_hash",
    )
    db["login_attempts"].create(
        {"id": int, "username": str, "address": str, "ok": int, "at": str}, pk="id"
    )
    db["login_attempts"].create_index(["username", "at"])
    db["audit_log"].create(
        {
            "id": int,
            "at": str,
            "username": str,
            "action": str,
            "target_kind": str,  # finding | notice | reply | user | cycle
            "target_id": str,
            "agency_id": str,
            "reason": str,
            "detail": str,  # JSON
        },
        pk="id",
    )
    db["audit_log"].create_index(["target_kind", "target_id"])
    db["replies"].create(
        {
            "id": int,
            "kind": str,  # reply (整改回复) | appeal (申诉)
            "finding_id": str,
            "notice_id": int,
            "agency_id": str,
            "username": str,
            "body": str,
            "url": str,  # where the missing item is now published (a reply)
            "attachment_name": str,
            "attachment_path": str,
            "attachment_type": str,
            "attachment_size": int,
            "created_at": str,
            # reply: submitted → verified | not_verified; appeal: submitted → accepted | rejected
            "state": str,
            "decided_at": str,
            "decided_by": str,
            "decision_reason": str,
            "checked_on": str,  # the check date that verified (or not) a reply
        },
        pk="id",
    )
    db["replies"].create_index(["finding_id"])
    db["replies"].create_index(["agency_id", "created_at"])
    db["agency_scores"].create(
        {
            "check_id": int,
            "agency_id": str,
            "as_of": str,
            "points": float,
            "verdict": str,
            "vetoes": int,
            "open_findings": int,
        },
        pk=("check_id", "agency_id"),
    )
    db["agency_scores"].create_index(["agency_id", "as_of"])


def _m7_parse_check(db: sqlite_utils.Database) -> None:
    """The crawl's self-check: what each column's first list page gave (monitor/parse_check.py)."""
    for name, kind in (("first_items", int), ("first_dated", int), ("parser", str)):
        db["column_states"].add_column(name, kind)
    # the baseline is looked up per column as each column finishes
    db["column_states"].create_index(["agency_id", "column_id", "crawl_id"])


def _m8_redirects(db: sqlite_utils.Database) -> None:
    """Where a column's first page redirected to (a rebuilt site sends old addresses away)."""
    db["column_states"].add_column("redirected_to", str)


def _m9_evidence(db: sqlite_utils.Database) -> None:
    """The index of the evidence archive (monitor/evidence_archive.py): one row per WARC record,
    a `response` with the page or a `revisit` that `refers_to` the response of the same payload."""
    db["evidence"].create(
        {
            "id": int,
            "url": str,  # the answer's address
            "requested_url": str,  # the address asked for (before redirects)
            "crawl_id": int,
            "day": str,  # the crawl's as_of
            "agency_id": str,
            "column_id": str,
            "kind": str,  # list | detail | home
            "fetched_at": str,
            "digest": str,  # WARC-Payload-Digest, sha1:BASE32
            "record_type": str,  # response | revisit
            "refers_to": int,  # a revisit's response row
            "file": str,  # the WARC file's name in evidence_dir
            "offset": int,
            "length": int,
            "status": int,
            "content_type": str,
        },
        pk="id",
    )
    db["evidence"].create_index(["url", "crawl_id"])
    db["evidence"].create_index(["requested_url", "crawl_id"])
    db["evidence"].create_index(["file"])


def _m10_home_content(db: sqlite_utils.Database) -> None:
    """A homepage fetch's content-check hits (hidden and blocked links), as JSON."""
    db["fetches"].add_column("content_hits", str)


def _m11_crawl_progress(db: sqlite_utils.Database) -> None:
    """A running crawl's progress, as JSON (`CrawlStore.save_progress`)."""
    db["crawls"].add_column("progress", str)


def _m12_evaluation(db: sqlite_utils.Database) -> None:
    """Evaluation in set-based form (monitor/views.py, monitor/store/evaluation_sql.py):
    indexes that count a column's listings and find its newest date without reading the
    publications, find the listings of a publication, the publications first seen on a day
    or dated in a window, and (partial) the few read in detail, with content hits or with a
    restated 发布日期; an agency's homepage visits and link checks; and the annual-report
    verdicts kept by content digest and year (rules/report_kept.py)."""
    db["report_inspections"].create(
        {"digest": str, "year": int, "version": str, "verdict": str, "checked_at": str},
        pk=("digest", "year"),
    )
    for sql in (
        # a column's listings and their dates, read from the indexes alone
        "create index listings_live on listings (agency_id, column_id, removed_on, url)",
        "create index publications_dates on publications (url, publish_date, first_seen, "
        "removed_on)",
        # the listings of a publication; publications by the day first seen (backdating)
        "create index listings_url on listings (url, agency_id, column_id, removed_on)",
        "create index publications_sighted on publications (first_seen, publish_date, "
        "removed_on, url)",
        "create index publications_day on publications (publish_date, removed_on, url)",
        # the few with a detail page read, with content hits, with a restated 发布日期
        "create index publications_detailed on publications (url) where meta is not null",
        "create index publications_hits on publications (url) where (case when json_valid(meta) "
        "then json_array_length(meta, '$.content_hits') end) > 0",
        "create index publications_restated on publications (url) where (case when "
        "json_valid(meta) then json_extract(meta, '$.published') end) is not null and "
        "substr(case when json_valid(meta) then json_extract(meta, '$.published') end, 1, 10) "
        "is not substr(publish_date, 1, 10)",
        "create index fetches_kind on fetches (kind, agency_id)",  # homepage visits, links
    ):
        db.execute(sql)


def _m13_ingested_batches(db: sqlite_utils.Database) -> None:
    """The workers' batches a distributed crawl has stored (`monitor.ingest`): one stored
    twice would record its fetches twice."""
    db["ingested_batches"].create(
        {"crawl_id": int, "batch": str, "stored_at": str}, pk=("crawl_id", "batch")
    )


MIGRATIONS = [
    _m1_initial, _m2_waivers, _m3_notices, _m4_outbox, _m5_crawl_state, _m6_dashboard,
    _m7_parse_check, _m8_redirects, _m9_evidence, _m10_home_content,
    _m11_crawl_progress, _m12_evaluation, _m13_ingested_batches,
]  # fmt: skip
