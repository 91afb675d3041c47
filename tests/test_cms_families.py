"""Each CMS family parser on its real corpus page, plus layouts the corpus lacks.

Expected values were read off the saved pages (the visible list), not from parser output.
"""

from __future__ import annotations

from datetime import date

import pytest

from crawler.cms.avalon import AvalonListParser
from crawler.cms.base import NextRequest, Page, detect
from crawler.cms.etui import EtuiListParser
from crawler.cms.generic import GenericListParser
from crawler.cms.trs import TrsListParser
from crawler.extract import extract, load_page

ORDOS = "http://www.ordos.gov.cn/egb/xxgk/xxgknb/"
ETUI = "https://wsjkw.sh.gov.cn/yqtb/index.html"
PINGTAN = "https://www.pingtan.gov.cn/zwgk/ghxx/ztgh/"
OVERVIEW = "https://www.pingtan.gov.cn/zwgk/zfxxgk/dfbmptlj/ggqsydw/"


def corpus_page(corpus, name: str, url: str) -> Page:
    return load_page(corpus / "pages" / f"{name}.html", url=url)


def triples(listpage) -> list[tuple]:
    return [(i.title, i.date, i.href) for i in listpage.items]


# --- TRS WCM classic ---------------------------------------------------------------------


@pytest.fixture
def ordos(corpus) -> Page:
    return corpus_page(corpus, "list_ordos_egb_xxgknb_trs_table", ORDOS)


def test_trs_table_rows(ordos):
    assert isinstance(detect(ordos), TrsListParser)
    found = TrsListParser().parse(ordos)
    assert len(found.items) == 10
    assert triples(found)[0] == (
        "鄂尔多斯市2019年政府信息公开工作年度报告",
        date(2020, 9, 3),
        ORDOS + "202009/t20200903_2748784.html",
    )
    assert triples(found)[-1] == (
        "2016，恩格贝，精彩继续！",
        date(2017, 1, 7),
        ORDOS + "201802/t20180205_2082017.html",
    )


def test_trs_date_is_the_shown_one_not_the_url_month(ordos):
    items = {
        i.href.rsplit("/", 2)[-2] + "/" + i.href.rsplit("/", 1)[-1]: i for i in extract(ordos).items
    }
    assert items["201811/t20181102_2290635.html"].date == date(2018, 3, 26)


def test_trs_left_menu_and_pager_links_are_not_items(ordos):
    titles = {i.title for i in extract(ordos).items}
    assert not titles & {"信息公开规定", "信息公开年报", "首页", "下一页", "尾页", "2"}


def test_trs_next_page_counts_from_zero(ordos):
    assert TrsListParser().parse(ordos).next == [NextRequest(ORDOS + "index_1.html", page_number=2)]
    last = Page(ORDOS + "index_1.html", ordos.text)
    assert TrsListParser().parse(last).next == []


TRS_LI = """<html><body><div class="nav"><ul><li><a href="../">首页</a></li>
<li><a href="../tzgg/">通知公告</a></li><li><a href="../zcwj/">政策文件</a></li></ul></div>
<ul class="list">
<li><img src="zd.gif" alt="置顶"><a href="./201901/t20190105_11.html">关于做好2019年春节期间安全工作的通知</a><span>2019-01-05</span></li>
<li><a href="./202103/t20210302_21.html" title="青溪县2021年政府信息公开工作要点全文">青溪县2021年政府信息公开工作要...</a><span>03-02</span></li>
<li><a href="http://www.other.gov.cn/art/2021/2/26/art_1_2.html">市政府关于公布行政许可事项清单的通知</a><span>02-26</span></li>
<li><a href="javascript:void(0)">暂无内容</a><span>02-20</span></li>
<li><a href="./202012/t20201230_19.html">青溪县2020年度重点民生实事完成情况公示</a><span>2020-12-30</span></li>
</ul>
<div class="page"><script>createPageHTML(3, 1, "index", "shtml");</script></div>
</body></html>"""


