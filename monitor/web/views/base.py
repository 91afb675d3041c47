"""The blueprint every page module adds its routes to (`views.*` endpoints)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("views", __name__)
