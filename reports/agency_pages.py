"""A split weekly report's agency pages: one per agency, with what concerns it alone.

Above `report.split_above_agencies` agencies (a province, a city) one report holding every
agency's findings is too long to print or read: its HTML and PDF become a summary, and each
agency's findings, notices, replies and 栏目覆盖 go to `<stem>/<agency id>.html` beside it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from reports.weekly import AgencySection, CoverageRow, NoticeRow, ReplyRow, WeeklyReport


@dataclass
class AgencyPage:
    agency: AgencySection
    notices: list[NoticeRow] = field(default_factory=list)
    replies: list[ReplyRow] = field(default_factory=list)
    coverage: list[CoverageRow] = field(default_factory=list)


def agency_pages(report: WeeklyReport) -> list[AgencyPage]:
    """A page per agency, in the report's order; notices, replies and coverage grouped once."""
    pages = {agency.id: AgencyPage(agency) for agency in report.agencies}
    for attribute, rows in (("notices", report.notices), ("replies", report.replies),
                            ("coverage", report.coverage)):  # fmt: skip
        for agency_id, agency_rows in grouped(rows).items():
            if agency_id in pages:
                setattr(pages[agency_id], attribute, agency_rows)
    return list(pages.values())


def grouped(rows: list) -> dict[str, list]:
    """Rows (findings, …) by their `agency_id`, each agency's in their order, in one pass."""
    by_agency: dict[str, list] = defaultdict(list)
    for row in rows:
        by_agency[row.agency_id].append(row)
    return by_agency


def agency_folder(summary: Path) -> Path:
    """The folder of the agency pages: the summary's path without its suffix."""
    return summary.with_suffix("")
