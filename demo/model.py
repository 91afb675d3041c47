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


@dataclass(frozen=True)
class Column:
    id: str
    name: str
    item_id: str  # the catalog item the column carries
    colid: int  # Hanweb column id, unique over the county
    unitid: int  # Hanweb jpage unit id
    layout: str  # "list", or "table" (plain: info-disclosure table; TRS: table rows)
    publications: tuple[Publication, ...]  # newest first, all dated <= as_of


@dataclass(frozen=True)
class Agency:
    spec: AgencySpec
    webid: int
    credit_code: str  # 统一社会信用代码, the first half of every 索引号
    columns: tuple[Column, ...]

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

    def column(self, column_id: str) -> Column:
        for column in self.columns:
            if column.id == column_id:
                return column
        raise KeyError(column_id)


@dataclass(frozen=True)
class Violation:
    id: str
    agency_id: str
    item_id: str
    column_id: str
    status: str  # what a correct monitor reports: stale | blank | missing | late
    description: str


@dataclass(frozen=True)
class County:
    as_of: date
    seed: int
    fixes: frozenset[str]
    agencies: tuple[Agency, ...]
    violations: tuple[Violation, ...] = field(default=())
    faults: tuple = field(default=())  # demo.faults.DemoFault: soft 404, WAF, unreachable site

    def agency(self, agency_id: str) -> Agency:
        for agency in self.agencies:
            if agency.id == agency_id:
                return agency
        raise KeyError(agency_id)

    def publications(self) -> Iterator[Publication]:
        for agency in self.agencies:
            for column in agency.columns:
                yield from column.publications
