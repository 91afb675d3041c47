"""Cron expressions as crontab(5) means them, turned into APScheduler triggers."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger

DAY_NAMES = ("sun", "mon", "tue", "wed", "thu", "fri", "sat", "sun")


def cron_trigger(expression: str, timezone: str) -> CronTrigger:
    """A trigger for a 5-field crontab expression; in day-of-week, 0 and 7 are Sunday.

    APScheduler numbers weekdays from Monday = 0, so numbers are turned into names first.
    Raises ValueError for an expression it cannot read.
    """
    fields = expression.split()
    if len(fields) != 5:
        raise ValueError("a schedule is a 5-field cron expression, e.g. '0 6 * * 1'")
    minute, hour, day, month, weekday = fields
    weekday = re.sub(r"\d+", lambda m: DAY_NAMES[int(m.group()) % 8], weekday)
    return CronTrigger(minute=minute, hour=hour, day=day, month=month, day_of_week=weekday,
                       timezone=ZoneInfo(timezone))  # fmt: skip
