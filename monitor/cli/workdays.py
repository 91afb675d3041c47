"""`zwgk workdays`: working days on the official calendar."""

from __future__ import annotations

from pathlib import Path

import click

from monitor.cli.common import parse_as_of
from rules.calendar import WorkCalendar

holidays_option = click.option(
    "--holidays",
    "holidays_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="holidays.yaml adding years the calendar package does not know.",
)


@click.group()
def workdays() -> None:
    """Working days on the official calendar (holidays and adjusted working days)."""


@workdays.command("add")
@click.argument("start")
@click.argument("count", type=int)
@holidays_option
def workdays_add(start: str, count: int, holidays_path: Path | None) -> None:
    """Print the date COUNT working days after START."""
    cal = WorkCalendar.from_file(holidays_path)
    click.echo(cal.add_workdays(parse_as_of(start), count).isoformat())
    echo_fallback(cal)


@workdays.command("between")
@click.argument("start")
@click.argument("end")
@holidays_option
def workdays_between(start: str, end: str, holidays_path: Path | None) -> None:
    """Print the number of working days after START up to and including END."""
    cal = WorkCalendar.from_file(holidays_path)
    click.echo(cal.workdays_between(parse_as_of(start), parse_as_of(end)))
    echo_fallback(cal)


def echo_fallback(cal: WorkCalendar) -> None:
    for year in sorted(cal.fallback_years):
        click.echo(f"note: no official calendar for {year}; counted Monday to Friday", err=True)
