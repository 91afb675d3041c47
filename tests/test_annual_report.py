"""Annual-report inspection (国办公开办函〔2021〕30号 format) and the `annual_report` rule kind."""

from datetime import date

import docx
import pytest
from bs4 import BeautifulSoup

from demo.annual_report import render_annual_report
from rules.annual_report import inspect_annual_report, inspection_to_json, load_report_text
from rules.base import ColumnView, Context, Listing
from rules.kinds.annual_report import AnnualReportRule
from rules.loader import load_catalog
from rules.report_tables import table_grid

AGENCY = "青溪县教育局"
FULL_WIDTH = str.maketrans("0123456789,", "０１２３４５６７８９，")


def codes(inspection) -> list[tuple[str, str]]:
    return [(problem.part, problem.code) for problem in inspection.problems]


# --- the demo renderer: a correct report passes, each defect is found -------------------------


@pytest.mark.parametrize("agency", [AGENCY, "青溪县人民政府", "青溪县河口镇人民政府"])
@pytest.mark.parametrize("year", [2022, 2024])
def test_correct_report_passes(agency, year):
    inspection = inspect_annual_report(render_annual_report(agency, year), year)
    assert inspection.ok, inspection.problems
    assert inspection.parts == list("一二三四五六")
    assert str(year) in inspection.title
    table = inspection.table3.to_dict()["rows"]
    new, carried_in, total, carried_out = table.values()
    assert [a + b for a, b in zip(new, carried_in, strict=True)] == [
        c + d for c, d in zip(total, carried_out, strict=True)
    ]


def test_demo_report_is_deterministic():
    assert render_annual_report(AGENCY, 2024) == render_annual_report(AGENCY, 2024)
    assert render_annual_report(AGENCY, 2024) != render_annual_report("青溪县民政局", 2024)


def test_bare_headings_defect():
    inspection = inspect_annual_report(render_annual_report(AGENCY, 2024, "bare_headings"), 2024)
    assert codes(inspection) == [("二", "no_table"), ("三", "no_table"), ("四", "no_table")]
    assert "缺少" in inspection.problems[1].message


def test_unbalanced_defect():
    inspection = inspect_annual_report(render_annual_report(AGENCY, 2024, "unbalanced"), 2024)
    assert set(codes(inspection)) == {("三", "table3_unbalanced")}
    assert "「自然人」列" in inspection.problems[0].message
    assert not inspection.ok


def test_year_mismatch():
    inspection = inspect_annual_report(render_annual_report(AGENCY, 2023), 2024)
    assert codes(inspection) == [("标题", "year_mismatch")]
    assert "2023" in inspection.problems[0].message


def test_missing_part():
    html = render_annual_report(AGENCY, 2024).replace("六、其他需要报告的事项", "其他情况")
    assert codes(inspect_annual_report(html, 2024)) == [("六", "missing_part")]


def test_json_shape():
    inspection = inspect_annual_report(render_annual_report(AGENCY, 2024, "unbalanced"), 2024)
    data = inspection_to_json(inspection)
    assert data["ok"] is False and data["year"] == 2024
    assert data["problems"][0].keys() == {"part", "code", "message"}
    assert data["table3"]["columns"][0] == "自然人"


# --- real-world markup ------------------------------------------------------------------------

# 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他 (None: a blank cell)
NEW = [1208, 35, None, None, 2, 1]
CARRIED_IN = [18, None, None, None, None, None]
RESULTS = [  # (group cell, item cell, values); the 总计 column is left blank, as many sites do
    ("（一）予以公开", None, [600, 12, None, None, 1, 1]),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", None, [3, None, None, None, None, None]),
    ("（三）不予公开", "1.属于国家秘密", [14, None, None, None, None, None]),
    ("（三）不予公开", "5.属于三类内部事务信息", [5, None, None, None, None, None]),
    ("（三）不予公开", "6.属于四类过程性信息", [3, 1, None, None, None, None]),
    ("（三）不予公开", "8.属于行政查询事项", [10, 2, None, None, None, None]),
    ("（四）无法提供", "1.本机关不掌握相关政府信息", [400, 12, None, None, 1, None]),
    ("（四）无法提供", "2.没有现成信息需要另行制作", [44, 3, None, None, None, None]),
    ("（四）无法提供", "3.补正后申请内容仍不明确", [25, None, None, None, None, None]),
    ("（五）不予处理", "1.信访举报投诉类申请", [48, None, None, None, None, None]),
    ("（五）不予处理", "2.重复申请", [5, 4, None, None, None, None]),
    ("（六）其他处理", "3.其他", [3, None, None, None, None, None]),
]  # fmt: skip


