"""The disclosure catalogs as the demo county knows them: the items of each kind of agency,
the rule each is judged by (with the values the truth needs) and the columns they require
(their Chinese names vary by agency: demo/names.py).

This mirrors rules/catalogs/*.yaml and rules/builtin/baseline.yaml on purpose, without
importing `rules`: the truth is derived from it independently (a test checks the mirror).
"""

from __future__ import annotations

from dataclasses import dataclass

ANNUAL_MATCH = "{year}年.*政府信息公开.*年度报告"
PERIODS_CHECKED = 2  # `periodic` looks at the two latest periods already due
SITE_KINDS = frozenset({"blank_columns", "availability", "links", "backdated", "content"})
GRADES = ("serious", "general", "suspected")  # the grades of the content checks
WORDING = ("leader", "outdated_name", "wrong_word")


@dataclass(frozen=True)
class CatalogItem:
    item_id: str
    column_id: str | None  # None: judged on the whole site
    rule: str  # the rule kind
    max_age: str | None = None  # freshness: "2 weeks", "6 months"
    due: tuple[int, int] | None = None  # (month, day) of the year after the period
    match: str | None = None  # periodic / annual_report: the title pattern
    within: str | None = None  # "20 days", "20 workdays", "5 workdays"
    trigger: str | None = None  # periodic: title pattern of the publication counted from
    trigger_dates: bool = False  # periodic: counted from the county's dates per year
    interpretations: str | None = None  # paired: the interpretations' column
    before: str | None = None  # paired: earliest an interpretation may precede its document
    veto_after: str | None = None  # response: unanswered this long is 互动回应差
    limit: int | None = None  # blank_columns threshold; links: broken links allowed elsewhere
    home_limit: int | None = None  # links: broken links allowed on the homepage
    window: str | None = None  # availability: monitoring window; backdated: tolerance
    lookback: str = "1 year"  # timeliness, paired, response, backdated
    checks: tuple[str, ...] = ()  # content: the checks it counts
    grades: tuple[str, ...] = GRADES  # content: the grades it counts


def _baseline(report_due: tuple[int, int]) -> list[CatalogItem]:
    return [
        CatalogItem("news", "news", "freshness", max_age="2 weeks"),
        CatalogItem("notices", "notices", "freshness", max_age="6 months"),
        CatalogItem("annual-report", "annual_report", "periodic", due=report_due,
                    match=ANNUAL_MATCH),
        CatalogItem("annual-report-format", "annual_report", "annual_report", due=report_due,
                    match=ANNUAL_MATCH),
        CatalogItem("homepage", "homepage", "freshness", max_age="2 weeks"),
        CatalogItem("blank-columns", None, "blank_columns", limit=5),
        CatalogItem("availability", None, "availability", window="1 week"),
        CatalogItem("broken-links", None, "links", home_limit=0, limit=5),
        CatalogItem("backdated", None, "backdated", window="7 days"),
        CatalogItem("interaction", "mailbox", "response", within="5 workdays",
                    veto_after="3 months"),
        CatalogItem("wording-serious", None, "content", checks=WORDING, grades=("serious",)),
        CatalogItem("wording", None, "content", checks=WORDING, grades=("general",)),
        CatalogItem("wording-suspected", None, "content", checks=WORDING,
                    grades=("suspected",)),
        CatalogItem("personal-data", None, "content", checks=("id_number", "bank_card", "mobile")),
        CatalogItem("hidden-links", None, "content", checks=("hidden_link", "blocked_link")),
    ]  # fmt: skip


def _paired(column_id: str) -> CatalogItem:
    return CatalogItem("policy-interpretation", column_id, "paired",
                       interpretations="interpretation", within="5 workdays", before="3 days")  # fmt: skip


def _budget(match: str, trigger: str | None = None) -> CatalogItem:
    return CatalogItem("budget", "budget", "periodic", match=match, within="20 days",
                       trigger=trigger, trigger_dates=trigger is None)  # fmt: skip