def test_trs_li_rows_with_create_page_html():
    page = Page("http://qx.gov.cn/xxgk/tzgg/index_1.shtml", TRS_LI)
    assert isinstance(detect(page), TrsListParser)
    found = TrsListParser().parse(page)
    assert triples(found) == [
        (
            "关于做好2019年春节期间安全工作的通知",
            date(2019, 1, 5),
            "http://qx.gov.cn/xxgk/tzgg/201901/t20190105_11.html",
        ),
        (
            "青溪县2021年政府信息公开工作要点全文",
            date(2021, 3, 2),
            "http://qx.gov.cn/xxgk/tzgg/202103/t20210302_21.html",
        ),
        (
            "市政府关于公布行政许可事项清单的通知",
            date(2021, 2, 26),
            "http://www.other.gov.cn/art/2021/2/26/art_1_2.html",
        ),
        (
            "青溪县2020年度重点民生实事完成情况公示",
            date(2020, 12, 30),
            "http://qx.gov.cn/xxgk/tzgg/202012/t20201230_19.html",
        ),
    ]
    assert found.next == [NextRequest("http://qx.gov.cn/xxgk/tzgg/index_2.shtml", page_number=3)]


# --- Shanghai ETUI -----------------------------------------------------------------------


@pytest.fixture
def etui(corpus) -> Page:
    return corpus_page(corpus, "list_sh_wsjkw_yqtb_etui", ETUI)


def test_etui_rows(etui):
    assert isinstance(detect(etui), EtuiListParser)
    items = EtuiListParser().parse(etui).items
    assert len(items) == 20
    assert triples(EtuiListParser().parse(etui))[0] == (
        "4月26日（0-24时）本市各区确诊病例、无症状感染者居住地信息",
        date(2022, 4, 27),
        "https://mp.weixin.qq.com/s/SIuDbITNdgWwYyM3eiyrgg",
    )
    internal = [i for i in items if "wsjkw.sh.gov.cn" in i.href]
    assert len(internal) == 9
    assert (
        internal[0].href
        == "https://wsjkw.sh.gov.cn/xwfb/20220426/d4d847dcf3f64fcab102cf5a65656891.html"
    )
    assert internal[0].date == date(2022, 4, 26)
    assert "疫情通报" not in {i.title for i in items}  # the column heading link


def test_etui_next_page_counts_from_one(etui):
    assert EtuiListParser().parse(etui).next == [
        NextRequest("https://wsjkw.sh.gov.cn/yqtb/index_2.html", page_number=2)
    ]
    last = Page(
        ETUI.replace("index.html", "index_54.html"),
        etui.text.replace('"setPage",1,54', '"setPage",54,54'),
    )
    assert EtuiListParser().parse(last).next == []


# --- TRS + avalon 动静结合 ------------------------------------------------------------------


@pytest.fixture
def avalon(corpus) -> Page:
    return corpus_page(corpus, "list_pingtan_ztgh_trs_avalon", PINGTAN)


def test_avalon_static_groups_only(avalon):
    assert isinstance(detect(avalon), AvalonListParser)
    found = AvalonListParser().parse(avalon)
    assert len(found.items) == 11  # 5 + 5 + 1 static records; templates left out
    assert all(i.href.startswith(PINGTAN) and i.href.endswith(".htm") for i in found.items)
    assert triples(found)[2] == (
        "平潭综合实验区管委会关于印发《平潭综合实验区“十四五”社会事业发展专项规划》的通知",
        date(2022, 11, 13),  # the URL says 2023-12-14: the shown date wins
        PINGTAN + "202312/t20231214_83258.htm",
    )
    assert found.next == []  # recordCount 11 <= prepage 15


def test_avalon_paging_static_then_api(avalon):
    """Records past the static groups come from the list API; no static page is guessed."""
    text = avalon.text.replace("recordCount:'11'", "recordCount:'100'")
    first = AvalonListParser().parse(Page(PINGTAN, text)).next
    assert len(first) == 1 and first[0].method == "POST"
    assert first[0].url == "https://www.pingtan.gov.cn/fjdzapp/search"
    form = dict(first[0].formdata)
    assert form["page"] == "1" and form["prepage"] == "15"  # record 12 is on page 1
    assert form["channelid"] == "200210" and form["classsql"] == "chnlid=629"