def cell(value, full_width=False) -> str:
    if value is None:
        return "<td><p align='center'>&nbsp;</p></td>"
    text = f"{value:,}"
    return f"<td><p align='center'>{text.translate(FULL_WIDTH) if full_width else text}</p></td>"


def number_cells(values, with_total=True) -> str:
    total = sum(v or 0 for v in values)
    return "".join(cell(v, i % 2 == 0) for i, v in enumerate(values)) + (
        cell(total, True) if with_total else cell(None)
    )


def real_style_table3(carried_out_natural: int = 66, misreport: int = 0) -> str:
    """Table 三 as real sites mark it up; `misreport` adds to one item but not to (七)总计."""
    totals = [sum(r[2][i] or 0 for r in RESULTS) for i in range(6)]
    carried_out = [carried_out_natural, 1, None, None, None, None]
    header = (
        "<tr><td colspan='3' rowspan='3'>（本列数据的勾稽关系为：第一项加第二项之和，"
        "等于第三项加第四项之和）</td><td colspan='7'>申请人情况</td></tr>"
        "<tr><td rowspan='2'>自 然 人</td><td colspan='5'>法人或其他组织</td>"
        "<td rowspan='2'>总计</td></tr><tr><td>商业<br/>企业</td><td>科研机构</td>"
        "<td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>"
    )
    rows = [
        f"<tr><td colspan='3'>一、本年新收政府信息公开申请数量</td>{number_cells(NEW)}</tr>",
        f"<tr><td colspan='3'>二、上年结转政府信息公开申请数量</td>{number_cells(CARRIED_IN)}</tr>",
    ]
    seen = set()
    for index, (group, item, values) in enumerate(RESULTS):
        lead = f"<td rowspan='{len(RESULTS) + 1}'>三、本年度办理结果</td>" if index == 0 else ""
        if item is None:
            label = f"<td colspan='2'><p>{group}</p></td>"
        else:
            span = sum(1 for other in RESULTS if other[0] == group)
            label = (
                "" if group in seen else f"<td rowspan='{span}'>{group}</td>"
            ) + f"<td>{item}</td>"
            seen.add(group)
        if index == 3:
            values = [values[0] + misreport, *values[1:]]
        rows.append(f"<tr>{lead}{label}{number_cells(values, with_total=False)}</tr>")
    rows.append(f"<tr><td colspan='2'>（七）总计</td>{number_cells(totals)}</tr>")
    rows.append(f"<tr><td colspan='3'>四、结转下年度继续办理</td>{number_cells(carried_out)}</tr>")
    return "<table border='1'><tbody>" + header + "".join(rows) + "</tbody></table>"


def real_style_page(table3: str, year: int = 2024) -> str:
    """A detail page: layout table with a sidebar, headings in <h3>, <p><strong> and <span>."""
    demo = BeautifulSoup(render_annual_report(AGENCY, year), "lxml")
    table2, _, table4 = (str(t) for t in demo.find_all("table"))
    return f"""<html><head><title>{AGENCY}{year}年政府信息公开工作年度报告_青溪县人民政府</title>
    <meta name="ArticleTitle" content="{AGENCY}{year}年政府信息公开工作年度报告"></head><body>
    <table width="1000"><tr><td width="200"><ul><li><a href="/a.html">{year - 1}年度报告</a></li>
    </ul></td><td><div id="zoom">
    <h3 style="text-align:center">{AGENCY}{year}年政府信息公开工作年度报告</h3>
    <p>　　本报告根据《中华人民共和国政府信息公开条例》编制。</p>
    <p><span style="font-family:黑体">一、总体情况</span></p><p>　　{year}年，本局……</p>
    <p><strong>二、主动公开政府信息情况</strong></p>{table2}
    <p><strong><span>三、收到和处理政府信息公开申请情况</span></strong></p>{table3}
    <p><br/>四、政府信息公开行政复议、行政诉讼情况</p>{table4}
    <h4>五、存在的主要问题及改进情况</h4><p>一是……二是……</p>
    <p>六、其他需要报告的事项</p><p>本年度未收取信息处理费。</p>
    <p><a href="/files/report.pdf">附件下载</a></p>
    </div></td></tr></table></body></html>"""


def test_real_style_markup_passes():
    inspection = inspect_annual_report(real_style_page(real_style_table3()), 2024)
    assert inspection.ok, inspection.problems
    rows = inspection.table3.to_dict()["rows"]
    assert rows["本年新收政府信息公开申请数量"] == [1208, 35, 0, 0, 2, 1, 1246]
    assert rows["本年度办理结果总计"][-1] == 1197
    assert inspection.table3.to_dict()["results"]["无法提供"][0] == 469


