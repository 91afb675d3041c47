"""What a request works with: the config, the store (opened on first use), the clock."""

from __future__ import annotations

from datetime import datetime

from flask import current_app, g

from monitor.config import Config
from monitor.store import Store


def config() -> Config:
    return current_app.config["ZWGK"]


def store() -> Store:
    """This request's store, opened on first use and closed when the request ends."""
    if "store" not in g:
        g.store = Store(config().database)
    return g.store


def close_store(_exc=None) -> None:
    opened = g.pop("store", None)
    if opened is not None:
        opened.close()


def now() -> datetime:
    return current_app.config["NOW"]()
