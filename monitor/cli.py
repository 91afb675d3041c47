"""`zwgk` command line: typed errors from the library become a message and an exit code here."""

from __future__ import annotations

import json
import sys
from collections import Counter
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import click

from common.errors import BadInputError, ZwgkError
from monitor.child import follow_parent
from monitor.config import Config, ConfigError, load_config
from monitor.cycle import CheckSummary, CycleResult, run_check, run_cycle, write_weekly_report
from monitor.evaluate import load_all_catalogs
from monitor.findings import ACTIVE, waive
from monitor.lock import StoreLock, print_waiting
from monitor.notices import NoticeError, issue_notices, render_missing_files, withdraw_notice
from monitor.store import OutboxEntry, Store
from rules.calendar import WorkCalendar


def today_in(timezone: str) -> date:
    return datetime.now(ZoneInfo(timezone)).date()


def parse_as_of(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"not a date (YYYY-MM-DD): {value!r}") from exc


class ZwgkGroup(click.Group):
    """Every anticipated fault of every command becomes `error: …` and its exit status here."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ZwgkError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(exc.exit_code)


config_option = click.option(
    "--config",
    "config_path",
    default="zwgk.yaml",
    show_default=True,
    envvar="ZWGK_CONFIG",
    type=click.Path(path_type=Path),  # a folder is refused by `load`, in one line
    help="Path to the zwgk.yaml config file.",
)
as_of_option = click.option(
    "--as-of", "as_of", default=None, help="Evaluate as of this date (YYYY-MM-DD); default today."
)
no_wait_option = click.option(
    "--no-wait",
    is_flag=True,
    help="Exit (status 3) instead of waiting while another zwgk process is using the store.",
)


def load(config_path: Path) -> Config:
    """Load the config and every file it names (rule files, holidays); any fault stops
    here, before the store is opened or anything is written."""
    if not config_path.exists():
        message = "config file not found (name it with --config or ZWGK_CONFIG)"
        raise ConfigError(config_path, None, message)
    config = load_config(config_path)
    load_all_catalogs(config)
    return config


def as_of_for(config: Config, as_of: str | None) -> date:
    return parse_as_of(as_of) or today_in(config.timezone)


@click.group(cls=ZwgkGroup)
def main() -> None:
    """zwgk: compliance monitor for government information disclosure."""


@main.command()
@config_option
@as_of_option
@no_wait_option
def crawl(config_path: Path, as_of: str | None, no_wait: bool) -> None:
    """Crawl every configured column once and store what was found."""
    config = load(config_path)
    from monitor.crawl import run_crawl

    follow_parent()
    with store_lock(config, "crawl", no_wait):
        summary = run_crawl(config, as_of_for(config, as_of))
    click.echo(json.dumps(summary, ensure_ascii=False))


@main.command()
@config_option
@as_of_option
@no_wait_option
def check(config_path: Path, as_of: str | None, no_wait: bool) -> None:
    """Evaluate the rules on the stored crawl and update the findings."""
    config = load(config_path)
    with locked_store(config, "check", no_wait) as store:
        summary = run_check(config, store, as_of_for(config, as_of))
    echo_check(summary)


@main.group(invoke_without_command=True)
@config_option
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@click.option("--all", "show_all", is_flag=True, help="Include resolved and waived findings.")
@click.pass_context
def findings(ctx: click.Context, config_path: Path, as_json: bool, show_all: bool) -> None:
    """List open findings (new, open, reopened); `waive` marks one as waived."""
    if ctx.invoked_subcommand is not None:
        return
    config = load(config_path)
    with opened_store(config) as store:
        found = store.findings(states=None if show_all else ACTIVE)
    if as_json:
        for finding in found:
            click.echo(json.dumps(finding.to_json(), ensure_ascii=False))
        return
    for f in found:
        period = f" [{f.period}]" if f.period else ""
        click.echo(
            f"{f.id}  {f.state:<8} {f.agency_id:<12} {f.item_id}{period}  {f.status}  {f.message}"
        )
    click.echo(f"{len(found)} finding(s)")


@findings.command("waive")
@config_option
@click.argument("finding_id")
@click.option("--reason", required=True, help="Why the finding is waived (shown in reports).")
@click.option(
    "--until", "until", default=None, help="Waiver end date (YYYY-MM-DD); none: open-ended."
)
@click.option("--false-positive", is_flag=True, help="Mark as a false positive instead.")
@no_wait_option
def findings_waive(
    config_path: Path,
    finding_id: str,
    reason: str,
    until: str | None,
    false_positive: bool,
    no_wait: bool,
) -> None:
    """Waive a finding (or mark it a false positive); it stays visible as waived."""
    config = load(config_path)
    with locked_store(config, "findings waive", no_wait) as store:
        finding = waive(
            store, finding_id, reason, parse_as_of(until), false_positive, today_in(config.timezone)
        )
    waiver = finding.waiver
    click.echo(f"{finding.id} {waiver.kind} until {waiver.until or 'further notice'}")


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
@no_wait_option
def report_weekly(
    config_path: Path, as_of: str | None, out_dir: Path | None, no_wait: bool
) -> None:
    """Write the weekly audit report (HTML, XLSX and PDF)."""
    config = load(config_path)
    with locked_store(config, "report weekly", no_wait) as store:
        path, skipped = write_weekly_report(config, store, as_of_for(config, as_of), out_dir)
    echo_skipped(skipped)
    click.echo(str(path))


@main.command()
@config_option
@as_of_option
@no_wait_option
def run(config_path: Path, as_of: str | None, no_wait: bool) -> None:
    """Run one full cycle: crawl, check, notices, alerts, weekly report."""
    config = load(config_path)
    day = as_of_for(config, as_of)
    with store_lock(config, "run", no_wait) as lock:
        crawl_summary, result = run_cycle(config, day, lock)
    click.echo(f"crawl: {json.dumps(crawl_summary, ensure_ascii=False)}")
    echo_cycle(result)


@main.command()
@config_option
@click.option("--now", "run_now", is_flag=True, help="Also run one cycle right away.")
def serve(config_path: Path, run_now: bool) -> None:
    """Run the cycle on the config's cron schedule until stopped (SIGTERM)."""
    import logging

    from monitor.scheduler import serve as serve_forever

    load(config_path)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    serve_forever(config_path, run_now=run_now)


