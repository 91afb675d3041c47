"""`zwgk demo`: the embedded simulated county, audited end to end.

Generates 青溪县 for `as_of`, serves it on 127.0.0.1, writes the config and the truth, then
runs crawl → check → report into the output folder and stops the site. Into a folder without
a store yet, it first crawls the county as it stood a week earlier, on the same port (URLs
are the publications' identity): some checks (backdated items) need a crawl history.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from monitor.config import load_config
from monitor.cycle import CycleResult, after_crawl, crawl_in_child
from monitor.store import Store


@dataclass
class DemoResult:
    config_path: Path
    truth_path: Path
    crawl: dict
    cycle: CycleResult
    truth_count: int
    mail: list[Path]


def previous_port(config_path: Path) -> int:
    """The port the demo site had in this folder's last run (0: none)."""
    if not config_path.exists():
        return 0
    match = re.search(r"http://127\.0\.0\.1:(\d+)/", config_path.read_text(encoding="utf-8"))
    return int(match.group(1)) if match else 0


def run_demo(out_dir: Path, as_of: date, seed: int = 7, fixes: Iterable[str] = ()) -> DemoResult:
    from demo.config import PREVIOUS_CRAWL_DAYS, write_config
    from demo.county import build_county
    from demo.mailbox import DemoMailbox
    from demo.server import DemoServer
    from demo.truth import truth, write_truth

    out_dir.mkdir(parents=True, exist_ok=True)
    county = build_county(as_of, seed=seed, fixes=fixes)
    truth_path = out_dir / "truth.json"
    with DemoServer(county, port=previous_port(out_dir / "zwgk.yaml")) as server, \
            DemoMailbox() as mailbox:  # fmt: skip
        config_path = write_config(county, server.base_url, out_dir, smtp_port=mailbox.port)
        write_truth(county, truth_path)
        config = load_config(config_path)
        if not config.database.exists():  # a new folder: first the week before, as it was
            before = as_of - timedelta(days=PREVIOUS_CRAWL_DAYS)
            with server.serving(build_county(as_of, seed=seed, fixes=fixes, shown_on=before)):
                crawl_in_child(config, before)
        crawl = crawl_in_child(config, as_of)
        store = Store(config.database)
        try:
            cycle = after_crawl(config, store, as_of, report_dir=out_dir)
        finally:
            store.close()
        mail = mailbox.write_to(out_dir / "mail")
    return DemoResult(config_path, truth_path, crawl, cycle, len(truth(county)), mail)
