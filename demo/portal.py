"""The county portal 青溪县人民政府 at the server's root, as a discovery starts from it.

/ (and /index.html): the portal, its top navigation (only 政府信息公开 leads anywhere), the
county government's latest news and notices, a footer with 网站标识码 and 政府网站找错.
/xxgk/index.html: the 政府信息公开 platform — pages about disclosure (指南, 制度, 依申请公开,
年报: no columns) and the directories: 县政府信息公开 (the county government's own 信息公开
index), 部门信息公开 and 乡镇（街道）信息公开, each agency by its full name. A directory links
an agency's 信息公开 index, but for an agency on its own site (`OWN_SITE`: its homepage,
whose navigation leads to its index) and a township whose site is down (the closed port its
config points at: demo/config.py `UNREACHABLE_BASE`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from html import escape

from demo import urls
from demo.config import UNREACHABLE_BASE
from demo.faults import unreachable_agencies
from demo.model import Agency, County
from demo.response import Response, utf8_page
from demo.roster import REGION

OWN_SITE = frozenset({"qx-scjgj"})  # departments on a site of their own, not the platform
SITE_CODE = "3311270000"  # 网站标识码: the county government's site code (qx-gov's)
NEWS_ITEMS = 7
NAV = (("首页", urls.PORTAL), ("走进青溪", "#"), ("政务动态", "/qx-gov/index.html"),
       ("政府信息公开", urls.PORTAL_ENTRY), ("政务服务", "https://www.zjzwfw.gov.cn/"),
       ("互动交流", "#"))  # fmt: skip
ABOUT = {
    "政府信息公开指南": "本指南说明本机关主动公开的信息范围、公开方式和时限，以及依申请公开的受理机构、"
    "办理流程和救济途径。公民、法人和其他组织可通过本网站“政府信息公开”专栏查阅。",
    "政府信息公开制度": "本县依照《中华人民共和国政府信息公开条例》建立健全政府信息公开工作制度，"
    "包括主动公开、依申请公开、保密审查、年度报告和监督考核等制度。",
    "依申请公开": "公民、法人或者其他组织可以通过在线申请、信函或当面提交等方式，"
    "向本县各行政机关申请获取政府信息。受理机构：青溪县人民政府办公室（政务公开办）。",
    "政府信息公开年报": "各单位的政府信息公开工作年度报告，见各单位信息公开目录中的年度报告栏目。",
}


def routes(county: County) -> dict[str, Callable[[], Response]]:
    """The portal's pages by path."""
    found = {"/": partial(portal_page, county), urls.PORTAL: partial(portal_page, county),
             urls.PORTAL_ENTRY: partial(entry_page, county),
             urls.DEPARTMENT_DIRECTORY: partial(directory_page, county, "department"),
             urls.TOWNSHIP_DIRECTORY: partial(directory_page, county, "township")}  # fmt: skip
    for path, title in urls.PORTAL_PAGES.items():
        found[path] = partial(about_page, title)
    return found


def county_government(county: County) -> Agency:
    return next(agency for agency in county.agencies if agency.kind == "county")


def portal_page(county: County) -> Response:
    gov = county_government(county)
    blocks = "".join(_latest(gov, column_id) for column_id in ("news", "notices"))
    main = f'<div class="home-news">{blocks}</div>{_entry_banner()}'
    return utf8_page(_frame(f"{REGION}人民政府门户网站", "", main))


def entry_page(county: County) -> Response:
    about = "".join(_link(path, title) for path, title in urls.PORTAL_PAGES.items())
    directories = (
        _link(urls.disclosure_index(county_government(county)), "县政府信息公开")
        + _link(urls.DEPARTMENT_DIRECTORY, "部门信息公开")
        + _link(urls.TOWNSHIP_DIRECTORY, "乡镇（街道）信息公开")
    )
    main = (
        f'<div class="xxgk-about"><ul>{about}</ul></div>'
        f'<div class="xxgk-dir"><h2>信息公开目录</h2><ul>{directories}</ul></div>'
    )
    return utf8_page(_frame("政府信息公开", _crumbs(), main))