@main.command()
@config_option
@click.option("--max-age-days", default=8, show_default=True, help="Oldest acceptable crawl.")
def health(config_path: Path, max_age_days: int) -> None:
    """Exit 0 when the last crawl finished recently, 1 otherwise (for monitoring)."""
    config = load(config_path)
    with opened_store(config) as store:
        crawl = store.latest_crawl()
    if crawl is None:
        click.echo("unhealthy: no crawl yet")
        sys.exit(1)
    started = datetime.fromisoformat(crawl.started_at)
    age = (datetime.now(started.tzinfo) - started).days
    click.echo(f"last crawl {crawl.id}: {crawl.status}, started {crawl.started_at}")
    if crawl.status not in ("finished", "running") or age > max_age_days:
        click.echo(f"unhealthy: last crawl {crawl.status}, {age} day(s) old")
        sys.exit(1)
    click.echo("healthy")


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
@click.option(
    "--faults",
    "fault_rate",
    default=0.0,
    show_default=True,
    type=click.FloatRange(0, 1),
    help="Share of the columns and sites that answer with a fault (HTTP errors, timeouts, "
    "redirect loops, huge pages, bad markup …).",
)
@click.option("--fault-seed", default=1, show_default=True, help="Seed of the choice of faults.")
def demo(
    out_dir: Path,
    as_of: str | None,
    seed: int,
    fixes: tuple[str, ...],
    fault_rate: float,
    fault_seed: int,
) -> None:
    """Audit the embedded simulated county 青溪县 end to end."""
    from monitor.demo_run import run_demo

    day = parse_as_of(as_of) or today_in("Asia/Shanghai")
    result = run_demo(
        out_dir.resolve(), day, seed=seed, fixes=fixes, fault_rate=fault_rate,
        fault_seed=fault_seed,
    )  # fmt: skip
    crawl = result.crawl
    if fault_rate:
        click.echo(f"faults: {result.faults} injected (rate {fault_rate:g}, seed {fault_seed})")
    click.echo(
        f"demo county served and crawled: {crawl.get('requests')} requests, "
        f"{crawl.get('publications')} publications, "
        f"{crawl.get('columns_failed')} failed columns"
    )
    click.echo(f"truth: {result.truth_path} ({result.truth_count} expected findings)")
    click.echo(f"config: {result.config_path}")
    echo_cycle(result.cycle)
    if result.mail:
        click.echo(
            f"mail: {len(result.mail)} message(s) received by the demo's SMTP server, "
            f"in {result.mail[0].parent}"
        )


