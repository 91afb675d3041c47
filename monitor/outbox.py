"""The persistent alert outbox: queued once per (message, channel), sent, retried, or dead.

`enqueue` writes one row per message and channel; `send_pending` sends the rows that are
due, with exponential backoff after a failure and a dead letter after `max_attempts`.
A sender claims a row before sending it (state `sending`, with a lease), so two senders
never send the same row. Senders work under the store lock (`monitor.lock`), so a row still
`sending` when a sender starts was claimed by one that died: it is due again at once. A
sender killed after a channel accepted a message and before the row was marked `sent` sends
that one message again (at least once, never lost). Rows keep the channel URL as configured
(``${VAR}`` placeholders); it is expanded only in memory at send time, and every error stored
or logged is masked.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from common.crashpoints import crashpoint
from monitor.alerts import SUPERVISORS, Message
from monitor.channels import deliver, mask_url
from monitor.config import AlertSettings, Config
from monitor.store import OutboxEntry, Store, utc_now

log = logging.getLogger(__name__)

ChannelsFor = Callable[[Message], list[str]]
SEND_LEASE = timedelta(minutes=10)  # a claimed row is due again if its sender died


@dataclass
class SendSummary:
    sent: int = 0
    failed: int = 0
    dead: int = 0
    written: list[Path] = field(default_factory=list)


def channel_resolver(config: Config) -> ChannelsFor:
    """Resolve a message's channels: supervisors', else the agency's own, else the default."""

    def resolve(message: Message) -> list[str]:
        if message.audience == SUPERVISORS:
            return list(config.alerts.supervisors)
        try:
            own = config.agency(message.agency_id).alerts
        except KeyError:
            own = []
        return list(own or config.alerts.default)

    return resolve


def enqueue(store: Store, messages: Iterable[Message], channels_for: ChannelsFor) -> int:
    """Queue each message on each of its channels; returns the number of rows added."""
    rows, events = [], []
    for message in messages:
        channels = channels_for(message)
        if not channels:
            log.warning("no alert channel for %s: %s", message.agency_id or message.audience,
                        message.subject)  # fmt: skip
            continue
        rows += [outbox_row(message, channel) for channel in channels]
        events += event_rows(message)
    return store.enqueue_outbox(rows, events)


def outbox_row(message: Message, channel: str) -> dict:
    return {
        "dedupe_key": message.dedupe_key,
        "agency_id": message.agency_id,
        "audience": message.audience,
        "channel": channel,
        "subject": message.subject,
        "body": message.body,
        "events": json.dumps(message.event_keys),
        "state": "pending",
        "attempts": 0,
        "created_at": utc_now(),
    }


def event_rows(message: Message) -> list[dict]:
    now = utc_now()
    return [
        {"key": event.key, "agency_id": event.agency_id, "kind": event.kind, "created_at": now}
        for event in message.events
    ]


def stamp(moment: datetime) -> str:
    """A UTC ISO timestamp (naive datetimes are taken as UTC), comparable as text."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat(timespec="seconds")


def send_pending(
    store: Store, config: Config, now: datetime, dry_run_dir: Path | None = None
) -> SendSummary:
    """Send every due row; with dry_run_dir, write them to files instead and leave them pending."""
    if dry_run_dir is not None:
        entries = store.due_outbox(stamp(now))
        return SendSummary(written=[write_dry_run(entry, dry_run_dir) for entry in entries])
    released = store.release_outbox_claims()
    if released:
        log.warning("%d alert(s) claimed by a sender that died are due again", released)
    summary = SendSummary()
    for entry in store.due_outbox(stamp(now)):
        if not store.claim_outbox(entry.id, stamp(now), stamp(now + SEND_LEASE)):
            continue  # another sender has it
        crashpoint("alerts.claimed")
        state = attempt(store, config.alerts, entry, now)
        crashpoint("alerts.attempted")
        setattr(summary, state, getattr(summary, state) + 1)
    return summary


def attempt(store: Store, settings: AlertSettings, entry: OutboxEntry, now: datetime) -> str:
    """Send one entry and record the outcome; returns its new state (sent, failed or dead)."""
    error = deliver(entry.channel, entry.subject, entry.body)
    attempts = (entry.attempts or 0) + 1
    channel = mask_url(entry.channel)
    if error is None:
        store.update_outbox(entry.id, {"state": "sent", "sent_at": stamp(now),
                                       "attempts": attempts, "last_error": None})  # fmt: skip
        log.info("alert %s sent to %s", entry.id, channel)
        return "sent"
    state = "dead" if attempts >= settings.max_attempts else "failed"
    delay = timedelta(seconds=settings.backoff_seconds * 2 ** (attempts - 1))
    next_at = stamp(now + delay) if state == "failed" else None
    store.update_outbox(entry.id, {"state": state, "attempts": attempts,
                                   "next_attempt_at": next_at, "last_error": error})  # fmt: skip
    log.warning("alert %s to %s %s (attempt %s): %s", entry.id, channel, state, attempts, error)
    return state


def write_dry_run(entry: OutboxEntry, out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{entry.id}-{entry.agency_id or entry.audience}.txt"
    header = f"channel: {mask_url(entry.channel)}\nsubject: {entry.subject}\n\n"
    path.write_text(header + entry.body + "\n", encoding="utf-8")
    return path
