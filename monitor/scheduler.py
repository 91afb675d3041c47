"""`zwgk serve`: run the audit cycle on the config's cron schedule (APScheduler).

Each run reloads the config, so an edit takes effect at the next cycle; a config or rule
file that has become invalid is logged and that cycle skipped, the service keeps running.
The crawl of each cycle runs in a child process (the Twisted reactor cannot restart).
"""

from __future__ import annotations

import logging
import signal
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger

from common.errors import ZwgkError
from monitor.config import Config, load_config
from monitor.crontab import cron_trigger
from monitor.cycle import run_cycle
from monitor.evaluate import load_all_catalogs
from monitor.lock import StoreLock
from rules.yamlsource import SourceError

log = logging.getLogger("zwgk.serve")


def trigger_for(config: Config) -> CronTrigger:
    return cron_trigger(config.schedule, config.timezone)


def scheduled_cycle(config_path: Path) -> None:
    """One scheduled cycle; every failure is logged, none stops the service."""
    try:
        config = load_config(config_path)
        load_all_catalogs(config)
    except SourceError as exc:
        log.error("cycle skipped: %s", exc)
        return
    as_of = datetime.now(ZoneInfo(config.timezone)).date()
    try:
        with StoreLock(config.database, "serve", on_wait=log.info) as lock:
            crawl, result = run_cycle(config, as_of, lock)
    except ZwgkError as exc:  # a crawl that failed as a whole: nothing new to judge
        log.error("cycle skipped: %s", exc)
        return
    log.info("crawl finished: %s", crawl)
    log.info("cycle %s: %d open findings, %d notices issued, report %s", as_of,
             result.check.open_findings, len(result.issued), result.report_path)  # fmt: skip


def serve(config_path: Path, run_now: bool = False) -> None:
    """Block, running cycles on schedule until SIGTERM or SIGINT."""
    config = load_config(config_path)
    scheduler = BlockingScheduler(timezone=ZoneInfo(config.timezone))
    scheduler.add_job(scheduled_cycle, trigger_for(config), args=[config_path], id="cycle",
                      max_instances=1, coalesce=True, misfire_grace_time=3600)  # fmt: skip
    if run_now:
        scheduler.add_job(scheduled_cycle, args=[config_path], id="cycle-now")
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: scheduler.shutdown(wait=False))
    log.info("serving %s on schedule %r (%s)", config_path, config.schedule, config.timezone)
    scheduler.start()
