"""`zwgk config`: check a config and print the configuration reference."""

from __future__ import annotations

from pathlib import Path

import click

from monitor.cli.common import config_option, load
from monitor.config_reference import config_reference_markdown


@click.group()
def config() -> None:
    """The config file: validate it, print its reference."""


@config.command("validate")
@config_option
def config_validate(config_path: Path) -> None:
    """Load the config and every file it names; exit non-zero on the first fault."""
    loaded = load(config_path)
    click.echo(f"ok: {config_path} ({len(loaded.agencies)} agencies)")


@config.command("reference")
def config_reference() -> None:
    """Print the configuration reference (Markdown) generated from the config models."""
    click.echo(config_reference_markdown())
