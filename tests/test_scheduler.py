"""The schedule of `zwgk serve`: jobs kept in the store's SQLite file, one catch-up run after
downtime, a cron edit taking effect, no two cycles at once, the jobs' own behaviour.

APScheduler reads the time through `datetime.now` in its scheduler and executor modules;
`clock` replaces that with a time the test sets, so schedules are driven without waiting.
"""

from __future__ import annotations

import logging
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import closing
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import apscheduler.executors.base
import apscheduler.schedulers.base
import pytest
from apscheduler.events import EVENT_JOB_MISSED, EVENT_JOB_SUBMITTED
from test_lock import holder

from monitor import scheduler as schedule
from monitor import service
from monitor.config import load_config
from monitor.lock import describe_holder, lock_path
from monitor.scheduler import (
    CYCLE,
    CYCLE_NOW,
    JobSpec,
    build_scheduler,
    install_jobs,
    job_specs,
    next_cycle_run,
    queue_cycle,
    shut_down,
    trigger_for,
)
from monitor.store import Store

SHANGHAI = ZoneInfo("Asia/Shanghai")
PROBE_RUNS: list[str] = []  # what `probe` was called with
PROBE_DONE = threading.Event()


def probe(config_path: Path) -> None:
    """A job standing in for the cycle in the schedule tests: it records its run."""
    PROBE_RUNS.append(str(config_path))
    PROBE_DONE.set()


class Clock:
    def __init__(self) -> None:
        self.moment = datetime(2026, 11, 6, 12, 0, tzinfo=SHANGHAI)  # a Friday


@pytest.fixture
def clock(monkeypatch):
    controlled = Clock()

    class ControlledDatetime(datetime):
        @classmethod
        def now(cls, tz=None):
            return controlled.moment.astimezone(tz)

    for module in (apscheduler.schedulers.base, apscheduler.executors.base):
        monkeypatch.setattr(module, "datetime", ControlledDatetime)
    PROBE_RUNS.clear()
    PROBE_DONE.clear()
    return controlled


@pytest.fixture
def activity(monkeypatch):
    """A fresh record of running jobs for this test."""
    fresh = schedule.Activity()
    monkeypatch.setattr(schedule, "ACTIVITY", fresh)
    return fresh


def write_config(tmp_path, cron: str = "0 6 * * 1") -> Path:
    path = tmp_path / "zwgk.yaml"
    path.write_text(f'region: 青溪县\ndatabase: zwgk.db\nschedule: "{cron}"\nagencies: []\n',
                    encoding="utf-8")  # fmt: skip
    return path


def started(config, paused: bool = True):
    scheduler = build_scheduler(config)
    scheduler.start(paused=paused)
    return scheduler


def test_jobs_are_kept_in_the_stores_sqlite_file_across_restarts(tmp_path, clock):
    path = write_config(tmp_path)
    config = load_config(path)
    Store(config.database).close()
    first = started(config)
    install_jobs(first, job_specs(config, clock.moment), path, clock.moment)
    first.shutdown()
    with closing(sqlite3.connect(config.database)) as db:
        tables = {row[0] for row in db.execute("select name from sqlite_master")}
        ids = {row[0] for row in db.execute("select id from apscheduler_jobs")}
    assert {"crawls", "findings", "apscheduler_jobs"} <= tables
    assert ids == {"cycle", "weekly-report", "alerts"}
    again = started(config)  # a new process on the same file finds them
    try:
        jobs = {job.id: job for job in again.get_jobs()}
        cycle = jobs["cycle"]
        assert cycle.func_ref == "monitor.scheduler:scheduled_cycle" and cycle.args == (path,)
        assert str(cycle.trigger) == str(trigger_for(config))
        assert (cycle.coalesce, cycle.max_instances, cycle.misfire_grace_time) == (True, 1, None)
        assert jobs["weekly-report"].func_ref == "monitor.scheduler:scheduled_weekly_report"
        assert jobs["weekly-report"].next_run_time == datetime(2026, 11, 9, 8, tzinfo=SHANGHAI)
        assert jobs["alerts"].next_run_time - clock.moment == timedelta(minutes=10)
    finally:
        again.shutdown()


