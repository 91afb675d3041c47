"""A running crawl's progress as the 运行 pages show it: the figures the crawl last stored
(`Store.save_progress`: every few seconds from the crawl process), when, and whether it looks
stalled. A crawl stores nothing in its first seconds; its start stands in until it does."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from monitor.store import Crawl, Store

STALLED_AFTER = timedelta(minutes=5)  # a live crawl writes every 5 s


@dataclass(frozen=True)
class RunProgress:
    columns_total: int | None
    columns_done: int | None
    requests: int | None
    errors: int | None
    rate: float | None  # requests per second over the last minute
    eta_s: int | None
    updated_at: str | None  # the crawl's start while it has stored no progress
    minutes_ago: int | None
    stalled: bool

    @property
    def percent(self) -> int | None:
        if not self.columns_total or self.columns_done is None:
            return None
        return min(100, round(100 * self.columns_done / self.columns_total))


def running_progress(store: Store, crawls: list[Crawl], now: datetime) -> dict[int, RunProgress]:
    """The progress of the running ones among `crawls`, by id."""
    running = [crawl for crawl in crawls if crawl.status == "running"]
    stored = store.crawl_progress(crawl.id for crawl in running)
    return {
        crawl.id: run_progress(stored.get(crawl.id, {"updated_at": crawl.started_at}), now)
        for crawl in running
    }


def run_progress(stored: dict, now: datetime) -> RunProgress:
    updated = moment(stored.get("updated_at"))
    ago = now - updated if updated else None
    return RunProgress(
        columns_total=stored.get("columns_total"),
        columns_done=stored.get("columns_done"),
        requests=stored.get("requests"),
        errors=stored.get("errors"),
        rate=stored.get("rate"),
        eta_s=stored.get("eta_s"),
        updated_at=stored.get("updated_at"),
        minutes_ago=max(0, int(ago.total_seconds() // 60)) if ago is not None else None,
        stalled=ago is None or ago > STALLED_AFTER,
    )


def moment(text) -> datetime | None:
    """An ISO timestamp (UTC when it names no zone); None when it is none."""
    try:
        found = datetime.fromisoformat(str(text))
    except ValueError:
        return None
    return found if found.tzinfo else found.replace(tzinfo=UTC)
