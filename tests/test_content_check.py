"""The content-check library (rules/content_check.py): each check, positive and negative."""

from __future__ import annotations

from datetime import date

import pytest

from rules.content_check import ContentChecker, ContentHit, Leader
from rules.content_personal import id_check_digit, luhn_valid
from rules.content_words import load_word_lists, normalised
from rules.loader import RuleError

AFTER = date(2024, 5, 6)  # after every reform date of the lists
BEFORE = date(2018, 6, 1)  # after the national reform, before the county one
ID = "331127197506123038"  # valid check digit
CARD = "6228480402564890018"  # valid Luhn digit
URL = "http://www.qx.gov.cn/art/2024/5/6/art_1_1.html"


@pytest.fixture(scope="module")
def checker() -> ContentChecker:
    leaders = [Leader("陈立群", "县长"), Leader("周明远", "县委书记"),
               Leader("林晓燕", "副县长"), Leader("王建民", "县长", former=True)]  # fmt: skip
    return ContentChecker(load_word_lists(), leaders, personal_data_columns=["gsgg"])


def hits(checker, text, published=AFTER, column=None, check=None) -> list[ContentHit]:
    found = checker.check_text(text, published, column)
    return [hit for hit in found if check is None or hit.check == check]


def words(found: list[ContentHit]) -> list[str]:
    return [hit.word for hit in found]


# --- outdated names ----------------------------------------------------------------------


def test_outdated_name_after_reform_date(checker):
    [hit] = hits(checker, "会议听取了县环境保护局的汇报。", AFTER, check="outdated_name")
    assert (hit.word, hit.correction, hit.severity) == ("环境保护局", "生态环境局", "general")
    assert "机构改革" in hit.basis


def test_outdated_name_before_reform_date_is_not_flagged(checker):
    assert not hits(checker, "会议听取了县环境保护局的汇报。", BEFORE, check="outdated_name")


def test_national_name_uses_national_date(checker):
    assert words(hits(checker, "国土资源部印发通知。", BEFORE, check="outdated_name")) == [
        "国土资源部"
    ]
    assert not hits(checker, "国土资源部印发通知。", date(2018, 2, 1), check="outdated_name")


def test_outdated_name_without_date_is_suspected(checker):
    [hit] = hits(checker, "县工商局开展检查。", None, check="outdated_name")
    assert hit.severity == "suspected"


def test_current_names_do_not_fire(checker):
    text = "县农业农村局、县生态环境局、县文化和旅游局、县市场监督管理局联合检查；农业部门和文化部门参加。"
    assert not hits(checker, text, check="outdated_name")


def test_outdated_name_fires_outside_current_name(checker):
    assert words(hits(checker, "县旅游局发布通知", check="outdated_name")) == ["旅游局"]
    assert words(hits(checker, "农业部印发通知", check="outdated_name")) == ["农业部"]


def test_quotation_with_yuan_is_not_flagged(checker):
    assert not hits(checker, "原国土资源局的档案移交自然资源局。", check="outdated_name")
    assert not hits(checker, "由原县环保局负责。", check="outdated_name")
    assert not hits(checker, "将县国土资源局更名为县自然资源局。", check="outdated_name")


def test_longest_word_reported_once(checker):
    found = hits(checker, "国家卫生和计划生育委员会发文", check="outdated_name")
    assert words(found) == ["国家卫生和计划生育委员会"]


# --- normalisation -----------------------------------------------------------------------


def test_traditional_characters_match_but_original_is_shown(checker):
    [hit] = hits(checker, "縣環境保護局召開會議", check="outdated_name")
    assert hit.word == "環境保護局"
    assert "縣環境保護局召開會議" in hit.context


def test_full_width_and_spaces_normalised_but_original_shown(checker):
    [hit] = hits(checker, "會議對工作進行了布　署。", check="wrong_word")
    assert hit.word == "布　署"
    [mobile] = hits(checker, "手机：１３９５７０８１２３４。", check="mobile")
    assert mobile.word == "１３９５７０８１２３４"


def test_normalised_positions_map_back():
    source = normalised("县 国土 资源局 abc")
    assert source.text == "县国土资源局 abc"
    start = source.text.index("资源局")
    assert source.span(start, start + 3) == (5, 8)
    assert source.original[5:8] == "资源局"


# --- wrong words ---------------------------------------------------------------------------


def test_wrong_words_general(checker):
    found = hits(checker, "会议进行了布署，要求再接再励，按步就班推进。", check="wrong_word")
    assert {(hit.word, hit.correction, hit.severity) for hit in found} == {
        ("布署", "部署", "general"), ("再接再励", "再接再厉", "general"),
        ("按步就班", "按部就班", "general"),
    }  # fmt: skip