# --- generic: directory overview, homepages ----------------------------------------------


def test_overview_of_unit_directories_yields_no_items(corpus):
    page = corpus_page(corpus, "list_pingtan_ggqsydw_overview_multidate", OVERVIEW)
    assert isinstance(detect(page), GenericListParser)
    found = extract(page)
    assert found.items == [] and found.next == []


@pytest.fixture
def homepage(corpus):
    def load(name: str, site: str):
        return extract(corpus_page(corpus, name, f"http://{site}/"))

    return load


def test_tabbed_procurement_lists_include_inactive_panels(homepage):
    found = homepage("home_bgpc", "www.bgpc.gov.cn")
    items = {i.href.rsplit("/", 1)[-1]: i for i in found.items}
    assert found.parser == "generic" and len(found.items) == 53
    assert items["5975"].title.startswith("中国国际贸易促进委员会北京市分会2018第二十一届科博会")
    assert items["5975"].date == date(2018, 3, 1)  # 废标公告, a tab hidden without script
    assert (
        items["6002"].title == "大兴区2018—2020年度政府采购人寿保险服务定点服务商邀请函"
    )  # no 通知：
    assert not {"首页", "招标公告", "废标公告"} & {i.title for i in found.items}


def test_empty_links_take_their_hidden_ins_title(homepage):
    found = homepage("home_jiangsu", "www.jiangsu.gov.cn")
    titles = {i.title for i in found.items}
    assert "江苏代表团举行全体会议一致表示 更加紧..." in titles  # the anchor itself is empty
    assert "建议主管部门对江苏省特种设备作业人员考试加强管理" in titles  # 【详情】 dropped
    assert not {"[查看详细]", "我也要说句话", "回顾"} & titles
    assert not any(i.title.endswith("（征求意见稿...") for i in found.items)  # a cut copy


def test_labelled_title_attributes_and_bracketed_dates(homepage):
    found = homepage("home_alt", "www.alt.gov.cn")
    by_id = {(i.href.rsplit("=", 1)[-1], i.date): i.title for i in found.items}
    assert by_id[("130466", date(2018, 3, 22))] == "阿勒泰市：“我们老百姓的生活会越来越美好”"
    assert by_id[("130274", None)] == "张岩在阿勒泰市红墩镇多拉特村参加党支部组织生活会"
    assert not any("ArticleList" in i.href or "SurVey" in i.href for i in found.items)


def test_month_day_dates_and_carousel_captions(homepage):
    found = homepage("home_bjrbj", "www.bjrbj.gov.cn")
    dated = {i.title: i.date for i in found.items if i.date_text == "03-14"}
    assert dated == {
        "“2018年北京地区毕业生就业服务月暨公共就业和人才服务进校园活动”将于近日举办": date(
            2018, 3, 14
        )
    }
    assert not any("/sytp/" in i.href or "/tpxw/" in i.href for i in found.items)


def test_two_item_tab_panels_and_category_labels(homepage):
    found = homepage("home_hangzhou", "www.hangzhou.gov.cn")
    titles = [i.title for i in found.items]
    assert "杭州市人民政府关于陈周斌等同志职务任免的通知" in titles  # hidden 人事任免 tab, 2 items
    assert "赵一德会见万科集团客人" in titles  # shown after a [会议] label
    assert not any(t.startswith("[") for t in titles)


# --- generic on an unknown layout ----------------------------------------------------------

