"""Working days on the official calendar, on fixed dates (State Council notices 2024–2026)."""

from datetime import date, timedelta

import pytest

from rules.calendar import CalendarError, WorkCalendar
from rules.duration import Duration

# The installed chinesecalendar knows 2026 and not 2027 (the State Council publishes the next
# year's notice in the autumn). When a release learns 2027, the 2027 fallback tests skip and
# the same behaviour is tested on the first year it does not know.


def knows(year: int) -> bool:
    cal = WorkCalendar()
    cal.is_workday(date(year, 6, 1))
    return not cal.fallback_years


UNKNOWN_2027 = pytest.mark.skipif(knows(2027), reason="this chinesecalendar release knows 2027")


def first_unknown_year() -> int:
    return next(year for year in range(2027, 2100) if not knows(year))


@pytest.fixture
def cal() -> WorkCalendar:
    return WorkCalendar()


@pytest.mark.parametrize(
    ("day", "workday"),
    [
        (date(2024, 2, 10), False),  # 春节 2024
        (date(2024, 2, 18), True),  # Sunday, adjusted working day 2024
        (date(2025, 1, 26), True),  # Sunday, adjusted working day before 春节 2025
        (date(2025, 10, 8), False),  # 国庆+中秋 2025
        (date(2025, 10, 11), True),  # Saturday, adjusted working day 2025
        (date(2026, 2, 14), True),  # Saturday, adjusted working day before 春节 2026
        (date(2026, 2, 23), False),  # Monday, last day of 春节 2026
        (date(2026, 9, 20), True),  # Sunday, adjusted working day before 国庆 2026
        (date(2026, 10, 7), False),  # 国庆 2026
        (date(2026, 10, 10), True),  # Saturday, adjusted working day after 国庆 2026
        (date(2026, 12, 31), True),  # year end, Thursday
    ],
)
def test_official_days(cal, day, workday):
    assert cal.is_workday(day) is workday


def test_add_workdays_across_mid_autumn_and_national_day_2026(cal):
    # 9-25..27 中秋, 10-1..7 国庆, 10-10 (Sat) works: 9-28,29,30, 10-8,9,10,12,13,14,15
    assert cal.add_workdays(date(2026, 9, 25), 10) == date(2026, 10, 15)
    assert cal.workdays_between(date(2026, 9, 25), date(2026, 10, 15)) == 10


def test_add_workdays_across_spring_festival_2026(cal):
    # 2-14 (Sat) works, 2-15..23 off: after 2-13 come 2-14, 2-24, 2-25
    assert cal.add_workdays(date(2026, 2, 13), 3) == date(2026, 2, 25)
    assert cal.add_workdays(date(2026, 2, 25), -3) == date(2026, 2, 13)


@UNKNOWN_2027
def test_year_end_into_an_unknown_year_falls_back_to_weekdays(cal):
    assert cal.add_workdays(date(2026, 12, 30), 3) == date(2027, 1, 4)
    assert cal.fallback_years == {2027}


def test_an_unknown_year_falls_back_to_weekdays_whatever_the_release(cal):
    year = first_unknown_year()
    start = date(year, 3, 6)  # a Friday in 2027; any weekday works for the count below
    end = cal.add_workdays(start, 5)
    assert cal.workdays_between(start, end) == 5 and year in cal.fallback_years
    assert all(cal.is_workday(date(year, 3, d)) == (date(year, 3, d).weekday() < 5)
               for d in range(1, 29))  # fmt: skip


@UNKNOWN_2027
def test_holidays_file_adds_a_year(tmp_path):
    path = tmp_path / "holidays.yaml"
    path.write_text(
        "years:\n  2027:\n    holidays:\n      - 2027-01-01\n"
        "      - {from: 2027-02-05, to: 2027-02-12, name: 春节}\n    workdays: [2027-02-13]\n",
        encoding="utf-8",
    )
    cal = WorkCalendar.from_file(path)
    assert cal.add_workdays(date(2026, 12, 30), 3) == date(2027, 1, 5)
    assert cal.add_workdays(date(2027, 2, 4), 2) == date(2027, 2, 15)
    assert cal.fallback_years == set()
    assert cal.is_workday(date(2026, 10, 10))  # the file does not hide the package's years


def test_holidays_file_errors_name_the_line(tmp_path):
    path = tmp_path / "holidays.yaml"
    path.write_text("years:\n  2027:\n    holidays: [2027-02-30]\n", encoding="utf-8")
    with pytest.raises(CalendarError) as caught:
        WorkCalendar.from_file(path)
    assert caught.value.line == 3


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2 weeks", date(2026, 11, 27), date(2026, 11, 13)),
        ("6 months", date(2026, 8, 31), date(2026, 2, 28)),
        ("20 workdays", date(2026, 10, 15), date(2026, 9, 11)),
        ("20 days", date(2026, 10, 15), date(2026, 9, 25)),
    ],
)
def test_durations_are_distinct_units(cal, text, start, end):
    assert Duration.parse(text).before(start, cal) == end


@pytest.mark.parametrize("text", ["1 month", "2 years", "20 workdays", "3 weeks", "10 days"])
def test_a_duration_s_day_bounds_hold_from_every_day_of_a_leap_and_a_common_year(cal, text):
    duration = Duration.parse(text)
    spans = set()
    for offset in range(0, 700, 3):  # 2024 (a leap year) and most of 2025
        start = date(2024, 1, 1) + timedelta(days=offset)
        spans.add((duration.after(start, cal) - start).days)
    calendar_span = duration.unit != "workdays"  # working days stretch over weekends
    assert duration.days_at_least() <= min(spans)
    assert max(spans) <= duration.days_at_most() or not calendar_span
    assert duration.days_at_least() in spans or not calendar_span


@pytest.mark.parametrize(
    ("text", "duration", "rule_text", "label"),
    [
        ("2 weeks", Duration(2, "weeks"), "2 weeks", "2周"),
        ("1 year", Duration(1, "years"), "1 year", "1年"),
        ("20个工作日", Duration(20, "workdays"), "20 workdays", "20个工作日"),
        ("1 working day", Duration(1, "workdays"), "1 workday", "1个工作日"),
        (7, Duration(7, "days"), "7 days", "7天"),
    ],
)
def test_durations_read_and_write_rule_file_text(text, duration, rule_text, label):
    assert Duration.parse(text) == duration
    assert (duration.text, str(duration)) == (rule_text, label)
    assert Duration.parse(duration.text) == duration


@UNKNOWN_2027
def test_workdays_commands():
    import subprocess
    import sys

    def zwgk(*args):
        command = [sys.executable, "-m", "monitor.cli", "workdays", *args]
        return subprocess.run(command, capture_output=True, text=True, check=True)

    assert zwgk("add", "2026-09-25", "10").stdout.strip() == "2026-10-15"
    between = zwgk("between", "2026-12-25", "2027-01-08")
    assert between.stdout.strip() == "10"
    assert "no official calendar for 2027" in between.stderr
