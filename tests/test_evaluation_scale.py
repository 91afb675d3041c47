"""Evaluation at a province's scale (bench/evaluate.py): the shortcuts give the same answers.

Working days counted a year at a time, annual reports parsed once and their verdicts kept,
the config read by libyaml (and kept when large) with its lines found only for an error, a
column's listings answered from the store's indexes, and agencies judged in two processes:
each is checked here against the plain way it replaces.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
import pytest

import rules.report_kept as report_kept
import rules.yamlfast as yamlfast
import rules.yamlsource as yamlsource
from monitor import evaluate as evaluation
from monitor.config import ConfigError, load_config
from monitor.store import Store
from monitor.views import StoredListings, StoreViews
from rules.calendar import WorkCalendar
from rules.listing_sets import Listings
from rules.report_kept import INSPECTOR_VERSION, KeptInspections

AS_OF = date(2026, 11, 27)

# -- working days: a year at a time, as day by day ------------------------------------------


def workday(cal: WorkCalendar, day: date) -> bool:
    """The calendar's rule one day at a time: the user file, the package, else Mon–Fri."""
    if day in cal.extra_workdays:
        return True
    if day in cal.extra_holidays:
        return False
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < 5


def added_day_by_day(cal: WorkCalendar, start: date, count: int) -> date:
    step, day, left = (1 if count >= 0 else -1), start, abs(count)
    while left:
        day += timedelta(days=step)
        left -= workday(cal, day)
    return day


def between_day_by_day(cal: WorkCalendar, start: date, end: date) -> int:
    if end < start:
        return -between_day_by_day(cal, end, start)
    return sum(workday(cal, start + timedelta(days=n)) for n in range(1, (end - start).days + 1))


# 春节 2026 (2-15..23 off, 2-14 and 2-28 Saturdays worked), 国庆 and 中秋 2026, the year ends
# 2024/25 and 2025/26 (元旦 off), and into 2027, which the package may not know yet.
STARTS = [date(2026, 2, 10), date(2026, 2, 14), date(2026, 9, 25), date(2024, 12, 28),
          date(2025, 12, 31), date(2026, 12, 24), date(2027, 1, 4)]  # fmt: skip


@pytest.mark.parametrize("start", STARTS)
def test_working_days_by_the_year_count_as_day_by_day(start):
    cal = WorkCalendar({date(2026, 5, 6)}, {date(2026, 5, 9)})  # a holiday and a worked Saturday
    for count in (-45, -20, -7, -1, 0, 1, 3, 5, 7, 20, 45):
        assert cal.add_workdays(start, count) == added_day_by_day(cal, start, count), count
    for offset in (-400, -31, -9, -1, 0, 1, 2, 8, 10, 31, 70, 400):
        end = start + timedelta(days=offset)
        assert cal.workdays_between(start, end) == between_day_by_day(cal, start, end), end
    for offset in range(-20, 21):
        day = start + timedelta(days=offset)
        assert cal.is_workday(day) == workday(cal, day), day


def test_a_year_no_calendar_knows_is_noted_only_once_looked_at():
    cal = WorkCalendar()
    unknown = next(year for year in range(2027, 2100) if not known_year(year))
    cal.workdays_between(date(unknown - 1, 6, 1), date(unknown - 1, 7, 1))
    assert unknown not in cal.fallback_years
    cal.add_workdays(date(unknown - 1, 12, 28), 10)  # into the unknown year
    assert unknown in cal.fallback_years


def known_year(year: int) -> bool:
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


# -- annual reports: parsed once, the verdict kept by content --------------------------------

REPORT = """<html><body><h1>青溪县教育局2025年政府信息公开工作年度报告</h1>
<p>一、总体情况</p><p>本年度……</p><p>二、主动公开政府信息情况</p><p>见下。</p>
<p>三、收到和处理政府信息公开申请情况</p><p>四、政府信息公开行政复议、行政诉讼情况</p>
<p>五、存在的主要问题及改进情况</p><p>六、其他需要报告的事项</p></body></html>"""


@pytest.fixture
def parses(monkeypatch) -> list[int]:
    """Each real inspection (a parse of the page) appends its year."""
    calls: list[int] = []
    real = report_kept.inspect_annual_report

    def counted(content: str, year: int):
        calls.append(year)
        return real(content, year)

    monkeypatch.setattr(report_kept, "inspect_annual_report", counted)
    return calls


