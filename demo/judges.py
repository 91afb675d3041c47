"""Each rule kind re-implemented for the truth, from the catalog values (demo/catalog.py) and
what the demo serves, never from `rules`: `AgencyJudge(county, agency, blocked).judge(item)`.

The crawl history is the one `zwgk demo` gives a new folder: the county as it stood
`PREVIOUS_CRAWL_DAYS` before `as_of`, then the county on `as_of`. Detail pages are read for
publications dated within `DETAIL_DAYS` of the crawl that first lists them (demo/config.py),
and for every message and annual report (their columns keep their pages).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from demo import budget, urls
from demo.catalog import ANNUAL_MATCH, MESSAGE_COLUMNS, PERIODS_CHECKED, SITE_KINDS, CatalogItem
from demo.config import DETAIL_DAYS, PREVIOUS_CRAWL_DAYS
from demo.content import error_of
from demo.faults import unreachable_agencies
from demo.model import Agency, Column, County, Publication
from demo.roster import PLAIN
from demo.workdays import add_months, add_workdays, shift

Row = dict[str, str | None]
SITE_ITEM, SITE_KIND = "site", "site_change"  # a `site_changed` row's item and kind
COVERAGE_KIND = "coverage"  # the kind of a `no_column` row (or `unreachable`, the site down)


class AgencyJudge:
    def __init__(self, county: County, agency: Agency, blocked: set[tuple[str, str]]):
        self.county, self.agency, self.as_of = county, agency, county.as_of
        self.previous = county.as_of - timedelta(days=PREVIOUS_CRAWL_DAYS)
        self.blocked = {column_id for agency_id, column_id in blocked if agency_id == agency.id}
        self.site_down = all(column.id in self.blocked for column in agency.columns)
        moved = agency.revamped and not self.site_down  # a site that is down shows no revamp
        self.moved = {c.id for c in agency.disclosure_columns()} if moved else set()
        self.unread = self.blocked | self.moved  # column pages the crawl cannot read

    def judge(self, item: CatalogItem) -> list[Row]:
        """The item's findings. A column the site lacks: `no_column`, of kind `coverage`
        (`unreachable` when the site is down), as monitor/no_column.py; a column moved by a revamp: nothing (`site_changed` stands for them);
        a blocked column: `unreachable` (an annual report's format is then not judged)."""
        columns = {item.column_id, item.interpretations} - {None}
        if any(not self.agency.has_column(column_id) for column_id in columns):
            status = "unreachable" if self.site_down else "no_column"
            return [{**self.row(item, status), "kind": COVERAGE_KIND}]
        if item.rule not in SITE_KINDS and columns & self.moved:
            return []
        if item.rule not in SITE_KINDS and columns & self.blocked:
            return [] if item.rule == "annual_report" else [self.row(item, "unreachable")]
        return getattr(self, item.rule)(item)

    def site_changed(self) -> list[Row]:
        """One row for a revamped site whose configured columns moved away."""
        if not self.moved:
            return []
        return [{"agency_id": self.agency.id, "item_id": SITE_ITEM, "kind": SITE_KIND,
                 "status": "site_changed", "period": None}]  # fmt: skip

    def row(self, item: CatalogItem, status: str, period: str | None = None) -> Row:
        return {"agency_id": self.agency.id, "item_id": item.item_id, "kind": item.rule,
                "status": status, "period": period}  # fmt: skip

    def listed(self, column: Column, pub: Publication) -> date:
        """The date the list shows: a plain info-disclosure table shows the 生成日期."""
        if column.layout == "table" and self.agency.family == PLAIN:
            return pub.created
        return pub.date

    def path(self, column: Column, pub: Publication) -> str:
        return urls.article(self.agency, column, pub)

    # -- one column --------------------------------------------------------------------------

    def freshness(self, item: CatalogItem) -> list[Row]:
        column = self.agency.column(item.column_id)
        cutoff = shift(self.as_of, item.max_age, -1)
        fresh = any(cutoff <= self.listed(column, p) <= self.as_of for p in column.publications)
        return [] if fresh else [self.row(item, "stale")]

    def not_blank(self, item: CatalogItem) -> list[Row]:
        return [] if self.agency.column(item.column_id).publications else [self.row(item, "blank")]

    def periodic(self, item: CatalogItem) -> list[Row]:
        rows = []
        for year, due in self.periods_due(item):
            matches = [day for day, pub in self.matching(item, item.match, year)
                       if item.trigger is None or not re.search(self.fill(item.trigger, year),
                                                                 norm(pub.title))]  # fmt: skip
            if not matches:
                rows.append(self.row(item, "missing", str(year)))
            elif min(matches) > due:
                rows.append(self.row(item, "late", str(year)))
        return rows

    def periods_due(self, item: CatalogItem) -> list[tuple[int, date]]:
        """The latest PERIODS_CHECKED (year, due date) already due; with a trigger, among the
        current year and the PERIODS_CHECKED before it, those whose trigger has happened."""
        if item.due:
            year = self.as_of.year
            while date(year + 1, *item.due) >= self.as_of:
                year -= 1
            return [(y, date(y + 1, *item.due)) for y in range(year, year - PERIODS_CHECKED, -1)]
        found = []
        for year in range(self.as_of.year, self.as_of.year - PERIODS_CHECKED - 1, -1):
            trigger = self.trigger(item, year)
            if trigger and shift(trigger, item.within) < self.as_of:
                found.append((year, shift(trigger, item.within)))
        return found[:PERIODS_CHECKED]

    def trigger(self, item: CatalogItem, year: int) -> date | None:
        if item.trigger_dates:
            day = budget.trigger_date(self.county.seed, self.agency.kind, item.item_id, year)
            return day if day <= self.as_of else None
        return min((day for day, _ in self.matching(item, item.trigger, year)), default=None)

    def matching(self, item: CatalogItem, pattern: str, year: int):
        column = self.agency.column(item.column_id)
        regex = self.fill(pattern, year)
        return [(self.listed(column, pub), pub) for pub in column.publications
                if re.search(regex, norm(pub.title))]  # fmt: skip

    @staticmethod
    def fill(pattern: str, year: int) -> str:
        return pattern.replace("{year}", str(year))

    def annual_report(self, item: CatalogItem) -> list[Row]:
        """The latest report year due: `defective` when every report of it is defective."""
        year, _ = self.periods_due(item)[0]
        reports = [pub for _, pub in self.matching(item, ANNUAL_MATCH, year)]
        if not reports or any(pub.defect is None for pub in reports):
            return []
        return [self.row(item, "defective", str(year))]

    def timeliness(self, item: CatalogItem) -> list[Row]:
        column = self.agency.column(item.column_id)
        since = add_months(self.as_of, -12)
        return [
            self.row(item, "late", self.path(column, pub))
            for pub in column.publications
            if self.detail_read(pub) and since <= pub.date <= self.as_of
            and pub.date > shift(pub.created, item.within)
        ]  # fmt: skip

    def detail_read(self, pub: Publication) -> bool:
        """Whether its detail page was read: by the first crawl that listed it."""
        first_crawl = self.previous if pub.appears <= self.previous else self.as_of
        return pub.date >= first_crawl - timedelta(days=DETAIL_DAYS)

    def paired(self, item: CatalogItem) -> list[Row]:
        docs = self.agency.column(item.column_id)
        notes = self.agency.column(item.interpretations)
        rows = []
        for doc in docs.publications:
            day = self.listed(docs, doc)
            if add_months(self.as_of, -12) <= day <= self.as_of:
                status = self.pairing(item, day, doc, notes)
                rows += [self.row(item, status, self.path(docs, doc))] if status else []
        return rows

    def pairing(self, item: CatalogItem, day: date, doc: Publication, notes: Column) -> str | None:
        due = shift(day, item.within)
        earliest = shift(day, item.before, -1)
        dates = [n.date for n in notes.publications if n.about == doc.artid and n.date >= earliest]
        if dates:
            return None if min(dates) <= due else "late"
        return "unpaired" if self.as_of > due else None

    def response(self, item: CatalogItem) -> list[Row]:
        column = self.agency.column(item.column_id)
        rows = []
        for message in column.publications:
            if add_months(self.as_of, -12) <= message.date <= self.as_of:
                status = self.answered(item, message)
                rows += [self.row(item, status, self.path(column, message))] if status else []
        return rows

    def answered(self, item: CatalogItem, message: Publication) -> str | None:
        due = add_workdays(message.date, int(item.within.split()[0]))
        if message.reply is not None:
            return "late_reply" if message.reply > due else None
        if self.as_of <= due:
            return None
        return "unanswered" if self.as_of > shift(message.date, item.veto_after) else "overdue"

    # -- the whole site ----------------------------------------------------------------------

    def blank_columns(self, item: CatalogItem) -> list[Row]:
        blank = [c for c in self.agency.columns if c.id not in self.unread and not c.publications]
        return [self.row(item, "too_many_blank")] if len(blank) >= item.limit else []

    def availability(self, item: CatalogItem) -> list[Row]:
        """Unavailable when today's visit of the homepage failed: its site is down, or a
        blocking fault answers for it (the window holds one visit, the crawl on as_of)."""
        return [self.row(item, "unavailable")] if "homepage" in self.blocked else []

    def links(self, item: CatalogItem) -> list[Row]:
        """Broken: the homepage's links to sites that are down (the county's directory of
        sites), when the homepage was read, and the column pages' links to deleted articles,
        when one column page was (a fault never answers a link check but from a site that is down)."""
        rows = []
        down = unreachable_agencies(self.county)
        home = len(down) if self.agency.kind == "county" else 0
        if "homepage" not in self.blocked and home > item.home_limit:
            rows.append(self.row(item, "broken_links", "home"))
        read = [c for c in self.agency.disclosure_columns() if c.id not in self.unread]
        if read and len(self.agency.dead_links) > item.limit:
            rows.append(self.row(item, "broken_links", "other"))
        return rows

    def backdated(self, item: CatalogItem) -> list[Row]:
        """Publications first seen on as_of, stated well before the previous crawl, in a
        column that crawl had read back past that date."""
        found: dict[str, Row] = {}
        for column in self.agency.columns:
            if column.id in self.unread:
                continue
            for pub in column.publications:
                if self.is_backdated(item, column, pub):
                    path = self.path(column, pub)
                    found.setdefault(path, self.row(item, "backdated", path))
        return list(found.values())

    def is_backdated(self, item: CatalogItem, column: Column, pub: Publication) -> bool:
        stated = self.listed(column, pub)
        if pub.appears <= self.previous or not shift(stated, item.window) < self.previous:
            return False
        return any(other is not pub and self.listed(column, other) <= stated
                   and other.appears <= self.previous for other in column.publications)  # fmt: skip

    def content(self, item: CatalogItem) -> list[Row]:
        """Each content error (demo/content.py) of the item's checks and grades on a page the
        crawl read: listed by a column it could read, recent enough for its detail page (or
        in a column that keeps its pages); period: the page's path, `#`, the word (a personal
        number masked as reports print it)."""
        found: dict[str, Row] = {}
        for column in self.agency.columns:
            if column.id in self.unread:
                continue
            for pub in column.publications:
                error = error_of(pub)
                if error and error.check in item.checks and error.grade in item.grades:
                    period = f"{self.path(column, pub)}#{error.shown}"
                    if self.page_read(pub):
                        found.setdefault(period, self.row(item, error.check, period))
        return list(found.values())

    def page_read(self, pub: Publication) -> bool:
        return self.detail_read(pub) or pub.column_id in MESSAGE_COLUMNS


def norm(title: str) -> str:
    return re.sub(r"\s+", "", title.replace("\u3000", " "))
