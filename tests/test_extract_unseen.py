"""The generic parser on layouts of CMS vendors the real-page corpus lacks.

`tests/pages/unseen` holds fixture homepages and list pages modelled on TRS WCM/海云, Hanweb
JCMS, Kaipuyun, the Guangdong 集约化 platform, DedeCMS, EmpireCMS, PHPCMS, VSB, SiteServer,
Jeecms and custom PHP/ASP sites (written for these tests, not copied), each with a truth
file in the corpus format; they are scored as `bench/extract_accuracy.py` scores them. The
small pages below pin one behaviour each.
"""

from __future__ import annotations

from datetime import date

import pytest

from crawler.accuracy import FIXTURES, VIEWS, read, score_page, scored_pages, total
from crawler.cms.base import Page
from crawler.cms.generic import GenericListParser
from crawler.cms.listness import document_like
from crawler.dates import as_of

PAGES = scored_pages(FIXTURES)
SITE = "http://www.qxx.gov.cn/"
MIN_PAGE_F1 = 0.95
MIN_OVERALL_F1 = 0.98


def parse(body: str, day: date = date(2024, 3, 15)) -> list[tuple]:
    with as_of(day):
        listpage = GenericListParser().parse(Page(SITE, f"<html><body>{body}</body></html>"))
    return [(i.title, i.date, i.href.removeprefix(SITE)) for i in listpage.items]


def news(
    count: int,
    template: str = '<li><a href="./{n}.html">关于开展第{n}次安全生产检查的通知</a>{d}</li>',
):
    return "\n".join(
        template.format(n=1000 + k, d=f"<span>03-{10 - k:02d}</span>") for k in range(count)
    )


def test_fixture_set_has_homepages_and_list_pages():
    assert len(PAGES) >= 12
    assert {e.name.split("_")[0] for e in PAGES} == {"home", "list"}


@pytest.mark.parametrize("expected", PAGES, ids=[e.name for e in PAGES])
def test_fixture_page(expected):
    listpage = read(expected)
    for view in VIEWS:
        score = score_page(expected, listpage, view)
        assert score.f1 >= MIN_PAGE_F1, (view, score)


def test_fixture_set_overall():
    pages = [(e, read(e)) for e in PAGES]
    for view in VIEWS:
        assert total([score_page(e, found, view) for e, found in pages]).f1 >= MIN_OVERALL_F1


# --- dates where the layout puts them ----------------------------------------------------


def test_bracketed_dotted_month_days_get_the_capture_year():
    rows = "".join(
        f'<li><a href="/art/2024/1/{d}/art_1_{d}.html">龙山县第{d}号通知公告的标题</a> [{m:02d}.{d:02d}]</li>'
        for m, d in ((1, 18), (1, 9), (12, 28))
    )
    got = parse(f"<ul>{rows}</ul>", date(2024, 1, 20))
    assert [when for _, when, _ in got] == [date(2024, 1, 18), date(2024, 1, 9), date(2023, 12, 28)]


def test_date_in_the_span_after_links_written_side_by_side():
    body = "".join(
        f'<a href="show.php?id={k}">金阳县第{k}期政务信息简报发布</a><span>(2024-03-{k:02d})</span><br>'
        for k in (12, 11, 10)
    )
    assert [when for _, when, _ in parse(f"<div>{body}</div>")] == [
        date(2024, 3, 12),
        date(2024, 3, 11),
        date(2024, 3, 10),
    ]


def test_date_in_the_cell_after_each_of_two_items_in_a_row():
    cells = "".join(
        f'<td><a href="info/1033/{k}.htm">开溪区第{k}号工作动态信息标题</a></td><td>03-{k:02d}</td>'
        for k in (14, 13)
    )
    got = parse(f"<table><tr>{cells}</tr><tr>{cells.replace('1033', '1034')}</tr></table>")
    assert {when for _, when, _ in got} == {date(2024, 3, 14), date(2024, 3, 13)}
    assert len(got) == 4


def test_date_in_the_block_after_the_row():
    rows = "".join(
        f'<div class="item"><div class="tit"><a href="show.php?id={k}">碧湖县第{k}号通知公告标题</a>'
        f'</div></div><div class="time">2024/03/{k:02d}</div>'
        for k in (9, 8, 7)
    )
    assert [when for _, when, _ in parse(f'<div class="list">{rows}</div>')] == [
        date(2024, 3, 9),
        date(2024, 3, 8),
        date(2024, 3, 7),
    ]


def test_date_inside_the_link_is_not_part_of_the_title():
    rows = "".join(
        f'<li><a href="/a/tzgg/2024/03{k:02d}/{k}.html"><span class="date">03-{k:02d}</span>'
        f"大庄镇第{k}号通知公告</a></li>"
        for k in (10, 9, 8)
    )
    assert parse(f"<ul>{rows}</ul>")[0] == (
        "大庄镇第10号通知公告",
        date(2024, 3, 10),
        "a/tzgg/2024/0310/10.html",
    )


def test_calendar_badge_date():
    rows = "".join(
        f'<li><div class="date"><span>{k:02d}</span><span>2024-03</span></div>'
        f'<a href="./t202403{k:02d}_{k}.html">东林县第{k}号要闻动态标题</a></li>'
        for k in (13, 12, 11)
    )
    assert parse(f"<ul>{rows}</ul>")[0][1] == date(2024, 3, 13)