def run_after_downtime(tmp_path, clock, down_until: datetime) -> tuple[list, datetime]:
    """Install the probe as `cycle` at the clock's time, stop, let `down_until` come, start
    again and let the scheduler process its jobs once; returns the submission events."""
    path = write_config(tmp_path)
    config = load_config(path)
    spec = [JobSpec(CYCLE, probe, trigger_for(config))]
    first = started(config)
    install_jobs(first, spec, path, clock.moment)
    first.shutdown()
    clock.moment = down_until
    events, processed = [], threading.Event()
    second = started(config)
    second.add_listener(lambda event: (events.append(event), processed.set()),
                        EVENT_JOB_SUBMITTED | EVENT_JOB_MISSED)  # fmt: skip
    install_jobs(second, spec, path, clock.moment)
    second.resume()
    assert PROBE_DONE.wait(10) and processed.wait(10)
    second.pause()
    next_run = second.get_job(CYCLE).next_run_time
    second.shutdown()
    return events, next_run


def test_after_downtime_spanning_three_runs_one_catch_up_run(tmp_path, clock):
    # stopped on Friday 6 November, back on Wednesday 25 November: the runs of Monday 9, 16
    # and 23 November were missed
    back = datetime(2026, 11, 25, 10, 0, tzinfo=SHANGHAI)
    events, next_run = run_after_downtime(tmp_path, clock, back)
    assert [str(tmp_path / "zwgk.yaml")] == PROBE_RUNS
    assert [event.code for event in events] == [EVENT_JOB_SUBMITTED]
    # coalesced into one run for the latest time missed, two days late and still run
    assert events[0].scheduled_run_times == [datetime(2026, 11, 23, 6, tzinfo=SHANGHAI)]
    assert next_run == datetime(2026, 11, 30, 6, tzinfo=SHANGHAI)


def test_a_cycle_cut_short_by_a_stop_is_queued_for_the_next_start(tmp_path, clock, activity):
    path = write_config(tmp_path)
    config = load_config(path)
    first = started(config, paused=False)
    install_jobs(first, job_specs(config, clock.moment), path, clock.moment)
    activity.cycle_cut_short = True  # as a cycle whose crawl ended with the stop leaves it
    stopped_at = datetime.now(SHANGHAI)
    service.stop(first, path, grace=0)
    clock.moment = stopped_at + timedelta(hours=1)
    second = started(config)
    install_jobs(second, job_specs(config, clock.moment), path, clock.moment)
    rerun = second.get_job(CYCLE_NOW)
    assert rerun.func_ref == "monitor.scheduler:scheduled_cycle" and rerun.args == (path,)
    assert stopped_at <= rerun.next_run_time <= clock.moment  # due: it runs at once
    shut_down(second)


def test_an_edited_cron_takes_effect_at_restart(tmp_path, clock):
    path = write_config(tmp_path, "0 6 * * 1")
    config = load_config(path)
    first = started(config)
    install_jobs(first, job_specs(config, clock.moment), path, clock.moment)
    assert first.get_job(CYCLE).next_run_time == datetime(2026, 11, 9, 6, tzinfo=SHANGHAI)
    first.shutdown()
    path = write_config(tmp_path, "30 7 * * 3")  # Wednesdays 07:30
    config = load_config(path)
    clock.moment += timedelta(hours=1)
    second = started(config)
    install_jobs(second, job_specs(config, clock.moment), path, clock.moment)
    try:
        job = second.get_job(CYCLE)
        assert job.next_run_time == datetime(2026, 11, 11, 7, 30, tzinfo=SHANGHAI)
        assert str(job.trigger) == str(trigger_for(config))
    finally:
        second.shutdown()