def test_correct_words_do_not_fire(checker):
    assert not hits(
        checker, "会议进行了部署，要求再接再厉，预防犯罪，截止日期为5月1日。", check="wrong_word"
    )


def test_cutoff_followed_by_a_date_is_suspected(checker):
    [hit] = hits(checker, "截止3月4日，全县已发放补贴386万元。", check="wrong_word")
    assert (hit.word, hit.correction, hit.severity) == ("截止", "截至", "suspected")
    assert not hits(checker, "报名截止后不再受理。", check="wrong_word")


def test_lists_have_their_sizes():
    lists = load_word_lists()
    sizes = lists.size()
    assert sizes["wrong_word"][0] >= 40
    assert sizes["outdated_name"][0] >= 20


# --- leaders -------------------------------------------------------------------------------


def test_leader_with_wrong_title(checker):
    [hit] = hits(checker, "副县长陈立群出席会议并讲话。", check="leader")
    assert (hit.word, hit.correction, hit.severity) == ("陈立群", "县长", "serious")
    [after] = hits(checker, "陈立群副县长出席会议。", check="leader")
    assert after.word == "陈立群"


def test_leader_with_own_title_or_short_form_is_fine(checker):
    text = "县长陈立群、县委书记周明远出席，周明远书记讲话，常务副县长林晓燕主持。"
    assert not hits(checker, text, check="leader")


def test_former_leader_named_with_title(checker):
    [hit] = hits(checker, "县长王建民带队检查。", check="leader")
    assert hit.severity == "serious" and "离任" in hit.note
    assert not hits(checker, "原县长王建民带队检查，王建民同志讲话。", check="leader")


def test_abolished_leader_title(checker):
    [hit] = hits(checker, "县纪委书记、县监察局局长张某讲话。", AFTER, check="leader")
    assert hit.correction == "监察委员会主任"
    assert not hits(checker, "县劳动保障监察局局长张某讲话。", AFTER, check="leader")


# --- personal data -------------------------------------------------------------------------


def test_id_number_with_valid_check_digit(checker):
    [hit] = hits(checker, f"权利人张某某（身份证号码：{ID}）申请登记。", check="id_number")
    assert (hit.word, hit.severity) == (ID, "serious")
    assert hits(checker, f"身份证号码：{ID}", column="gsgg", check="id_number")  # everywhere


def test_id_number_with_invalid_check_digit_or_date(checker):
    wrong_digit = ID[:17] + ("0" if ID[17] != "0" else "1")
    assert not hits(checker, f"身份证号码：{wrong_digit}", check="id_number")
    assert id_check_digit(ID[:17]) == ID[17]
    bad_date = "331127197513323038"  # month 13
    assert not hits(checker, f"编号：{bad_date}", check="id_number")


def test_masked_id_and_longer_runs_not_flagged(checker):
    assert not hits(checker, "身份证号：3311************38，张某某", check="id_number")
    assert not hits(checker, f"编号：9{ID}1", check="id_number")


def test_bank_card_luhn(checker):
    [hit] = hits(checker, f"已拨付至银行卡（卡号：{CARD}），请查收。", check="bank_card")
    assert (hit.word, hit.severity) == (CARD, "serious")
    assert luhn_valid(CARD)
    invalid = CARD[:-1] + str((int(CARD[-1]) + 1) % 10)
    assert not luhn_valid(invalid)
    assert not hits(checker, f"卡号：{invalid}", check="bank_card")


def test_bank_card_not_an_id_number(checker):
    found = hits(checker, f"身份证号码：{ID}")
    assert [hit.check for hit in found] == ["id_number"]


def test_mobile_outside_and_inside_personal_columns(checker):
    [hit] = hits(checker, "请联系社区民警李警官，手机：13957081234。", check="mobile")
    assert (hit.word, hit.severity) == ("13957081234", "general")
    assert not hits(checker, "公示对象张某，手机：13957081234。", column="gsgg", check="mobile")


def test_mobile_inside_longer_number_or_office_line_not_flagged(checker):
    assert not hits(checker, "编号：2013957081234567", check="mobile")
    assert not hits(checker, "咨询电话：13957081234。", check="mobile")
    assert not hits(checker, "手机：139****1234。", check="mobile")


# --- context ---------------------------------------------------------------------------------


def test_context_is_twenty_characters_each_side(checker):
    before, after = "甲" * 30, "乙" * 30
    [hit] = hits(checker, f"{before}布署{after}", check="wrong_word")
    assert hit.context == "甲" * 20 + "布署" + "乙" * 20
    [start] = hits(checker, "布署" + after, check="wrong_word")
    assert start.context == "布署" + "乙" * 20


