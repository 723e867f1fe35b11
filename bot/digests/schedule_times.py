"""Schedule maths: when a digest's wall-clock slots fall, across daylight-saving changes, and which of
them is due. Pure functions over APScheduler's cron fields; no store, no clock of its own.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger

from bot.digests.schedule import Schedule

_US = timedelta(microseconds=1)
_UTC = UTC
_MAX_GAP = timedelta(hours=3)  # longer than any daylight-saving jump


class WallClockCronTrigger(CronTrigger):
    """A CronTrigger that fires each local wall-clock slot exactly once across daylight-saving changes.

    APScheduler 3.11's CronTrigger does its arithmetic on UTC instants: it skips the first slot after a
    23-hour day (midnight after clocks go forward), fires an ambiguous local time twice (once per UTC
    offset) and, asked for the time after the second firing, can answer that same instant again. Here the
    cron fields are matched on the wall clock alone (a twin trigger on a clock without daylight saving),
    and each matching wall time becomes its first instant (``fold=0``): an ambiguous time fires once, and
    a time inside the spring-forward gap fires at the offset in force before the change (02:30 becomes
    03:30).
    """

    def __init__(self, *, timezone: tzinfo, **fields: Any) -> None:
        super().__init__(timezone=timezone, **fields)
        self._wall_clock = CronTrigger(timezone=_UTC, **fields)

    def get_next_fire_time(self, previous_fire_time: datetime | None, now: datetime) -> datetime | None:
        # After the previous firing (even if that is in the past: the scheduler then counts missed runs),
        # and never at or before it, even if the clock went back.
        after = now if previous_fire_time is None else previous_fire_time + _US
        # Start a little earlier on the wall clock: a slot inside a gap fires after the wall time it names.
        wall = after.astimezone(self.timezone).replace(tzinfo=None) - _MAX_GAP
        for _ in range(1000):
            candidate = self._wall_clock.get_next_fire_time(None, wall.replace(tzinfo=_UTC))
            if candidate is None:
                return None
            wall = candidate.replace(tzinfo=None)
            fire = wall.replace(tzinfo=self.timezone, fold=0).astimezone(_UTC).astimezone(self.timezone)
            if fire >= after:
                return fire
            wall += timedelta(seconds=1)
        return None


def trigger_for(schedule: Schedule) -> WallClockCronTrigger:
    fields: dict[str, Any] = {"hour": schedule.hour, "minute": schedule.minute, "second": 0}
    if schedule.cadence == "weekly":
        fields["day_of_week"] = schedule.day
    return WallClockCronTrigger(timezone=ZoneInfo(schedule.tz), **fields)


def period_key(schedule: Schedule, fire: datetime) -> str:
    """The period a scheduled time stands for: its local date and the subscription's wall-clock time.

    Both firings of an ambiguous local time (clocks going back) map to one period; a subscription moved
    to another time of day gets new periods.
    """
    return f"{fire.astimezone(ZoneInfo(schedule.tz)).date().isoformat()} {schedule.time}"


def latest_due(schedule: Schedule, handled: datetime, now: datetime) -> datetime | None:
    """The latest scheduled time after ``handled`` (the last one handled) and not after ``now``; None when
    none passed."""
    trigger = trigger_for(schedule)
    due = trigger.get_next_fire_time(None, handled + _US)
    if due is None or due > now:
        return None
    probe = trigger.get_next_fire_time(None, max(due, now - timedelta(days=8)))
    while probe is not None and probe <= now:
        due = probe
        probe = trigger.get_next_fire_time(due, due + _US)
    return due
