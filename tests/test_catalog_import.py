"""Importing a county's 主动公开事项目录 from XLSX (sheets built here with openpyxl)."""

import openpyxl
import pytest
import yaml

from rules.deadlines import interpret_deadline
from rules.importer import import_catalog_xlsx
from rules.loader import RuleError, load_catalog

HEADER = ["序号", "公开事项", "公开内容（要素）", "公开依据", "公开时限", "公开主体",
          "公开渠道和载体", "公开对象", "公开方式"]  # fmt: skip
SITE = "县政府门户网站“政务公开”专栏"
BUDGET = "县政府门户网站“财政预决算”专栏"
ROWS = [  # Excel rows 4.. (title on row 1, a blank row 2, the header on row 3)
    (1, "机构职能", "机构设置、主要职责", "《条例》第二十条第（一）项",
     "信息形成或变更之日起20个工作日内", "县教育局", SITE, "全社会", "主动公开"),
    (2, "财政预决算", "部门预算", "《预算法》第十四条", "批复后20日内", "县教育局", BUDGET,
     "全社会", "主动公开"),
    (3, None, "部门决算", "《预算法》第十四条", "批复后20日内", "县教育局", BUDGET,
     "全社会", "主动公开"),  # 公开事项 merged with the row above
    (4, "政府信息公开工作年度报告", "上年度报告", "《条例》第五十条", "每年1月31日前",
     "县教育局", SITE, "全社会", "主动公开"),
    (5, "工作动态", "重要会议、活动", "检查指标", "实时更新", "县教育局", SITE, "全社会", "主动公开"),
    (6, "教育统计数据", "季度统计", "", "每季度", "县教育局", SITE, "全社会", "主动公开"),
    (7, "招生政策", "招生方案", "《义务教育法》", "按有关规定", "县教育局", SITE, "全社会", "主动公开"),
    (8, "县政府年度报告", "本级年报", "《条例》第五十条", "每年3月31日前", "县政府办",
     SITE, "全社会", "主动公开"),
]  # fmt: skip


