"""`zwgk discover`: one agency's columns (URL), a whole county (--county), or what moved on
one configured agency's site (--agency ID, with --diff and --apply)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from common.errors import BadInputError, ZwgkError
from crawler.addresses import AddressPolicy
from crawler.discover import FoundColumn, draft_yaml
from crawler.discover import discover as discover_columns
from crawler.discover_county import FoundAgency, FoundCounty, discover_agency, discover_county
from crawler.discover_fetch import PoliteFetcher
from monitor.cli.common import config_option, load
from monitor.cli.output import pad
from monitor.discover_config import (
    classify_columns,
    config_text,
    draft_agencies,
    homepage_row,
)
from monitor.discover_diff import MOVED, SAME, apply_changes, column_changes, write_checked
from monitor.evaluate import agency_catalog
from rules.column_classes import load_synonyms
from rules.loader import load_catalog

KINDS = ("county", "department", "township")


@click.command("discover")
@click.argument("url", required=False)
@click.option(
    "--county",
    "portal",
    default=None,
    metavar="PORTAL_URL",
    help="Discover every agency of the county from its portal.",
)
@click.option(
    "--agency",
    "agency_id",
    default=None,
    help="With URL: the id for the draft. Alone: rediscover this configured agency.",
)
@click.option(
    "--out",
    "out_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the draft here (default: print it).",
)
@click.option(
    "--catalog",
    "catalogs",
    multiple=True,
    metavar="KIND=REF",
    help="Catalog for a kind of agency (county, department, township); repeatable.",
)
@click.option(
    "--synonyms",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The county's additions to the column synonyms table.",
)
@click.option(
    "--allow-private",
    multiple=True,
    metavar="HOST",
    help="A private host or network that may be requested (as crawl.allow_private).",
)
@click.option("--diff", is_flag=True, help="With --agency: show what moved.")
@click.option("--apply", "apply_", is_flag=True, help="With --agency: update the config.")
@click.option(
    "--from",
    "start",
    default=None,
    metavar="URL",
    help="With --agency: start here instead of the agency's homepage.",
)
@click.option("--delay", default=0.5, show_default=True, help="Seconds between requests to a host.")
@config_option
def discover(url, portal, agency_id, out_path, catalogs, synonyms, allow_private, diff, apply_,
             start, delay, config_path) -> None:  # fmt: skip
    """Find disclosure columns and draft their config: of one agency's entry page (URL), of a
    whole county (--county), or again for a configured agency (--agency ID)."""
    if portal:
        discover_whole_county(portal, out_path, catalogs, synonyms, allow_private, delay)
    elif url:
        discover_one_page(url, agency_id, out_path, delay)
    elif agency_id:
        rediscover_agency(config_path, agency_id, start, synonyms, diff, apply_, delay)
    else:
        raise click.UsageError("give a URL, --county PORTAL_URL or --agency ID")


def discover_one_page(url: str, agency_id: str | None, out_path: Path | None, delay: float):
    try:
        columns = discover_columns(url, delay=delay)
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


def discovered_row(column: FoundColumn) -> str:
    """One line of the discovery table; names padded by display width (CJK is wide)."""
    newest = column.newest.isoformat() if column.newest else "-"
    name = pad(column.name, 11) + " "
    return f"{name}{column.cms or '-':<9}{column.items:>6}  {newest:<11} {column.url}"


def discover_whole_county(portal, out_path, catalogs, synonyms, allow_private, delay) -> None:
    kinds = catalog_refs(catalogs)
    table = load_synonyms(synonyms)
    cache = (out_path or Path("zwgk.yaml")).resolve().parent / ".zwgk-discover"
    fetch = PoliteFetcher(AddressPolicy(allow_private), delay=delay, cache_dir=cache)
    try:
        county = discover_county(portal, fetch, progress=echo_progress)
    except OSError as exc:
        raise ZwgkError(f"cannot read the portal {portal}: {exc}") from exc
    drafts = draft_agencies(county, table, catalog_columns(kinds, out_path))
    crawl = {"allow_private": list(allow_private)} if allow_private else None
    text = config_text(county, drafts, kinds, crawl, date.today())
    click.echo(county_summary(county, drafts, fetch.requests), err=True)
    if out_path:
        try:
            write_checked(out_path, text)
        except ZwgkError as exc:
            raise BadInputError(f"the drafted config does not load (not written): {exc}") from exc
        click.echo(f"config: {out_path}", err=True)
    else:
        click.echo(text, nl=False)


def catalog_refs(catalogs: tuple[str, ...]) -> dict[str, str]:
    refs = {}
    for entry in catalogs:
        kind, _, ref = entry.partition("=")
        if kind not in KINDS or not ref:
            raise click.BadParameter(f"{entry!r}: expected KIND=REF, KIND one of {', '.join(KINDS)}",
                                     param_hint="--catalog")  # fmt: skip
        refs[kind] = ref
    return refs


def catalog_columns(kinds: dict[str, str], out_path: Path | None) -> dict[str, set[str]]:
    """The column ids each kind's catalog uses (a catalog path is relative to the config)."""
    base = (out_path or Path("zwgk.yaml")).resolve().parent
    return {kind: {rule.column for rule in load_catalog(kinds.get(kind, kind), base).items
                   if rule.column} for kind in KINDS}  # fmt: skip


