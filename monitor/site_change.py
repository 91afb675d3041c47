"""A rebuilt site (网站改版): most of an agency's columns lost at once.

When a site is rebuilt with new addresses, its old column addresses answer 页面不存在 (a soft
404) or redirect to the new homepage or to one same page. That is no fault of each column to
report item by item as `unreachable`: it is one event for the operator, who updates the
columns' addresses (`zwgk discover --agency ID --diff`, then `--apply`). One `site_changed`
finding says so; it takes no points and goes on no notice (`rules.scoring.NOT_SCORED`), and
the items of the lost columns keep what was known of them until the config is fixed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from monitor.config import AgencyConfig
from rules.base import OUTCOME_WORDS, ColumnView
from rules.findings import Finding

# "Most columns": at least this many, and at least this share of the agency's columns.
SITE_CHANGE_MIN_COLUMNS = 3
SITE_CHANGE_MIN_SHARE = 0.6
LOST_OUTCOMES = ("soft404", "redirected")  # the page is gone, or is another page
SITE_CHANGED, SITE_ITEM, SITE_CHANGE_KIND = "site_changed", "site", "site_change"
SITE_ITEM_NAME = "网站栏目设置"
SITE_CHANGE_BASIS = "监测运行事件，不扣分：栏目地址失效，须核对并更新监测配置中的栏目地址"


@dataclass(frozen=True)
class SiteChange:
    """The columns lost in the latest crawl, of how many configured."""

    lost: tuple[ColumnView, ...]
    total: int

    @property
    def lost_ids(self) -> frozenset[str]:
        return frozenset(column.id for column in self.lost)


def site_change(columns: Sequence[ColumnView]) -> SiteChange | None:
    """A SiteChange when most of the columns are lost (see the thresholds), else None."""
    lost = tuple(column for column in columns if column.outcome in LOST_OUTCOMES)
    enough = len(lost) >= SITE_CHANGE_MIN_COLUMNS
    if enough and len(lost) >= SITE_CHANGE_MIN_SHARE * len(columns):
        return SiteChange(lost, len(columns))
    return None


def site_changed_finding(agency: AgencyConfig, change: SiteChange) -> Finding:
    """The one finding of a rebuilt site: how many columns were lost, and where to look."""
    message = (
        f"网站疑似改版：{change.total}个栏目中{len(change.lost)}个失效（页面不存在或跳转至其他页面），"
        f"请运行 zwgk discover --agency {agency.id} --diff 核对栏目地址，并以 --apply 更新配置"
    )
    return Finding(
        agency_id=agency.id,
        item_id=SITE_ITEM,
        kind=SITE_CHANGE_KIND,
        status=SITE_CHANGED,
        period=None,
        severity="warning",
        item_name=SITE_ITEM_NAME,
        basis=SITE_CHANGE_BASIS,
        message=message,
        evidence=tuple(lost_evidence(column) for column in change.lost),
    )


def lost_evidence(column: ColumnView) -> dict:
    words = OUTCOME_WORDS.get(column.outcome, column.outcome)
    moved = f"跳转至 {column.redirected_to}" if column.redirected_to else ""
    return {"label": f"栏目「{column.name}」失效：{words}", "url": column.url, "note": moved}