def write_sheet(path, rows, header=HEADER, merges=("B5:B6",)):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "主动公开目录"
    sheet.append(["青溪县教育局主动公开事项目录"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    sheet.append([])
    sheet.append(header)
    for row in rows:
        sheet.append(list(row))
    for merge in merges:
        sheet.merge_cells(merge)
    book.save(path)
    return path


@pytest.fixture
def imported(tmp_path):
    return import_catalog_xlsx(write_sheet(tmp_path / "目录.xlsx", ROWS))


def by_name(result, name):
    return next(item for item in result.items if item["name"] == name)


@pytest.mark.parametrize(
    "phrase, kind, fields",
    [
        ("信息形成或变更之日起20个工作日内", "timeliness", {"within": "20 workdays"}),
        ("20个工作日内", "timeliness", {"within": "20 workdays"}),
        ("批复后20日内", "timeliness", {"within": "20 days"}),
        ("每年1月31日前", "periodic", {"every": "year", "due": {"month": 1, "day": 31}}),
        ("每年3月31日前", "periodic", {"every": "year", "due": {"month": 3, "day": 31}}),
        ("实时", "freshness", {"max_age": "6 months"}),
        ("常态更新", "freshness", {"max_age": "6 months"}),
        ("动态更新", "freshness", {"max_age": "6 months"}),
        ("及时公开", "freshness", {"max_age": "6 months"}),
        ("常态更新，2周内至少更新1次", "freshness", {"max_age": "2 weeks"}),
        ("每季度", "periodic", {"every": "quarter", "due_after": "1 months"}),
        ("按季度，季度结束后15日内", "periodic", {"every": "quarter", "due_after": "15 days"}),
        ("每月", "periodic", {"every": "month"}),
        ("每半年", "periodic", {"every": "half"}),
    ],
)
def test_deadline_phrases(phrase, kind, fields):
    deadline = interpret_deadline(phrase, "政府信息公开工作年度报告")
    assert deadline.kind == kind
    assert fields.items() <= deadline.fields.items()


@pytest.mark.parametrize("phrase", ["按有关规定", "长期", "", "会议结束后"])
def test_unrecognised_phrases(phrase):
    assert interpret_deadline(phrase, "事项") is None


def test_defaults_and_triggers_are_noted():
    assert "默认值" in interpret_deadline("常态", "x").notes[0]
    assert any("批复" in note for note in interpret_deadline("批复后20日内", "x").notes)
    assert interpret_deadline("每年1月31日前", "年度报告").fields["match"] == "{year}年.*年度报告"


def test_rows_map_to_kinds(imported):
    assert by_name(imported, "机构职能")["kind"] == "timeliness"
    assert by_name(imported, "机构职能")["within"] == "20 workdays"
    report = by_name(imported, "政府信息公开工作年度报告")
    assert (report["kind"], report["due"]) == ("periodic", {"month": 1, "day": 31})
    assert report["match"] == "{year}年.*政府信息公开工作年度报告"
    assert by_name(imported, "县政府年度报告")["due"] == {"month": 3, "day": 31}
    news = by_name(imported, "工作动态")
    assert (news["kind"], news["max_age"]) == ("freshness", "6 months")
    assert by_name(imported, "教育统计数据")["every"] == "quarter"


def test_item_fields(imported):
    item = by_name(imported, "机构职能")
    assert item == {
        "id": "item-1", "name": "机构职能", "content": "机构设置、主要职责", "column": "col-1",
        "kind": "timeliness", "within": "20 workdays", "severity": "warning",
        "deadline": "信息形成或变更之日起20个工作日内", "subject": "县教育局",
        "basis": "《条例》第二十条第（一）项",
    }  # fmt: skip
    assert imported.columns == {"col-1": SITE, "col-2": BUDGET}
    assert f"column: col-2  # {BUDGET}" in imported.yaml_text


def test_merged_item_cells_fill_grouped_rows(imported):
    budget = [item for item in imported.items if item["name"] == "财政预决算"]
    assert [item["content"] for item in budget] == ["部门预算", "部门决算"]
    assert [item["id"] for item in budget] == ["item-2", "item-3"]


def test_unreadable_and_basis_rows_are_flagged(imported):
    flagged = {(problem.row, problem.text, problem.reason) for problem in imported.unreadable}
    assert flagged == {
        (10, "按有关规定", "无法识别的公开时限"),
        (9, "教育统计数据", "公开依据为空"),
    }
    assert "招生政策" not in [item["name"] for item in imported.items]
    assert "  # 第10行：无法识别的公开时限「按有关规定」" in imported.yaml_text
    assert "  #   name: 招生政策" in imported.yaml_text  # kept, commented out
    assert "（目录未填写公开依据，待补充）" in by_name(imported, "教育统计数据")["basis"]


def test_yaml_states_the_items(imported):
    data = yaml.safe_load(imported.yaml_text)
    assert data["catalog"] == "青溪县教育局主动公开事项目录"
    assert data["items"] == imported.items
    assert "# 注：max_age 为默认值" in imported.yaml_text


def test_yaml_loads_with_existing_kinds(tmp_path):
    """Rows mapped to periodic and freshness (timeliness is not a registered kind yet)."""
    rows = [row for row in ROWS if row[0] in (4, 5, 6, 7, 8)]
    result = import_catalog_xlsx(write_sheet(tmp_path / "c.xlsx", rows, merges=()), "测试目录")
    path = tmp_path / "catalog.yaml"
    path.write_text(result.yaml_text, encoding="utf-8")
    catalog = load_catalog(path)
    assert catalog.name == "测试目录"
    assert [(rule.id, rule.kind) for rule in catalog.items] == [
        ("item-4", "periodic"), ("item-5", "freshness"), ("item-6", "periodic"),
        ("item-8", "periodic"),
    ]  # fmt: skip
    assert catalog.item("item-8").due.month == 3


def test_two_row_header_with_levels(tmp_path):
    header = [
        "序号",
        "公开事项",
        None,
        "公开内容",
        "公开依据",
        "公开时限",
        "公开主体",
        "公开渠道和载体",
    ]
    levels = [None, "一级事项", "二级事项", None, None, None, None, None]
    rows = [
        levels,
        (1, "财政信息", "部门预算", "预算表", "《预算法》", "批复后20日内", "县财政局", SITE),
        (2, None, "部门决算", "决算表", "《预算法》", "批复后20日内", "县财政局", SITE),
        ("一、决策公开", None, None, None, None, None, None, None),
        (3, "决策公开", "重大决策预公开", "草案", "《条例》", "常态", "县财政局", SITE),
    ]
    merges = ["B3:C3", "A3:A4", "D3:D4", "E3:E4", "F3:F4", "G3:G4", "H3:H4", "B5:B6", "A7:H7"]
    result = import_catalog_xlsx(write_sheet(tmp_path / "t.xlsx", rows, header, merges))
    assert [item["name"] for item in result.items] == ["部门预算", "部门决算", "重大决策预公开"]
    assert "# 一级事项：财政信息" in result.yaml_text
    assert "表头在第3–4行" in result.yaml_text
    assert result.unreadable == []


def test_sheet_without_header_is_refused(tmp_path):
    path = write_sheet(tmp_path / "x.xlsx", [("a", "b")], header=["名称", "备注"], merges=())
    with pytest.raises(RuleError, match="未找到目录表头"):
        import_catalog_xlsx(path)


def test_unreadable_file_is_refused(tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0 not a zip")
    with pytest.raises(RuleError, match="无法读取 Excel 文件"):
        import_catalog_xlsx(path)