def test_a_report_page_is_parsed_once_and_again_when_its_content_changes(parses):
    kept = KeptInspections()
    first = kept.inspect(REPORT, 2025)
    assert not first.ok and {p.code for p in first.problems} >= {"no_table"}
    assert kept.inspect(REPORT, 2025) == first and parses == [2025]
    kept.inspect(REPORT.replace("本年度", "本年"), 2025)  # a corrected page: parsed anew
    kept.inspect(REPORT, 2024)  # another report year: judged anew
    assert parses == [2025, 2025, 2024] and len(kept.added) == 3
    later = KeptInspections(dict(kept.added))  # the next check, from what was stored
    assert later.inspect(REPORT, 2025) == first and later.added == {} and len(parses) == 3


def test_a_kept_verdict_is_what_the_full_inspection_says():
    full = report_kept.inspect_annual_report(REPORT, 2025)
    kept = KeptInspections().inspect(REPORT, 2025)
    assert (kept.ok, kept.problems, kept.title, kept.title_year) == (
        full.ok, full.problems, full.title, full.title_year)  # fmt: skip
    assert report_kept.inspect(REPORT, 2025) == kept  # no kept verdicts: the same shape


def test_verdicts_are_stored_by_inspector_version(tmp_path):
    store = Store(tmp_path / "zwgk.db")
    try:
        store.save_report_verdicts({("d1", 2025): {"title": "t", "title_year": 2025,
                                                   "problems": []}}, "old")  # fmt: skip
        kept = KeptInspections(store.report_verdicts("old"))
        kept.inspect(REPORT, 2025)
        store.save_report_verdicts(kept.added, INSPECTOR_VERSION)
        assert store.report_verdicts("old") == {}  # a change of the code: old verdicts go
        assert store.report_verdicts(INSPECTOR_VERSION) == kept.added
    finally:
        store.close()


# -- the config: libyaml, and the lines found only for an error ------------------------------

CONFIG = """region: 青溪县
agencies:
  - id: qx-jyj
    name: 青溪县教育局
    kind: department
    catalog: department
    columns:
      - id: news
        name: 工作动态
        url: http://127.0.0.1:9/news/
"""


@pytest.fixture
def careful_parses(monkeypatch) -> list[str]:
    """Each time the pure-Python loader reads a file."""
    calls: list[str] = []
    real = yamlsource._Loader

    class Counted(real):
        def __init__(self, stream):
            calls.append(stream[:20])
            super().__init__(stream)

    monkeypatch.setattr(yamlsource, "_Loader", Counted)
    return calls


def test_a_good_config_is_read_by_libyaml_alone(tmp_path, careful_parses):
    path = tmp_path / "zwgk.yaml"
    path.write_text(CONFIG, encoding="utf-8")
    config = load_config(path)
    assert config.agency("qx-jyj").columns[0].url == "http://127.0.0.1:9/news/"
    assert careful_parses == []  # neither to read it nor to find lines no error needs


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (CONFIG.replace("        url: http://127.0.0.1:9/news/", "        url: ftp://x/"), 10,
         "not an http(s) URL"),
        (CONFIG.replace("    kind: department\n", "    kind: department\n    colour: red\n"), 6,
         "unknown key"),
        (CONFIG + "region: 青山县\n", 11, "duplicate key 'region' (first on line 1)"),
        (CONFIG.replace("catalog: department", "catalog: &c department\n    homepage: *c"), 7,
         "aliases are not allowed"),
        (CONFIG.replace("name: 工作动态", "name: [工作动态"), 10, "flow sequence started on line 9"),
    ],
)  # fmt: skip
def test_config_faults_still_name_file_and_line(tmp_path, text, line, message):
    path = tmp_path / "zwgk.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert (caught.value.line, caught.value.path) == (line, str(path))
    assert message in caught.value.message


def test_libyaml_reads_every_shipped_file_as_the_careful_loader_does():
    folders = [Path(yamlsource.__file__).parent, Path(__file__).parent]
    files = [path for folder in folders for path in folder.rglob("*.yaml")]
    assert len(files) > 5
    read = 0
    for path in files:
        text = yamlsource.decode_text(path.read_bytes(), path)
        loader = yamlsource._Loader(text)
        try:
            careful = loader.construct_document(loader.get_single_node())
        except yamlsource.RefusedYamlError:  # a test's alias: libyaml leaves it to the loader
            assert yamlfast.fast_data(text, yamlsource.MAX_DEPTH) is yamlfast.UNUSUAL, path
            continue
        assert yamlfast.fast_data(text, yamlsource.MAX_DEPTH) == careful, path
        read += 1
    assert read > 5


