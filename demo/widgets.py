"""Page parts the three families share: the 热点推荐 box of a site whose column pages link to
deleted articles, with the visit counter old sites print (a fresh number on every answer)."""

from __future__ import annotations

from html import escape

from demo.model import Agency

VISITS = "<!--visits-->"  # the server writes the visit count here, per answer
OLD_NEWS = ("召开2023年度工作会议", "开展“三服务”活动", "举办业务知识竞赛", "部署春季安全生产大检查",
            "召开党风廉政建设工作会议", "开展“七一”主题党日活动", "召开半年工作总结会",
            "开展送法下乡活动", "召开年度述职评议会")  # fmt: skip


def hot_links(agency: Agency) -> str:
    """The deleted articles a site still links to (empty when it links to none)."""
    if not agency.dead_links:
        return ""
    items = "".join(
        f'<li><a href="{path}" target="_blank">{escape(agency.spec.short + OLD_NEWS[n % 9])}</a></li>'
        for n, path in enumerate(agency.dead_links)
    )
    return (f'<div class="hot"><h3>热点推荐</h3><ul>{items}</ul>'
            f'<p class="visits">您是本站第{VISITS}位访问者</p></div>')  # fmt: skip
