"""A digest's schedule as a value: daily or weekly, at a wall-clock time, in a time zone.

Kept apart from APScheduler, so that reading or describing a schedule costs no scheduler import, and
from the subscription records (knowledge/subscriptions.py), which hold one, so that the schedule maths
(bot/digests/schedule_times.py) needs no subscription code.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time as wall_time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from knowledge.subscriptions import Subscription

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class Schedule:
    cadence: str  # "daily" or "weekly"
    hour: int
    minute: int
    tz: str  # IANA name
    day: str | None = None  # mon..sun, weekly only

    @property
    def time(self) -> str:
        return f"{self.hour:02d}:{self.minute:02d}"

    def describe(self) -> str:
        when = "daily" if self.cadence == "daily" else f"weekly on {DAY_NAMES[DAYS.index(self.day or 'mon')]}"
        return f"{when} at {self.time} ({self.tz})"

    @property
    def at(self) -> wall_time:
        return wall_time(self.hour, self.minute)

    @classmethod
    def of(cls, sub: Subscription) -> Schedule:
        return cls(sub.cadence, sub.at.hour, sub.at.minute, sub.tz, sub.day)
