"""The schedule of `zwgk serve` (APScheduler): three jobs, kept in the store's SQLite file.


- `cycle`, on the config's `schedule`: a whole cycle (crawl in a child process, check,
  notices, alerts, weekly report);
- `weekly-report`, on `weekly_schedule` (Monday 08:00 by default): the weekly report;
- `alerts`, every 10 minutes: the alerts due for a retry (skipped while the store is busy:
  a running cycle sends alerts itself).

Each job reloads the config, so an edit takes effect at its next run; a config or rule file
that has become invalid is logged and that run skipped. Each works under the store lock
(`monitor.lock`), so no two cycles ever interleave, whether started by this process or by
another `zwgk` command.

The jobs live in the table `apscheduler_jobs` of the store's database. At each start they are
replaced (an edited cron takes effect) keeping a run time missed while the service was down;
missed runs coalesce into one catch-up run, however late it comes (no misfire grace limit).
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import create_engine

from common.errors import BusyError, ZwgkError
from monitor.child import crawl_in_child
from monitor.config import Config, load_config
from monitor.crontab import cron_trigger
from monitor.cycle import after_crawl, write_weekly_report
from monitor.evaluate import load_all_catalogs
from monitor.lock import StoreLock
from monitor.outbox import send_pending
from monitor.store import Store
from rules.yamlsource import SourceError

log = logging.getLogger("zwgk.serve")

CYCLE, CYCLE_NOW, WEEKLY, ALERTS = "cycle", "cycle-now", "weekly-report", "alerts"
ALERT_RETRY = timedelta(minutes=10)
JOB_OPTIONS = {"coalesce": True, "max_instances": 1, "misfire_grace_time": None}


class Activity:
    """The jobs running in this process, and whether the service is stopping."""

    def __init__(self) -> None:
        self.changed = threading.Condition()
        self.jobs: Counter[str] = Counter()
        self.stopping = threading.Event()
        self.cycle_cut_short = False

    @contextmanager
    def running(self, name: str) -> Iterator[None]:
        with self.changed:
            self.jobs[name] += 1
        try:
            yield
        finally:
            with self.changed:
                self.jobs[name] -= 1
                self.changed.notify_all()

    def is_running(self, name: str) -> bool:
        with self.changed:
            return self.jobs[name] > 0

    def wait_idle(self, timeout: float) -> bool:
        """Wait until no job runs; False when some still does after `timeout` seconds."""
        with self.changed:
            return self.changed.wait_for(lambda: not +self.jobs, timeout)


ACTIVITY = Activity()


def trigger_for(config: Config) -> CronTrigger:
    return cron_trigger(config.schedule, config.timezone)


def reloaded(config_path: Path, job: str, catalogs: bool = False) -> Config | None:
    """The config as it is on disk now, or None (logged) when it has become invalid."""
    try:
        config = load_config(config_path)
        if catalogs:
            load_all_catalogs(config)
    except SourceError as exc:
        log.error("%s skipped: %s", job, exc)
        return None
    return config


def today(config: Config) -> date:
    return datetime.now(ZoneInfo(config.timezone)).date()


def scheduled_cycle(config_path: Path) -> None:
    """One cycle; every failure is logged, none stops the service."""
    with ACTIVITY.running(CYCLE):
        config = reloaded(config_path, "cycle", catalogs=True)
        if config is None:
            return
        try:
            with StoreLock(config.database, "serve", on_wait=log.info) as lock:
                locked_cycle(config, today(config), lock)
        except ZwgkError as exc:  # a crawl that failed as a whole: nothing new to judge
            ACTIVITY.cycle_cut_short |= ACTIVITY.stopping.is_set()  # the stop ended its crawl
            log.error("cycle skipped: %s", exc)


def locked_cycle(config: Config, as_of: date, lock: StoreLock) -> None:
    """`run_cycle`, but a crawl cut short by the service stopping is never judged."""
    crawl = crawl_in_child(config, as_of, lock)
    log.info("crawl finished: %s", crawl)
    if ACTIVITY.stopping.is_set():
        ACTIVITY.cycle_cut_short = True
        log.warning("stopping: the cycle of %s is left unjudged and runs at the next start", as_of)
        return
    store = Store(config.database)
    try:
        result = after_crawl(config, store, as_of)
    finally:
        store.close()
    log.info("cycle %s: %d open findings, %d notices issued, report %s", as_of,
             result.check.open_findings, len(result.issued), result.report_path)  # fmt: skip


def scheduled_weekly_report(config_path: Path) -> None:
    """The weekly report as of today, under the store lock."""
    with ACTIVITY.running(WEEKLY):
        config = reloaded(config_path, "weekly report")
        if config is None:
            return
        as_of = today(config)
        try:
            with StoreLock(config.database, "serve", on_wait=log.info):
                path, _skipped = write_report(config, as_of)
        except ZwgkError as exc:
            log.error("weekly report skipped: %s", exc)
            return
        log.info("weekly report %s: %s", as_of, path)


def write_report(config: Config, as_of: date) -> tuple[Path, list[str]]:
    store = Store(config.database)
    try:
        return write_weekly_report(config, store, as_of)
    finally:
        store.close()


def scheduled_alerts(config_path: Path) -> None:
    """Send the alerts that are due; skipped (not waited for) while the store is busy."""
    with ACTIVITY.running(ALERTS):
        config = reloaded(config_path, "alert retry")
        if config is None:
            return
        try:
            with StoreLock(config.database, "serve", wait=False):
                store = Store(config.database)
                try:
                    sent = send_pending(store, config, datetime.now(UTC))
                finally:
                    store.close()
        except BusyError:
            log.info("alert retry skipped: the store is busy (a cycle sends alerts itself)")
            return
        if sent.sent or sent.failed or sent.dead:
            log.info("alert retry: %d sent, %d failed, %d dead", sent.sent, sent.failed, sent.dead)


@dataclass(frozen=True)
class JobSpec:
    id: str
    func: Callable[[Path], None]  # module-level: the job store keeps a reference to it
    trigger: BaseTrigger


def job_specs(config: Config, now: datetime) -> list[JobSpec]:
    weekly = cron_trigger(config.weekly_schedule, config.timezone)
    retry = IntervalTrigger(seconds=ALERT_RETRY.seconds, start_date=now + ALERT_RETRY,
                            timezone=ZoneInfo(config.timezone))  # fmt: skip
    return [
        JobSpec(CYCLE, scheduled_cycle, trigger_for(config)),
        JobSpec(WEEKLY, scheduled_weekly_report, weekly),
        JobSpec(ALERTS, scheduled_alerts, retry),
    ]


def build_scheduler(config: Config) -> BackgroundScheduler:
    """A scheduler whose jobs are kept in the store's database, run on a few threads."""
    engine = create_engine(f"sqlite:///{config.database}", connect_args={"timeout": 30})
    return BackgroundScheduler(
        jobstores={"default": SQLAlchemyJobStore(engine=engine)},
        executors={"default": ThreadPoolExecutor(4)},
        job_defaults=JOB_OPTIONS,
        timezone=ZoneInfo(config.timezone),
    )


