"""The column classifier on real column names labelled by hand, and its synonyms files."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from rules.column_classes import (
    classify_agency,
    classify_column,
    load_synonyms,
    normalise,
    shipped_synonyms,
)
from rules.loader import RuleError, load_catalog, shipped_catalogs

DATA = Path(__file__).parent / "data" / "column_names.tsv"


def labelled_names() -> list[dict]:
    with DATA.open(encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def test_precision_and_recall_on_real_names():
    rows = labelled_names()
    assert len(rows) >= 300
    guesses = [(row["expected"], classify_column(row["name"])) for row in rows]
    classified = [(want, guess.column_id) for want, guess in guesses if guess]
    right = sum(1 for want, got in classified if want == got)
    labelled = sum(1 for want, _ in guesses if want != "-")
    assert right / len(classified) >= 0.95
    assert right / labelled >= 0.90


def test_the_table_covers_every_catalog_column():
    used = {
        column
        for name in shipped_catalogs()
        for rule in load_catalog(name).items
        for column in (getattr(rule, "column", None), getattr(rule, "interpretations", None))
        if column
    }
    known = {entry.column_id for entry in shipped_synonyms().columns}
    assert used - {"homepage"} <= known
    assert "homepage" not in known


def test_labels_are_known_column_ids():
    known = {entry.column_id for entry in shipped_synonyms().columns} | {"-"}
    assert {row["expected"] for row in labelled_names()} <= known


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        (" 部门 动态 ", "部门动态"),
        ("【通知公告】", "通知公告"),
        ("双随机、一公开", "双随机一公开"),
        ("财政·预决算", "财政预决算"),
        ("政策解读栏目", "政策解读"),
        ("政府信息公开专栏", "政府信息公开"),
        ("通知公告 更多>>", "通知公告"),
        ("ＡＢＣ１２３", "ABC123"),
        ("专栏", "专栏"),
    ],
)
def test_normalise(raw, normal):
    assert normalise(raw) == normal


@pytest.mark.parametrize(
    ("name", "column_id"),
    [
        ("部门动态", "news"),
        ("乡镇动态", "news"),
        ("公告公示", "notices"),
        ("政府信息公开年报", "annual_report"),
        ("镇长信箱", "mailbox"),
        ("在线咨询", "inquiry"),
        ("财政预决算", "finance"),
        ("部门预算", "budget"),
        ("部门决算", "final_accounts"),
        ("政策解读", "interpretation"),
        ("规范性文件解读", "interpretation"),
        ("行政规范性文件", "normative"),
        ("人大建议政协提案", "proposals"),
    ],
)
def test_known_names(name, column_id):
    assert classify_column(name).column_id == column_id


@pytest.mark.parametrize(
    "name",
    ["首页", "政府信息公开指南", "政府信息公开制度", "依申请公开", "网站地图", "联系我们",
     "专题专栏", "政府网站年度报表", "法治政府建设年度报告", "国务院要闻", ""],
)  # fmt: skip
def test_pages_that_are_no_column(name):
    assert classify_column(name) is None


def test_an_exact_name_is_surer_than_a_fragment():
    exact, fragment = classify_column("部门动态"), classify_column("青溪要闻动态")
    assert exact.confidence > fragment.confidence
    assert "部门动态" in exact.reason and "news" in exact.reason


def test_a_parent_of_the_same_family_raises_confidence():
    alone = classify_column("预算")
    under = classify_column("预算", ("政府信息公开", "财政信息"))
    assert alone.column_id == under.column_id == "budget"
    assert under.confidence > alone.confidence
    assert "财政信息" in under.reason


def test_a_year_takes_its_nearest_classified_parent():
    guess = classify_column("2023年度", ("政府信息公开", "政府信息公开年报"))
    assert guess.column_id == "annual_report"
    assert guess.confidence < classify_column("政府信息公开年报").confidence
    assert classify_column("2023年") is None
    assert classify_column("2023年", ("部门预算", "政府信息公开")).column_id == "budget"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "county.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_override_adds_a_synonym(tmp_path):
    assert classify_column("青溪发布") is None
    override = write(tmp_path, "columns:\n  news:\n    names: [青溪发布, 部门动态]\n")
    table = load_synonyms(override)
    assert classify_column("青溪发布", synonyms=table).column_id == "news"
    assert table.sources[-1] == override


def test_an_override_replaces_an_entry_by_id(tmp_path):
    override = write(tmp_path, "columns:\n  mailbox:\n    names: [县长热线]\n")
    table = load_synonyms(override)
    assert classify_column("县长热线", synonyms=table).column_id == "mailbox"
    assert classify_column("局长信箱", synonyms=table) is None
    assert classify_column("局长信箱").column_id == "mailbox"


def test_an_override_adds_ignored_names_and_new_columns(tmp_path):
    text = "columns:\n  tenders:\n    fragments: [招投标]\nignore:\n  names: [工作动态]\n"
    table = load_synonyms(write(tmp_path, text))
    assert classify_column("工作动态", synonyms=table) is None
    assert classify_column("部门动态", synonyms=table).column_id == "news"
    assert table.column("tenders").fragments == ("招投标",)


@pytest.mark.parametrize(
    ("text", "line", "fault"),
    [
        ("columns:\n  news:\n    names: [a]\n    weight: 3\n", 4, "unknown key"),
        ("columns:\n  news:\n    names: [动态]\n    priority: high\n", 4, "priority"),
        ("columns:\n  news:\n    names: ['、']\n", 3, "empty once"),
        ("columns:\n  News:\n    names: [a]\n", 2, "not a column id"),
        ("columns:\n  news:\n    names: [要闻]\n  notices:\n    names: [x, 要闻]\n", 5, "both"),
        ("columns:\n  news: [要闻\n", 3, "YAML syntax error"),
        ("- just a list\n", 1, "a mapping"),
    ],
)
def test_a_bad_override_names_file_and_line(tmp_path, text, line, fault):
    path = write(tmp_path, text)
    with pytest.raises(RuleError) as caught:
        load_synonyms(path)
    assert caught.value.line == line
    assert str(caught.value).startswith(f"{path}:{line}: ")
    assert fault in str(caught.value)


def test_a_missing_override_is_a_rule_error(tmp_path):
    with pytest.raises(RuleError, match="no such file"):
        load_synonyms(tmp_path / "absent.yaml")


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("青溪县人民政府", "county"),
        ("青溪县政府", "county"),
        ("青溪县人民政府办公室", "county"),
        ("青溪县城关镇人民政府", "township"),
        ("青溪县桃源乡", "township"),
        ("青溪县城南街道办事处", "township"),
        ("青溪县经济开发区管理委员会", "township"),
        ("青溪县工业园区管委会", "township"),
        ("青溪县发展和改革局", "department"),
        ("青溪县住房和城乡建设局", "department"),
        ("青溪县卫生健康委员会", "department"),
        ("青溪县政务服务中心", "department"),
        ("青溪县人民法院", "department"),
    ],
)
def test_classify_agency(name, kind):
    assert classify_agency(name) == kind
