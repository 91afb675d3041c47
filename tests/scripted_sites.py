"""List pages whose rows or pager live in scripts, modelled on real county sites, and a local
HTTP server that logs every request it gets (GET and POST, with the form).

- a component CMS list with a reverse-numbered `writePaging()` pager (page 2 of 199 is
  `index_958_198.html`), its later pages served as list fragments;
- a TRS "trt" 动静结合 list whose records are all in its static groups (no page 2 file);
- a TRS "trt" list whose rows come only from `POST /fjdzapp/search` (JSON answers);
- a Hanweb column without `<datastore>`, read by jpage.js from `dataproxy.jsp`;
- a Vue list of an unknown CMS, and the dataproxy / list API answers.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlsplit

from county import ServedInThread

HTML = "text/html; charset=utf-8"


def titles(prefix: str, count: int, newest: date) -> list[tuple[str, date, int]]:
    """(title, date, id) of `count` publications, newest first, one a day."""
    return [
        (f"{prefix}关于做好第{i + 1}批重点工作的通知", newest - timedelta(days=i), 9000 - i)
        for i in range(count)
    ]


def frame(title: str, body: str, script: str = "") -> str:
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head>
<body><div class="nav"><a href="/">首页</a> <a href="/zwgk/">政务公开</a></div>
{body}<script>{script}</script></body></html>"""


# --- component CMS with a reverse pager --------------------------------------------------


def component_rows(rows) -> str:
    return "<ul>\n" + "".join(
        f'<li><span>[{day.isoformat()}]</span><a href="../../n3/n13/c{art}/content.html" '
        f"class=\"lst_bg02\" target='_blank'>{title}</a></li>\n"
        for title, day, art in rows
    ) + "</ul>"  # fmt: skip


def component_page(rows, pages: int) -> str:
    """The column's own page: its rows, and the script writing a pager counting down."""
    hidden = "".join(f"<a href='../../n3/n13/index_958_{n}.html'></a>" for n in range(1, pages))
    script = f"""
  var purl="../../n3/n13/index_958"
  function goPub(uu){{ jQuery("#comp_958").load(uu, writePaging); }}
  function createUrl(pName){{
    var uu = purl+"_"+pName+".html";
    return "javascript:pageName="+pName+";goPub('"+uu+"')";
  }}
  function writePaging(){{
    var sss="";
    if (pageName==0) pageName=maxPageNum;
    if (pageName<maxPageNum){{ url=createUrl(pageName+1);
      sss += "<a href="+ url+ ">上页</a>&nbsp;"; }}
    if (pageName>1){{ url=createUrl(pageName-1);
      sss += "<a href="+ url+ ">下页</a>&nbsp;"; }}
    document.getElementById("pag_958").innerHTML=sss;
  }}
  var maxPageNum=0;
  maxPageNum = {pages};
  if (maxPageNum>1) {{ pageName = 0; writePaging(); }}
"""
    body = (
        f'<!--start component 内容全集--><div id="comp_958">{component_rows(rows)}</div>'
        f'<div class="page" id="pag_958"></div><div style="display:none">{hidden}</div>'
        "<!--end component-->"
    )
    return frame("丰城新闻", body, script)


# --- TRS trt (avalon) ---------------------------------------------------------------------

SITE_INFO = "var SiteInfo = { itpSiteId: 21, searchId: 200210, defaultPgTemp: 'pgBar.html' };"


