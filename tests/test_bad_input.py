"""Malformed config, rule and holidays files, as an operator may write them.

Each case breaks one file of a valid fixture (config + rule file + holidays file) and runs the
real command line on it. Every one must end the same way: exit status 2, one line
`error: path:line: fault` naming the broken file, no traceback, and nothing written — the
database is neither created nor changed, no report, no lock file.
"""

from __future__ import annotations

import codecs
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from monitor.cli import main
from rules.yamlsource import CONFIG_MAX_BYTES, MAX_BYTES, SourceError, parse_yaml

AS_OF = "2026-03-02"
ZWGK = Path(sys.executable).with_name("zwgk")

GOOD_CONFIG = """\
region: 青溪县
database: zwgk.db
reports_dir: reports
timezone: Asia/Shanghai
schedule: "0 6 * * 1"
holidays: holidays.yaml
notices:
  deadline_workdays: 5
  number_pattern: "青溪公开整改〔{year}〕{seq}号"
alerts:
  default: ["mailto://127.0.0.1:25?from=zwgk@qingxi.gov.cn&to=gkb@qingxi.gov.cn"]
  report_url: http://127.0.0.1:9/reports/
crawl:
  timeout: 10
agencies:
  - id: qx-jyj
    name: 青溪县教育局
    kind: department
    catalog: rules.yaml
    homepage: http://127.0.0.1:9/
    columns:
      - id: news
        name: 工作动态
        url: http://127.0.0.1:9/news/
        items: [news, local-news]
        max_pages: 5
      - id: notices
        name: 通知公告
        url: http://127.0.0.1:9/notices/
        cms: hanweb
      - id: list
        name: 其他信息
        url: http://127.0.0.1:9/list/
        selectors: {item: "ul.list li", date: "span"}
  - id: qx-gov
    name: 青溪县人民政府
    kind: county
    catalog: county
"""

GOOD_RULES = """\
catalog: 青溪县部门目录
extends: department
override:
  annual-report: {due: {month: 2, day: 28}}
disable:
  policies: 本部门无制发政策文件职能
items:
  - id: local-news
    name: 本地动态
    column: news
    kind: freshness
    max_age: 2 weeks
    severity: points 2
    basis: 本县规定
  - id: local-report
    name: 年度工作总结
    column: news
    kind: periodic
    every: year
    match: "{year}年.*工作总结"
    due: {month: 3, day: 31}
    basis: 本县规定
"""

GOOD_HOLIDAYS = """\
years:
  2027:
    holidays:
      - 2027-01-01
      - {from: 2027-02-06, to: 2027-02-13, name: 春节}
    workdays: [2027-02-14]
"""

GOOD = {"config": GOOD_CONFIG, "rules": GOOD_RULES, "holidays": GOOD_HOLIDAYS}
FILES = {"config": "zwgk.yaml", "rules": "rules.yaml", "holidays": "holidays.yaml"}


@dataclass(frozen=True)
class Case:
    id: str
    file: str  # which file of the fixture is broken: config | rules | holidays
    content: bytes
    line: int | None  # the line the error names (None: the whole file)
    message: str  # a part of the error message


def edit(file: str, old: str, new: str) -> bytes:
    """The good file with one piece of text replaced (the piece must be in it once)."""
    assert GOOD[file].count(old) == 1, old
    return GOOD[file].replace(old, new).encode()


def config(old: str, new: str) -> bytes:
    return edit("config", old, new)


def rules(old: str, new: str) -> bytes:
    return edit("rules", old, new)


def holidays(old: str, new: str) -> bytes:
    return edit("holidays", old, new)


BOMB = (
    b'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    b"b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    b"d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
    b"f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
    b"h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\ni: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n"
)
NOT_UTF8 = "must be UTF-8 text"
AGENCY = "  - id: qx-jyj\n"
ITEM = "  - id: local-news\n"