def directory_page(county: County, kind: str) -> Response:
    title = "部门信息公开" if kind == "department" else "乡镇（街道）信息公开"
    down = unreachable_agencies(county)
    listed = [agency for agency in county.agencies if agency.kind == kind]
    units = "".join(
        f'<li><a href="{escape(agency_link(agency, down))}" target="_blank">'
        f"{escape(agency.name)}</a></li>"
        for agency in listed
    )
    pager = (
        f'<div class="page">共{len(listed)}条 <a href="javascript:;">首页</a> '
        '<a href="javascript:;">上一页</a> <a href="javascript:;">下一页</a> '
        f'<a href="javascript:;">尾页</a> <a href="{urls.PORTAL}">返回首页</a></div>'
    )
    main = f'<h2>{escape(title)}</h2><ul class="unit-list">{units}</ul>{pager}'
    return utf8_page(_frame(title, _crumbs(title), main))


def agency_link(agency: Agency, down: set[str]) -> str:
    """Where a directory sends a visitor for the agency."""
    if agency.id in down:
        return UNREACHABLE_BASE + urls.home(agency)
    if agency.id in OWN_SITE:
        return urls.home(agency)
    return urls.disclosure_index(agency)


def about_page(title: str) -> Response:
    main = f"<h2>{escape(title)}</h2><p>{escape(ABOUT[title])}</p>"
    return utf8_page(_frame(title, _crumbs(title), main))


def _latest(gov: Agency, column_id: str) -> str:
    column = gov.column(column_id)
    items = "".join(
        f'<li><a href="{urls.article(gov, column, pub)}" target="_blank" '
        f'title="{escape(pub.title)}">{escape(pub.title)}</a><span>{pub.date:%m-%d}</span></li>'
        for pub in column.publications[:NEWS_ITEMS]
    )
    more = f'<a class="more" href="{urls.home(gov)}">更多&gt;&gt;</a>'
    return f'<div class="news-block"><h2>{escape(column.name)}{more}</h2><ul>{items}</ul></div>'


def _entry_banner() -> str:
    return (f'<div class="banner"><a href="{urls.PORTAL_ENTRY}"><img src="#" alt="政府信息公开">'
            "</a></div>")  # fmt: skip


def _link(href: str, text: str) -> str:
    return f'<li><a href="{escape(href)}">{escape(text)}</a></li>'


def _crumbs(title: str = "") -> str:
    crumbs = f'当前位置：<a href="{urls.PORTAL}">首页</a> &gt; '
    if not title:
        return crumbs + "政府信息公开"
    return crumbs + f'<a href="{urls.PORTAL_ENTRY}">政府信息公开</a> &gt; {escape(title)}'


def _frame(title: str, crumbs: str, main: str) -> str:
    nav = "".join(f'<li><a href="{escape(href)}">{escape(text)}</a></li>' for text, href in NAV)
    page_title = title if title.endswith("门户网站") else f"{title}_{REGION}人民政府门户网站"
    position = f'<div class="position">{crumbs}</div>' if crumbs else ""
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="UTF-8">
<title>{escape(page_title)}</title>
<meta name="SiteName" content="{REGION}人民政府门户网站">
<meta name="SiteIDCode" content="{SITE_CODE}">
</head>
<body>
<div class="header"><div class="logo">{REGION}人民政府门户网站</div>
<div class="tools"><a href="javascript:;">无障碍</a> <a href="javascript:;">关怀版</a></div></div>
<div class="nav"><ul>{nav}</ul></div>
{position}
<div class="main">
{main}
</div>
<div class="footer">
<p><a href="https://zfwzzc.www.gov.cn/check_web/errorInfo_querySiteId.action?siteCode={SITE_CODE}" target="_blank">政府网站找错</a> | <a href="javascript:;">网站地图</a> | <a href="javascript:;">联系我们</a></p>
<p>主办单位：{REGION}人民政府办公室　承办单位：{REGION}大数据发展中心</p>
<p>网站标识码：{SITE_CODE}　浙ICP备20260001号　浙公网安备33112702000001号</p>
</div>
</body>
</html>
"""
