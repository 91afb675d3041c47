"""Rule kinds, one module each; importing this package registers them all."""

from rules.kinds import freshness, not_blank, periodic

__all__ = ["freshness", "not_blank", "periodic"]