# fmt: off
FILE_CASES = [
    Case("empty", "config", b"", None, "file is empty"),
    Case("blank-lines", "config", b"\n  \n\t\n", None, "file is empty"),
    Case("only-comments", "config", b"# region: x\n# agencies: []\n", None, "file is empty"),
    Case("png", "config", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 1, "byte 0 (0x89) is not UTF-8"),
    Case("gzip", "config", b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", 1, NOT_UTF8),
    Case("nul-byte", "config", config("kind: department", "kind: depart\0ment"), 18, "NUL byte"),
    Case("bell-char", "config", config("region: 青溪县", "region: 青溪\a县"), 1, "U+0007"),
    Case("gbk", "config", GOOD_CONFIG.encode("gbk"), 1, "byte 8 (0xc7) is not UTF-8"),
    Case("latin1-late", "config", config("通知公告", "Avis\xe9").replace(b"\xc3\xa9", b"\xe9"),
         28, NOT_UTF8),
    Case("utf16", "config", GOOD_CONFIG.encode("utf-16"), 1, "UTF-16"),
    Case("rules-empty", "rules", b"", None, "file is empty"),
    Case("rules-binary", "rules", bytes(range(256)), 2, "byte 128 (0x80) is not UTF-8"),
    Case("rules-nul", "rules", rules("basis: 本县规定\n  - id", "basis: \0\n  - id"), 14, "NUL"),
    Case("rules-gbk", "rules", GOOD_RULES.encode("gb18030"), 1, NOT_UTF8),
    Case("holidays-empty", "holidays", b"# nothing yet\n", None, "file is empty"),
    Case("holidays-gbk", "holidays", holidays("春节", "春节").replace("春节".encode(),
         "春节".encode("gbk")), 5, NOT_UTF8),
]

YAML_CASES = [
    Case("syntax", "config", config("name: 青溪县教育局", "name: [青溪县教育局"), 18,
         "flow sequence started on line 17"),
    Case("tab-indent", "config", config("  timeout: 10", "\ttimeout: 10"), 14, "YAML syntax"),
    Case("two-documents", "config", (GOOD_CONFIG + "---\nregion: x\n").encode(), 39, "single"),
    Case("duplicate-top-key", "config", (GOOD_CONFIG + "region: 青山县\n").encode(), 39,
         "duplicate key 'region' (first on line 1)"),
    Case("duplicate-nested-key", "config", config("    kind: department\n",
         "    kind: department\n    kind: county\n"), 19, "duplicate key 'kind'"),
    Case("alias-bomb", "config", BOMB, 2, "aliases are not allowed"),
    Case("alias", "config", config("  report_url:", "  supervisors: *m\n  report_url:").replace(
         b'  default: ["', b'  default: &m ["'), 12, "aliases are not allowed"),
    Case("merge-key", "config", config(AGENCY, "  - &jyj\n    id: qx-jyj\n").replace(
         b"  - id: qx-gov", b"  - <<: *jyj\n    id: qx-gov"), 36, "aliases"),
    Case("deep-nesting", "config", b"region: " + b"[" * 5000 + b"]" * 5000, 1, "levels deep"),
    Case("deep-mappings", "config", "".join(f"{' ' * n}k{n}:\n" for n in range(60)).encode(),
         40, "nested more than 40 levels deep"),
    Case("long-line", "config", b"x" * 300_000, 1, "must be a mapping"),
    Case("too-large", "config", b"# " + b"x" * CONFIG_MAX_BYTES, None, "file too large"),
    Case("rules-too-large", "rules", b"# " + b"x" * MAX_BYTES, None, "file too large"),
    Case("list", "config", b"- region: x\n- agencies: []\n", 1, "must be a mapping"),
    Case("scalar", "config", b"just some words\n", 1, "must be a mapping"),
    Case("python-tag", "config", config("region: 青溪县", "region: !!python/object:os.system x"),
         1, "could not determine a constructor"),
    Case("rules-duplicate-key", "rules", rules("    kind: freshness\n",
         "    kind: freshness\n    kind: periodic\n"), 12, "duplicate key 'kind'"),
    Case("rules-alias", "rules", rules("    basis: 本县规定\n  - id", "    basis: &b 本县规定\n  - id")
         .replace(b"    basis: \xe6\x9c\xac\xe5\x8e\xbf\xe8\xa7\x84\xe5\xae\x9a\n", b"    basis: *b\n"),
         22, "aliases are not allowed"),
    Case("rules-syntax", "rules", rules("max_age: 2 weeks", "max_age: {2 weeks"), 13, "YAML syntax"),
    Case("holidays-duplicate-year", "holidays", (GOOD_HOLIDAYS + "  2027:\n    workdays: []\n")
         .encode(), 7, "duplicate key 2027"),
]

CONFIG_CASES = [
    Case("unknown-key", "config", config("crawl:", "colour: red\ncrawl:"), 13, "unknown key"),
    Case("unknown-nested-key", "config", config("    homepage:", "    colour: red\n    homepage:"),
         20, "agencies.0.colour: unknown key"),
    Case("missing-region", "config", config("region: 青溪县\n", ""), 1, "region: Field required"),
    Case("empty-region", "config", config("region: 青溪县", 'region: ""'), 1, "at least 1"),
    Case("region-list", "config", config("region: 青溪县", "region: [青溪县]"), 1, "region:"),
    Case("agencies-mapping", "config", config("agencies:\n", "agencies:\n  x: 1\nold:\n"),
         15, "agencies: Input should be a valid list"),
    Case("agency-string", "config", config(AGENCY, "  - qx-jyj\n  - id: qx-jyj\n"), 16,
         "agencies.0: Input should be a valid dictionary"),
    Case("agency-kind", "config", config("kind: department", "kind: bureau"), 18, "kind"),
    Case("agency-id-pattern", "config", config("id: qx-jyj", "id: QX JYJ"), 16, "pattern"),
    Case("duplicate-agency", "config", config("id: qx-gov", "id: qx-jyj"), 35,
         "duplicate agency id 'qx-jyj'"),
    Case("duplicate-column", "config", config("id: notices", "id: news"), 27,
         "duplicate column id 'news'"),
    Case("missing-agency-name", "config", config("    name: 青溪县教育局\n", ""), 16,
         "agencies.0.name: Field required"),
    Case("bad-url", "config", config("url: http://127.0.0.1:9/news/", "url: ftp//nowhere"), 24,
         "not an http(s) URL"),
    Case("bad-port", "config", config("url: http://127.0.0.1:9/news/", "url: http://a.cn:99999/"),
         24, "bad port"),
    Case("space-in-url", "config", config("http://127.0.0.1:9/list/", "http://a.cn/a b"), 33,
         "whitespace"),
    Case("bad-homepage", "config", config("homepage: http://127.0.0.1:9/", "homepage: qx.gov.cn"),
         20, "homepage"),
    Case("negative-max-pages", "config", config("max_pages: 5", "max_pages: -1"), 26,
         "greater than or equal to 1"),
    Case("max-pages-text", "config", config("max_pages: 5", "max_pages: many"), 26, "integer"),
    Case("columns-string", "config", config("    columns:\n", "    columns: news\n    x:\n"), 21,
         "columns: Input should be a valid list"),
    Case("column-items-string", "config", config("items: [news, local-news]", "items: news"), 25,
         "items: Input should be a valid list"),
    Case("unknown-item", "config", config("items: [news, local-news]", "items: [news, nwes]"), 25,
         "no item 'nwes' in the catalog 青溪县部门目录"),
    Case("repeated-item", "config", config("items: [news, local-news]", "items: [news, news]"),
         25, "duplicate item 'news'"),
    Case("unknown-cms", "config", config("cms: hanweb", "cms: wordpress"), 30, "unknown cms"),
    Case("bad-css", "config", config('item: "ul.list li"', 'item: "ul.list["'), 34,
         "bad selector"),
    Case("bad-xpath", "config", config('date: "span"', 'date: "//span["'), 34, "bad selector"),
    Case("catalog-missing", "config", config("catalog: county", "catalog: country"), 38,
         "no rule file or shipped catalog 'country'"),
    Case("catalog-path-missing", "config", config("catalog: rules.yaml", "catalog: rule.yaml"),
         19, "rule.yaml"),
    Case("catalog-directory", "config", config("catalog: county", "catalog: ."), 38,
         "no rule file or shipped catalog '.'"),
    Case("catalog-list", "config", config("catalog: county", "catalog: [county]"), 38,
         "catalog: Input should be a valid string"),
    Case("holidays-missing", "config", config("holidays: holidays.yaml", "holidays: holiday.yaml"),
         6, "holidays file not found"),
    Case("holidays-directory", "config", config("holidays: holidays.yaml", "holidays: ."), 6,
         "holidays file is a directory"),
    Case("bad-timezone", "config", config("Asia/Shanghai", "Asia/Beijing"), 4, "unknown timezone"),
    Case("bad-cron", "config", config('"0 6 * * 1"', '"0 25 * * 1"'), 5, "schedule"),
    Case("short-cron", "config", config('"0 6 * * 1"', '"0 6 *"'), 5, "schedule"),
    Case("number-pattern", "config", config("〔{year}〕{seq}号", "〔{year}〕号"), 9, "{seq}"),
    Case("notices-list", "config", config("notices:\n", "notices: []\nx:\n"), 7,
         "notices: Input should be a valid dictionary"),
    Case("deadline-zero", "config", config("deadline_workdays: 5", "deadline_workdays: 0"), 8,
         "greater than or equal to 1"),
    Case("alert-not-url", "config", config('default: ["mailto', 'default: ["mail to'), 11,
         "alerts.default.0"),
    Case("alert-unknown-scheme", "config", config('default: ["mailto', 'default: ["nosuch'), 11,
         "unknown alert channel scheme"),
    Case("alert-duplicate", "config", config('gkb@qingxi.gov.cn"]', 'gkb@qingxi.gov.cn", '
         '"mailto://127.0.0.1:25?from=zwgk@qingxi.gov.cn&to=gkb@qingxi.gov.cn"]'), 11,
         "duplicate alert channel"),
    Case("bad-report-url", "config", config("report_url: http://", "report_url: //"), 12,
         "report_url"),
    Case("negative-timeout", "config", config("timeout: 10", "timeout: -3"), 14, "greater than 0"),
    Case("crawl-string", "config", config("crawl:\n  timeout: 10\n", "crawl: fast\n"), 13,
         "crawl: Input should be a valid dictionary"),
    Case("rule-files", "config", config("crawl:", "rule_files: [extra.yaml]\ncrawl:"), 13,
         "'rule_files' is not read"),
    Case("path-key", "config", config("crawl:", "path: /etc\ncrawl:"), 13, "unknown key"),
    Case("non-string-key", "config", config("crawl:", "1: x\ncrawl:"), 13, "Keys should be strings"),
    Case("newline-in-key", "config", config("crawl:", '"colour\\nred": 1\ncrawl:'), 13,
         "colour\\nred: unknown key"),
    Case("newline-in-catalog", "config", config("catalog: county", 'catalog: "coun\\nty"'), 38,
         "'coun\\nty'"),
    Case("selectors-string", "config", config('{item: "ul.list li", date: "span"}', '"ul li"'), 34,
         "selectors: Input should be a valid dictionary"),
    Case("alerts-list", "config", config("  report_url: http://127.0.0.1:9/reports/\n", "").replace(
         b"  default: [", b"  - default: ["), 10, "alerts: Input should be a valid dictionary"),
    Case("reports-dir-file", "config", config("reports_dir: reports", "reports_dir: rules.yaml"), 3,
         "reports_dir is a file"),
    Case("nul-in-path", "config", config("holidays: holidays.yaml", 'holidays: "a\\0b"'), 6,
         "holidays"),
]

RULE_CASES = [
    Case("rules-list", "rules", b"- id: news\n  name: x\n", 1, "must be a mapping"),
    Case("rules-unknown-top-key", "rules", rules("override:", "overide:"), 3, "unknown key"),
    Case("extends-missing", "rules", rules("extends: department", "extends: departement"), 2,
         "extends 'departement': no such rule file or shipped catalog"),
    Case("extends-list", "rules", rules("extends: department", "extends: [department]"), 2,
         "'extends' must be"),
    Case("extends-empty", "rules", rules("extends: department", "extends:"), 2, "'extends' needs"),
    Case("extends-itself", "rules", rules("extends: department", "extends: rules.yaml"), 2,
         "catalog extends itself"),
    Case("catalog-name-list", "rules", rules("catalog: 青溪县部门目录", "catalog: [a]"), 1,
         "'catalog' must be text"),
    Case("items-mapping", "rules", rules("items:\n", "items:\n  news: {}\nx:\n"), 7,
         "'items' must be a list"),
    Case("item-string", "rules", rules(ITEM, "  - local-news\n  - id: local-news\n"), 8,
         "each item must be a mapping with an 'id'"),
    Case("item-without-id", "rules", rules(ITEM, "  - ident: local-news\n"), 8, "an 'id'"),
    Case("duplicate-item", "rules", rules("id: local-report", "id: local-news"), 15,
         "duplicate item id 'local-news' (first on line 8)"),
    Case("redefined-inherited-item", "rules", rules("id: local-report", "id: news"), 15,
         "item 'news' is already in 县级部门主动公开事项目录"),
    Case("item-unknown-key", "rules", rules("    severity:", "    colour: red\n    severity:"),
         13, "items.0.colour: unknown key"),
    Case("unknown-kind", "rules", rules("kind: freshness", "kind: freshnes"), 11,
         "unknown rule kind 'freshnes'"),
    Case("missing-kind", "rules", rules("    kind: freshness\n", ""), 8, "missing 'kind'"),
    Case("kind-list", "rules", rules("kind: freshness", "kind: [freshness]"), 11, "rule kind"),
    Case("bad-duration", "rules", rules("2 weeks", "2 fortnights"), 12, "bad duration"),
    Case("negative-duration", "rules", rules("2 weeks", "-2 weeks"), 12, "bad duration"),
    Case("bad-regex", "rules", rules(".*工作总结", ".*工作总结("), 20, "unterminated subpattern"),
    Case("bad-severity", "rules", rules("points 2", "points two"), 13, "severity"),
    Case("bad-due", "rules", rules("{month: 3, day: 31}", "{month: 2, day: 30}"), 21, "due"),
    Case("bad-date", "rules", rules("  annual-report: {due: {month: 2, day: 28}}\n", "  budget: "
         "{trigger_dates: {2026: 2026-02-30}}\n"), 4, "override.budget.trigger_dates.2026"),
    Case("periods-zero", "rules", rules("every: year\n", "every: year\n    periods: 0\n"), 20,
         "items.1.periods: Input should be greater than or equal to 1"),
    Case("due-text", "rules", rules("due: {month: 3, day: 31}", "due: 3-31"), 21, "items.1.due"),
    Case("bad-id", "rules", rules("id: local-news", "id: Local News"), 8, "pattern"),
    Case("override-unknown", "rules", rules("  annual-report: {due", "  annual-reprot: {due"), 4,
         "no item 'annual-reprot' to override"),
    Case("override-not-mapping", "rules", rules("{due: {month: 2, day: 28}}", "2"), 4,
         "an override is a mapping"),
    Case("override-list", "rules", rules("override:\n  annual-report:", "override:\n  - annual"
         "-report:"), 3, "'override' must be"),
    Case("override-id", "rules", rules("{due: {month: 2, day: 28}}", "{id: report}"), 4,
         "cannot change an item's id"),
    Case("override-bad-value", "rules", rules("month: 2, day: 28", "month: 13, day: 28"), 4,
         "override.annual-report.due"),
    Case("disable-list", "rules", rules("  policies: 本部门无制发政策文件职能", "  - policies"), 5,
         "'disable' must be"),
    Case("disable-no-reason", "rules", rules("policies: 本部门无制发政策文件职能", "policies:"), 6,
         "needs a reason"),
    Case("disable-unknown", "rules", rules("policies: 本部门", "polices: 本部门"), 6,
         "no item 'polices' to disable"),
]

HOLIDAY_CASES = [
    Case("holidays-list", "holidays", b"- 2027-01-01\n", 1, "must be a mapping with 'years'"),
    Case("holidays-bad-date", "holidays", holidays("2027-01-01", "2027-02-30"), 4, "date"),
    Case("holidays-not-a-date", "holidays", holidays("2027-01-01", "New Year"), 4, "date"),
    Case("holidays-reversed", "holidays", holidays("to: 2027-02-13", "to: 2027-02-01"), 5,
         "'to' is before 'from'"),
    Case("holidays-year-text", "holidays", holidays("  2027:", "  next year:"), 2, "integer"),
    Case("holidays-unknown-key", "holidays", holidays("    workdays:", "    workday:"), 6,
         "unknown key"),
    Case("holidays-string", "holidays", holidays("    workdays: [2027-02-14]",
         "    workdays: 2027-02-14"), 6, "workdays"),
    Case("holidays-years-list", "holidays", b"years: [2027]\n", 1, "years: Input should be a valid"),
    Case("holidays-year-list", "holidays", b"years:\n  2027: [2027-01-01]\n", 2, "years.2027:"),
    Case("holidays-no-years", "holidays", b"year:\n  2027: {}\n", 1, "years: Field required"),
]
# fmt: on

CASES = FILE_CASES + YAML_CASES + CONFIG_CASES + RULE_CASES + HOLIDAY_CASES


def write_fixture(folder: Path, case: Case | None = None) -> Path:
    """The good fixture in `folder`, with the case's file broken; returns the config path."""
    folder.mkdir(parents=True, exist_ok=True)
    for file, name in FILES.items():
        content = case.content if case and case.file == file else GOOD[file].encode()
        (folder / name).write_bytes(content)
    return folder.resolve() / FILES["config"]


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (a database, its WAL, a lock, a report) with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def check(config_path: Path):
    return CliRunner().invoke(main, ["check", "--config", str(config_path), "--as-of", AS_OF])


@pytest.fixture(scope="module")
def good_database(tmp_path_factory) -> bytes:
    """The database the good fixture leaves after one check: what a bad edit must not touch."""
    config_path = write_fixture(tmp_path_factory.mktemp("good"))
    result = check(config_path)
    assert result.exit_code == 0, result.output
    return (config_path.parent / "zwgk.db").read_bytes()


def assert_refused(exit_code: int, stderr: str, path: Path, case: Case) -> None:
    assert exit_code == 2, stderr
    assert "Traceback" not in stderr
    lines = stderr.splitlines()
    where = f"{path}:{case.line}: " if case.line else f"{path}: "
    assert len(lines) == 1 and lines[0].startswith(f"error: {where}"), stderr
    assert case.message in lines[0]


def test_the_good_fixture_passes(good_database):
    assert good_database.startswith(b"SQLite format 3")


def test_the_table_is_large_and_its_ids_unique():
    assert len(CASES) >= 60
    assert len({case.id for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_input_is_refused_with_file_and_line_and_nothing_written(tmp_path, case, good_database):
    fresh = write_fixture(tmp_path / "fresh", case)
    existing = write_fixture(tmp_path / "existing", case)
    (existing.parent / "zwgk.db").write_bytes(good_database)
    for config_path in (fresh, existing):
        before = snapshot(config_path.parent)
        result = check(config_path)
        assert isinstance(result.exception, SystemExit), result.exception
        assert_refused(result.exit_code, result.stderr, config_path.parent / FILES[case.file], case)
        assert snapshot(config_path.parent) == before


COMMANDS = [["run"], ["crawl"], ["report", "weekly"], ["findings"], ["notices", "issue"],
            ["alerts", "send"], ["health"]]  # fmt: skip


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
@pytest.mark.parametrize("case_id", ["holidays-missing", "holidays-bad-date", "unknown-item"])
def test_every_command_refuses_before_opening_the_store(tmp_path, command, case_id):
    case = next(case for case in CASES if case.id == case_id)
    config_path = write_fixture(tmp_path, case)
    result = CliRunner().invoke(main, [*command, "--config", str(config_path)])
    assert_refused(result.exit_code, result.stderr, tmp_path.resolve() / FILES[case.file], case)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(FILES.values())


SUBPROCESS_CASES = ["alias-bomb", "nul-byte", "gbk", "duplicate-top-key", "holidays-missing",
                    "deep-nesting", "unknown-item", "extends-missing"]  # fmt: skip


@pytest.mark.parametrize("case_id", SUBPROCESS_CASES)
def test_the_installed_command_prints_one_line_and_no_traceback(tmp_path, case_id):
    case = next(case for case in CASES if case.id == case_id)
    config_path = write_fixture(tmp_path, case)
    done = subprocess.run([str(ZWGK), "check", "--config", str(config_path)],
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert_refused(done.returncode, done.stderr, tmp_path.resolve() / FILES[case.file], case)
    assert done.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(FILES.values())


def test_an_alias_bomb_is_refused_before_any_expansion():
    started = time.perf_counter()
    with pytest.raises(SourceError, match="aliases are not allowed"):
        parse_yaml(BOMB.decode() + "j: [*i,*i,*i,*i,*i,*i,*i,*i,*i]\n", "bomb.yaml")
    assert time.perf_counter() - started < 0.5


@pytest.mark.parametrize("file", list(FILES))
@pytest.mark.parametrize("variant", ["bom", "crlf", "bom+crlf"])
def test_a_bom_and_crlf_line_endings_are_accepted(tmp_path, file, variant):
    text = GOOD[file].replace("\n", "\r\n") if "crlf" in variant else GOOD[file]
    content = (codecs.BOM_UTF8 if "bom" in variant else b"") + text.encode()
    config_path = write_fixture(tmp_path, Case(variant, file, content, None, ""))
    result = check(config_path)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "zwgk.db").exists()


def test_a_line_number_survives_a_bom_and_crlf(tmp_path):
    content = codecs.BOM_UTF8 + config("kind: department", "kind: bureau").replace(b"\n", b"\r\n")
    config_path = write_fixture(tmp_path, Case("x", "config", content, None, ""))
    result = check(config_path)
    assert_refused(result.exit_code, result.stderr, config_path,
                   Case("x", "config", b"", 18, "agencies.0.kind"))  # fmt: skip


def test_a_config_that_does_not_exist(tmp_path):
    result = check(tmp_path / "zwgk.yaml")
    assert result.exit_code == 2
    assert result.stderr == f"error: {tmp_path / 'zwgk.yaml'}: config file not found " \
        "(name it with --config or ZWGK_CONFIG)\n"  # fmt: skip
    assert list(tmp_path.iterdir()) == []


def test_a_directory_given_as_the_config(tmp_path):
    write_fixture(tmp_path)
    before = snapshot(tmp_path)
    result = CliRunner().invoke(main, ["rules", "validate", "--config", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr == f"error: {tmp_path}: is a directory, not a file\n"
    result = check(tmp_path)
    assert result.exit_code == 2 and "is a directory" in result.stderr
    assert snapshot(tmp_path) == before