@main.command("extract")
@click.argument("source")
@click.option("--url", "base_url", default=None, help="Address the page was served at.")
@click.option("--cms", default=None, help="Use this list parser (if it recognises the page).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def extract_command(source: str, base_url: str | None, cms: str | None, as_json: bool) -> None:
    """Extract the publications listed on a saved page or a URL (SOURCE)."""
    from crawler.cms.select import UnknownParserError
    from crawler.extract import extract, extract_to_json, load_page

    is_url = source.startswith(("http://", "https://"))
    if not is_url and not Path(source).is_file():
        raise click.BadParameter(f"no such file: {source}", param_hint="SOURCE")
    try:
        result = extract_to_json(extract(load_page(source, url=base_url), hint=cms))
    except UnknownParserError as exc:
        raise click.BadParameter(str(exc), param_hint="--cms") from exc
    except OSError as exc:  # the URL could not be fetched
        raise ZwgkError(f"cannot fetch {source}: {exc}") from exc
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False))
        return
    for item in result["items"]:
        click.echo(f"{item['date'] or '----------'}  {item['title']}\n            {item['href']}")
    click.echo(f"{len(result['items'])} item(s) by the {result['parser']} parser")
    for nxt in result["next"]:
        click.echo(f"next: {nxt['method']} {nxt['url']}")


@main.command("discover")
@click.argument("url")
@click.option("--agency", "agency_id", default=None, help="Agency id for the draft config.")
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the draft `columns:` YAML here (default: print it).")  # fmt: skip
@click.option("--delay", default=0.5, show_default=True, help="Seconds between requests.")
def discover_command(url: str, agency_id: str | None, out_path: Path | None, delay: float) -> None:
    """Find the columns of an agency's disclosure entry page (URL) and draft their config."""
    from crawler.discover import discover, draft_yaml

    try:
        columns = discover(url, delay=delay)
    except OSError as exc:
        raise ZwgkError(f"cannot fetch {url}: {exc}") from exc
    click.echo(f"{'name':<12}{'CMS':<9}{'items':>6}  {'newest':<11} URL")
    for column in columns:
        click.echo(discovered_row(column))
    click.echo(f"{len(columns)} column(s)")
    snippet = draft_yaml(columns, agency_id)
    if out_path:
        out_path.write_text(snippet, encoding="utf-8")
        click.echo(f"draft config: {out_path}")
    else:
        click.echo(snippet, nl=False)


def discovered_row(column) -> str:
    """One line of the discovery table; names padded by display width (CJK is wide)."""
    pad = " " * max(1, 12 - sum(2 if ord(ch) > 0x2E80 else 1 for ch in column.name))
    newest = column.newest.isoformat() if column.newest else "-"
    return f"{column.name}{pad}{column.cms or '-':<9}{column.items:>6}  {newest:<11} {column.url}"


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


