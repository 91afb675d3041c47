"""What every command shares: the lazy command group, common options, config and store."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import click

from common.errors import ZwgkError
from monitor.config import Config, ConfigError, load_config
from monitor.evaluate import load_all_catalogs
from monitor.lock import StoreLock, print_waiting
from monitor.store import Store


class LazyGroup(click.Group):
    """Commands named by `module:attribute`, imported only when run (or listed), so that
    `zwgk workdays` does not load Scrapy. Anticipated faults become `error: …` and the
    error's exit status."""

    def __init__(self, name: str, lazy: dict[str, str], **kwargs):
        super().__init__(name, **kwargs)
        self.lazy = lazy

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(self.lazy)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.lazy:
            return None
        module, attribute = self.lazy[name].split(":")
        return getattr(importlib.import_module(module), attribute)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ZwgkError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(exc.exit_code)


def today_in(timezone: str) -> date:
    return datetime.now(ZoneInfo(timezone)).date()


def parse_as_of(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"not a date (YYYY-MM-DD): {value!r}") from exc


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


@contextmanager
def opened_store(config: Config) -> Iterator[Store]:
    store = Store(config.database)
    try:
        yield store
    finally:
        store.close()


def store_lock(config: Config, command: str, no_wait: bool) -> StoreLock:
    """The store's lock for a command that changes it: one such command at a time."""
    return StoreLock(config.database, command, wait=not no_wait, on_wait=print_waiting)


@contextmanager
def locked_store(config: Config, command: str, no_wait: bool) -> Iterator[Store]:
    with store_lock(config, command, no_wait), opened_store(config) as store:
        yield store


def echo_skipped(skipped: list[str]) -> None:
    for line in skipped:
        click.echo(f"skipped: {line}", err=True)
