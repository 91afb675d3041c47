"""The county as data: agencies, their columns, the publications served, the injected violations."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from demo.roster import AgencySpec


@dataclass(frozen=True)
class Publication:
    agency_id: str
    column_id: str
    date: date  # 发布日期, what the list pages show
    index: int  # second item of the same day in the same column
    title: str
    artid: int  # stable per publication, unique over the county
    index_no: str  # 索引号
    doc_no: str  # 文号, '' if none
    created: date  # 生成日期
    online: date | None = None  # the day it appeared on the site, when later than `date`
    reply: date | None = None  # messages (政民互动): the day it was answered, None if not
    defect: str | None = None  # annual reports: a defect of demo/annual_report.py
    mark: str = ""  # the injected violation it carries, if any
    about: int = 0  # interpretations (政策解读): the artid of the document they explain

    @property
    def appears(self) -> date:
        return self.online or self.date


@dataclass(frozen=True)
class Column:
    id: str
    name: str
    item_id: str  # the first catalog item the column carries
    colid: int  # Hanweb column id, unique over the county
    unitid: int  # Hanweb jpage unit id
    layout: str  # "list", or "table" (plain: info-disclosure table; TRS: table rows)
    publications: tuple[Publication, ...]  # newest first, all dated <= as_of


@dataclass(frozen=True)
class Agency:
    spec: AgencySpec
    webid: int
    credit_code: str  # 统一社会信用代码, the first half of every 索引号
    columns: tuple[Column, ...]  # the catalog's columns its site has; `homepage`: the homepage's
    dead_links: tuple[str, ...] = ()  # paths its column pages link to that answer 404
    revamped: bool = False  # its site was rebuilt: its columns moved (demo/urls.py, revamp.py)

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def kind(self) -> str:
        return self.spec.kind

    @property
    def family(self) -> str:
        return self.spec.family

    @property
    def catalog(self) -> str:
        """The shipped catalog named after the agency's kind: county, department, township."""
        return self.spec.kind

    def disclosure_columns(self) -> tuple[Column, ...]:
        """The columns of its 信息公开 pages: all but the homepage."""
        return tuple(column for column in self.columns if column.id != "homepage")

    def has_column(self, column_id: str) -> bool:
        return any(column.id == column_id for column in self.columns)

    def column(self, column_id: str) -> Column:
        for column in self.columns:
            if column.id == column_id:
                return column
        raise KeyError(column_id)


Expected = tuple[str, str, str, str | None]  # (item_id, kind, status, period) of a finding


@dataclass(frozen=True)
class Violation:
    id: str
    agency_id: str
    columns: tuple[str, ...]  # the columns it changes ((): the pages around them)
    description: str
    findings: tuple[Expected, ...]  # what a correct monitor reports for it


@dataclass(frozen=True)
class County:
    as_of: date  # the day of the audit: the violations are those of this day
    seed: int
    fixes: frozenset[str]
    agencies: tuple[Agency, ...]
    violations: tuple[Violation, ...] = field(default=())
    faults: tuple = field(default=())  # demo.faults.DemoFault: soft 404, WAF, unreachable site
    shown_on: date | None = None  # the day the sites are shown as of (default: as_of)

    @property
    def day(self) -> date:
        """The day the served sites stand on: publications up to it are online."""
        return self.shown_on or self.as_of

    @property
    def revamped(self) -> frozenset[str]:
        """The agencies whose sites were rebuilt (`zwgk demo --revamp`)."""
        return frozenset(agency.id for agency in self.agencies if agency.revamped)

    def agency(self, agency_id: str) -> Agency:
        for agency in self.agencies:
            if agency.id == agency_id:
                return agency
        raise KeyError(agency_id)

    def publications(self) -> Iterator[Publication]:
        """Every publication served, once (the homepage only lists some of them again)."""
        for agency in self.agencies:
            for column in agency.disclosure_columns():
                yield from column.publications