def avalon_static_page(rows, per_page: int = 15) -> str:
    """动静结合: every record in `$showStatic(n)` groups of five, the rest of the page script."""
    groups = ""
    for start in range(0, len(rows), 5):
        items = "".join(
            f'<li><a href="./{day:%Y%m}/t{day:%Y%m%d}_{art}.htm" title="{title}">{title}</a>'
            f'<span class="bf-pass">{day.isoformat()}</span></li>'
            for title, day, art in rows[start : start + 5]
        )
        groups += f'<div ms-visible="$showStatic({start + 1})"><ul>{items}</ul></div>'
    templates = (
        '<div ms-visible="!showStatic"><ul><li ms-repeat="list">'
        '<a ms-attr-href="el.chnldocurl" ms-attr-title="el.doctitle">{{el.doctitle}}</a>'
        "<span>{{el.docreltime}}</span></li></ul></div>"
    )
    script = f"""{SITE_INFO}
var pageChnlInfo = {{ quickMode:"动静结合", maxStaticIndex: 5, classsql: "" || "chnlid=415",
  recordCount:'{len(rows)}', sortfield:'-docorderpri,-docreltime', prepage:{per_page} }}
require(['list2.trsapi'], function(listModel) {{
  listModel({{ quickMode: pageChnlInfo.quickMode, maxStaticIndex: pageChnlInfo.maxStaticIndex,
    listArgs: {{ channelid: SiteInfo.searchId, classsql: pageChnlInfo.classsql,
      sortfield: pageChnlInfo.sortfield||'-docorderpri,-docreltime' }},
    listApi: {{ url: "/fjdzapp/search" }},
    pagebar: {{ recordCount: pageChnlInfo.recordCount, prepage: pageChnlInfo.prepage||15 }} }});
}});"""
    body = f'<div ms-visible="showStatic">{groups}</div>{templates}'
    return frame("政府机构", body, script)


def trt_dynamic_page(channel: str, api: str = "", runtime_classsql: bool = False) -> str:
    """quickMode 动态: no rows in the HTML, the API arguments in the script."""
    classsql = "$('#chnl').data('sql')" if runtime_classsql else '"" || "chnlid=1429"'
    api_option = f'listApi: {{ url: "{api}" }},' if api else ""
    script = f"""{SITE_INFO}
require(["tools", "jquery", "list2.trsapi"], function (tools, $, listModel) {{
  var classsql = "(parentid,chnlid+=1823,1846)";
  if ('{channel}' == '管委会文件') {{
  }} else if ('{channel}' == '行政规范性文件库') {{
    classsql = "chnlid=1882*efftype=02,03";
  }} else {{
    classsql = {classsql};
  }}
  // listModel({{ listArgs: {{ classsql: "chnlid=1" }} }}) was the old call
  var list = listModel({{ quickMode: "动态",
    listArgs: {{ channelid: SiteInfo.searchId, classsql: classsql, sortfield: "-pubdate" }},
    {api_option}
    pagebar: {{ pgTemp: "pgBar_xxgk.html", prepage: 10, displayNum: 2 }} }});
}});"""
    body = """<div class="rules_tabs"><dl><dt>序号</dt><dt>标题</dt><dt>发文字号</dt>
<dt>生成日期</dt><dt>发布日期</dt></dl>
<dl ms-repeat="list"><dd ms-text="$index+1"></dd><dd><a ms-attr-href="el.chnldocurl"
 ms-attr-title="el.doctitle" ms-text="el.doctitle|html"></a></dd><dd ms-text="el.fileno"></dd>
<dd ms-text="el.pubdate|date('yyyy-MM-dd')"></dd><dd ms-text="el.docreltime"></dd></dl></div>
<ul class="menu"><li ms-repeat="helps.fileNoItems"><a href="javascript:void(0);"
 ms-text="el.name">岚综管办</a></li></ul>"""
    return frame(channel, body, script)


