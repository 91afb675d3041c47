"""Is the service working? The last cycle and the next run; `/healthz` and `zwgk health`
judge with this one function.

The last cycle is the store's latest crawl (each cycle starts with one) and the check that
judged it. It is healthy when the crawl finished, or is still running, and started less than
`stale_after_days` ago. None at all, a stale one, a failed or interrupted crawl, or a crawl no
check has judged an hour after it finished is not. The next run is the scheduler's when
`zwgk serve` knows it, else the config's `schedule`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from monitor.config import Config
from monitor.crontab import cron_trigger
from monitor.store import Crawl, Store
from monitor.store.dashboard import CheckRecord

HEALTHY_STATES = ("finished", "running")
CHECK_WITHIN = timedelta(hours=1)  # a cycle checks its crawl minutes after it finished


@dataclass(frozen=True)
class Health:
    status: str  # ok | none | failed | stale
    reason: str
    last_cycle: Crawl | None
    last_check: CheckRecord | None
    next_run: datetime | None
    checked_at: datetime
    stale_after_days: float

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def as_json(self) -> dict:
        cycle, check = self.last_cycle, self.last_check
        return {
            "status": self.status,
            "reason": self.reason,
            "last_cycle": cycle and {"id": cycle.id, "as_of": cycle.as_of,
                                     "started_at": cycle.started_at,
                                     "finished_at": cycle.finished_at, "status": cycle.status},
            "last_check": check and {"id": check.id, "as_of": check.as_of,
                                     "ran_at": check.ran_at, "crawl_id": check.crawl_id},
            "next_run": self.next_run.isoformat() if self.next_run else None,
            "checked_at": self.checked_at.isoformat(timespec="seconds"),
            "stale_after_days": self.stale_after_days,
        }  # fmt: skip


def service_health(config: Config, store: Store, now: datetime,
                   next_run: datetime | None = None) -> Health:  # fmt: skip
    """The health as of `now` (timezone-aware); `next_run` defaults to the cron's next time."""
    crawl, check = store.latest_crawl(), store.latest_check()
    limit = config.stale_after_days
    status, reason = judge(crawl, check, now, timedelta(days=limit))
    upcoming = next_run or next_cycle(config, now)
    return Health(status, reason, crawl, check, upcoming, now, limit)


def judge(crawl: Crawl | None, check: CheckRecord | None, now: datetime,
          limit: timedelta) -> tuple[str, str]:  # fmt: skip
    if crawl is None:
        return "none", "no cycle yet"
    if crawl.status not in HEALTHY_STATES:
        return "failed", f"the last cycle's crawl {crawl.id} is {crawl.status}"
    age = now - datetime.fromisoformat(crawl.started_at)
    if age > limit:
        return "stale", f"the last cycle started {age.days} day(s) ago"
    if unjudged(crawl, check, now):
        return "failed", f"no check has judged the last cycle's crawl {crawl.id}"
    return "ok", f"the last cycle's crawl {crawl.id} is {crawl.status}"


def unjudged(crawl: Crawl, check: CheckRecord | None, now: datetime) -> bool:
    """A crawl finished over an hour ago that no check has judged (its cycle broke off)."""
    if crawl.status != "finished" or (check is not None and check.crawl_id == crawl.id):
        return False
    return now - datetime.fromisoformat(crawl.finished_at) > CHECK_WITHIN


def next_cycle(config: Config, now: datetime) -> datetime | None:
    """The next time the config's `schedule` falls after `now`."""
    return cron_trigger(config.schedule, config.timezone).get_next_fire_time(None, now)
