"""Helpers for tests that crawl the demo county: a config for a few of its agencies, `zwgk`
in a child process (Twisted's reactor runs once per process), and reads of the store."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import yaml

from demo.config import write_config

REPO = Path(__file__).resolve().parents[1]
AS_OF = "2026-11-27"


def demo_config(server, out: Path, agencies: Iterable[str], **crawl) -> Path:
    """`out/zwgk.yaml` for the served county, keeping only `agencies`, crawl keys overridden."""
    path = write_config(server.county, server.base_url, out)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    wanted = set(agencies)
    data["agencies"] = [agency for agency in data["agencies"] if agency["id"] in wanted]
    data["crawl"].update(crawl)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def zwgk(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [sys.executable, "-m", "monitor.cli", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done


def crawl(config: Path, as_of: str = AS_OF) -> dict:
    """`zwgk crawl`: the JSON summary it prints."""
    return json.loads(zwgk("crawl", "--config", str(config), "--as-of", as_of).stdout)


def check_and_findings(config: Path, as_of: str = AS_OF) -> list[dict]:
    zwgk("check", "--config", str(config), "--as-of", as_of)
    done = zwgk("findings", "--json", "--config", str(config))
    return [json.loads(line) for line in done.stdout.splitlines()]


def query(database: Path, sql: str, *params) -> list[tuple]:
    with sqlite3.connect(database) as conn:
        return conn.execute(sql, params).fetchall()


def crawl_command(config: Path, as_of: str = AS_OF) -> list[str]:
    return [sys.executable, "-m", "monitor.cli", "crawl", "--config", str(config),
            "--as-of", as_of]  # fmt: skip