def test_a_large_config_is_read_back_from_the_cache_until_it_changes(tmp_path, monkeypatch):
    monkeypatch.setenv("ZWGK_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "zwgk.yaml"
    padding = "# a province's worth of comments\n" * (yamlfast.CACHE_MIN_BYTES // 30)
    path.write_text(CONFIG + padding, encoding="utf-8")
    assert load_config(path).region == "青溪县"
    assert len(list((tmp_path / "cache").iterdir())) == 1

    parse = yamlsource.parse_yaml

    def no_parse(text, where, *args):
        if Path(where) == path:
            raise AssertionError("parsed again")
        return parse(text, where, *args)  # the catalogs it names

    monkeypatch.setattr(yamlsource, "parse_yaml", no_parse)
    assert load_config(path).region == "青溪县"  # from the cache
    path.write_text(CONFIG.replace("青溪县", "青山县", 1) + padding, encoding="utf-8")
    with pytest.raises(AssertionError, match="parsed again"):
        load_config(path)  # changed: parsed anew
    monkeypatch.undo()
    monkeypatch.setenv("ZWGK_CACHE_DIR", str(tmp_path / "cache"))
    path.write_text(CONFIG.replace("kind: department", "kind: bureau") + padding, "utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert caught.value.line == 5  # its lines, from the file itself


def test_the_cache_keeps_the_latest_files_only(tmp_path, monkeypatch):
    monkeypatch.setenv("ZWGK_CACHE_DIR", str(tmp_path / "cache"))
    for n in range(yamlfast.CACHE_FILES + 3):
        yamlfast.ParsedCache(tmp_path / f"{n}.yaml", b"region: x\n").write({"region": "x"})
    assert len(list((tmp_path / "cache").glob("yaml-*.json"))) == yamlfast.CACHE_FILES
    last = tmp_path / f"{yamlfast.CACHE_FILES + 2}.yaml"
    assert yamlfast.ParsedCache(last, b"region: x\n").read() == {"region": "x"}
    assert yamlfast.ParsedCache(last, b"region: y\n").read() is None  # another content
    assert yamlfast.ParsedCache(tmp_path / "0.yaml", b"region: x\n").read() is None  # pruned


# -- a column's listings from the store's indexes, as going through them all -----------------

DAYS = [AS_OF - timedelta(days=n) for n in (0, 6, 14, 60, 200, 400, 900)]


def answers(listings, crawls: list[date]) -> list:
    """What each question of `ListingSet` answers, the picked listings by URL and dates; of
    the backdating suspects (at least…), those stated before the crawl before their first
    sighting."""

    def urls(items) -> list:
        return [(item.url, item.date, item.first_seen, item.title) for item in items]

    def stated_before_a_crawl(item) -> bool:
        return any(item.published_on < day < item.first_seen for day in crawls)

    suspects = [item for item in listings.backdating_suspects() if stated_before_a_crawl(item)]
    found: list = [len(listings), bool(listings), urls(suspects),
                   urls(listings.with_content_hits())]  # fmt: skip
    for day in DAYS:
        newest = listings.newest(day)
        found += [listings.newest_date(day), newest and newest.url, urls(listings.detailed(day)),
                  urls(listings.published_from(day)), urls(listings.awaiting_reply(day, 5)),
                  listings.has_dated(day - timedelta(days=14), day),
                  listings.has_dated(day - timedelta(days=180), day)]  # fmt: skip
    return found


@pytest.mark.e2e
def test_stored_listings_answer_as_the_listings_themselves(demo_folder):
    config = load_config(demo_folder / "zwgk.yaml")
    store = Store(config.database)
    try:
        views = StoreViews(store)
        crawls = sorted({date.fromisoformat(row[0]) for row in store.db.execute(
            "select as_of from crawls")})  # fmt: skip
        checked = 0
        for agency in config.agencies:
            for column in agency.columns:
                stored = StoredListings(views, (agency.id, column.id))
                plain = Listings(StoredListings(views, (agency.id, column.id)).all())
                assert answers(stored, crawls) == answers(plain, crawls), (agency.id, column.id)
                picked = {item.url for item in stored.backdating_suspects()}
                assert picked <= {item.url for item in plain.backdating_suspects()}
                checked += len(plain)
        assert checked > 5000
        assert any(views.county_set("hits", key) for key in views.counts)
        assert any(views.county_set("restated", key) for key in views.counts)
        assert any(views.county_set("late", key) for key in views.counts)
    finally:
        store.close()


def test_late_sightings_include_a_first_sighting_off_a_crawl_day(tmp_path):
    store = Store(tmp_path / "zwgk.db")
    store.close()
    db = sqlite3.connect(tmp_path / "zwgk.db")
    db.executemany("insert into crawls (id, as_of, status) values (?, ?, 'finished')",
                   [(1, "2026-11-06"), (2, "2026-11-13"), (3, "2026-11-20")])  # fmt: skip
    rows = [  # url, list date, first seen: the late ones are dated before the crawl before
        ("http://x/on-time", "2026-11-10", "2026-11-13"),
        ("http://x/late", "2026-11-01", "2026-11-13"),
        ("http://x/late-off-day", "2026-11-02", "2026-11-15T08:00"),
        ("http://x/first-crawl", "2026-10-01", "2026-11-06"),
        ("http://x/after-last", "2026-11-15", "2026-11-22"),
    ]
    for url, day, seen in rows:
        db.execute("insert into publications (url, title, publish_date, first_seen) "
                   "values (?, ?, ?, ?)", (url, url, day, seen))  # fmt: skip
        db.execute("insert into listings (agency_id, column_id, url, first_seen) "
                   "values ('a', 'news', ?, ?)", (url, seen))  # fmt: skip
    db.commit()
    db.close()
    store = Store(tmp_path / "zwgk.db")
    try:
        late = set(store.late_sightings()[("a", "news")])
    finally:
        store.close()
    assert late == {"http://x/late", "http://x/late-off-day", "http://x/after-last"}


# -- the whole evaluation: reports parsed once, two processes as one -------------------------


def evaluate(folder: Path):
    config = load_config(folder / "zwgk.yaml")
    store = Store(config.database)
    try:
        return evaluation.evaluate(config, store, AS_OF)
    finally:
        store.close()


@pytest.mark.e2e
def test_a_check_parses_each_report_page_once(copy_demo_folder, parses):
    db = sqlite3.connect(copy_demo_folder / "zwgk.db")
    db.execute("delete from report_inspections")
    db.commit()
    first = evaluate(copy_demo_folder)
    assert len(parses) >= 10  # every report due, once
    count = len(parses)
    assert evaluate(copy_demo_folder).findings == first.findings and len(parses) == count
    (url, meta), *_ = db.execute(
        "select url, meta from publications where title like '%2025年%年度报告%' "
        "and json_extract(meta, '$.content') is not null order by url"
    ).fetchall()
    changed = json.loads(meta)
    changed["content"] += "<p>（更正）</p>"
    db.execute("update publications set meta = ? where url = ?",
               (json.dumps(changed, ensure_ascii=False), url))  # fmt: skip
    db.commit()
    db.close()
    evaluate(copy_demo_folder)
    assert len(parses) == count + 1  # the changed page alone


TWO_PROCESSES = """
import sys
from datetime import date
from pathlib import Path
from monitor import evaluate as evaluation
from monitor.config import load_config
from monitor.store import Store

config = load_config(Path(sys.argv[1]))
store = Store(config.database)
one = evaluation.evaluate(config, store, date(2026, 11, 27))
evaluation.PARALLEL_FROM, evaluation.WORKERS, evaluation.WARM_UP, evaluation.RUNS = 1, 2, 3, 3
assert evaluation.in_parallel(config)  # one thread here: forking is safe
two = evaluation.evaluate(config, store, date(2026, 11, 27))
assert two.findings == one.findings, "the same findings, in the same order"
assert (two.judged, two.unjudged, two.covered) == (one.judged, one.unjudged, one.covered)
assert (two.unmapped, two.reminders) == (one.unmapped, one.reminders)
print(len(one.findings))
"""


@pytest.mark.e2e
def test_two_processes_judge_as_one(copy_demo_folder):
    """In a process of its own: a test's process may run threads, and then none is forked."""
    done = subprocess.run([sys.executable, "-c", TWO_PROCESSES,
                           str(copy_demo_folder / "zwgk.yaml")],
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert int(done.stdout) > 20