# --- links -----------------------------------------------------------------------------------


def page(body: str) -> str:
    return f"<html><head><title>t</title></head><body>{body}</body></html>"


def link_hits(checker, body: str, check: str) -> list[ContentHit]:
    return [hit for hit in checker.check_html(page(body), URL, AFTER) if hit.check == check]


def test_hidden_link_by_own_style(checker):
    body = '<p>正文</p><a href="http://www.seo-links.example/qx.html" style="display:none">下载</a>'
    [hit] = link_hits(checker, body, "hidden_link")
    assert (hit.word, hit.severity) == ("http://www.seo-links.example/qx.html", "serious")
    visible = '<p><a href="http://www.seo-links.example/qx.html">下载</a></p>'
    assert not link_hits(checker, visible, "hidden_link")


@pytest.mark.parametrize(
    "style", ["position:absolute;left:-9999px", "visibility: hidden", "font-size:0",
              "width:0;height:0;overflow:hidden", "opacity:0"],
)  # fmt: skip
def test_hidden_link_by_hidden_ancestor(checker, style):
    body = f'<div style="{style}"><span><a href="http://spam.example.com/">赌</a></span></div>'
    assert words(link_hits(checker, body, "hidden_link")) == ["http://spam.example.com/"]


def test_hidden_site_furniture_and_vendor_credit_not_flagged(checker):
    tab = ('<ul style="display:none"><li><a href="/col/1.html">本站</a></li>'
           '<li><a href="http://news.example.com/a">新闻</a></li></ul>')  # fmt: skip
    credit = '<a href="http://www.hanweb.com" style="display:none">Produced By 大汉网络</a>'
    gov = '<a href="http://www.zj.gov.cn/" style="display:none">浙江省政府</a>'
    assert not link_hits(checker, tab + credit + gov, "hidden_link")


def test_hidden_text_is_not_checked_as_page_text(checker):
    body = '<p>正文</p><div style="display:none">会议进行了布署</div>'
    assert not [hit for hit in checker.check_html(page(body), URL) if hit.check == "wrong_word"]
    shown = "<p>会议进行了<span>布署</span>。</p>"
    assert [hit.word for hit in checker.check_html(page(shown), URL)] == ["布署"]


def test_blocked_domain_and_keyword(checker):
    body = ('<p><a href="https://www.bet365.com/zh">体育</a>'
            '<a href="http://www.qx-casino.example/">专题</a>'
            '<a href="http://www.example.com/">正常</a></p>')  # fmt: skip
    found = link_hits(checker, body, "blocked_link")
    assert words(found) == ["https://www.bet365.com/zh", "http://www.qx-casino.example/"]
    assert all(hit.severity == "serious" for hit in found)


def test_page_text_is_checked_by_check_html(checker):
    html = page("<div><p>县国土资源局</p><script>var a='布署';</script></div>")
    found = checker.check_html(html, URL, AFTER, "news")
    assert [(hit.check, hit.word) for hit in found] == [("outdated_name", "国土资源局")]


# --- word list files -------------------------------------------------------------------------


def test_county_file_adds_and_overrides(tmp_path):
    county = tmp_path / "county.yaml"
    county.write_text(
        "check: wrong_word\nentries:\n"
        "  - words: [青溪县人民政付]\n    correction: 青溪县人民政府\n    severity: serious\n"
        "    basis: 县名规范\n"
        "  - words: [布署]\n    disabled: true\n    severity: general\n    basis: 不查\n",
        "utf-8",
    )
    checker = ContentChecker(load_word_lists([county]))
    found = checker.check_text("青溪县人民政付进行了布署")
    assert [(hit.word, hit.severity) for hit in found] == [("青溪县人民政付", "serious")]


def test_bad_word_list_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "check: wrong_word\nentries:\n  - words: [布署]\n    correction: 部署\n"
        "    severity: severe\n    basis: x\n",
        "utf-8",
    )
    with pytest.raises(RuleError) as caught:
        load_word_lists([bad])
    assert f"{bad}:5:" in str(caught.value)
    assert "severity" in str(caught.value)


def test_bad_regex_names_its_line(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "check: wrong_word\nentries:\n  - words: [截止]\n    severity: suspected\n    basis: x\n"
        "    only_followed_by: '[0-9'\n",
        "utf-8",
    )
    with pytest.raises(RuleError, match=r"bad\.yaml:6: .*regular expression"):
        load_word_lists([bad])