def install_jobs(scheduler: BackgroundScheduler, specs: list[JobSpec], config_path: Path,
                 now: datetime) -> None:  # fmt: skip
    """Replace each job by its spec (the scheduler started, paused), keeping a missed run."""
    for spec in specs:
        stored = stored_next_run(scheduler, spec.id)
        scheduler.add_job(spec.func, spec.trigger, args=[config_path], id=spec.id,
                          name=spec.id, replace_existing=True,
                          next_run_time=resume_time(stored, spec.trigger, now))  # fmt: skip


def stored_next_run(scheduler: BackgroundScheduler, job_id: str) -> datetime | None:
    try:
        job = scheduler.get_job(job_id)
    except LookupError:  # a job whose function no longer exists: replaced as if new
        return None
    return job.next_run_time if job else None


def resume_time(stored: datetime | None, trigger: BaseTrigger, now: datetime) -> datetime:
    """When a replaced job runs next: a time it missed while the service was down (its one
    catch-up run, the missed runs coalesced), else the trigger's next time after `now`."""
    if stored is not None and stored <= now:
        return stored
    return trigger.get_next_fire_time(None, now)


def queue_cycle(scheduler: BackgroundScheduler, config_path: Path, now: datetime) -> bool:
    """Queue one cycle now; False when one is running already (the request joins it).

    A cycle queued and not yet started is replaced, so requests never pile up."""
    if ACTIVITY.is_running(CYCLE):
        return False
    add_cycle_now(scheduler, config_path, now)
    return True


def add_cycle_now(scheduler: BackgroundScheduler, config_path: Path, when: datetime) -> None:
    scheduler.add_job(scheduled_cycle, "date", run_date=when, args=[config_path], id=CYCLE_NOW,
                      name=CYCLE_NOW, replace_existing=True)  # fmt: skip


def next_cycle_run(scheduler: BackgroundScheduler) -> datetime | None:
    """The earliest run of the scheduled or the queued cycle."""
    runs = [job.next_run_time for job_id in (CYCLE, CYCLE_NOW)
            if (job := scheduler.get_job(job_id)) and job.next_run_time]  # fmt: skip
    return min(runs, default=None)


def rerun_cycle_at_next_start(scheduler: BackgroundScheduler, config_path: Path,
                              now: datetime) -> None:  # fmt: skip
    """Queue a cycle in the job store (the scheduler paused): the next start runs it."""
    add_cycle_now(scheduler, config_path, now)
    log.warning("the cycle cut short by the stop runs again at the next start")


def shut_down(scheduler: BackgroundScheduler) -> None:
    """Shut down, not waiting for running jobs, the jobs kept as they are in the store.

    APScheduler makes a last pass over the jobs at shutdown and, its executor closed, drops a
    job due then; without its job store first, that pass finds none."""
    scheduler.remove_jobstore("default")
    scheduler.shutdown(wait=False)