def test_real_style_markup_unbalanced():
    inspection = inspect_annual_report(real_style_page(real_style_table3(60)), 2024)
    assert ("三", "table3_unbalanced") in codes(inspection)
    assert any("相差6件" in problem.message for problem in inspection.problems)


def test_result_total_must_equal_its_parts():
    page = real_style_page(real_style_table3(misreport=4))
    assert codes(inspect_annual_report(page, 2024)) == [("三", "total_mismatch")]
    assert (
        "（一）至（六）项合计1164件，与（七）总计1160件不符"
        in inspect_annual_report(page, 2024).problems[0].message
    )


def test_rowspan_grid_expansion():
    soup = BeautifulSoup(real_style_table3(), "lxml")
    grid = table_grid(soup.table)
    assert grid[1][3] == grid[2][3] == "自然人"  # rowspan=2
    assert grid[2][4] == "商业企业"  # <br/> inside the cell
    assert grid[5][0] == grid[16][0] == "三、本年度办理结果"  # rowspan over the result rows
    assert grid[7][1] == grid[10][1] == "(三)不予公开"  # NFKC: full-width brackets


def test_table_as_image_and_attachment_only():
    soup = BeautifulSoup(render_annual_report(AGENCY, 2024), "lxml")
    soup.find_all("table")[2].replace_with(BeautifulSoup('<img src="t4.png"/>', "lxml").img)
    assert codes(inspect_annual_report(str(soup), 2024)) == [("四", "table_as_image")]
    attachment = '<p>详见附件：<a href="/u/2024年度报告.pdf">2024年度报告.pdf</a></p>'
    inspection = inspect_annual_report(attachment, 2024)
    assert codes(inspection) == [("全文", "attachment_only")] and not inspection.checkable


def test_old_format_table2():
    old = render_annual_report(AGENCY, 2024).replace("本年制发件数", "本年新制作数量")
    old = old.replace("本年废止件数", "本年新公开数量")
    assert ("二", "old_format") in codes(inspect_annual_report(old, 2024))


def test_table4_total():
    soup = BeautifulSoup(render_annual_report(AGENCY, 2024), "lxml")
    review_total = soup.find_all("table")[2].find_all("tr")[-1].find_all("td")[4]
    review_total.string = str(int(review_total.string) + 7)
    inspection = inspect_annual_report(str(soup), 2024)
    assert codes(inspection) == [("四", "total_mismatch")]
    assert "「行政复议」" in inspection.problems[0].message


def test_plain_text_report_has_no_tables():
    text = "\n".join(
        ["青溪县教育局2024年政府信息公开工作年度报告", "一、总体情况", "……",
         "二、主动公开政府信息情况", "主动公开120条。", "三、收到和处理政府信息公开申请情况",
         "收到申请5件。", "四、政府信息公开行政复议、行政诉讼情况", "无。",
         "五、存在的主要问题及改进情况", "……", "六、其他需要报告的事项", "无。"]
    )  # fmt: skip
    assert [code for _, code in codes(inspect_annual_report(text, 2024))] == ["no_table"] * 3


# --- Word files -------------------------------------------------------------------------------


def html_to_docx(html: str, path) -> None:
    """A .docx with the report's paragraphs and tables, merged cells merged in Word."""
    document = docx.Document()
    for element in BeautifulSoup(html, "lxml").div.find_all(["p", "table"], recursive=False):
        if element.name == "p":
            document.add_paragraph(element.get_text())
        else:
            add_table(document, element)
    document.save(path)


def add_table(document, table) -> None:
    rows = table.find_all("tr")
    grid = table_grid(table)
    word = document.add_table(rows=len(grid), cols=len(grid[0]))
    taken: set[tuple[int, int]] = set()
    for r, row in enumerate(rows):
        c = 0
        for td in row.find_all("td"):
            while (r, c) in taken:
                c += 1
            rowspan, colspan = int(td.get("rowspan", 1)), int(td.get("colspan", 1))
            taken |= {(r + i, c + j) for i in range(rowspan) for j in range(colspan)}
            merged = word.cell(r, c).merge(word.cell(r + rowspan - 1, c + colspan - 1))
            merged.text = td.get_text()
            c += colspan


@pytest.mark.parametrize("defect", [None, "unbalanced"])
def test_docx_report(tmp_path, defect):
    path = tmp_path / "report.docx"
    html_to_docx(render_annual_report(AGENCY, 2024, defect), path)
    inspection = inspect_annual_report(load_report_text(path), 2024)
    if defect is None:
        assert inspection.ok, inspection.problems
        assert inspection.table3.to_dict()["rows"]["本年新收政府信息公开申请数量"][0] > 0
    else:
        assert {code for _, code in codes(inspection)} == {"table3_unbalanced"}