def echo_progress(number: int, total: int, agency: FoundAgency) -> None:
    state = agency.error or f"{len(agency.columns)} column page(s)"
    click.echo(f"[{number}/{total}] {agency.name}: {state}", err=True)


def county_summary(county: FoundCounty, drafts, requests: int) -> str:
    columns = sum(len(d.columns) for d in drafts)
    unclassified = sum(len(d.unclassified) for d in drafts)
    down = sum(1 for agency in county.agencies if agency.error)
    return (f"{len(drafts)} agencies ({down} not reachable), {columns} columns classified, "
            f"{unclassified} not classified; {requests} requests")  # fmt: skip


def rediscover_agency(config_path, agency_id, start, synonyms, diff, apply_, delay) -> None:
    config = load(config_path)
    try:
        agency = config.agency(agency_id)
    except KeyError as exc:
        raise BadInputError(f"no agency {agency_id!r} in {config_path}") from exc
    begin = start or agency.homepage
    if not begin:
        raise BadInputError(f"agency {agency_id!r} has no homepage: name a page with --from")
    fetch = PoliteFetcher(AddressPolicy(config.crawl.allow_private), delay=delay)
    found = FoundAgency(agency.name, begin, agency.kind)
    discover_agency(found, fetch, frozenset())
    if found.error:
        raise ZwgkError(f"cannot read {begin}: {found.error}")
    wanted = {rule.column for rule in agency_catalog(config, agency).items if rule.column}
    columns, _ = classify_columns(found.columns, load_synonyms(synonyms), wanted)
    if found.homepage:
        columns.insert(0, homepage_row(found.homepage))
    changes = column_changes(agency, columns)
    for change in changes:
        if diff or change.change != SAME:
            click.echo(change_row(change))
    moved = sum(1 for change in changes if change.change == MOVED)
    click.echo(f"{len(changes)} column(s): {moved} moved, "
               f"{sum(c.change == 'added' for c in changes)} added, "
               f"{sum(c.change == 'gone' for c in changes)} gone")  # fmt: skip
    if apply_:
        changed = apply_changes(config_path, agency_id, changes, columns, date.today())
        click.echo(f"config updated: {changed} column(s) changed in {config_path}")


def change_row(change) -> str:
    old, new = change.old_url or "-", change.new_url or "-"
    if change.change == MOVED:
        return f"{change.change:<6} {change.column_id:<16} {pad(change.name, 14)} {old} -> {new}"
    return f"{change.change:<6} {change.column_id:<16} {pad(change.name, 14)} {new if new != '-' else old}"
