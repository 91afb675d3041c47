"""Annual reports in the shapes real sites publish them: table 三 with a header block narrower
or wider than its label block, cut in two at a page break, with blank cells; the report in a
JavaScript string; a page that frames or links the report; PDF and Word files.

`ReportSpec` builds a county department's report modelled on published ones (a few hundred
applications, most of them 予以公开 or 无法提供, a handful carried over).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from html import escape

import docx
import pytest
from bs4 import BeautifulSoup
from test_annual_report import add_table

from crawler.content import clean_content
from reports.pdf import html_to_pdf
from reports.rendered import RenderError
from rules.annual_report import inspect_annual_report, linked_report_url
from rules.report_files import load_report_text, report_html
from rules.report_pdf import pdf_to_html
from rules.report_script import decode_js_string, script_strings

AGENCY = "青溪县市场监督管理局"
ITEMS = (
    ("（一）予以公开", None),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", None),
    *(("（三）不予公开", item) for item in (
        "1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”",
        "4.保护第三方合法权益", "5.属于三类内部事务信息", "6.属于四类过程性信息",
        "7.属于行政执法案卷", "8.属于行政查询事项")),
    *(("（四）无法提供", item) for item in (
        "1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确")),
    *(("（五）不予处理", item) for item in (
        "1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物",
        "4.无正当理由大量反复申请", "5.要求行政机关确认或重新出具已获取信息")),
    *(("（六）其他处理", item) for item in (
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3.其他")),
)  # fmt: skip
# the applicant columns 自然人 … 其他 of the items that are not all zero, by index in ITEMS
RESULTS = {0: [98, 7, 0, 1, 1, 0], 1: [12, 1, 0, 0, 0, 0], 2: [1, 0, 0, 0, 0, 0],
           5: [3, 0, 0, 0, 0, 0], 7: [2, 1, 0, 0, 0, 0], 10: [80, 6, 0, 1, 1, 0],
           11: [9, 1, 0, 0, 0, 0], 12: [4, 0, 0, 0, 0, 0], 13: [10, 0, 0, 0, 0, 0],
           14: [6, 1, 0, 0, 0, 0], 18: [8, 2, 0, 0, 0, 0], 20: [3, 0, 0, 0, 0, 0]}  # fmt: skip
NEW = [236, 18, 0, 2, 3, 0]
CARRIED_IN = [5, 1, 0, 0, 0, 0]
CSS = ("<style>@page{size:A4;margin:2cm} body{font-size:11pt} table{border-collapse:collapse;"
       "width:100%} td{border:1px solid #000;font-size:8pt;padding:1px}</style>")  # fmt: skip


@dataclass(frozen=True)
class ReportSpec:
    year: int = 2024
    carried_in: list[int] = field(default_factory=lambda: list(CARRIED_IN))
    results: dict[int, list[int]] = field(default_factory=lambda: dict(RESULTS))
    note_span: int = 3  # the header's top-left cell; the body's labels are 3 columns wide
    split_at: int | None = None  # table 三 cut before this result item, as at a page break
    blank_zeros: bool = False
    misreported: int = 0  # added to 自然人's 结转下年度 only: the table no longer balances
    documents: tuple[int, int, int] = (4, 1, 37)  # 行政规范性文件: 制发, 废止, 现行有效
    overview: tuple[str, ...] = (
        "2024年，本局围绕市场监管重点工作，持续深化政务公开，主动公开市场主体登记、双随机抽查结果、"
        "行政处罚等信息，政务公开标准化规范化水平进一步提升。",
        "全年共收到政府信息公开申请259件，予以公开及部分公开120件，结转下年度继续办理6件。",
    )
    problems_text: str = (
        "存在的主要问题：一是部分执法信息公开不够及时；二是政策解读形式较单一。改进措施："
        "建立执法信息公开清单，按月通报更新情况，推出图解和视频解读。"
    )

    def totals(self) -> list[int]:
        return [sum(values[c] for values in self.results.values()) for c in range(6)]

    def carried_out(self) -> list[int]:
        carried = [n + c - t for n, c, t in zip(NEW, self.carried_in, self.totals(), strict=True)]
        return [carried[0] + self.misreported, *carried[1:]]


def _cell(value, spec: ReportSpec, colspan: int = 1, rowspan: int = 1) -> str:
    text = "" if spec.blank_zeros and value == 0 else str(value)
    spans = (f' colspan="{colspan}"' if colspan > 1 else "") + (
        f' rowspan="{rowspan}"' if rowspan > 1 else ""
    )
    return f"<td{spans}>{escape(text)}</td>"


def _numbers(values: list[int], spec: ReportSpec) -> str:
    return "".join(_cell(v, spec) for v in [*values, sum(values)])


def table3_html(spec: ReportSpec) -> list[str]:
    """Table 三, as one table or as two when `split_at` cuts it."""
    header = (
        f"<tr><td colspan='{spec.note_span}' rowspan='3'>（本列数据的勾稽关系为：第一项加第二项之和，"
        "等于第三项加第四项之和）</td><td colspan='7'>申请人情况</td></tr>"
        "<tr><td rowspan='2'>自然人</td><td colspan='5'>法人或其他组织</td><td rowspan='2'>总计</td></tr>"
        "<tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>"
    )
    top = [
        f"<tr><td colspan='3'>一、本年新收政府信息公开申请数量</td>{_numbers(NEW, spec)}</tr>",
        f"<tr><td colspan='3'>二、上年结转政府信息公开申请数量</td>{_numbers(spec.carried_in, spec)}</tr>",
    ]
    cut = len(ITEMS) + 1 if spec.split_at is None else spec.split_at
    pieces: list[list[str]] = [top, []]
    for index, (group, item) in enumerate(ITEMS):
        start, end = (0, cut) if index < cut else (cut, len(ITEMS) + 1)
        cells = ""
        if index == start:  # the merged 三、本年度办理结果 cell goes on over the page break, empty
            text = "三、本年度办理结果" if index == 0 else ""
            cells += f"<td rowspan='{end - start}'>{text}</td>"
        if item is None:
            cells += f"<td colspan='2'>{group}</td>"
        else:
            if index == start or ITEMS[index - 1][0] != group:
                span = sum(1 for g, _ in ITEMS[index : min(end, len(ITEMS))] if g == group)
                text = group if ITEMS[index - 1][0] != group else ""
                cells += f"<td rowspan='{span}'>{text}</td>"
            cells += f"<td>{item}</td>"
        values = spec.results.get(index, [0] * 6)
        pieces[index >= cut].append(f"<tr>{cells}{_numbers(values, spec)}</tr>")
    last = pieces[len(ITEMS) >= cut]
    last.append(f"<tr><td colspan='2'>（七）总计</td>{_numbers(spec.totals(), spec)}</tr>")
    last.append(
        f"<tr><td colspan='3'>四、结转下年度继续办理</td>{_numbers(spec.carried_out(), spec)}</tr>"
    )
    tables = [header + "".join(pieces[0]), "".join(pieces[1])]
    return [f"<table>{rows}</table>" for rows in tables if rows]


def table2_html(spec: ReportSpec) -> str:
    made, repealed, in_force = spec.documents
    return (
        "<table><tr><td colspan='4'>第二十条第（一）项</td></tr><tr><td>信息内容</td>"
        "<td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>"
        "<tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr>"
        f"<tr><td>行政规范性文件</td><td>{made}</td><td>{repealed}</td><td>{in_force}</td></tr>"
        "<tr><td colspan='4'>第二十条第（五）项</td></tr><tr><td>信息内容</td>"
        "<td colspan='3'>本年处理决定数量</td></tr><tr><td>行政许可</td><td colspan='3'>1532</td></tr>"
        "<tr><td colspan='4'>第二十条第（六）项</td></tr><tr><td>信息内容</td>"
        "<td colspan='3'>本年处理决定数量</td></tr><tr><td>行政处罚</td><td colspan='3'>214</td></tr>"
        "<tr><td>行政强制</td><td colspan='3'>9</td></tr><tr><td colspan='4'>第二十条第（八）项</td></tr>"
        "<tr><td>信息内容</td><td colspan='3'>本年收费金额（单位：万元）</td></tr>"
        "<tr><td>行政事业性收费</td><td colspan='3'>0</td></tr></table>"
    )


def table4_html(
    review=(1, 0, 0, 0, 1), direct=(2, 1, 0, 0, 3), after=(0, 0, 0, 0, 0), blank=False
) -> str:
    outcomes = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
    return (
        "<table><tr><td colspan='5'>行政复议</td><td colspan='10'>行政诉讼</td></tr><tr>"
        + "".join(f"<td rowspan='2'>{name}</td>" for name in outcomes)
        + "<td colspan='5'>未经复议直接起诉</td><td colspan='5'>复议后起诉</td></tr><tr>"
        + "".join(f"<td>{name}</td>" for name in outcomes * 2)
        + "</tr><tr>"
        + "".join(f"<td>{'' if blank and not v else v}</td>" for v in (*review, *direct, *after))
        + "</tr></table>"
    )


def report_body(spec: ReportSpec, table4: str | None = None) -> str:
    title = f"{AGENCY}{spec.year}年政府信息公开工作年度报告"
    parts = [
        f"<p>{title}</p>",
        "<p>本报告根据《中华人民共和国政府信息公开条例》和国办公开办函〔2021〕30号要求编制。</p>",
        "<p>一、总体情况</p>",
        *(f"<p>{escape(text)}</p>" for text in spec.overview),
        "<p>二、主动公开政府信息情况</p>",
        table2_html(spec),
        "<p>三、收到和处理政府信息公开申请情况</p>",
        *table3_html(spec),
        "<p>四、政府信息公开行政复议、行政诉讼情况</p>",
        table4 or table4_html(blank=spec.blank_zeros),
        "<p>五、存在的主要问题及改进情况</p>",
        f"<p>{escape(spec.problems_text)}</p>",
        "<p>六、其他需要报告的事项</p>",
        f"<p>本单位{spec.year}年度未收取信息处理费。</p>",
    ]
    return '<div id="zoom">' + "\n".join(parts) + "</div>"


def report_page(spec: ReportSpec, table4: str | None = None) -> str:
    return f"<html><head>{CSS}</head><body>{report_body(spec, table4)}</body></html>"


def codes(inspection, warnings: bool = False) -> list[tuple[str, str]]:
    found = inspection.warnings if warnings else inspection.problems
    return [(problem.part, problem.code) for problem in found]


def test_fixture_report_is_in_the_format():
    inspection = inspect_annual_report(report_page(ReportSpec()), 2024)
    assert inspection.ok and not inspection.warnings, inspection.problems + inspection.warnings
    rows = inspection.table3.to_dict()["rows"]
    assert rows["本年新收政府信息公开申请数量"] == [*NEW, 259]
    assert rows["结转下年度继续办理"] == [5, 0, 0, 0, 1, 0, 6]


# --- table 三 as real sites shape it ---------------------------------------------------------


@pytest.mark.parametrize("note_span", [2, 4])
def test_header_narrower_or_wider_than_the_labels(note_span):
    spec = ReportSpec(note_span=note_span)
    inspection = inspect_annual_report(report_page(spec), 2024)
    assert inspection.ok, inspection.problems
    assert inspection.table3.to_dict()["rows"]["上年结转政府信息公开申请数量"] == [
        5,
        1,
        0,
        0,
        0,
        0,
        6,
    ]
    unbalanced = replace(spec, misreported=4)
    problems = inspect_annual_report(report_page(unbalanced), 2024).problems
    assert ("三", "table3_unbalanced") in codes_of(problems)
    assert any("「自然人」列" in p.message and "相差4件" in p.message for p in problems)


def codes_of(problems) -> list[tuple[str, str]]:
    return [(problem.part, problem.code) for problem in problems]


@pytest.mark.parametrize(
    "split_at", [0, 4, 12]
)  # before 予以公开, inside 不予公开, inside 无法提供
def test_table3_cut_in_two_at_a_page_break(split_at):
    page = report_page(ReportSpec(split_at=split_at))
    assert len(BeautifulSoup(page, "lxml").find_all("table")) == 4
    inspection = inspect_annual_report(page, 2024)
    assert inspection.ok, inspection.problems
    results = inspection.table3.to_dict()["results"]
    assert results["不予公开"][0] == 6 and results["无法提供"][0] == 93


def test_blank_cells_read_as_zero_with_a_warning():
    inspection = inspect_annual_report(report_page(ReportSpec(blank_zeros=True)), 2024)
    assert inspection.ok, inspection.problems
    assert codes(inspection, warnings=True) == [("三", "blank_cells"), ("四", "blank_cells")]
    assert "已按0计算" in inspection.warnings[0].message
    assert inspection.table3.to_dict()["rows"]["上年结转政府信息公开申请数量"][2] == 0


@pytest.mark.parametrize(
    ("table4", "name"),
    [(table4_html(review=(1, 1, 0, 0, 1)), "行政复议"),
     (table4_html(direct=(2, 1, 0, 1, 3)), "未经复议直接起诉"),
     (table4_html(after=(0, 0, 1, 0, 0)), "复议后起诉")],
)  # fmt: skip
def test_table4_sums(table4, name):
    inspection = inspect_annual_report(report_page(ReportSpec(), table4), 2024)
    assert codes(inspection) == [("四", "total_mismatch")]
    assert f"「{name}」" in inspection.problems[0].message


# --- the report inside a JavaScript string ----------------------------------------------------


def js_page(body: str, quote: str = '"') -> str:
    literal = json.dumps(body).replace("/", "\\/")  # \uXXXX for every non-ASCII character
    if quote == "'":
        literal = "'" + literal[1:-1].replace('\\"', '"').replace("'", "\\'") + "'"
    half = len(literal) // 2
    while literal[half - 1] == "\\":
        half -= 1
    pieces = f"{literal[:half]}{quote} +\n    {quote}{literal[half:]}"  # two joined literals
    return (
        f"<html><head><title>{AGENCY}2024年政府信息公开工作年度报告</title></head><body>"
        '<div class="main"><div id="zoom"></div></div>'
        f'<script type="text/javascript">var content = {pieces};\n'
        'document.getElementById("zoom").innerHTML = content;</script></body></html>'
    )


@pytest.mark.parametrize("quote", ['"', "'"])
def test_report_in_a_javascript_string(quote):
    page = js_page(report_body(ReportSpec()), quote)
    assert "总体情况" not in page and "\\u603b\\u4f53" in page
    inspection = inspect_annual_report(page, 2024)
    assert inspection.ok, inspection.problems
    assert inspection.parts == list("一二三四五六")
    assert inspection.table3.to_dict()["rows"]["本年新收政府信息公开申请数量"][-1] == 259


def test_javascript_escapes():
    assert decode_js_string(r'"a\"b\/c\u4e00\x41\n\ud83d\ude00"') == 'a"b/c一A\n😀'
    assert script_strings("var s = 'x' + \"y\"; f('z');") == ["xy", "z"]


def test_crawl_keeps_the_script_and_the_frame_inert():
    page = js_page(report_body(ReportSpec()))
    kept = clean_content(page.replace("</body>", '<iframe src="/u/nb.pdf"></iframe></body>'))
    assert "<script" not in kept and '<iframe src="/u/nb.pdf">' in kept
    assert inspect_annual_report(kept, 2024).ok
    framed = clean_content("<html><body><iframe src='/u/nb.pdf' onload='x()'></iframe></body>")
    inspection = inspect_annual_report(framed, 2024)
    assert codes(inspection) == [("全文", "attachment_only")] and not inspection.checkable


# --- a page that frames or links the report ---------------------------------------------------

BASE = "https://www.qingxi.gov.cn/art/2025/1/20/art_1229_88.html"


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ('<iframe src="/pdfjs/web/viewer.html?file=%2Fu%2Fcms%2F2024nb.pdf" width="100%"></iframe>',
         "https://www.qingxi.gov.cn/u/cms/2024nb.pdf"),
        ('<iframe src="nb2024.html"></iframe>', "https://www.qingxi.gov.cn/art/2025/1/20/nb2024.html"),
        ('<p>附件：<a href="/module/download/downfile.jsp?x=1">说明.doc</a></p>'
         '<p><a href="/picture/0/P0202501.docx">青溪县市场监督管理局2024年政府信息公开工作年度报告.docx</a></p>',
         "https://www.qingxi.gov.cn/picture/0/P0202501.docx"),
        ('<p><a href="/u/a.pdf">附件1</a><a href="/u/2024年度报告.pdf">附件2</a></p>',
         "https://www.qingxi.gov.cn/u/2024年度报告.pdf"),
    ],
)  # fmt: skip
def test_linked_report_url(markup, expected):
    sidebar = '<ul><li><a href="/art/2024/1/5/art_1229_7.html">2023年度报告</a></li></ul>'
    page = f"<html><body>{sidebar}<div id='zoom'>{markup}</div></body></html>"
    assert linked_report_url(page, BASE) == expected
    inspection = inspect_annual_report(page, 2024)
    assert codes(inspection) == [("全文", "attachment_only")]
    assert "应核查所链接的报告" in inspection.problems[0].message


def test_no_link_to_follow_from_a_report():
    page = report_page(ReportSpec()).replace("</div>", '<a href="/u/nb.pdf">下载</a></div>')
    assert linked_report_url(page, BASE) is None


# --- PDF and Word files -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def pdf_bytes(tmp_path_factory):
    """The fixture report rendered by WeasyPrint: table 三 runs over a page break."""
    path = tmp_path_factory.mktemp("pdf") / "report.pdf"
    try:
        html_to_pdf(report_page(replace(ReportSpec(), note_span=2)), path)
    except RenderError as exc:
        pytest.skip(str(exc))
    return path.read_bytes()


def test_pdf_report(pdf_bytes):
    html = pdf_to_html(pdf_bytes)
    assert len(BeautifulSoup(html, "lxml").find_all("table")) >= 4  # table 三 over two pages
    inspection = inspect_annual_report(html, 2024)
    assert inspection.ok, inspection.problems
    assert inspection.title == f"{AGENCY}2024年政府信息公开工作年度报告"
    table = inspection.table3.to_dict()
    assert table["rows"]["本年新收政府信息公开申请数量"] == [*NEW, 259]
    assert table["results"]["无法提供"][0] == 93


def test_pdf_file_is_read_as_pdf(pdf_bytes, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf_bytes)
    assert inspect_annual_report(load_report_text(path), 2024).ok
    with pytest.raises(ValueError):
        report_html(b"%PDF-1.7\n not really")


def spec_docx(spec: ReportSpec, path) -> None:
    document = docx.Document()
    for element in BeautifulSoup(report_body(spec), "lxml").div.find_all(["p", "table"]):
        if element.name == "p":
            document.add_paragraph(element.get_text())
        else:
            add_table(document, element)
    document.save(path)


def test_docx_report_from_bytes(tmp_path):
    path = tmp_path / "report.docx"
    spec_docx(ReportSpec(split_at=4), path)
    inspection = inspect_annual_report(report_html(path.read_bytes()), 2024)
    assert inspection.ok, inspection.problems
    assert inspection.table3.to_dict()["results"]["不予公开"][0] == 6
    with pytest.raises(ValueError, match=r"\.doc"):
        report_html(b"\xd0\xcf\x11\xe0" + bytes(100))
