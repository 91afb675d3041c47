"""`zwgk serve`: the dashboard on waitress (threads) and the schedule (`monitor.scheduler`) in
one process.

SIGTERM or SIGINT: the server stops accepting requests and finishes those under way, no job
starts any more, and a job under way gets `stop_grace` seconds to finish; then the process exits
0. A crawl child that got the signal too (Ctrl-C, systemd's stop of the whole unit) ends its
crawl cleanly, and its cycle is not judged on the part crawled. A job still running after the
grace is abandoned: its crawl child dies with this process (`monitor.child`; a kill loses
nothing). A cycle cut short either way is queued in the job store and runs at the next start,
its crawl resuming where it stopped.
"""

from __future__ import annotations

import logging
import os
import signal
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from apscheduler.schedulers.background import BackgroundScheduler
from waitress.server import create_server

from monitor import scheduler as schedule
from monitor.config import Config, load_config
from monitor.scheduler import (
    CYCLE,
    build_scheduler,
    install_jobs,
    job_specs,
    next_cycle_run,
    queue_cycle,
    rerun_cycle_at_next_start,
    shut_down,
)
from monitor.store import Store
from monitor.web.app import create_app

log = logging.getLogger("zwgk.serve")

STOP_GRACE = 30.0  # seconds a running job gets to finish after SIGTERM
WEB_THREADS = 8


def serve(config_path: Path, host: str = "127.0.0.1", port: int = 8080, run_now: bool = False,
          stop_grace: float = STOP_GRACE) -> None:  # fmt: skip
    """Serve the dashboard and run the schedule until SIGTERM or SIGINT."""
    config = load_config(config_path)
    Store(config.database).close()  # opening applies the migrations a new version brings
    stop_on_signals()  # from here on a signal raises SystemExit, and `stop` follows
    scheduler = start_scheduler(config_path, config)
    try:
        log.info("schedule %r (%s), weekly report %r", config.schedule, config.timezone,
                 config.weekly_schedule)  # fmt: skip
        app = create_app(config_path, config=config)
        app.config.update(RUN_NOW=lambda: queue_cycle(scheduler, config_path,
                                                      wall_clock(scheduler)),
                          NEXT_RUN=lambda: next_cycle_run(scheduler))  # fmt: skip
        if run_now:
            queue_cycle(scheduler, config_path, wall_clock(scheduler))
        serve_app(app, host, port)
    finally:
        stop(scheduler, config_path, stop_grace)


def serve_app(app, host: str, port: int, on_listen: Callable[[str], None] = log.info) -> None:
    """Serve a WSGI app on waitress until SIGTERM or SIGINT; requests under way finish."""
    stop_on_signals()
    server = create_server(app, host=host, port=port, threads=WEB_THREADS, ident="zwgk")
    on_listen(f"dashboard on http://{server.effective_host}:{server.effective_port}/")
    try:
        server.run()  # returns on the SystemExit a signal raises, its requests finished
    except SystemExit:
        pass
    finally:
        server.close()  # no new connection


def stop_on_signals() -> None:
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, stop_signal)


def wall_clock(scheduler: BackgroundScheduler) -> datetime:
    return datetime.now(scheduler.timezone)


def start_scheduler(config_path: Path, config: Config) -> BackgroundScheduler:
    scheduler = build_scheduler(config)
    scheduler.start(paused=True)
    now = wall_clock(scheduler)
    install_jobs(scheduler, job_specs(config, now), config_path, now)
    scheduler.resume()
    return scheduler


def stop_signal(signum: int, _frame) -> None:
    schedule.ACTIVITY.stopping.set()  # at once: a crawl child stopped by the same signal ends soon
    log.info("%s: stopping", signal.Signals(signum).name)
    for again in (signal.SIGTERM, signal.SIGINT):
        signal.signal(again, stop_at_once)
    raise SystemExit(0)


def stop_at_once(signum: int, _frame) -> None:
    log.warning("%s again: stopping at once", signal.Signals(signum).name)
    exit_now()


def stop(scheduler: BackgroundScheduler, config_path: Path, grace: float = STOP_GRACE) -> None:
    """No new job; running jobs get `grace` seconds to finish."""
    activity = schedule.ACTIVITY
    activity.stopping.set()
    scheduler.pause()
    idle = activity.wait_idle(grace)
    if activity.cycle_cut_short or activity.is_running(CYCLE):
        rerun_cycle_at_next_start(scheduler, config_path, wall_clock(scheduler))
    shut_down(scheduler)
    if not idle:
        log.warning("a job still runs after %g s: stopping without it", grace)
        exit_now()
    log.info("stopped")


def exit_now() -> None:
    """Exit 0 without waiting for the job threads; the crawl child follows its parent."""
    logging.shutdown()
    os._exit(0)
