"""`zwgk demo`: the embedded simulated county, audited end to end."""

from __future__ import annotations

import logging
from pathlib import Path

import click

from demo import reply as scripted_reply
from monitor.cli.common import as_of_option, parse_as_of, today_in
from monitor.cli.cycle import echo_cycle
from monitor.config import Config, load_config
from monitor.demo_run import run_demo
from monitor.lock import StoreLock, print_waiting
from monitor.passwords import hash_password, new_password
from monitor.service import serve_app
from monitor.store import Store
from monitor.web.app import create_app

SUPERVISOR = ("supervisor", "县政务公开办", "supervisor")


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
@click.option(
    "--revamp", "revamp", multiple=True, metavar="AGENCY_ID",
    help="Rebuild this agency's site (改版): its columns move to new addresses, the old ones "
    "answer 页面不存在 or redirect home, the config keeps the old ones (repeatable).",
)  # fmt: skip
@click.option(
    "--serve", "serve", is_flag=True,
    help="Then serve the dashboard on the demo's store, with a supervisor and a department "
    "account whose passwords it prints, until Ctrl-C.",
)  # fmt: skip
@click.option(
    "--redis", "redis_url", default=None, metavar="URL",
    help="Crawl through this Redis server: the demo publishes its crawls there and stores "
    "what workers (`zwgk crawl --redis URL`, started apart) send back.",
)  # fmt: skip
@click.option("--host", default="127.0.0.1", show_default=True, help="With --serve: address.")
@click.option("--port", default=8080, show_default=True, help="With --serve: port (0: any).")
def demo(
    out_dir: Path,
    as_of: str | None,
    seed: int,
    fixes: tuple[str, ...],
    fault_rate: float,
    fault_seed: int,
    revamp: tuple[str, ...],
    serve: bool,
    redis_url: str | None,
    host: str,
    port: int,
) -> None:
    """Audit the embedded simulated county 青溪县 end to end (--serve: then show it)."""
    day = parse_as_of(as_of) or today_in("Asia/Shanghai")
    result = run_demo(
        out_dir.resolve(), day, seed=seed, fixes=fixes, fault_rate=fault_rate,
        fault_seed=fault_seed, revamp=revamp, redis_url=redis_url,
    )  # fmt: skip
    crawl = result.crawl
    if fault_rate:
        click.echo(f"faults: {result.faults} injected (rate {fault_rate:g}, seed {fault_seed})")
    if revamp:
        click.echo(f"revamped: {', '.join(revamp)} (the config keeps the old column addresses)")
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
    echo_reply(result.config_path)
    if serve:
        serve_demo(result.config_path, host, port)


def echo_reply(config_path: Path) -> None:
    """The demo department's 整改回复 and what the latest check made of it."""
    config = load_config(config_path)
    store = Store(config.database)
    try:
        replies = store.replies(agency_id=scripted_reply.AGENCY)
    finally:
        store.close()
    for reply in replies:
        click.echo(
            f"reply: {reply.username} answered finding {reply.finding_id} on "
            f"{reply.created_at[:10]}: {reply.state}"
            + (f" ({reply.decision_reason})" if reply.decision_reason else "")
        )


def serve_demo(config_path: Path, host: str, port: int) -> None:
    """The dashboard on the demo's store (no schedule: the demo county is no longer served)."""
    config = load_config(config_path)
    for username, (role, password) in demo_accounts(config).items():
        click.echo(f"account: {username} ({role})  password: {password}")
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(message)s")
    app = create_app(config_path, config=config)
    serve_app(app, host, port, on_listen=lambda line: click.echo(f"{line} (Ctrl-C to stop)"))


def demo_accounts(config: Config) -> dict[str, tuple[str, str]]:
    """Create or reset the demo's supervisor and the account of the department that replies
    in the demo (else the first department); their role and new password by username."""
    departments = [agency for agency in config.agencies if agency.kind == "department"]
    department = next((a for a in departments if a.id == scripted_reply.AGENCY), departments[0])
    accounts = [SUPERVISOR, (department.id, department.name, "department")]
    passwords = {}
    with StoreLock(config.database, "demo", on_wait=print_waiting):
        store = Store(config.database)
        try:
            for username, name, role in accounts:
                password = new_password()
                agency_id = department.id if role == "department" else None
                reset_account(store, username, name, role, agency_id, hash_password(password))
                passwords[username] = (role, password)
        finally:
            store.close()
    return passwords


def reset_account(store: Store, username: str, name: str, role: str, agency_id: str | None,
                  password_hash: str) -> None:  # fmt: skip
    user = store.user(username)
    if user is None:
        store.add_user(username, name, role, agency_id, password_hash)
        return
    store.update_user(user.id, {"name": name, "role": role, "agency_id": agency_id,
                                "password_hash": password_hash, "disabled": 0})  # fmt: skip
