"""`zwgk coverage`: which configured column carries each catalog item (栏目覆盖)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from monitor.cli.common import config_option, load
from monitor.cli.output import json_option, table_lines
from monitor.coverage import AgencyCoverage, coverage, coverage_json

TABLE_COLUMNS = ("item_id", "item_name", "column_id", "column_name", "url")
NO_COLUMN = "—（栏目缺失）"


@click.command("coverage")
@config_option
@json_option
@click.option("--agency", "agency_ids", multiple=True, help="Only this agency (repeatable).")
def coverage_command(config_path: Path, as_json: bool, agency_ids: tuple[str, ...]) -> None:
    """For each agency and catalog item, the column that carries it, or none (栏目缺失).

    `--json` prints one object per line and item: agency_id, agency_name, item_id, item_name,
    covered, and columns (each id, name and url; empty when no column carries the item)."""
    config = load(config_path)
    unknown = set(agency_ids) - {agency.id for agency in config.agencies}
    if unknown:
        raise click.BadParameter(f"no agency {', '.join(sorted(unknown))} in the config")
    found = coverage(config, set(agency_ids) or None)
    for agency in found:
        if as_json:
            for item in agency.items:
                click.echo(json.dumps(coverage_json(agency, item), ensure_ascii=False))
        else:
            echo_agency(agency)


def echo_agency(agency: AgencyCoverage) -> None:
    """A heading with the counts, then one line per item and column that carries it."""
    click.echo(f"{agency.agency_name} ({agency.agency_id}): {len(agency.covered)} of "
               f"{len(agency.items)} item(s) carried by a column, {len(agency.missing)} without")  # fmt: skip
    rows = []
    for item in agency.items:
        named = {"item_id": item.item_id, "item_name": item.item_name}
        rows += [{**named, "column_id": c.id, "column_name": c.name, "url": c.url}
                 for c in item.columns] or [{**named, "column_id": NO_COLUMN}]  # fmt: skip
    for line in table_lines(rows, TABLE_COLUMNS):
        click.echo("  " + line.rstrip())
    click.echo("")
