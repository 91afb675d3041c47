"""Hanweb / 大汉 JCMS pages (UTF-8): column pages carry their records as XML in
`<script type="text/xml"><datastore>`, and further records come from POST dataproxy.jsp."""

from __future__ import annotations

from html import escape

from demo import urls
from demo.bodies import body_html, message_html
from demo.catalog import MESSAGE_COLUMNS
from demo.model import Agency, Column, County, Publication
from demo.roster import REGION
from demo.widgets import hot_links

CUT = 30  # list link text is cut to 30 characters + "..."
NAV_COLUMNS = ("news", "notices")  # the columns the top navigation links, besides 信息公开


def cut_title(title: str) -> str:
    return title if len(title) <= CUT else title[:CUT] + "..."


def record(agency: Agency, column: Column, pub: Publication) -> str:
    href = urls.article(agency, column, pub)
    return (
        f'<record><![CDATA[\n<li class="clearfix"><a target="_blank" href="{href}" '
        f'title="{escape(pub.title)}">{escape(cut_title(pub.title))}</a> '
        f"<b>{pub.date.isoformat()}</b></li>]]></record>"
    )


def column_page(agency: Agency, column: Column) -> str:
    first = column.publications[: urls.HANWEB_PER_PAGE * urls.HANWEB_GROUP]
    records = "\n".join(record(agency, column, pub) for pub in first)
    datastore = (
        f'<div id="{column.colid}"><script type="text/xml"><datastore>\n'
        f'<nextgroup><![CDATA[<a href="{urls.nextgroup_href(agency, column)}"></a>]]></nextgroup>\n'
        f"<recordset>\n{records}\n</recordset></datastore></script></div>\n"
        f"<script type=\"text/javascript\">$(document).ready(function(){{ $('#{column.colid}')"
        f".jpage({{ dataStore: null, perPage: {urls.HANWEB_PER_PAGE}, "
        f"totalRecord: {len(column.publications)}, groupSize: {urls.HANWEB_GROUP}, "
        f"proxyUrl: '{urls.dataproxy(agency)}' }}); }});</script>"
    )
    main = f'<div class="list-title">{escape(column.name)}</div>\n<div class="list-con">{datastore}</div>'
    side = _side(agency) + hot_links(agency)
    return frame(agency, column.name, _crumbs(agency, column), main, side)


def dataproxy_xml(agency: Agency, column: Column, start: int, end: int) -> str:
    """Records start..end (1-based, inclusive) of the column, newest first."""
    chosen = column.publications[max(start, 1) - 1 : max(end, 0)]
    records = "".join(record(agency, column, pub) for pub in chosen)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<datastore><totalrecord>{len(column.publications)}</totalrecord>"
        f"<recordset>{records}</recordset></datastore>"
    )


def article_page(county: County, agency: Agency, column: Column, pub: Publication) -> str:
    if column.id in MESSAGE_COLUMNS:
        letter = message_html(county.seed, agency, pub)
        main = f'<h1 class="title">{escape(pub.title)}</h1>\n{letter}'
        return frame(agency, pub.title, _crumbs(agency, column), main, "")
    title = escape(pub.title)
    info = (
        '<table border="1" cellpadding="0" cellspacing="0" class="xxgk">'
        f"<tr><td>索引号: {pub.index_no}</td><td>文号: {escape(pub.doc_no)}</td>"
        f"<td>发布机构: {escape(agency.name)}</td></tr>"
        f"<tr><td>生成日期: {pub.created.isoformat()}</td><td>发布日期: {pub.date.isoformat()}</td>"
        "<td>公开方式: 主动公开</td></tr></table>"
    )
    main = (
        f'{info}\n<h1 class="title">{title}</h1>\n'
        f'<div class="article-info">发布日期：{pub.date.isoformat()}　来源：{escape(agency.name)}　'
        '字体：[ <a href="javascript:doZoom(16)">大</a> <a href="javascript:doZoom(14)">中</a> ]</div>\n'
        '<div id="zoom"><!--<$[信息内容]>begin-->'
        f"{body_html(county.seed, agency, pub)}<!--<$[信息内容]>end--></div>"
    )
    meta = _article_meta(agency, column, pub)
    return frame(agency, pub.title, _crumbs(agency, column), main, "", meta)


def _article_meta(agency: Agency, column: Column, pub: Publication) -> str:
    return (
        f'<meta name="ArticleTitle" content="{escape(pub.title)}">\n'
        f'<meta name="PubDate" content="{pub.date.isoformat()} 09:{pub.artid % 60:02d}">\n'
        f'<meta name="ColumnName" content="{escape(column.name)}">\n'
        f'<meta name="ContentSource" content="{escape(agency.name)}">'
    )