def test_run_now_queues_one_cycle_and_joins_a_running_one(tmp_path, clock, activity):
    path = write_config(tmp_path)
    config = load_config(path)
    scheduler = started(config)
    try:
        install_jobs(scheduler, job_specs(config, clock.moment), path, clock.moment)
        assert queue_cycle(scheduler, path, clock.moment) and queue_cycle(
            scheduler, path, clock.moment
        )
        queued = [job for job in scheduler.get_jobs() if job.id == CYCLE_NOW]
        assert len(queued) == 1 and queued[0].func_ref == "monitor.scheduler:scheduled_cycle"
        assert next_cycle_run(scheduler) == queued[0].next_run_time  # before Monday's
        scheduler.remove_job(CYCLE_NOW)
        with activity.running(CYCLE):
            assert not queue_cycle(scheduler, path, clock.moment)
        assert scheduler.get_job(CYCLE_NOW) is None
        assert next_cycle_run(scheduler) == datetime(2026, 11, 9, 6, tzinfo=SHANGHAI)
    finally:
        scheduler.shutdown()


def count_rows(database, sql: str) -> list[tuple]:
    with closing(sqlite3.connect(database)) as db:
        return list(db.execute(sql))


@pytest.mark.slow
def test_no_two_cycles_overlap_across_processes_and_threads(tmp_path, activity, caplog):
    """`zwgk run` in another process holds the store; two scheduled cycles start meanwhile in
    two threads. They wait, then run one after the other: each crawl is judged by its own
    check, and no crawl found another one still running when it started."""
    path = write_config(tmp_path)
    database = tmp_path / "zwgk.db"
    run = subprocess.Popen([sys.executable, "-m", "monitor.cli", "run", "--config", str(path)],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)  # fmt: skip
    deadline = time.monotonic() + 30
    while f"pid {run.pid}, zwgk run" not in describe_holder(lock_path(database)):
        assert time.monotonic() < deadline and run.poll() is None, run.stdout.read()
        time.sleep(0.05)
    caplog.set_level(logging.INFO, logger="zwgk.serve")
    threads = [threading.Thread(target=schedule.scheduled_cycle, args=(path,)) for _ in range(2)]
    for thread in threads:
        thread.start()
    output, _ = run.communicate(timeout=120)
    for thread in threads:
        thread.join(120)
    assert run.returncode == 0, output
    waited = [r for r in caplog.records if r.getMessage().startswith("waiting for another")]
    assert len(waited) == 2
    crawls = count_rows(database, "select id, status, summary from crawls order by id")
    assert [(crawl_id, status) for crawl_id, status, _ in crawls] == [
        (1, "finished"), (2, "finished"), (3, "finished")]  # fmt: skip
    assert all('"interrupted_crawls": []' in summary for _, _, summary in crawls)
    assert count_rows(database, "select crawl_id from checks order by id") == [(1,), (2,), (3,)]


def test_a_cycle_whose_crawl_ends_as_the_service_stops_is_not_judged(tmp_path, activity):
    path = write_config(tmp_path)
    activity.stopping.set()
    schedule.scheduled_cycle(path)
    database = tmp_path / "zwgk.db"
    assert count_rows(database, "select status from crawls") == [("finished",)]
    assert count_rows(database, "select count(*) from checks") == [(0,)]
    assert activity.cycle_cut_short and not activity.is_running(CYCLE)


def test_the_alert_retry_skips_a_busy_store_at_once(tmp_path, activity, caplog):
    path = write_config(tmp_path)
    process = holder(tmp_path / "zwgk.db")
    caplog.set_level(logging.INFO, logger="zwgk.serve")
    try:
        began = time.monotonic()
        schedule.scheduled_alerts(path)
        assert time.monotonic() - began < 5
    finally:
        process.kill()
        process.wait()
    assert "alert retry skipped: the store is busy" in caplog.text


def test_the_weekly_report_job_writes_todays_report(tmp_path, activity):
    path = write_config(tmp_path)
    schedule.scheduled_weekly_report(path)
    config = load_config(path)
    day = schedule.today(config).isoformat()
    assert (tmp_path / "reports" / f"weekly-{day}.html").is_file()
    assert count_rows(tmp_path / "zwgk.db", "select kind, as_of from reports") == [("weekly", day)]


def test_an_invalid_config_skips_the_run_and_keeps_the_service(tmp_path, activity, caplog):
    path = tmp_path / "zwgk.yaml"
    path.write_text("region: 青溪县\nagencies: []\nunknown_key: 1\n", encoding="utf-8")
    schedule.scheduled_cycle(path)
    assert "cycle skipped" in caplog.text and "unknown_key" in caplog.text
    assert not activity.is_running(CYCLE)
