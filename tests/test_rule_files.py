"""Rule files: shipped catalogs load; broken ones are refused with file, line and fault."""

import textwrap

import pytest

from rules.loader import RuleError, load_catalog

ITEM = """\
catalog: 测试目录
items:
  - id: news
    name: 工作动态
    column: news
    kind: freshness
    max_age: 2 weeks
    basis: 检查指标
"""


@pytest.mark.parametrize("name", ["county", "department", "township", "baseline"])
def test_shipped_catalogs_load_and_cite_a_basis(name):
    catalog = load_catalog(name)
    assert catalog.items
    assert all(rule.basis for rule in catalog.items)


def test_county_catalog_overrides_the_baseline_annual_report_deadline():
    county = load_catalog("county").item("annual-report")
    department = load_catalog("department").item("annual-report")
    assert (county.due.month, county.due.day) == (3, 31)
    assert (department.due.month, department.due.day) == (1, 31)


@pytest.mark.parametrize(
    ("text", "line", "fault"),
    [
        (ITEM.replace("max_age: 2 weeks", "max_age: [2 weeks"), 8, "YAML syntax error"),
        (ITEM.replace("kind: freshness", "kind: freshnes"), 6, "unknown rule kind 'freshnes'"),
        (
            ITEM.replace("    basis: 检查指标", "    basis: 检查指标\n    colour: red"),
            9,
            "unknown key",
        ),
        (ITEM.replace("2 weeks", "2 fortnights"), 7, "bad duration"),
        (
            ITEM.replace(
                "kind: freshness\n    max_age: 2 weeks",
                "kind: periodic\n    every: year\n    due: {month: 1, day: 31}\n"
                "    match: '{year}年(报告'",
            ),
            9,
            "missing ), unterminated subpattern",
        ),
        (ITEM.replace("catalog:", "catalgo:"), 1, "unknown key 'catalgo'"),
    ],
)
def test_broken_rule_file_is_refused(tmp_path, text, line, fault):
    path = tmp_path / "rules.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    with pytest.raises(RuleError) as caught:
        load_catalog(path)
    assert (caught.value.path, caught.value.line) == (str(path), line)
    assert fault in caught.value.message


def test_disable_needs_a_reason_and_records_it(tmp_path):
    path = tmp_path / "local.yaml"
    path.write_text(
        "extends: department\ndisable:\n  policies: 本部门无制发政策文件职能\n", "utf-8"
    )
    catalog = load_catalog(path)
    assert "policies" not in {rule.id for rule in catalog.items}
    assert catalog.disabled["policies"] == "本部门无制发政策文件职能"
    path.write_text("extends: department\ndisable:\n  policies:\n", "utf-8")
    with pytest.raises(RuleError, match="needs a reason"):
        load_catalog(path)