@rules_group.command("explain")
@click.argument("item_id")
@click.option("--agency", "agency_id", default=None, help="Agency whose catalog to use.")
@click.option("--catalog", "catalog_ref", default=None, help="Catalog name or rule file.")
@config_option
@as_of_option
def rules_explain(
    item_id: str,
    agency_id: str | None,
    catalog_ref: str | None,
    config_path: Path,
    as_of: str | None,
) -> None:
    """Explain a catalog item: what is checked, its basis, the due dates in force."""
    from rules.base import Context
    from rules.loader import load_catalog

    config = load(config_path) if (agency_id or not catalog_ref) and config_path.exists() else None
    if agency_id and config:
        catalog = load_all_catalogs(config)[agency_id]
    else:
        catalog = load_catalog(catalog_ref or "department")
    try:
        rule = catalog.item(item_id)
    except KeyError:
        raise BadInputError(f"no item {item_id!r} in {catalog.path}") from None
    day = parse_as_of(as_of) or today_in(config.timezone if config else "Asia/Shanghai")
    cal = WorkCalendar.from_file(config.holidays if config else None)
    ctx = Context(day, agency_id or "", "", (), cal)
    for label_, value in (("事项", rule.name), ("检查方式", rule.kind), ("栏目", rule.column),
                          ("公开内容", rule.content), ("公开时限", rule.deadline),
                          ("性质", rule.severity), ("依据", rule.basis)):  # fmt: skip
        if value:
            click.echo(f"{label_}：{value}")
    for line in rule.in_force(ctx):
        click.echo(f"截至{day}：{line}")
    echo_fallback(cal)


@rules_group.command("import")
@click.argument("xlsx", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--out",
    "out_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the rule file here (default: print it).",
)
@click.option("--name", "catalog_name", default=None, help="Catalog name (default: the sheet's).")
def rules_import(xlsx: Path, out_path: Path | None, catalog_name: str | None) -> None:
    """Convert a catalog kept in Excel (主动公开事项目录) into a rule file."""
    from rules.importer import import_catalog_xlsx

    result = import_catalog_xlsx(xlsx, catalog_name)
    if out_path:
        out_path.write_text(result.yaml_text, encoding="utf-8")
        click.echo(f"wrote {out_path}: {len(result.items)} item(s)")
    else:
        click.echo(result.yaml_text)
    for problem in result.unreadable:
        click.echo(f"warning: {xlsx}: row {problem.row}: {problem.reason}: {problem.text}",
                   err=True)  # fmt: skip


@main.group()
def inspect() -> None:
    """Inspect single documents."""


@inspect.command("annual-report")
@click.argument("source")
@click.option("--year", type=int, required=True, help="The report year.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def inspect_annual_report_command(source: str, year: int, as_json: bool) -> None:
    """Check an annual report (a file or an http(s) URL) against the national format."""
    from rules.annual_report import inspect_annual_report, inspection_to_json

    try:
        text = read_document(source)
    except (OSError, ValueError) as exc:
        raise BadInputError(f"cannot read {source}: {exc}") from exc
    result = inspection_to_json(inspect_annual_report(text, year))
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False))
        return
    click.echo(f"{source}: {'ok' if result['ok'] else 'defective'} ({year})")
    for problem in result["problems"]:
        click.echo(f"  part {problem['part']}: {problem['code']}: {problem['message']}")


def read_document(source: str) -> str:
    """A local report file (.html, .docx, .txt) or a page fetched over http(s)."""
    from rules.report_files import load_report_text

    if source.startswith(("http://", "https://")):
        from crawler.extract import load_page

        return load_page(source).text
    return load_report_text(Path(source))


@main.group()
def notices() -> None:
    """Rectification notices (整改通知书): list, show, issue, withdraw."""


@notices.command("list")
@config_option
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@click.option(
    "--state",
    "states",
    multiple=True,
    type=click.Choice(["issued", "rectified", "overdue", "withdrawn"]),
)
def notices_list(config_path: Path, as_json: bool, states: tuple[str, ...]) -> None:
    """List notices (all, or those in the given states)."""
    config = load(config_path)
    with opened_store(config) as store:
        found = store.notices(states=states or None)
    for notice in found:
        if as_json:
            click.echo(json.dumps(notice.to_json(), ensure_ascii=False))
        else:
            click.echo(
                f"{notice.id:>4}  {notice.number}  {notice.agency_id:<12} "
                f"{notice.state:<9} issued {notice.issued_on}  due {notice.deadline}"
            )
    if not as_json:
        click.echo(f"{len(found)} notice(s)")


