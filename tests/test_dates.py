"""Dates as government lists show them, and years inferred for month-day dates."""

from __future__ import annotations

from datetime import date

import pytest

from crawler.dates import (
    as_of,
    find_date_text,
    infer_dates,
    join_split_date,
    parse_date,
    parse_month_day,
    today,
)

D = date(2019, 12, 31)


@pytest.mark.parametrize(
    "text",
    [
        "2019-12-31",
        "2019/12/31",
        "2019.12.31",
        "2019年12月31日",
        "2019年12月31日 09时32分",
        "2019-12-31 09:32:00",
        "[2019-12-31]",
        "发布日期：2019-12-31",
        "２０１９－１２－３１",
        "２０１９年１２月３１日",
    ],
)
def test_full_dates(text):
    assert parse_date(text) == D
    assert parse_month_day(text) is None


def test_unpadded_chinese_date_and_first_of_several():
    assert parse_date("发布时间：2018年3月6日") == date(2018, 3, 6)
    assert parse_date("11-09 [11-09] 2023-11-09 2023.11.09") == date(2023, 11, 9)


@pytest.mark.parametrize("text", ["12-31", "[12-31]", "12/31", "12月31日", "［１２－３１］"])
def test_month_day_dates(text):
    assert parse_date(text) is None
    assert parse_month_day(text) == (12, 31)


@pytest.mark.parametrize("text", ["", None, "0-24时", "09:32", "第13-45号", "2019-13-40", "共2页"])
def test_not_dates(text):
    assert parse_date(text) is None
    assert parse_month_day(text) is None


def test_find_date_text_prefers_the_full_date():
    assert find_date_text("[11-09] 2023-11-09") == "2023-11-09"
    assert find_date_text(" 03-14 ") == "03-14"
    assert find_date_text("来源：本站") is None


def test_year_from_the_full_date_below():
    assert infer_dates(["03-14", "03-10", "2018-02-01"]) == [
        date(2018, 3, 14),
        date(2018, 3, 10),
        date(2018, 2, 1),
    ]


def test_year_end_crossing_from_below():
    raw = ["01-05", "01-02", "12-30", "12-28", "2020-12-20"]
    assert infer_dates(raw) == [
        date(2021, 1, 5),
        date(2021, 1, 2),
        date(2020, 12, 30),
        date(2020, 12, 28),
        date(2020, 12, 20),
    ]


def test_year_end_crossing_from_above():
    assert infer_dates(["2021-01-10", "01-05", "12-30"]) == [
        date(2021, 1, 10),
        date(2021, 1, 5),
        date(2020, 12, 30),
    ]


def test_pinned_old_item_at_the_top_does_not_set_the_year():
    raw = ["2015-06-01", "03-14", "03-10"]
    pinned = [True, False, False]
    got = infer_dates(raw, pinned=pinned, reference=date(2018, 3, 20))
    assert got == [date(2015, 6, 1), date(2018, 3, 14), date(2018, 3, 10)]
    # without the pin, the old date above would drag the year back: the pin is what helps
    assert infer_dates(raw, reference=date(2018, 3, 20))[1] == date(2015, 3, 14)


def test_pinned_month_day_takes_the_year_nearest_the_list():
    raw = ["12-01", "03-14", "03-10", "2018-02-01"]
    got = infer_dates(raw, pinned=[True, False, False, False], reference=date(2018, 3, 20))
    assert got[0] == date(2017, 12, 1)
    assert got[1:] == [date(2018, 3, 14), date(2018, 3, 10), date(2018, 2, 1)]


def test_no_neighbour_uses_the_anchor_then_the_reference():
    assert infer_dates(["03-20", "03-14"], anchor=date(2018, 2, 5)) == [
        date(2018, 3, 20),
        date(2018, 3, 14),
    ]
    assert infer_dates(["12-31"], reference=date(2021, 3, 1)) == [date(2020, 12, 31)]


def test_inferred_dates_are_never_in_the_future():
    assert infer_dates(["12-20", "2021-12-01"], reference=date(2021, 12, 10)) == [
        date(2020, 12, 20),
        date(2021, 12, 1),
    ]


def test_undated_rows_stay_undated_and_leap_days_survive():
    assert infer_dates(["", None, "2020-03-01"]) == [None, None, date(2020, 3, 1)]
    assert infer_dates(["02-29", "2019-03-01"]) == [date(2020, 2, 29), date(2019, 3, 1)]


@pytest.mark.parametrize(
    "text", ["(2024.03.10)", "【2024-03-10】", "[2024/03/10]", "2024年3月10日", "2024.3.10"]
)
def test_full_dates_in_brackets_and_with_dots(text):
    assert parse_date(text) == date(2024, 3, 10)
    assert find_date_text(f"标题 {text}") is not None


@pytest.mark.parametrize("text", ["[03.10]", "03.10", "03/10", "（03-10）", "【03-10】"])
def test_month_day_dates_in_brackets_and_with_dots(text):
    assert parse_month_day(text) == (3, 10)


@pytest.mark.parametrize("text", ["1.5", "3.10", "10.25%", "V2.10", "第1.10条", "1.10万"])
def test_decimals_are_not_month_days(text):
    assert parse_month_day(text) is None


def test_month_days_take_the_latest_year_not_after_the_as_of_day():
    with as_of(date(2024, 1, 20)):
        assert today() == date(2024, 1, 20)
        assert infer_dates(["[01.18]", "[12.28]"]) == [date(2024, 1, 18), date(2023, 12, 28)]
    assert today() == date.today()


def test_a_recent_anchor_does_not_pull_a_month_day_back_a_year():
    got = infer_dates(["03-10"], reference=date(2024, 3, 15), anchor=date(2023, 8, 1))
    assert got == [date(2024, 3, 10)]


def test_a_stale_page_keeps_its_month_days_near_its_latest_date():
    got = infer_dates(["03-10"], reference=date(2026, 12, 5), anchor=date(2018, 3, 19))
    assert got == [date(2018, 3, 10)]


def test_calendar_badges_are_joined():
    assert join_split_date(["15", "2024-03"]) == "2024-03-15"
    assert join_split_date(["2024.03", "15日"]) == "2024-03-15"
    assert join_split_date(["15", "关于开展检查的通知"]) is None
    assert join_split_date(["31", "2024-02"]) is None  # no 31 February
