"""`zwgk` command line: one module per area, loaded when its command runs.

Typed errors from the library become `error: …` and an exit code here (`ZwgkGroup`)."""

from __future__ import annotations

from monitor.cli.common import LazyGroup

COMMANDS = {
    "crawl": "monitor.cli.cycle:crawl",
    "ingest": "monitor.cli.distributed:ingest",
    "check": "monitor.cli.cycle:check",
    "run": "monitor.cli.cycle:run",
    "report": "monitor.cli.cycle:report",
    "serve": "monitor.cli.service:serve",
    "health": "monitor.cli.health:health",
    "backup": "monitor.cli.backup:backup",
    "users": "monitor.cli.users:users",
    "demo": "monitor.cli.demo:demo",
    "findings": "monitor.cli.findings:findings",
    "notices": "monitor.cli.notices:notices",
    "alerts": "monitor.cli.alerts:alerts",
    "rules": "monitor.cli.rules:rules",
    "workdays": "monitor.cli.workdays:workdays",
    "config": "monitor.cli.config:config",
    "extract": "monitor.cli.pages:extract",
    "discover": "monitor.cli.discover:discover",
    "inspect": "monitor.cli.pages:inspect",
    "coverage": "monitor.cli.coverage:coverage_command",
    "evidence": "monitor.cli.evidence:evidence",
}


main = LazyGroup(
    "zwgk", COMMANDS, help="zwgk: compliance monitor for government information disclosure."
)