@notices.command("show")
@config_option
@click.argument("notice_id")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def notices_show(config_path: Path, notice_id: str, as_json: bool) -> None:
    """Show one notice (by id or number) with its findings."""
    config = load(config_path)
    with opened_store(config) as store:
        notice = store.notice(notice_id)
        if notice is None:
            raise NoticeError(f"no notice {notice_id!r}")
        findings_ = store.notice_findings(notice.id)
    if as_json:
        data = {**notice.to_json(), "findings": [f.to_json() for f in findings_]}
        click.echo(json.dumps(data, ensure_ascii=False))
        return
    click.echo(
        f"{notice.number}  {notice.agency_id}  {notice.state}  "
        f"issued {notice.issued_on}  due {notice.deadline}"
    )
    for finding in findings_:
        click.echo(f"  {finding.id}  {finding.state:<8} {finding.message}")
    for kind, path in notice.files.items():
        click.echo(f"  {kind}: {path}")


@notices.command("issue")
@config_option
@as_of_option
@click.option("--agency", "agency_ids", multiple=True, help="Only these agencies.")
@no_wait_option
def notices_issue(
    config_path: Path, as_of: str | None, agency_ids: tuple[str, ...], no_wait: bool
) -> None:
    """Issue notices for open findings not yet on an open notice."""
    config = load(config_path)
    day = as_of_for(config, as_of)
    with locked_store(config, "notices issue", no_wait) as store:
        issued = issue_notices(config, store, day, WorkCalendar.from_file(config.holidays),
                               list(agency_ids) or None)  # fmt: skip
        skipped = render_missing_files(config, store)
        issued = [store.notice(notice.id) for notice in issued]
    echo_skipped(skipped)
    for notice in issued:
        click.echo(
            f"issued {notice.number} to {notice.agency_id}, due {notice.deadline}: "
            f"{notice.files.get('pdf', '')}"
        )
    click.echo(f"{len(issued)} notice(s) issued")


@notices.command("withdraw")
@config_option
@click.argument("notice_id")
@click.option("--reason", required=True, help="Why the notice is withdrawn.")
@as_of_option
@no_wait_option
def notices_withdraw(
    config_path: Path, notice_id: str, reason: str, as_of: str | None, no_wait: bool
) -> None:
    """Withdraw an open notice, with a reason."""
    config = load(config_path)
    with locked_store(config, "notices withdraw", no_wait) as store:
        notice = withdraw_notice(store, notice_id, reason, as_of_for(config, as_of))
    click.echo(f"{notice.number} withdrawn on {notice.withdrawn_on}")


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
def workdays_add(start: str, count: int, holidays_path: Path | None) -> None:
    """Print the date COUNT working days after START."""
    cal = calendar_from(holidays_path)
    click.echo(cal.add_workdays(parse_as_of(start), count).isoformat())
    echo_fallback(cal)


@workdays.command("between")
@click.argument("start")
@click.argument("end")
@holidays_option
def workdays_between(start: str, end: str, holidays_path: Path | None) -> None:
    """Print the number of working days after START up to and including END."""
    cal = calendar_from(holidays_path)
    click.echo(cal.workdays_between(parse_as_of(start), parse_as_of(end)))
    echo_fallback(cal)


@main.group("alerts")
def alerts_group() -> None:
    """Alert outbox: list queued messages, send what is due."""


OUTBOX_STATES = ("pending", "sending", "failed", "sent", "dead")


@alerts_group.command("list")
@config_option
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@click.option("--state", type=click.Choice(OUTBOX_STATES), help="Only messages in this state.")
def alerts_list(config_path: Path, as_json: bool, state: str | None) -> None:
    """List queued alert messages; channel URLs are shown masked."""
    config = load(config_path)
    with opened_store(config) as store:
        entries = store.outbox(state)
    for entry in entries:
        line = json.dumps(outbox_json(entry), ensure_ascii=False) if as_json else outbox_line(entry)
        click.echo(line)
    if not as_json:
        click.echo(f"{len(entries)} message(s)")


