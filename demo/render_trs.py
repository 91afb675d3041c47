"""The TRS WCM classic family (UTF-8): `index.html`, `index_1.html`, … with the pager in an
inline script, `./YYYYMM/tYYYYMMDD_id.html` links, and a horizontal metadata table on
detail pages (a header row of labels, then the row of values).

Two pager scripts, as on real TRS sites: `createPageHTML(countPage, currentPage, "index",
"html")`, or `var currentPage = 0; var countPage = N` with `document.write` links (Ordos
style). Columns of documents list table rows (the date in its own cell); the others list
`<li>` rows with a `<span>` date.
"""

from __future__ import annotations

from html import escape

from demo import urls
from demo.bodies import body_html, message_html
from demo.catalog import MESSAGE_COLUMNS
from demo.model import Agency, Column, County, Publication
from demo.render_plain import side_links
from demo.roster import REGION
from demo.widgets import hot_links

COUNT_PAGE_AGENCIES = frozenset({"qx-scjgj"})  # the var-countPage pager; others createPageHTML


def page_count(column: Column) -> int:
    return max(1, -(-len(column.publications) // urls.TRS_PAGE_SIZE))


def column_page(agency: Agency, column: Column, page: int) -> str:
    size = urls.TRS_PAGE_SIZE
    pubs = column.publications[(page - 1) * size : page * size]
    rows = _table(pubs) if column.layout == "table" else _list(pubs)
    if not pubs:
        rows += '\n<p class="no-data">暂无信息</p>'
    pager = _pager(agency, page - 1, page_count(column))
    main = f'<div class="list-box">{rows}</div>\n<div class="page">{pager}</div>{hot_links(agency)}'
    root = urls.up(agency, urls.column_page(agency, column, page))
    return frame(agency, column.name, root, _crumbs(column, root, "./"), main)


def _list(pubs) -> str:
    rows = "\n".join(
        f'<li><a href="{urls.plain_article_href(pub)}" target="_blank" title="{escape(pub.title)}">'
        f"{escape(pub.title)}</a><span>{pub.date.isoformat()}</span></li>"
        for pub in pubs
    )
    return f'<ul class="list">\n{rows}\n</ul>'


def _table(pubs) -> str:
    rows = "\n".join(
        f'<tr><td class="tit"><a href="{urls.plain_article_href(pub)}" target="_blank">'
        f'{escape(pub.title)}</a></td><td class="date">{pub.date.isoformat()}</td></tr>'
        for pub in pubs
    )
    return f'<table class="gl_list" width="100%">\n{rows}\n</table>'


def _pager(agency: Agency, current: int, count: int) -> str:
    if agency.id not in COUNT_PAGE_AGENCIES:
        return (
            '<script type="text/javascript">\n'
            f'createPageHTML({count}, {current}, "index", "html");\n</script>'
        )
    return f"""<script language="JavaScript" type="text/javascript">
var currentPage = {current};//所在页从0开始
var prevPage = currentPage-1//上一页
var nextPage = currentPage+1//下一页
var countPage = {count}//共多少页
document.write("共计"+"&nbsp;"+"{count}"+"&nbsp;页");
if(countPage>1&&currentPage!=(countPage-1))
document.write("&nbsp;<a href=\\"index"+"_" + nextPage + "."+"html\\">下一页</a>&nbsp;");
else
document.write("&nbsp;下一页&nbsp;");
</script>"""


def article_page(county: County, agency: Agency, column: Column, pub: Publication) -> str:
    root = urls.up(agency, urls.article(agency, column, pub))
    crumbs = _crumbs(column, root, "../")
    if column.id in MESSAGE_COLUMNS:
        main = (f'<div class="detail-title">{escape(pub.title)}</div>\n'
                f"{message_html(county.seed, agency, pub)}")  # fmt: skip
        return frame(agency, pub.title, root, crumbs, main)
    labels = ("索引号", "发布机构", "生成日期", "发布日期", "文号", "主题分类")
    values = (pub.index_no, agency.name, pub.created.isoformat(), pub.date.isoformat(),
              pub.doc_no, column.name)  # fmt: skip
    head = "".join(f"<th>{label}</th>" for label in labels)
    cells = "".join(f"<td>{escape(value)}</td>" for value in values)
    main = (
        f'<table class="xxgk-head" border="1"><tr>{head}</tr><tr>{cells}</tr></table>\n'
        f'<div class="detail-title">{escape(pub.title)}</div>\n'
        f'<div class="detail-info">发布时间：{pub.date.isoformat()}&nbsp;&nbsp;'
        f"来源：{escape(agency.name)}</div>\n"
        f'<div class="TRS_Editor">{body_html(county.seed, agency, pub)}</div>'
    )
    meta = f'<meta name="ArticleTitle" content="{escape(pub.title)}">'
    return frame(agency, pub.title, root, crumbs, main, meta)


def home_page(agency: Agency) -> str:
    columns = [agency.column(column_id) for column_id in urls.home_columns(agency.kind)]
    blocks = "\n".join(_home_block(agency, column) for column in columns)
    return frame(agency, "首页", "./", "当前位置：首页", blocks)


def _home_block(agency: Agency, column: Column) -> str:
    folder = f"./{urls.rel(agency, urls.column_prefix(agency, column))}"
    items = "".join(
        f'<li><a href="{folder}{urls.plain_article_href(pub)[2:]}" target="_blank">'
        f"{escape(pub.title)}</a><span>{pub.date.isoformat()}</span></li>"
        for pub in urls.home_block(agency, column)
    )
    more = f'<a class="more" href="{folder}index.html">更多</a>'
    return f'<div class="home-block"><h3>{escape(column.name)}{more}</h3><ul>{items}</ul></div>'


def simple_page(agency: Agency, title: str, body: str) -> str:
    crumbs = f'当前位置：<a href="../index.html">首页</a> &gt; {escape(title)}'
    return frame(agency, title, "../", crumbs, f"<h1>{escape(title)}</h1>{body}")


def _crumbs(column: Column, root: str, folder: str) -> str:
    """From a page `root` below the site's root; `folder`: up to the column's folder."""
    return (
        f'当前位置：<a href="{root}index.html">首页</a> &gt; '
        f'<a href="{root}xxgk/index.html">信息公开</a> &gt; '
        f'<a href="{folder}index.html">{escape(column.name)}</a>'
    )


def frame(agency: Agency, title: str, root: str, crumbs: str, main: str, meta: str = "") -> str:
    side = "".join(
        f'<li><a href="{href}">{escape(name)}</a></li>' for href, name in side_links(agency, root)
    )
    return f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{escape(title)}_{escape(agency.name)}</title>
<meta name="SiteName" content="{escape(agency.name)}">
{meta}
<link rel="stylesheet" href="{root}images/style.css">
</head>
<body>
<div class="top"><a href="{root}index.html">{escape(agency.name)}</a></div>
<div class="nav"><a href="{root}index.html">首页</a> <a href="{root}xxgk/index.html">信息公开</a>
<a href="/qx-gov/index.html">{REGION}人民政府</a> <a href="{root}lxwm/index.html">联系我们</a></div>
<div class="position">{crumbs}</div>
<div class="main"><div class="left"><h3>信息公开目录</h3><ul>{side}</ul></div>
<div class="right">
{main}
</div></div>
<div class="footer">主办：{escape(agency.name)}　<a href="{root}wzdt/index.html">网站地图</a>
网站标识码：33112700{agency.webid % 100:02d}　青ICP备20260{agency.webid:04d}号</div>
</body>
</html>
"""