def trt_answer(base: str, rows, page: int, per_page: int) -> str:
    """The list API's JSON for `page`; dates as the API sends them (time, or epoch ms)."""
    chosen = rows[(page - 1) * per_page : page * per_page]
    data = [
        {
            "doctitle": f"<em>{title}</em>" if i == 0 else title,
            "chnldocurl": f"{base}/zwgk/gzdt/{day:%Y%m}/t{day:%Y%m%d}_{art}.htm",
            "docreltime": f"{day.isoformat()} 09:30:00" if i % 2 == 0 else _epoch_ms(day),
            "pubdate": f"{(day - timedelta(days=3)).isoformat()} 00:00:00",
            "fileno": "",
        }
        for i, (title, day, art) in enumerate(chosen)
    ]
    pages = -(-len(rows) // per_page)
    return json.dumps({"pageCount": pages, "recordCount": len(rows), "data": data})


def _epoch_ms(day: date) -> int:
    """10:00 in China on `day`, as milliseconds since the epoch."""
    return int((day - date(1970, 1, 1)).total_seconds() * 1000) + 2 * 3600 * 1000


# --- Hanweb without a datastore -----------------------------------------------------------


def hanweb_script_page(site: str, colid: int, total: int | None, link_only: bool = False) -> str:
    """A column page whose records jpage.js fetches: the proxy and form in its jpage call, or
    only in a dataproxy link."""
    proxy = f"/{site}/module/web/jpage/dataproxy.jsp"
    if link_only:
        query = f"page=1&appid=1&webid=3&path=/&columnid={colid}&unitid=88&permissiontype=0"
        script = f"var dataUrl = '{proxy}?{query}'; $('#div{colid}').load(dataUrl);"
    else:
        total_option = f"totalRecord: {total}," if total is not None else ""
        script = f"""$(document).ready(function(){{ $('#div{colid}').jpage({{
  dataStore: null, perPage: 15, groupSize: 3, {total_option}
  proxyUrl: '{proxy}',
  ajaxParam: {{ col: 1, appid: 1, webid: 3, path: '/', columnid: {colid},
    sourceContentType: 1, unitid: 88, webname: '青溪县', permissiontype: 0 }}
}}); }});"""
    return frame("通知公告", f'<div class="list-title">通知公告</div><div id="div{colid}"></div>',
                 script)  # fmt: skip


def hanweb_answer(site: str, colid: int, rows, start: int, end: int) -> str:
    records = "".join(
        f'<record><![CDATA[<li><a href="/{site}/art/{day.year}/{day.month}/{day.day}/'
        f'art_{colid}_{art}.html" title="{title}">{title}</a><b>{day.isoformat()}</b></li>]]>'
        "</record>"
        for title, day, art in rows[start - 1 : end]
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<datastore>'
        f"<totalrecord>{len(rows)}</totalrecord><recordset>{records}</recordset></datastore>"
    )


# --- an unknown CMS rendering its list with Vue -------------------------------------------


def vue_page() -> str:
    body = """<div id="app"><ul class="news-list">
<li v-for="item in list" :key="item.id"><a :href="item.url" target="_blank">{{ item.title }}</a>
<span>{{ item.date }}</span></li></ul>
<div class="search"><a v-for="w in hotWords" href="javascript:;">{{ w }}</a></div></div>"""
    script = "new Vue({ el: '#app', data: { list: [] }, mounted() { this.load(); } });"
    return frame("工作动态", body, script)


# --- the server ---------------------------------------------------------------------------


class LoggingHandler(BaseHTTPRequestHandler):
    """Serves `server.routes` (path → (type, bytes) or a status) and `server.posts` (path →
    function of the form and query → (type, text) or a status); logs every request."""

    # Keep-alive as the crawler expects: an HTTP/1.0 server closing a pooled connection
    # races the crawler's next request on it (ResponseNeverReceived, no retries here).
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        path = urlsplit(self.path).path
        self.server.log.append(("GET", self.path, {}))
        self.answer(self.server.routes.get(path))

    def do_POST(self):
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length", 0))
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
        self.server.log.append(("POST", self.path, form))
        handler = self.server.posts.get(parts.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        self.answer(handler(form, query) if handler else None)

    def answer(self, route) -> None:
        if route is None or isinstance(route, int):
            self.send_error(route or 404)
            return
        content_type, body = route
        body = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class LoggingServer(ServedInThread):
    """A site on 127.0.0.1:0, on its own thread for the length of a `with` block."""

    daemon_threads = True
    request_queue_size = 128  # the crawl opens many connections at once; 5 would refuse some

    def __init__(self):
        super().__init__(("127.0.0.1", 0), LoggingHandler)
        self.routes: dict = {}
        self.posts: dict = {}
        self.log: list[tuple[str, str, dict]] = []

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def requested(self, method: str | None = None) -> list[str]:
        return [path for verb, path, _ in self.log if method in (None, verb)]