def _final(match: str, trigger: str | None = None) -> CatalogItem:
    return CatalogItem("final-accounts", "final_accounts", "periodic", match=match,
                       within="20 days", trigger=trigger, trigger_dates=trigger is None)  # fmt: skip


def _timely(item_id: str, column_id: str, within: str) -> CatalogItem:
    return CatalogItem(item_id, column_id, "timeliness", within=within)


CATALOGS: dict[str, list[CatalogItem]] = {
    "county": _baseline((3, 31)) + [
        CatalogItem("normative-docs", "normative", "freshness", max_age="6 months"),
        CatalogItem("executive-meetings", "meetings", "not_blank"),
        CatalogItem("budget-final", "finance", "not_blank"),
        CatalogItem("plans", "plans", "not_blank"),
        CatalogItem("proposals", "proposals", "not_blank"),
        CatalogItem("decision-consultation", "consultation", "not_blank"),
        _budget("{year}年(?:全县|县级|本级|一般公共|财政)?预算(?!执行|草案|的决议)",
                "{year}年(?:全县|县级|本级)?(?:财政)?预算(?:草案)?的决议"),
        _final("{year}年(?:全县|县级|本级|财政)*决算(?!草案|的决议)",
               "批准.*{year}年(?:全县|县级|本级)?(?:财政)?决算的决议"),
        _timely("government-docs", "documents", "20 workdays"),
        _paired("normative"),
        CatalogItem("gazette", "gazette", "freshness", max_age="6 months"),
        CatalogItem("personnel", "personnel", "not_blank"),
        CatalogItem("online-inquiry", "inquiry", "response", within="5 workdays",
                    veto_after="3 months"),
    ],
    "department": _baseline((1, 31)) + [
        CatalogItem("org-functions", "org", "not_blank"),
        CatalogItem("policies", "policies", "freshness", max_age="6 months"),
        CatalogItem("budget-final", "finance", "not_blank"),
        CatalogItem("personnel", "personnel", "not_blank"),
        CatalogItem("enforcement-results", "enforcement", "not_blank"),
        _budget("{year}年.*部门预算"),
        _final("{year}年.*部门决算"),
        _timely("department-docs", "documents", "20 workdays"),
        _paired("policies"),
        _timely("penalty-results", "penalties", "7 workdays"),
        _timely("licensing-results", "licensing", "7 workdays"),
        CatalogItem("proposals", "proposals", "not_blank"),
    ],
    "township": _baseline((1, 31)) + [
        CatalogItem("org-functions", "org", "not_blank"),
        CatalogItem("budget-final", "finance", "not_blank"),
        CatalogItem("rural-affairs", "livelihood", "not_blank"),
        _budget("{year}年.*预算(?!执行)"),
        _timely("penalty-results", "penalties", "7 workdays"),
    ],
}  # fmt: skip

# Columns listed as an info-disclosure table on plain and TRS sites (索引号/名称/生成日期/文号)
TABLE_COLUMNS = frozenset({"policies", "enforcement", "normative"})
MESSAGE_COLUMNS = frozenset({"mailbox", "inquiry"})  # 政民互动: letters and their replies


def catalog_items(catalog: str) -> list[CatalogItem]:
    return CATALOGS[catalog]


def catalog_columns(catalog: str) -> list[str]:
    """The columns a catalog requires, in catalog order: every item's column, and the column
    of the interpretations a `paired` item reads."""
    columns: list[str] = []
    for item in CATALOGS[catalog]:
        for column_id in (item.column_id, item.interpretations):
            if column_id and column_id not in columns:
                columns.append(column_id)
    return columns


def items_on(catalog: str, column_id: str) -> list[CatalogItem]:
    """The items a column carries (a `paired` item is judged on its interpretations too)."""
    return [item for item in CATALOGS[catalog]
            if column_id in (item.column_id, item.interpretations)]  # fmt: skip
