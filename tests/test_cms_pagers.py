"""Next pages read from what a page shows: numbered pager links, 下一页 links handing a URL to a
script, an ETUI pager's callBack URL, a literal if/else script; never a guessed page."""

from __future__ import annotations

from crawler.cms import jsvalues
from crawler.cms.base import NextRequest, Page
from crawler.cms.etui import EtuiListParser
from crawler.extract import extract

URL = "http://qx.gov.cn/xxgk/tzgg/list.html"
ROWS = "".join(
    f'<li><a href="/art/2026/11/{day}/art_{day}.html">青溪县关于做好第{day}批重点工作的通知</a>'
    f"<span>2026-11-{day:02d}</span></li>"
    for day in range(1, 9)
)


def listing(pager: str):
    return extract(Page(URL, f"<html><body><ul class='list'>{ROWS}</ul>{pager}</body></html>"))


def test_the_link_numbered_after_the_current_page_is_next():
    pager = """<div class="pagination"><a href="list.html">1</a><span class="current">2</span>
    <a href="list_3.html">3</a><a href="list_4.html">4</a></div>"""
    assert listing(pager).next == [
        NextRequest("http://qx.gov.cn/xxgk/tzgg/list_3.html", page_number=3)
    ]


def test_numbers_outside_a_pager_box_or_without_a_current_page_are_no_pager():
    assert listing('<div class="nums"><b>1</b><a href="list_2.html">2</a></div>').next == []
    assert (
        listing('<div class="page"><a href="a.html">1</a><a href="b.html">2</a></div>').next == []
    )


def test_a_next_link_handing_a_url_to_a_script_is_followed():
    pager = (
        """<div class="page">第1/5页 <a href="javascript:goPage('list_2.html')">下一页</a></div>"""
    )
    (found,) = listing(pager).next
    assert (found.url, found.page_number) == ("http://qx.gov.cn/xxgk/tzgg/list_2.html", 2)


def test_a_script_next_link_naming_no_url_is_not_a_page():
    pager = '<div class="page">第5/5页 <a href="javascript:void(0);">下一页</a></div>'
    assert listing(pager).next == []
    assert listing('<div class="page"><a href="javascript:next()">下一页</a></div>').next == []


def test_a_list_without_any_pager_names_no_page():
    assert listing("").next == []


def test_the_etui_pager_builds_its_url_as_its_callback_does():
    text = f"""<ul class="uli16">{ROWS.replace("<span>", '<span class="time">')}</ul>
<script>$(".pagination").pagination({{ totalPage: 9, callBack: function (currPage) {{
  var i=currPage; if(i==1) location.href='list.shtml'; else location.href='list_'+i+'.shtml';
}} }});</script>"""
    (found,) = EtuiListParser().parse(Page(URL, text)).next
    assert (found.url, found.page_number) == ("http://qx.gov.cn/xxgk/tzgg/list_2.shtml", 2)


def test_literal_branches_are_decided_as_the_browser_would():
    script = jsvalues.page_script("""<script>
    var sql = "default";  // sql = "in a comment"
    if ('通知公告' == '政策文件') { sql = "policies"; }
    else if ("通知公告" === '通知公告') { sql = "" || "chnlid=7"; }
    else { sql = "other"; }
    var Info = { id: 'x' + 1, searchId: 42 };
    </script>""")
    assert jsvalues.resolve("sql", script) == "chnlid=7"
    assert jsvalues.resolve("Info.searchId", script) == "42"
    assert jsvalues.resolve("Info.id", script) is None  # computed: unknown, never guessed
    assert jsvalues.resolve("missing || 'b'", script) is None
