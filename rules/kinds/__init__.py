"""Rule kinds, one module each; importing this package registers them all."""

from rules.kinds import annual_report, freshness, not_blank, periodic

__all__ = ["annual_report", "freshness", "not_blank", "periodic"]