UNKNOWN = """<html><head><style>.hide{display:none}</style></head><body>
<div id="header"><ul class="menu"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>
<li><a href="/bsfw/">办事服务</a></li><li><a href="/hdjl/">互动交流</a></li></ul></div>
<div class="banner-slide"><ul>
<li><a href="/art/2021/3/1/art_9_1.html">县委召开全体会议部署全年重点工作任务</a></li>
<li><a href="/art/2021/3/2/art_9_2.html">县政府召开常务会议研究乡村振兴工作</a></li>
<li><a href="/art/2021/3/3/art_9_3.html">青溪县开展春季植树造林活动纪实报道</a></li></ul></div>
<div class="box"><h3>通知公告 <a href="/tzgg/">更多&gt;&gt;</a></h3>
<ul class="news">
<li><span class="top">置顶</span><a href="/tzgg/2019/art_1.html">青溪县政府信息公开指南（2019年修订）</a>[2019-05-01]</li>
<li><a href="/tzgg/2021/art_3.html" title="关于2021年度县级部门预算公开情况的通报">关于2021年度县级部门预算公开...</a>[03-02]</li>
<li><a href=/tzgg/show.jsp?id=2&notice=1>青溪县2021年第一季度政府网站检查情况通报</a>[01-06]</li>
<li><a href="/tzgg/2020/art_1.html">关于做好2021年元旦春节期间有关工作的通知</a>[12-28]</li>
<li><a href="javascript:void(0);">青溪县占位条目不应出现在结果里面</a>[12-01]</li>
<!-- <li><a href="/tzgg/old.html">已经注释掉的旧条目也不应出现</a>[2018-01-01]</li> -->
</ul>
<ul class="news hide">
<li><a href="/zcwj/2020/art_9.html">青溪县人民政府关于印发2020年度重点工作任务分解的通知</a>[2020-12-20]</li>
<li><a href="/zcwj/2020/art_8.html">青溪县人民政府办公室关于加强行政规范性文件管理的通知</a>[2020-11-02]</li>
<li ms-repeat="list"><a ms-attr-href="el.url" href="{{el.url}}">{{el.title}}</a>[{{el.date}}]</li>
</ul></div>
<div class="page">共3页 <a href="index.html">首页</a> <a href="index_2.html">下一页</a> <a href="index_3.html">尾页</a></div>
<div class="yqlj">友情链接：<ul><li><a href="http://www.gov.cn/">中国政府网</a></li>
<li><a href="http://www.zj.gov.cn/">浙江省人民政府</a></li><li><a href="http://www.hz.gov.cn/">杭州市人民政府</a></li></ul></div>
<div class="footer"><a href="/about/">关于我们</a> <a href="/map/">网站地图</a> <a href="/contact/">联系我们</a></div>
</body></html>"""


def test_generic_finds_the_lists_and_nothing_else():
    page = Page("http://qx.gov.cn/xxgk/index.html", UNKNOWN)
    assert isinstance(detect(page), GenericListParser)
    found = GenericListParser().parse(page)
    assert [(i.title, i.date) for i in found.items] == [
        ("青溪县政府信息公开指南（2019年修订）", date(2019, 5, 1)),
        ("关于2021年度县级部门预算公开情况的通报", date(2021, 3, 2)),
        ("青溪县2021年第一季度政府网站检查情况通报", date(2021, 1, 6)),
        ("关于做好2021年元旦春节期间有关工作的通知", date(2020, 12, 28)),
        ("青溪县人民政府关于印发2020年度重点工作任务分解的通知", date(2020, 12, 20)),
        ("青溪县人民政府办公室关于加强行政规范性文件管理的通知", date(2020, 11, 2)),
    ]
    assert found.items[0].href == "http://qx.gov.cn/tzgg/2019/art_1.html"
    assert found.items[2].href == "http://qx.gov.cn/tzgg/show.jsp?id=2&notice=1"  # no &not; → ¬
    assert found.next == [NextRequest("http://qx.gov.cn/xxgk/index_2.html")]


# --- information-disclosure tables -----------------------------------------------------------

TABLE = """<html><body><table class="xxgk"><tr><th>索引号</th><th>名称</th><th>生成日期</th><th>文号</th></tr>
<tr><td>QX-2021-0012</td><td><a href="./202103/t20210305_12.html" title="青溪县人民政府关于公布2021年行政许可事项目录的通知">青溪县人民政府关于公布2021年行政许可...</a></td><td>2021-03-05</td><td>青政发〔2021〕3号</td></tr>
<tr><td>QX-2021-0011</td><td><a href="./202102/t20210220_11.html">青溪县2020年政府信息公开工作年度报告</a></td><td>2021-02-20</td><td></td></tr>
</table><div class="page"><a href="index_1.html">下一页</a></div></body></html>"""