def test_docx_vertical_merge_becomes_rowspan(tmp_path):
    path = tmp_path / "report.docx"
    html_to_docx(render_annual_report(AGENCY, 2024), path)
    html = load_report_text(path)
    assert 'rowspan="22">三、本年度办理结果' in html
    assert 'colspan="7">申请人情况' in html


def test_html_file_in_gbk(tmp_path):
    path = tmp_path / "report.html"
    page = f'<html><head><meta charset="gb2312"></head><body>{render_annual_report(AGENCY, 2024)}'
    path.write_bytes(page.encode("gb18030"))
    assert inspect_annual_report(load_report_text(path), 2024).ok


# --- the rule kind ----------------------------------------------------------------------------

URL = "http://127.0.0.1/qx-jyj/art/2025/1/20/art_1.html"
TITLE = f"{AGENCY}2024年政府信息公开工作年度报告"


def rule(**fields) -> AnnualReportRule:
    base = {"id": "annual-report-format", "name": "政府信息公开工作年度报告", "basis": "条例第五十条",
            "match": "{year}年.*政府信息公开.*年度报告", "severity": "veto"}  # fmt: skip
    return AnnualReportRule.model_validate({**base, **fields})


def context(*listings: Listing, as_of=date(2025, 3, 1), outcome="ok") -> Context:
    column = ColumnView("annual_report", "年度报告", "http://127.0.0.1/col/", outcome, listings)
    return Context(as_of, "qx-jyj", AGENCY, (column,))


def listing(content: str | None, title: str = TITLE, day=date(2025, 1, 20)) -> Listing:
    return Listing(URL, title, day, day, content=content)


def test_rule_defective_report():
    report = listing(render_annual_report(AGENCY, 2024, "bare_headings"))
    [finding] = rule().check(context(report))
    assert (finding.status, finding.period, finding.kind) == ("defective", "2024", "annual_report")
    assert finding.evidence[0]["url"] == URL
    assert [e["code"] for e in finding.evidence[1:]] == ["no_table"] * 3
    assert "国办公开办函〔2021〕30号" in finding.message


@pytest.mark.parametrize(
    "listings",
    [
        [],  # missing: the periodic rule's finding
        [listing(None)],  # page not fetched: nothing to judge
        [listing(render_annual_report(AGENCY, 2024))],  # in the format
        [listing(render_annual_report(AGENCY, 2023, "unbalanced"), TITLE.replace("2024", "2023"))],
        [
            listing(render_annual_report(AGENCY, 2024, "unbalanced"), day=date(2025, 1, 10)),
            listing(render_annual_report(AGENCY, 2024), day=date(2025, 2, 1)),
        ],  # corrected
    ],  # fmt: skip
)
def test_rule_says_nothing(listings):
    assert rule().check(context(*listings)) == []


def test_rule_takes_the_year_from_the_listed_title():
    body = render_annual_report(AGENCY, 2024).replace(f"{AGENCY}2024年政府信息公开", "政府信息公开")
    assert codes(inspect_annual_report(body, 2024)) == [("标题", "year_mismatch")]
    assert rule().check(context(listing(body))) == []
    wrong_year = render_annual_report(AGENCY, 2023)
    [finding] = rule().check(context(listing(wrong_year)))
    assert [e["code"] for e in finding.evidence[1:]] == ["year_mismatch"]


def test_rule_ignores_unreachable_column():
    report = listing(render_annual_report(AGENCY, 2024, "bare_headings"))
    assert rule().check(context(report, outcome="unreachable")) == []


def test_rule_due_year():
    assert rule().years_due(date(2025, 1, 31)) == [2023]
    assert rule().years_due(date(2025, 2, 1)) == [2024]
    county = rule(due={"month": 3, "day": 31}, periods=2)
    assert county.years_due(date(2025, 3, 1)) == [2023, 2022]


def test_rule_loads_from_a_catalog(tmp_path):
    path = tmp_path / "catalog.yaml"
    path.write_text(
        "catalog: 测试\nitems:\n  - id: annual-report-format\n    name: 政府信息公开工作年度报告\n"
        "    column: annual_report\n    kind: annual_report\n"
        '    match: "{year}年.*政府信息公开.*年度报告"\n    due: {month: 3, day: 31}\n'
        "    severity: veto\n    basis: 《条例》第五十条；国办公开办函〔2021〕30号\n",
        encoding="utf-8",
    )
    [item] = load_catalog(path).items
    assert isinstance(item, AnnualReportRule) and item.due.month == 3