def home_page(county: County, agency: Agency) -> str:
    blocks = [_home_block(agency, agency.column(c)) for c in urls.home_columns(agency.kind)]
    if agency.kind == "county":
        blocks.append(_site_directory(county))
    main = '<div class="home">' + "\n".join(blocks) + "</div>"
    crumbs = f'当前位置：<a href="{urls.home(agency)}">首页</a>'
    return frame(agency, "首页", crumbs, main, _side(agency))


def _home_block(agency: Agency, column: Column) -> str:
    items = "".join(
        f'<li><a href="{urls.article(agency, column, pub)}" target="_blank" '
        f'title="{escape(pub.title)}">{escape(cut_title(pub.title))}</a>'
        f"<span>{pub.date.isoformat()}</span></li>"
        for pub in urls.home_block(agency, column)
    )
    more = f'<a class="more" href="{urls.column_page(agency, column)}">更多&gt;&gt;</a>'
    return f'<div class="home-block"><h2>{escape(column.name)}{more}</h2><ul>{items}</ul></div>'


def _site_directory(county: County) -> str:
    links = "".join(
        f'<li><a href="{urls.home(other)}" target="_blank">{escape(other.name)}</a></li>'
        for other in county.agencies
        if other.kind != "county"
    )
    return f'<div class="home-block"><h2>部门乡镇网站</h2><ul class="site-list">{links}</ul></div>'


def simple_page(agency: Agency, title: str, body: str, side: bool = True) -> str:
    crumbs = f'当前位置：<a href="{urls.home(agency)}">首页</a> &gt; {escape(title)}'
    main = f"<h1>{escape(title)}</h1>{body}"
    return frame(agency, title, crumbs, main, _side(agency) if side else "")


def _crumbs(agency: Agency, column: Column) -> str:
    return (
        f'当前位置：<a href="{urls.home(agency)}">首页</a> &gt; '
        f'<a href="{urls.disclosure_index(agency)}">政府信息公开</a> &gt; '
        f'<a href="{urls.column_page(agency, column)}">{escape(column.name)}</a>'
    )


def _side(agency: Agency) -> str:
    links = "".join(
        f'<li><a href="{urls.column_page(agency, column)}">{escape(column.name)}</a></li>'
        for column in agency.disclosure_columns()
    )
    return f'<div class="side"><div class="side-title">政府信息公开</div><ul>{links}</ul></div>'


def frame(
    agency: Agency, title: str, crumbs: str, main: str, side: str = "", meta: str = ""
) -> str:
    nav = "".join(
        f'<li><a href="{urls.column_page(agency, column)}">{escape(column.name)}</a></li>'
        for column in agency.disclosure_columns()
        if column.id in NAV_COLUMNS
    )
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="UTF-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<title>{escape(title)}_{escape(agency.name)}</title>
<meta name="SiteName" content="{escape(agency.name)}">
<meta name="SiteIDCode" content="33112700{agency.webid % 100:02d}">
<meta name="ColumnType" content="信息公开">
{meta}
<link rel="stylesheet" href="/{agency.id}/style/hanweb.css">
<script type="text/javascript" src="/{agency.id}/script/jquery.min.js"></script>
<script type="text/javascript" src="/{agency.id}/script/jpage.js"></script>
</head>
<body>
<div id="hiddenLocation" style="display:none;"><span id="ss_webid">{agency.webid}</span></div>
<div class="header"><div class="logo"><a href="{urls.home(agency)}">{escape(agency.name)}</a></div>
<div class="top-links"><a href="/qx-gov/index.html">{REGION}人民政府门户网站</a> | <a href="javascript:void(0);" class="new_boount">长者模式</a></div></div>
<div class="nav"><ul><li><a href="{urls.home(agency)}">首页</a></li><li><a href="{urls.disclosure_index(agency)}">政府信息公开</a></li>{nav}</ul></div>
<div class="current-position">{crumbs}</div>
<div class="main">{side}<div class="content">
{main}
</div></div>
<div class="footer"><div class="footer-links"><a href="{urls.sitemap(agency)}">网站地图</a> | <a href="{urls.contact(agency)}">联系我们</a> | <a href="/qx-gov/index.html">{REGION}人民政府</a></div>
<p>主办单位：{escape(agency.name)}　承办单位：{REGION}大数据发展中心</p>
<p>网站标识码：33112700{agency.webid % 100:02d}　青ICP备20260{agency.webid:04d}号</p></div>
</body>
</html>
"""
