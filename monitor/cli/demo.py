"""`zwgk demo`: the embedded simulated county, audited end to end."""

from __future__ import annotations

from pathlib import Path

import click

from monitor.cli.common import as_of_option, parse_as_of, today_in
from monitor.cli.cycle import echo_cycle
from monitor.demo_run import run_demo


@click.command()
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
