"""What a correct monitor reports for each injected violation, as the injection means it.

The truth (demo/truth.py) judges the served pages on its own; tests check the two agree.
"""

from __future__ import annotations

from collections.abc import Callable

from demo import urls
from demo.catalog import catalog_items, items_on
from demo.content import content_error
from demo.model import Agency, Expected
from demo.violations import Injection, Scene, latest_budget, latest_due


def expected_findings(injection: Injection, agency: Agency, scene: Scene) -> list[Expected]:
    for prefix, expect in EXPECTATIONS:
        if injection.id.startswith(prefix):
            return expect(injection, agency, scene)
    raise KeyError(injection.id)


def _on(agency: Agency, column_id: str, rule: str) -> list[str]:
    return [item.item_id for item in items_on(agency.catalog, column_id) if item.rule == rule]


def stale(injection: Injection, agency: Agency, scene: Scene) -> list[Expected]:
    """A stale news column leaves the homepage (its news block) stale too."""
    columns = [*injection.columns, *(["homepage"] if "news" in injection.columns else [])]
    return [(item, "freshness", "stale", None) for c in columns
            for item in _on(agency, c, "freshness")]  # fmt: skip


def blank(injection: Injection, agency: Agency, scene: Scene) -> list[Expected]:
    found = [(item, "not_blank", "blank", None) for c in injection.columns
             for item in _on(agency, c, "not_blank")]  # fmt: skip
    found += [(item, "freshness", "stale", None) for c in injection.columns
              for item in _on(agency, c, "freshness")]  # fmt: skip
    limit = next(i.limit for i in catalog_items(agency.catalog) if i.rule == "blank_columns")
    if len(injection.columns) >= limit:
        found.append(("blank-columns", "blank_columns", "too_many_blank", None))
    return found


def report(status: str, item_id: str = "annual-report", kind: str = "periodic"):
    def expect(injection: Injection, agency: Agency, scene: Scene) -> list[Expected]:
        return [(item_id, kind, status, str(latest_due(scene)[0]))]

    return expect


def late_budget(injection: Injection, agency: Agency, scene: Scene) -> list[Expected]:
    return [("budget", "periodic", "late", str(latest_budget(scene)[0]))]


def marked(item_id: str | None, kind: str, status: str, mark: str) -> Callable:
    """One finding for the publication carrying `mark`, its period the page's path."""

    def expect(injection: Injection, agency: Agency, scene: Scene) -> list[Expected]:
        column = agency.column(injection.columns[0])
        pubs = [pub for pub in column.publications if pub.mark == mark]
        items = [item_id] if item_id else _on(agency, column.id, kind)
        return [(item, kind, status, urls.article(agency, column, pub))
                for pub in pubs for item in items]  # fmt: skip

    return expect


def broken_links(injection: Injection, agency: Agency, scene: Scene) -> list[Expected]:
    return [("broken-links", "links", "broken_links", "other")]


def missing_column(injection: Injection, agency: Agency, scene: Scene) -> list[Expected]:
    """Each catalog item a missing column would carry: no configured column carries it."""
    return [(item.item_id, "coverage", "no_column", None) for item in catalog_items(agency.catalog)
            if {item.column_id, item.interpretations} & set(injection.missing)]  # fmt: skip


def content(injection: Injection, agency: Agency, scene: Scene) -> list[Expected]:
    """One finding of the content item counting the error's check and grade, on its page."""
    error = content_error(injection.id)
    column = agency.column(error.column_id)
    pub = next(pub for pub in column.publications if pub.mark == injection.id)
    items = [item.item_id for item in catalog_items(agency.catalog) if item.rule == "content"
             and error.check in item.checks and error.grade in item.grades]  # fmt: skip
    period = f"{urls.article(agency, column, pub)}#{error.shown}"
    return [(item, "content", error.check, period) for item in items]


EXPECTATIONS: tuple[tuple[str, Callable], ...] = (
    ("stale-", stale),
    ("blank-", blank),
    ("missing-report-", report("missing")),
    ("late-report-", report("late")),
    ("defective-report-", report("defective", "annual-report-format", "annual_report")),
    ("late-budget-", late_budget),
    ("late-document-", marked(None, "timeliness", "late", "late")),
    ("unpaired-policy-", marked("policy-interpretation", "paired", "unpaired", "unpaired")),
    ("backdated-notice-", marked("backdated", "backdated", "backdated", "backdated")),
    ("broken-links-", broken_links),
    ("unanswered-mailbox-", marked(None, "response", "unanswered", "unanswered")),
    ("overdue-mailbox-", marked(None, "response", "overdue", "unanswered")),
    ("no-column-", missing_column),
    ("content-", content),
)
