"""`zwgk demo`: the embedded simulated county, audited end to end.

Generates 青溪县 for `as_of`, serves it on 127.0.0.1 (with its faults, and more with
`fault_rate`), writes the config, the truth and the faults, then runs crawl → check → report
into the output folder and stops the site. Into a folder without a store yet, it first crawls
the county as it stood a week earlier, on the same port (URLs are the publications'
identity), and checks it: some checks (backdated items) need a crawl history, and the week
has its findings and scores. In that week a department answers one of them with a 整改回复
(demo/reply.py) and fixes it; the cycle on as_of verifies the reply.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from demo import reply as scripted
from demo.config import PREVIOUS_CRAWL_DAYS, write_config
from demo.county import build_county
from demo.faults import write_faults
from demo.mailbox import DemoMailbox
from demo.model import County
from demo.server import DemoServer
from demo.truth import truth, write_truth
from monitor.child import crawl_in_child
from monitor.config import Config, load_config
from monitor.cycle import CycleResult, run_check, run_cycle
from monitor.findings import ACTIVE
from monitor.lock import StoreLock, print_waiting
from monitor.replies import submit_reply
from monitor.store import Reply, Store, User

DATABASE = "zwgk.db"  # the store's name in the config the demo writes (`demo.config`)


@dataclass
class DemoResult:
    config_path: Path
    truth_path: Path
    crawl: dict
    cycle: CycleResult
    truth_count: int
    mail: list[Path]
    faults: int = 0  # faults the county's sites inject (its default ones and `fault_rate`'s)
    reply: Reply | None = None  # the department's 整改回复 of the week before (a new folder)


def previous_port(config_path: Path) -> int:
    """The port the demo site had in this folder's last run (0: none)."""
    if not config_path.exists():
        return 0
    match = re.search(r"http://127\.0\.0\.1:(\d+)/", config_path.read_text(encoding="utf-8"))
    return int(match.group(1)) if match else 0


def has_crawled(database: Path) -> bool:
    """Whether a crawl finished in this folder (a first crawl killed mid-way is redone)."""
    if not database.exists():
        return False
    store = Store(database)
    try:
        return store.latest_finished_crawl() is not None
    finally:
        store.close()


def run_demo(
    out_dir: Path,
    as_of: date,
    seed: int = 7,
    fixes: Iterable[str] = (),
    fault_rate: float = 0.0,
    fault_seed: int = 1,
    revamp: Iterable[str] = (),
    redis_url: str | None = None,
) -> DemoResult:
    """`fault_rate` of the columns and sites answer with a fault drawn from `fault_seed`
    (demo/fault_plan.py), in both crawls; the truth counts them in. The sites of `revamp`
    are rebuilt (demo/revamp.py) in both crawls, the config keeping their old column
    addresses. The replied violation (demo/reply.py) is always fixed. With `redis_url` the
    crawls go through that Redis server's workers (`crawl.redis`)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    fixes = sorted({*fixes, scripted.FIX})
    options = {"seed": seed, "fixes": fixes, "fault_rate": fault_rate, "fault_seed": fault_seed,
               "revamp": sorted(revamp)}  # fmt: skip
    county = build_county(as_of, **options)
    truth_path = out_dir / "truth.json"
    with StoreLock(out_dir / DATABASE, "demo", on_wait=print_waiting) as lock, \
            DemoServer(county, port=previous_port(out_dir / "zwgk.yaml")) as server, \
            DemoMailbox() as mailbox:  # fmt: skip
        config_path = write_config(county, server.base_url, out_dir, smtp_port=mailbox.port,
                                   redis_url=redis_url)  # fmt: skip
        write_truth(county, truth_path)
        write_faults(county, out_dir / "faults.json")
        config = load_config(config_path)
        before = as_of - timedelta(days=PREVIOUS_CRAWL_DAYS)
        reply = None
        if not has_crawled(config.database):  # a new folder: first the week before, as it was
            with server.serving(build_county(as_of, shown_on=before, **options)):
                crawl_in_child(config, before, lock)
            reply = first_week(config, county, server.base_url, before)
        crawl, cycle = run_cycle(config, as_of, lock, report_dir=out_dir)
        mail = mailbox.write_to(out_dir / "mail")
    return DemoResult(config_path, truth_path, crawl, cycle, len(truth(county)), mail,
                      len(county.faults), reread(config, reply))  # fmt: skip


def first_week(config: Config, county: County, base_url: str, before: date) -> Reply | None:
    """Check the week-before crawl, then the department's 整改回复 to its stale column,
    dated on a working day of that week (none if a fault kept the column from being judged)."""
    store = Store(config.database)
    try:
        run_check(config, store, before)
        wanted = scripted.item_ids(county)
        finding = next((f for f in store.findings(states=ACTIVE, agency_id=scripted.AGENCY)
                        if f.item_id in wanted and f.status == "stale"), None)  # fmt: skip
        if finding is None:
            return None
        path = scripted.published_path(county)
        day = scripted.reply_day(before, county.as_of)
        at = datetime.combine(day, time(10, 0), ZoneInfo(config.timezone)).astimezone(UTC)
        return submit_reply(store, department_user(config), finding, scripted.body(county),
                            base_url.rstrip("/") + path if path else None,
                            submitted_at=at.isoformat())  # fmt: skip
    finally:
        store.close()


def reread(config: Config, reply: Reply | None) -> Reply | None:
    """The reply as the cycle left it (verified, or not)."""
    if reply is None:
        return None
    store = Store(config.database)
    try:
        return store.reply(reply.id)
    finally:
        store.close()


def department_user(config: Config) -> User:
    """The replying department's account as the dashboard would have it (named by its id)."""
    agency = config.agency(scripted.AGENCY)
    return User(0, agency.id, agency.name, "department", agency.id, "", 0)
