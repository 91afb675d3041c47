"""Running as a service: `serve`, the dashboard and the schedule in one process."""

from __future__ import annotations

import logging
from pathlib import Path

import click

from monitor.cli.common import config_option, load
from monitor.service import STOP_GRACE
from monitor.service import serve as serve_forever

host_option = click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address the dashboard listens on."
)
port_option = click.option(
    "--port", default=8080, show_default=True, type=click.IntRange(0, 65535),
    help="Port the dashboard listens on (0: any free one, printed at start).",
)  # fmt: skip


def log_to_stderr() -> None:
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    for chatty in ("weasyprint", "fontTools"):  # a line per step of every PDF
        logging.getLogger(chatty).setLevel(logging.WARNING)


@click.command()
@config_option
@host_option
@port_option
@click.option("--now", "run_now", is_flag=True, help="Also run one cycle right away.")
@click.option(
    "--stop-grace", default=STOP_GRACE, show_default=True, type=click.FloatRange(0),
    help="Seconds a running job gets to finish after SIGTERM before the service stops anyway.",
)  # fmt: skip
def serve(config_path: Path, host: str, port: int, run_now: bool, stop_grace: float) -> None:
    """Serve the dashboard and run the schedule until stopped (SIGTERM)."""
    load(config_path)
    log_to_stderr()
    serve_forever(config_path, host=host, port=port, run_now=run_now, stop_grace=stop_grace)