# --- what is not a publication list ------------------------------------------------------


def test_friend_links_and_service_tiles_on_other_sites_are_not_lists():
    friends = "".join(
        f'<li><a href="http://www.{d}.gov.cn/{p}">{n}</a></li>'
        for d, p, n in (
            ("hunan", "hnszf/xxgk/wjk/wjk.html", "湖南省人民政府规范性文件库"),
            ("gov", "zhengce/zhengceku/index.htm", "国务院政策文件库"),
            ("ccgp-hunan", "page/index.jsp", "中国政府采购网湖南分网"),
            ("gsxt", "corp-query-homepage.html", "国家企业信用信息公示系统"),
        )
    )
    services = "".join(
        f'<a href="https://www.sczwfw.gov.cn/jiq/ywTransToDetail?itemCode={k}"><span>{n}</span></a>'
        for k, n in enumerate(
            ("不动产登记信息网上查询", "出入境证件办理网上预约", "住房公积金提取网上办理")
        )
    )
    assert parse(f'<ul class="yqlj">{friends}</ul><div class="svc">{services}</div>') == []


def test_agency_and_township_directories_are_not_lists():
    names = (
        "发展和改革局",
        "人力资源和社会保障局",
        "城关镇人民政府",
        "东岭街道办事处",
        "住房和城乡建设局",
    )
    rows = "".join(
        f'<li><a href="/bmwz/{1001 + k}.jhtml">宜林县{n}</a></li>' for k, n in enumerate(names)
    )
    assert parse(f"<ul>{rows}</ul>") == []


def test_menus_of_long_column_names_are_not_lists():
    names = (
        "重大建设项目批准和实施",
        "公共资源配置领域信息公开",
        "财政预决算及三公经费公开",
        "政府信息公开工作年度报告",
    )
    rows = "".join(
        f'<li><a href="index.php?m=content&c=index&a=lists&catid={k}">{n}</a></li>'
        for k, n in enumerate(names)
    )
    channels = "".join(
        f'<li><a href="/channels/{k}.html">{n}</a></li>' for k, n in enumerate(names)
    )
    assert parse(f'<ul class="subnav">{rows}</ul><ul class="tab-nav">{channels}</ul>') == []


def test_tab_label_heading_its_own_dated_list_is_not_an_item():
    body = f'<ul><li class="title"><a href="/zwgk/zcjd/index.html">政策解读与回应关切</a></li>{news(4)}</ul>'
    got = parse(body)
    assert len(got) == 4 and "政策解读与回应关切" not in {title for title, _, _ in got}


def test_tabbed_panes_each_give_their_items():
    panes = "".join(
        f'<ul class="list"{" style=display:none" if k else ""}>{news(3).replace("./", f"./p{k}/")}</ul>'
        for k in range(3)
    )
    labels = '<ul class="tab"><li class="on"><a href="./zwyw/">政务要闻</a></li><li><a href="./bmdt/">部门动态</a></li></ul>'
    got = parse(f'<div class="box">{labels}<div class="bd">{panes}</div></div>')
    assert len(got) == 9


def test_autoplaying_slider_is_a_carousel_but_a_tab_box_driven_by_the_same_plugin_is_not():
    slides = "".join(
        f'<li><a href="/art/2024/3/{k}/art_1_{k}.html"><img src="/p/{k}.jpg"></a>'
        f'<p><a href="/art/2024/3/{k}/art_1_{k}.html">龙山县第{k}条图片新闻的标题</a></p></li>'
        for k in (12, 11, 10)
    )
    script = '<script>jQuery(".tpxw").slide({mainCell:".bd ul",autoPlay:true});'
    script += 'jQuery(".tabbox").slide({titCell:".hd li",mainCell:".bd"});</script>'
    tabs = f'<div class="tabbox"><div class="bd"><ul>{news(3)}</ul></div></div>'
    got = parse(f'<div class="tpxw"><div class="bd"><ul>{slides}</ul></div></div>{tabs}{script}')
    assert [href for _, _, href in got] == ["1000.html", "1001.html", "1002.html"]


@pytest.mark.parametrize(
    "href",
    [
        "/art/2024/3/10/art_1229_3456789.html",
        "./202403/t20240310_881240.html",
        "/zwgk/tzgg/content/post_4312345.html",
        "info/1034/5678.htm",
        "/contents/12/3456.html",
        "/a/tzgg/2024/0310/1234.html",
        "/e/action/ShowInfo.php?classid=5&id=1280",
        "index.php?m=content&c=index&a=show&catid=12&id=345",
        "/10462/10464/2024/3/10/b8c1e5f0a1d24c0f.shtml",
        "http://www.hzscjg.gov.cn/gzfw/wszbdetail/index.htm?sid=1030",
    ],
)
def test_document_urls(href):
    assert document_like(SITE + href.lstrip("./"))


@pytest.mark.parametrize(
    "href",
    [
        "/col/col1229287424/index.html?number=B00001",
        "/channels/123.html",
        "index.php?m=content&c=index&a=lists&catid=12",
        "news.php?cid=3",
        "/plus/list.php?tid=9",
        "NewsList.asp?ClassID=2",
        "/SurVey/SurVeyList.aspx?TopicID=68",
        "/zwgk/tzgg/",
        "/zwgk/zcjd/index.html",
    ],
)
def test_column_urls(href):
    assert not document_like(SITE + href.lstrip("./"))
