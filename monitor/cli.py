"""`zwgk` command line: typed errors from the library become a message and an exit code here."""

from __future__ import annotations

import functools
import json
import sys
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import click

from monitor.config import Config, ConfigError, load_config
from monitor.cycle import CheckSummary, crawl_in_child, run_check, write_weekly_report
from monitor.evaluate import load_all_catalogs
from monitor.findings import ACTIVE, FindingError, waive
from monitor.store import Store
from rules.calendar import WorkCalendar
from rules.yamlsource import SourceError

EXIT_BAD_INPUT = 2


def today_in(timezone: str) -> date:
    return datetime.now(ZoneInfo(timezone)).date()


def parse_as_of(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"not a date (YYYY-MM-DD): {value!r}") from exc


def reports_errors(func):
    """Turn the library's typed errors into `file:line: fault` and exit status 2."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except (SourceError, FindingError) as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(EXIT_BAD_INPUT)

    return wrapper


config_option = click.option(
    "--config",
    "config_path",
    default="zwgk.yaml",
    show_default=True,
    envvar="ZWGK_CONFIG",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Path to the zwgk.yaml config file.",
)
as_of_option = click.option(
    "--as-of", "as_of", default=None, help="Evaluate as of this date (YYYY-MM-DD); default today."
)


def load(config_path: Path) -> Config:
    """Load the config and every rule file it names; any fault stops before any write."""
    if not config_path.exists():
        raise ConfigError(config_path, None, "config file not found")
    config = load_config(config_path)
    load_all_catalogs(config)
    return config


def as_of_for(config: Config, as_of: str | None) -> date:
    return parse_as_of(as_of) or today_in(config.timezone)


@click.group()
def main() -> None:
    """zwgk: compliance monitor for government information disclosure."""


@main.command()
@config_option
@as_of_option
@reports_errors
def crawl(config_path: Path, as_of: str | None) -> None:
    """Crawl every configured column once and store what was found."""
    config = load(config_path)
    from crawler.run import run_crawl

    summary = run_crawl(config, as_of_for(config, as_of))
    click.echo(json.dumps(summary, ensure_ascii=False))


@main.command()
@config_option
@as_of_option
@reports_errors
def check(config_path: Path, as_of: str | None) -> None:
    """Evaluate the rules on the stored crawl and update the findings."""
    config = load(config_path)
    with opened_store(config) as store:
        summary = run_check(config, store, as_of_for(config, as_of))
    echo_check(summary)


@main.group(invoke_without_command=True)
@config_option
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@click.option("--all", "show_all", is_flag=True, help="Include resolved and waived findings.")
@click.pass_context
@reports_errors
def findings(ctx: click.Context, config_path: Path, as_json: bool, show_all: bool) -> None:
    """List open findings (new, open, reopened); `waive` marks one as waived."""
    if ctx.invoked_subcommand is not None:
        return
    config = load(config_path)
    with opened_store(config) as store:
        rows = store.findings(states=None if show_all else ACTIVE)
    if as_json:
        for row in rows:
            click.echo(json.dumps(finding_json(row), ensure_ascii=False))
        return
    for row in rows:
        period = f" [{row['period']}]" if row["period"] else ""
        click.echo(
            f"{row['id']}  {row['state']:<8} {row['agency_id']:<12} {row['item_id']}{period}"
            f"  {row['status']}  {row['message']}"
        )
    click.echo(f"{len(rows)} finding(s)")


@findings.command("waive")
@config_option
@click.argument("finding_id")
@click.option("--reason", required=True, help="Why the finding is waived (shown in reports).")
@click.option(
    "--until", "until", default=None, help="Waiver end date (YYYY-MM-DD); none: open-ended."
)
@click.option("--false-positive", is_flag=True, help="Mark as a false positive instead.")
@reports_errors
def findings_waive(
    config_path: Path, finding_id: str, reason: str, until: str | None, false_positive: bool
) -> None:
    """Waive a finding (or mark it a false positive); it stays visible as waived."""
    config = load(config_path)
    with opened_store(config) as store:
        row = waive(
            store, finding_id, reason, parse_as_of(until), false_positive, today_in(config.timezone)
        )
    click.echo(f"{row['id']} {row['waiver']} until {row['waived_until'] or 'further notice'}")


@main.group()
def report() -> None:
    """Write reports."""


@report.command("weekly")
@config_option
@as_of_option
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder (default: reports_dir from the config).",
)
@reports_errors
def report_weekly(config_path: Path, as_of: str | None, out_dir: Path | None) -> None:
    """Write the weekly audit report (HTML)."""
    config = load(config_path)
    with opened_store(config) as store:
        path = write_weekly_report(config, store, as_of_for(config, as_of), out_dir)
    click.echo(str(path))


@main.command()
@config_option
@as_of_option
@reports_errors
def run(config_path: Path, as_of: str | None) -> None:
    """Run one full cycle: crawl, check, weekly report."""
    config = load(config_path)
    day = as_of_for(config, as_of)
    crawl_summary = crawl_in_child(config, day)
    click.echo(f"crawl: {json.dumps(crawl_summary, ensure_ascii=False)}")
    with opened_store(config) as store:
        echo_check(run_check(config, store, day))
        click.echo(f"report: {write_weekly_report(config, store, day)}")


@main.command()
@click.option(
    "--out",
    "out_dir",
    default="demo-out",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder.",
)
@as_of_option
@click.option("--seed", default=7, show_default=True, help="Seed of the simulated county.")
@click.option(
    "--fix", "fixes", multiple=True, help="Leave out this injected violation (repeatable)."
)
@reports_errors
def demo(out_dir: Path, as_of: str | None, seed: int, fixes: tuple[str, ...]) -> None:
    """Audit the embedded simulated county 青溪县 end to end."""
    from monitor.demo_run import run_demo

    day = parse_as_of(as_of) or today_in("Asia/Shanghai")
    result = run_demo(out_dir, day, seed=seed, fixes=fixes)
    crawl = result.crawl
    click.echo(
        f"demo county served and crawled: {crawl.get('requests')} requests, "
        f"{crawl.get('publications')} publications, "
        f"{crawl.get('columns_failed')} failed columns"
    )
    echo_check(result.check)
    click.echo(f"truth: {result.truth_path} ({result.truth_count} expected findings)")
    click.echo(f"config: {result.config_path}")
    click.echo(f"report: {result.report_path}")


@main.group("rules")
def rules_group() -> None:
    """Rule files: validate, list kinds, explain items, print the reference."""


@rules_group.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--config",
    "config_path",
    default=None,
    type=click.Path(path_type=Path),
    help="Also validate every catalog this config names.",
)
@reports_errors
def rules_validate(paths: tuple[Path, ...], config_path: Path | None) -> None:
    """Check rule files (default: the shipped catalogs); exit 2 on the first fault."""
    from rules.loader import SEARCH_DIRS, load_catalog

    targets = list(paths) or sorted(p for d in SEARCH_DIRS for p in d.glob("*.yaml"))
    for path in targets:
        catalog = load_catalog(path)
        click.echo(f"ok: {path} ({catalog.name}, {len(catalog.items)} items)")
    if config_path:
        for agency_id, catalog in load_all_catalogs(load(config_path)).items():
            click.echo(f"ok: {agency_id}: {catalog.path} ({len(catalog.items)} items)")


@rules_group.command("kinds")
def rules_kinds() -> None:
    """List the rule kinds with what each checks and its basis."""
    from rules.base import RULE_KINDS
    from rules.reference import kind_basis, kind_summary

    for kind in sorted(RULE_KINDS):
        cls = RULE_KINDS[kind]
        click.echo(f"{kind}\n  {kind_summary(cls)}\n  {kind_basis(cls)}")


@rules_group.command("reference")
def rules_reference() -> None:
    """Print the rule-file reference (Markdown) generated from the rule kinds."""
    from rules.reference import reference_markdown

    click.echo(reference_markdown())


@main.group()
def workdays() -> None:
    """Working days on the official calendar (holidays and adjusted working days)."""


holidays_option = click.option(
    "--holidays",
    "holidays_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="holidays.yaml adding years the calendar package does not know.",
)


def calendar_from(holidays_path: Path | None) -> WorkCalendar:
    return WorkCalendar.from_file(holidays_path)


def echo_fallback(cal: WorkCalendar) -> None:
    for year in sorted(cal.fallback_years):
        click.echo(f"note: no official calendar for {year}; counted Monday to Friday", err=True)


@workdays.command("add")
@click.argument("start")
@click.argument("count", type=int)
@holidays_option
@reports_errors
def workdays_add(start: str, count: int, holidays_path: Path | None) -> None:
    """Print the date COUNT working days after START."""
    cal = calendar_from(holidays_path)
    click.echo(cal.add_workdays(parse_as_of(start), count).isoformat())
    echo_fallback(cal)


@workdays.command("between")
@click.argument("start")
@click.argument("end")
@holidays_option
@reports_errors
def workdays_between(start: str, end: str, holidays_path: Path | None) -> None:
    """Print the number of working days after START up to and including END."""
    cal = calendar_from(holidays_path)
    click.echo(cal.workdays_between(parse_as_of(start), parse_as_of(end)))
    echo_fallback(cal)


@contextmanager
def opened_store(config: Config):
    store = Store(config.database)
    try:
        yield store
    finally:
        store.close()


def echo_check(summary: CheckSummary) -> None:
    statuses = ", ".join(f"{k}={v}" for k, v in sorted(summary.by_status.items())) or "none"
    moves = ", ".join(f"{k}={v}" for k, v in sorted(summary.transitions.items())) or "none"
    click.echo(
        f"check as of {summary.as_of}: {summary.open_findings} open finding(s) "
        f"({statuses}); changes: {moves}"
    )
    for agency_id, item_id in summary.unmapped:
        click.echo(f"warning: {agency_id}: no column carries catalog item {item_id!r}", err=True)


def finding_json(row: dict) -> dict:
    keys = (
        "id",
        "agency_id",
        "item_id",
        "kind",
        "status",
        "period",
        "state",
        "severity",
        "item_name",
        "message",
        "basis",
        "evidence",
        "opened_on",
        "resolved_on",
    )
    return {key: row[key] for key in keys}


if __name__ == "__main__":
    main()