def outbox_json(entry: OutboxEntry) -> dict:
    """An outbox entry as `zwgk alerts list --json` prints it: the channel URL masked."""
    from monitor.channels import mask_url

    keys = ("id", "audience", "state", "attempts", "subject", "next_attempt_at", "last_error")
    return {**{key: getattr(entry, key) for key in keys}, "agency": entry.agency_id,
            "channel": mask_url(entry.channel), "sent_at": entry.sent_at}  # fmt: skip


def outbox_line(entry: OutboxEntry) -> str:
    from monitor.channels import mask_url

    return (
        f"{entry.id:>4}  {entry.state:<7} {entry.attempts}x  {entry.agency_id or '-':<12} "
        f"{entry.audience:<11} {mask_url(entry.channel)}  {entry.subject}"
        + (f"  next: {entry.next_attempt_at}" if entry.next_attempt_at else "")
        + (f"  error: {entry.last_error}" if entry.last_error else "")
    )


@alerts_group.command("send")
@config_option
@click.option("--dry-run", is_flag=True, help="Write the due messages to files; send nothing.")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Dry-run output folder (default: <reports_dir>/outbox).",
)
@no_wait_option
def alerts_send(config_path: Path, dry_run: bool, out_dir: Path | None, no_wait: bool) -> None:
    """Send the alert messages due now; failures are retried later with backoff."""
    from monitor.outbox import send_pending

    if out_dir and not dry_run:
        raise click.UsageError("--out is only used with --dry-run")
    config = load(config_path)
    folder = (out_dir or config.reports_dir / "outbox") if dry_run else None
    with locked_store(config, "alerts send", no_wait) as store:
        summary = send_pending(store, config, datetime.now(ZoneInfo(config.timezone)), folder)
    if dry_run:
        for path in summary.written:
            click.echo(str(path))
        click.echo(f"{len(summary.written)} message(s) written to {folder}; nothing sent")
        return
    click.echo(f"sent {summary.sent}, failed {summary.failed} (will retry), dead {summary.dead}")


@contextmanager
def opened_store(config: Config):
    store = Store(config.database)
    try:
        yield store
    finally:
        store.close()


def store_lock(config: Config, command: str, no_wait: bool) -> StoreLock:
    """The store's lock for a command that changes it: one such command at a time."""
    return StoreLock(config.database, command, wait=not no_wait, on_wait=print_waiting)


@contextmanager
def locked_store(config: Config, command: str, no_wait: bool):
    with store_lock(config, command, no_wait), opened_store(config) as store:
        yield store


def echo_skipped(skipped: list[str]) -> None:
    for line in skipped:
        click.echo(f"skipped: {line}", err=True)


def echo_cycle(result: CycleResult) -> None:
    echo_check(result.check)
    for kind, notices_ in (("issued", result.issued), ("rectified", result.rectified),
                       ("overdue", result.overdue)):  # fmt: skip
        for notice in notices_:
            click.echo(
                f"notice {kind}: {notice.number} ({notice.agency_id}, due {notice.deadline})"
            )
    sent = result.alerts
    if sent is not None:
        click.echo(
            f"alerts: {result.alerts_queued} queued, {sent.sent} sent, "
            f"{sent.failed} to retry, {sent.dead} given up"
        )
    echo_skipped(result.skipped)
    click.echo(f"report: {result.report_path}")


def echo_check(summary: CheckSummary) -> None:
    statuses = ", ".join(f"{k}={v}" for k, v in sorted(summary.by_status.items())) or "none"
    moves = ", ".join(f"{k}={v}" for k, v in sorted(summary.transitions.items())) or "none"
    click.echo(
        f"check as of {summary.as_of}: {summary.open_findings} open finding(s) "
        f"({statuses}); changes: {moves}"
    )
    unmapped = Counter(item_id for _, item_id in summary.unmapped)
    if unmapped:
        items = ", ".join(f"{item} ({n})" for item, n in sorted(unmapped.items()))
        click.echo(f"note: catalog items no configured column carries (agencies): {items}",
                   err=True)  # fmt: skip


if __name__ == "__main__":
    main()