GRID = """<html><body><ul class="gk-list">
<li class="head"><span>序号</span><span>索取号</span><span>标题</span><span>发文字号</span><span>成文日期</span><span>发布日期</span></li>
<li><span>1</span><span>QX-2021-0012</span><span><a href="/a/12.html">关于印发青溪县2021年政务公开工作要点的通知</a></span><span>青政办〔2021〕5号</span><span>2021-03-01</span><span>2021-03-09</span></li>
<li><span>2</span><span>QX-2021-0010</span><span><a href="/a/10.html">青溪县2021年部门预算公开说明</a></span><span></span><span>2021-01-28</span><span>2021-02-03</span></li>
</ul></body></html>"""


def test_info_table_in_table_markup():
    from crawler.cms.infotable import InfoTableParser

    page = Page("http://qx.gov.cn/xxgk/gkml/", TABLE)
    found = InfoTableParser().parse(page)
    assert triples(found) == [
        (
            "青溪县人民政府关于公布2021年行政许可事项目录的通知",
            date(2021, 3, 5),
            "http://qx.gov.cn/xxgk/gkml/202103/t20210305_12.html",
        ),
        (
            "青溪县2020年政府信息公开工作年度报告",
            date(2021, 2, 20),
            "http://qx.gov.cn/xxgk/gkml/202102/t20210220_11.html",
        ),
    ]
    assert found.next == [NextRequest("http://qx.gov.cn/xxgk/gkml/index_1.html")]


def test_info_table_in_list_markup_prefers_the_publish_date():
    from crawler.cms.infotable import InfoTableParser

    page = Page("http://qx.gov.cn/xxgk/", GRID)
    assert isinstance(detect(page), InfoTableParser)
    assert triples(InfoTableParser().parse(page)) == [
        (
            "关于印发青溪县2021年政务公开工作要点的通知",
            date(2021, 3, 9),
            "http://qx.gov.cn/a/12.html",
        ),
        ("青溪县2021年部门预算公开说明", date(2021, 2, 3), "http://qx.gov.cn/a/10.html"),
    ]


# --- configured selectors --------------------------------------------------------------------

ODD = """<html><body><div class="wrap">
<div class="row"><p class="t"><a href="doc-3.html">青溪县关于征集2021年民生实事项目的公告</a></p><em>01-05</em></div>
<div class="row"><p class="t"><a href="doc-2.html" title="青溪县2020年法治政府建设情况报告全文">青溪县2020年法治政府建设...</a></p><em>12-30</em></div>
<div class="row"><p class="t"><a href="doc-1.html">青溪县2020年第四季度重点工作督查通报</a></p><em>2020-12-15</em></div>
</div><div class="pg"><a class="nx" href="?p=2">后面</a></div></body></html>"""


@pytest.mark.parametrize(
    "spec",
    [
        {
            "item": "div.row",
            "title": "p.t a",
            "href": "p.t a::attr(href)",
            "date": "em",
            "next": "a.nx",
        },
        {
            "item": "//div[@class='row']",
            "title": ".//a",
            "href": ".//a/@href",
            "date": "./em/text()",
            "next": "//a[@class='nx']/@href",
        },
    ],
)
def test_selector_parser_css_and_xpath(spec):
    from crawler.cms.selectors import SelectorParser
    from crawler.config import Selectors

    page = Page("http://qx.gov.cn/gk/list.html", ODD)
    for selectors in (spec, Selectors(**spec)):
        found = extract(page, selectors=selectors)
        assert found.parser == "selectors"
        assert triples(found) == [
            (
                "青溪县关于征集2021年民生实事项目的公告",
                date(2021, 1, 5),
                "http://qx.gov.cn/gk/doc-3.html",
            ),
            (
                "青溪县2020年法治政府建设情况报告全文",
                date(2020, 12, 30),
                "http://qx.gov.cn/gk/doc-2.html",
            ),
            (
                "青溪县2020年第四季度重点工作督查通报",
                date(2020, 12, 15),
                "http://qx.gov.cn/gk/doc-1.html",
            ),
        ]
        assert found.next == [NextRequest("http://qx.gov.cn/gk/list.html?p=2")]
    with pytest.raises(ValueError):
        SelectorParser().parse(page)
