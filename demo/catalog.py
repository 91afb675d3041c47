"""The disclosure catalogs as the demo county knows them: which columns each kind of agency
has, the rule each column is judged by, and the Chinese column names.

This mirrors rules/catalogs/*.yaml and rules/builtin/baseline.yaml on purpose, without
importing `rules`: the truth is derived from it independently (a test checks the mirror).
"""

from __future__ import annotations

from dataclasses import dataclass

ANNUAL_MATCH = "{year}年.*政府信息公开.*年度报告"
PERIODS_CHECKED = 2  # the periodic rule looks at the two latest periods already due


@dataclass(frozen=True)
class CatalogItem:
    item_id: str
    column_id: str
    rule: str  # freshness | not_blank | periodic
    max_age: tuple[int, str] | None = None  # (amount, "weeks" | "months")
    due: tuple[int, int] | None = None  # (month, day) of the year after the period


def _baseline(report_due: tuple[int, int]) -> list[CatalogItem]:
    return [
        CatalogItem("news", "news", "freshness", max_age=(2, "weeks")),
        CatalogItem("notices", "notices", "freshness", max_age=(6, "months")),
        CatalogItem("annual-report", "annual_report", "periodic", due=report_due),
    ]


CATALOGS: dict[str, list[CatalogItem]] = {
    "county": _baseline((3, 31))
    + [
        CatalogItem("normative-docs", "normative", "freshness", max_age=(6, "months")),
        CatalogItem("executive-meetings", "meetings", "not_blank"),
        CatalogItem("budget-final", "finance", "not_blank"),
        CatalogItem("plans", "plans", "not_blank"),
        CatalogItem("proposals", "proposals", "not_blank"),
        CatalogItem("decision-consultation", "consultation", "not_blank"),
    ],
    "department": _baseline((1, 31))
    + [
        CatalogItem("org-functions", "org", "not_blank"),
        CatalogItem("policies", "policies", "freshness", max_age=(6, "months")),
        CatalogItem("budget-final", "finance", "not_blank"),
        CatalogItem("personnel", "personnel", "not_blank"),
        CatalogItem("enforcement-results", "enforcement", "not_blank"),
    ],
    "township": _baseline((1, 31))
    + [
        CatalogItem("org-functions", "org", "not_blank"),
        CatalogItem("budget-final", "finance", "not_blank"),
        CatalogItem("rural-affairs", "livelihood", "not_blank"),
    ],
}

COLUMN_NAMES = {
    "news": "工作动态",
    "notices": "通知公告",
    "annual_report": "政府信息公开年度报告",
    "org": "机构职能",
    "policies": "政策文件",
    "finance": "部门预决算",
    "personnel": "人事信息",
    "enforcement": "行政执法结果",
    "normative": "行政规范性文件",
    "meetings": "政府常务会议",
    "plans": "规划计划",
    "proposals": "建议提案办理",
    "consultation": "重大决策预公开",
    "livelihood": "民生事务",
}
NAME_OVERRIDES = {
    ("county", "news"): "政务要闻",
    ("county", "finance"): "财政预决算",
    ("township", "finance"): "财政预决算",
}
TABLE_COLUMNS = frozenset({"policies", "enforcement", "normative"})  # info-disclosure table


def catalog_items(catalog: str) -> list[CatalogItem]:
    return CATALOGS[catalog]


def column_name(catalog: str, column_id: str) -> str:
    return NAME_OVERRIDES.get((catalog, column_id), COLUMN_NAMES[column_id])


def item_for_column(catalog: str, column_id: str) -> CatalogItem:
    for item in CATALOGS[catalog]:
        if item.column_id == column_id:
            return item
    raise KeyError((catalog, column_id))
