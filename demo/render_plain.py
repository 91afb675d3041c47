"""The plain static family (TRS-like, GBK-encoded): relative links, 20 items a page,
index.html / index_k.html with 下一页, and an info-disclosure table for document columns."""

from __future__ import annotations

from html import escape

from demo import tree, urls
from demo.bodies import body_html, message_html
from demo.catalog import MESSAGE_COLUMNS
from demo.model import Agency, Column, County, Publication
from demo.roster import REGION
from demo.widgets import hot_links


def page_count(column: Column) -> int:
    return max(1, -(-len(column.publications) // urls.PLAIN_PAGE_SIZE))


def column_page(agency: Agency, column: Column, page: int) -> str:
    size = urls.PLAIN_PAGE_SIZE
    pubs = column.publications[(page - 1) * size : page * size]
    rows = _table(agency, pubs) if column.layout == "table" else _list(pubs)
    if not pubs:
        rows += '\n<p class="empty">暂无信息</p>'
    main = f"{rows}\n{pager(len(column.publications), page, page_count(column))}{hot_links(agency)}"
    root = urls.up(agency, urls.column_page(agency, column, page))
    crumbs = _crumbs(root, escape(column.name), "./index.html")
    return frame(agency, column.name, root, crumbs, main)


def _list(pubs) -> str:
    rows = "\n".join(
        f'<li><a href="{urls.plain_article_href(pub)}" target="_blank" title="{escape(pub.title)}">'
        f'{escape(pub.title)}</a><span class="date">{pub.date.isoformat()}</span></li>'
        for pub in pubs
    )
    return f'<div class="list"><ul>\n{rows}\n</ul></div>'


def _table(agency: Agency, pubs) -> str:
    rows = "\n".join(
        f"<tr><td>{pub.index_no}</td>"
        f'<td><a href="{urls.plain_article_href(pub)}" target="_blank">{escape(pub.title)}</a></td>'
        f"<td>{pub.created.isoformat()}</td><td>{escape(pub.doc_no)}</td></tr>"
        for pub in pubs
    )
    header = "<tr><th>索引号</th><th>名称</th><th>生成日期</th><th>文号</th></tr>"
    return f'<table class="xxgk-list">{header}\n{rows}\n</table>'


def pager(total: int, page: int, pages: int) -> str:
    name = urls.plain_page_name
    links = [f'<a href="{name(1)}">首页</a>']
    if page > 1:
        links.append(f'<a href="{name(page - 1)}">上一页</a>')
    if page < pages:
        links.append(f'<a href="{name(page + 1)}">下一页</a>')
    links.append(f'<a href="{name(pages)}">尾页</a>')
    return f'<div class="page">共{total}条 第{page}/{pages}页 {" ".join(links)}</div>'


def article_page(county: County, agency: Agency, column: Column, pub: Publication) -> str:
    root = urls.up(agency, urls.article(agency, column, pub))
    crumbs = _crumbs(root, escape(column.name), "../index.html")
    if column.id in MESSAGE_COLUMNS:
        letter = message_html(county.seed, agency, pub)
        main = f'<h1 class="title">{escape(pub.title)}</h1>\n{letter}'
        return frame(agency, pub.title, root, crumbs, main)
    info = (
        '<table class="xxgk-info" border="1" cellspacing="0" cellpadding="0">'
        f"<tr><th>索引号：</th><td>{pub.index_no}</td><th>发布机构：</th><td>{escape(agency.name)}</td></tr>"
        f"<tr><th>生成日期：</th><td>{pub.created.isoformat()}</td>"
        f"<th>发布日期：</th><td>{pub.date.isoformat()}</td></tr>"
        f"<tr><th>文号：</th><td>{escape(pub.doc_no)}</td><th>公开方式：</th><td>主动公开</td></tr></table>"
    )
    main = (
        f'{info}\n<h1 class="title">{escape(pub.title)}</h1>\n'
        f'<div class="TRS_Editor">{body_html(county.seed, agency, pub)}</div>'
    )
    return frame(agency, pub.title, root, crumbs, main)


def home_page(agency: Agency) -> str:
    columns = [agency.column(column_id) for column_id in urls.home_columns(agency.kind)]
    blocks = "\n".join(_home_block(agency, column) for column in columns)
    return frame(agency, "首页", "./", '您现在的位置是：<a href="./index.html">首页</a>', blocks)


def _home_block(agency: Agency, column: Column) -> str:
    items = "".join(
        f'<tr><td><a href="./{urls.rel(agency, urls.article(agency, column, pub))}" '
        f'target="_blank">{escape(pub.title)}</a></td><td>{pub.date.isoformat()}</td></tr>'
        for pub in urls.home_block(agency, column)
    )
    more = f'<a href="./{urls.rel(agency, urls.column_page(agency, column))}">更多&gt;&gt;</a>'
    return f'<table class="home-block"><tr><th>{escape(column.name)}</th><th>{more}</th></tr>{items}</table>'


def simple_page(agency: Agency, title: str, body: str) -> str:
    crumbs = _crumbs("../", escape(title), "./index.html")
    return frame(agency, title, "../", crumbs, f"<h1>{escape(title)}</h1>{body}")


def _crumbs(root: str, name: str, href: str) -> str:
    return (
        f'您现在的位置是：<a href="{root}index.html">首页</a>&nbsp;&gt;&gt;&nbsp;'
        f'<a href="{root}xxgk/index.html">信息公开</a>&nbsp;&gt;&gt;&nbsp;<a href="{href}">{name}</a>'
    )


def side_links(agency: Agency, root: str) -> list[tuple[str, str]]:
    """(href, name) of the first-level nodes of the column tree, from a page `root` below
    the site's root folder."""

    def href(column: Column) -> str:
        return root + urls.rel(agency, urls.column_page(agency, column))

    def group_href(node: tree.Node) -> str:
        return root + urls.rel(agency, urls.group_page(agency, node.number))

    return [(tree.node_href(node, href, group_href), node.name) for node in tree.nodes(agency)]


def frame(agency: Agency, title: str, root: str, crumbs: str, main: str) -> str:
    side = "".join(
        f'<tr><td><a href="{href}" target="_self">{escape(name)}</a></td></tr>'
        for href, name in side_links(agency, root)
    )
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{escape(title)}-{escape(agency.name)}</title>
<link href="{root}images/style.css" type="text/css" rel="stylesheet">
</head>
<body>
<table width="1000" border="0" cellspacing="0" cellpadding="0" align="center" id="top">
<tr><td class="logo"><a href="{root}index.html">{escape(agency.name)}</a></td></tr></table>
<table width="1000" border="0" cellspacing="0" cellpadding="0" align="center" id="menu"><tr>
<td><a href="{root}index.html">首页</a></td><td><a href="{root}xxgk/index.html">信息公开</a></td>
<td><a href="/qx-gov/index.html">{REGION}人民政府</a></td><td><a href="{root}lxwm/index.html">联系我们</a></td></tr></table>
<table width="1000" border="0" cellspacing="0" cellpadding="0" align="center" class="mag1"><tr>
<td width="220" valign="top"><table class="gl_left"><tr><td class="side-title">信息公开</td></tr>{side}</table></td>
<td valign="top"><div class="pos">{crumbs}</div>
{main}
</td></tr></table>
<table width="1000" border="0" cellspacing="0" cellpadding="0" align="center" id="down"><tr><td align="center">
主办：{escape(agency.name)}　<a href="{root}wzdt/index.html" target="_blank">网站地图</a><br>
地址：{REGION}人民路{agency.webid % 100 + 1}号　网站标识码：33112700{agency.webid % 100:02d}　青ICP备20260{agency.webid:04d}号
</td></tr></table>
</body>
</html>
"""
