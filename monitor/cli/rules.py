"""`zwgk rules`: validate rule files, list kinds, explain items, print the reference, import."""

from __future__ import annotations

from pathlib import Path

import click

from common.errors import BadInputError
from monitor.cli.common import as_of_option, config_option, load, parse_as_of, today_in
from monitor.cli.workdays import echo_fallback
from monitor.evaluate import load_all_catalogs
from rules.base import RULE_KINDS, Context
from rules.calendar import WorkCalendar
from rules.importer import import_catalog_xlsx
from rules.loader import SEARCH_DIRS, load_catalog
from rules.reference import kind_basis, kind_summary, reference_markdown


@click.group()
def rules() -> None:
    """Rule files: validate, list kinds, explain items, print the reference."""


@rules.command("validate")
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
    targets = list(paths) or sorted(p for d in SEARCH_DIRS for p in d.glob("*.yaml"))
    for path in targets:
        catalog = load_catalog(path)
        click.echo(f"ok: {path} ({catalog.name}, {len(catalog.items)} items)")
    if config_path:
        for agency_id, catalog in load_all_catalogs(load(config_path)).items():
            click.echo(f"ok: {agency_id}: {catalog.path} ({len(catalog.items)} items)")


@rules.command("kinds")
def rules_kinds() -> None:
    """List the rule kinds with what each checks and its basis."""
    for kind in sorted(RULE_KINDS):
        cls = RULE_KINDS[kind]
        click.echo(f"{kind}\n  {kind_summary(cls)}\n  {kind_basis(cls)}")


@rules.command("reference")
def rules_reference() -> None:
    """Print the rule-file reference (Markdown) generated from the rule kinds."""
    click.echo(reference_markdown())


@rules.command("explain")
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


@rules.command("import")
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
    result = import_catalog_xlsx(xlsx, catalog_name)
    if out_path:
        out_path.write_text(result.yaml_text, encoding="utf-8")
        click.echo(f"wrote {out_path}: {len(result.items)} item(s)")
    else:
        click.echo(result.yaml_text)
    for problem in result.unreadable:
        click.echo(f"warning: {xlsx}: row {problem.row}: {problem.reason}: {problem.text}",
                   err=True)  # fmt: skip
