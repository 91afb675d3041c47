"""The demo county's content errors (demo/content.py): each is on the page of a recent
publication, its truth row is the one finding the content checks give it, `--fix` removes it,
and the checks find nothing else on the pages the crawl reads."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from demo import urls
from demo.catalog import MESSAGE_COLUMNS, catalog_items
from demo.config import DETAIL_DAYS, PREVIOUS_CRAWL_DAYS, config_data, write_config
from demo.content import BLOCKED_HREF, CONTENT_ERRORS, CONTENT_IDS, error_of
from demo.county import build_county
from demo.faults import DemoFault
from demo.leaders import LEADERS
from demo.model import County
from demo.site import Site
from demo.truth import truth

AS_OF = date(2026, 11, 27)
OTHER_DAYS = [date(2026, 3, 10), date(2026, 1, 1), date(2026, 2, 28), date(2025, 8, 31)]
ITEMS = {"serious": "wording-serious", "general": "wording", "suspected": "wording-suspected"}
PERSONAL = {"id_number", "mobile", "bank_card"}
PERSONAL_DATA_COLUMNS = ("notices", "personnel")  # the config's default (monitor/settings.py)


@pytest.fixture(scope="module")
def county():
    return build_county(AS_OF)


@pytest.fixture(scope="module")
def site(county):
    return Site(county)


def item_of(check: str, grade: str) -> str:
    if check in PERSONAL:
        return "personal-data"
    return "hidden-links" if check.endswith("_link") else ITEMS[grade]


def marked(county: County, error_id: str):
    error = next(e for e in CONTENT_ERRORS if e.id == error_id)
    agency = county.agency(error.agency_id)
    column = agency.column(error.column_id)
    (pub,) = [p for p in column.publications if p.mark == error_id]
    return agency, column, pub


def page_text(site: Site, path: str) -> str:
    response = site.get(path)
    assert response.status == 200, path
    return response.body.decode("gbk" if b"charset=gb2312" in response.body[:600] else "utf-8")


def content_rows(county: County) -> set[tuple]:
    return {(r["agency_id"], r["item_id"], r["status"], r["period"])
            for r in truth(county) if r["kind"] == "content"}  # fmt: skip


# -- the injections --------------------------------------------------------------------------


def test_the_errors_cover_every_check_and_grade_asked():
    found = {(e.check, e.grade) for e in CONTENT_ERRORS}
    assert found == {("outdated_name", "general"), ("leader", "serious"),
                     ("wrong_word", "general"), ("wrong_word", "suspected"),
                     ("id_number", "serious"), ("mobile", "general"), ("bank_card", "serious"),
                     ("hidden_link", "serious"), ("blocked_link", "serious")}  # fmt: skip
    assert len(CONTENT_ERRORS) == 11 and len({e.agency_id for e in CONTENT_ERRORS}) == 11
    assert not {e.column_id for e in CONTENT_ERRORS} & {"annual_report", *MESSAGE_COLUMNS}
    assert not {e.agency_id for e in CONTENT_ERRORS} & {"qx-gov", "qx-mzj", "qx-slj"}
    assert not [e for e in CONTENT_ERRORS if e.check == "mobile" and e.column_id in
                PERSONAL_DATA_COLUMNS]  # fmt: skip


@pytest.mark.parametrize("error", CONTENT_ERRORS, ids=lambda e: e.id)
def test_each_error_is_on_the_page_of_a_recent_publication(county, site, error):
    agency, column, pub = marked(county, error.id)
    assert AS_OF - timedelta(days=75) <= pub.date <= AS_OF - timedelta(days=3)
    text = page_text(site, urls.article(agency, column, pub))
    if error.check == "hidden_link":
        assert f'<a href="{error.word}" style="display:none">' in text
    elif error.check == "blocked_link":
        assert f'<a href="{error.word}">' in text
    else:
        assert text.count(error.word) == 1
    violation = next(v for v in county.violations if v.id == error.id)
    assert pub.date.isoformat() in violation.description


def test_the_cutoff_is_followed_by_a_day_and_a_running_total(county, site):
    agency, column, pub = marked(county, "content-cutoff-qx-nyncj")
    day = pub.date - timedelta(days=1)
    text = page_text(site, urls.article(agency, column, pub))
    assert f"截止{day.month}月{day.day}日，全县已累计发放" in text  # 截至: up to that day


def test_the_errors_stay_on_the_same_pages_through_the_block():
    days = [date(2026, 11, 1), date(2026, 11, 27), date(2026, 12, 31)]
    pages = [{e.id: marked(build_county(day), e.id)[2].artid for e in CONTENT_ERRORS}
             for day in days]  # fmt: skip
    assert pages[0] == pages[1] == pages[2]


# -- the truth ---------------------------------------------------------------------------------


@pytest.mark.parametrize("day", [AS_OF, *OTHER_DAYS])
def test_each_error_is_one_truth_row_of_its_item(day):
    county = build_county(day)
    expected = set()
    for error in CONTENT_ERRORS:
        agency, column, pub = marked(county, error.id)
        period = f"{urls.article(agency, column, pub)}#{error.shown}"
        personal = error.check in ("id_number", "mobile", "bank_card")
        assert ("*" in error.shown) == personal  # a personal number masked, as reports show it
        assert error.shown[-4:] == error.word[-4:]
        expected.add((agency.id, item_of(error.check, error.grade), error.check, period))
    assert content_rows(county) == expected


def test_the_rows_follow_the_contract(county):
    rows = [r for r in truth(county) if r["kind"] == "content"]
    content_items = {i.item_id for i in catalog_items("county") if i.rule == "content"}
    assert content_items == {"wording-serious", "wording", "wording-suspected", "personal-data",
                             "hidden-links"}  # fmt: skip
    for row in rows:
        path, word = row["period"].split("#", 1)
        assert path.startswith(f"/{row['agency_id']}/") and path.endswith(".html")
    links = {r["period"].split("#", 1)[1] for r in rows if r["item_id"] == "hidden-links"}
    assert BLOCKED_HREF in links


def test_a_fix_removes_its_row_and_corrects_the_page(county):
    fixed = build_county(AS_OF, fixes=["content-wrong-word-qx-wjj"])
    gone = {row for row in content_rows(county) if row[0] == "qx-wjj"}
    assert len(gone) == 1
    assert content_rows(fixed) == content_rows(county) - gone
    agency, column, pub = marked(county, "content-wrong-word-qx-wjj")
    same = next(p for p in fixed.agency("qx-wjj").column("news").publications
                if p.artid == pub.artid)  # fmt: skip
    assert same.mark == "" and error_of(same) is None
    text = page_text(Site(fixed), urls.article(agency, column, same))
    assert "布署" not in text and "再接再励" not in text


def test_a_page_the_crawl_cannot_read_has_no_row(county):
    """A site behind a WAF, and a column blocked when the homepage does not list the page."""
    site_down = DemoFault("waf-qx-gaj", "qx-gaj", None, "waf")
    notices = DemoFault("waf-notices-qx-zrzyj", "qx-zrzyj", "notices", "waf")
    blocked = replace(county, faults=(*county.faults, site_down, notices))
    agencies = {row[0] for row in content_rows(blocked)}
    _, _, pub = marked(county, "content-id-number-qx-zrzyj")
    assert pub not in county.agency("qx-zrzyj").column("homepage").publications
    assert agencies == {e.agency_id for e in CONTENT_ERRORS} - {"qx-gaj", "qx-zrzyj"}


def test_an_old_page_is_not_read():
    later = replace(build_county(AS_OF), as_of=AS_OF + timedelta(days=120))
    assert not content_rows(later)


# -- the config ------------------------------------------------------------------------------


def test_the_config_names_the_county_leaders(county, tmp_path):
    data = config_data(county, "http://127.0.0.1:8000")
    leaders = data["content"]["leaders"]
    assert [(p["name"], p["title"], p["former"]) for p in leaders] == \
        [(p.name, p.title, p.former) for p in LEADERS]  # fmt: skip
    assert sum(p["former"] for p in leaders) == 1
    assert {p["title"] for p in leaders} == {"县委书记", "县长", "副县长"}
    from monitor.config import load_config

    config = load_config(write_config(county, "http://127.0.0.1:8000", tmp_path))
    assert [leader.name for leader in config.content.leaders] == [p.name for p in LEADERS]


# -- the checks over the pages read ------------------------------------------------------------


def read_pages(county: County):
    """(agency, column, publication) of every article page the crawl reads on as_of: recent
    ones, and every page of the columns that keep their pages (messages, annual reports);
    the township whose site is down too (read once its fault is fixed)."""
    since = county.as_of - timedelta(days=DETAIL_DAYS + PREVIOUS_CRAWL_DAYS)
    for agency in county.agencies:
        for column in agency.disclosure_columns():
            kept = column.id in MESSAGE_COLUMNS or column.id == "annual_report"
            for pub in column.publications:
                if kept or pub.date >= since:
                    yield agency, column, pub


@pytest.fixture(scope="module")
def checker():
    check = pytest.importorskip("rules.content_check")
    leaders = [check.Leader(p.name, p.title, p.former) for p in LEADERS]
    return check.ContentChecker(check.load_word_lists([]), leaders, PERSONAL_DATA_COLUMNS)


@pytest.mark.parametrize("day", [AS_OF, date(2026, 3, 10)])
def test_the_checks_find_exactly_the_injected_errors(checker, day):
    county = build_county(day)
    site = Site(county)
    found, pages = {}, 0
    for agency, column, pub in read_pages(county):
        path = urls.article(agency, column, pub)
        hits = checker.check_html(page_text(site, path), "http://127.0.0.1" + path, pub.date,
                                  column.id)  # fmt: skip
        pages += 1
        if hits:
            found[path] = sorted((h.check, h.severity, h.word) for h in hits)
    expected = {}
    for error in CONTENT_ERRORS:
        agency, column, pub = marked(county, error.id)
        expected[urls.article(agency, column, pub)] = [(error.check, error.grade, error.word)]
    assert pages > 500
    assert found == expected
    assert set(CONTENT_IDS) == {e.id for e in CONTENT_ERRORS}
