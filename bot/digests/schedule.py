"""A digest's schedule as a value: daily or weekly, at a wall-clock time, in a time zone.

Kept apart from the subscription records and from APScheduler, so that reading or describing a schedule
costs no scheduler import and the schedule maths (bot/digests/schedule_times.py) needs no subscription code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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

    def as_doc(self) -> dict[str, Any]:
        return {"cadence": self.cadence, "day": self.day, "time": self.time, "tz": self.tz}

    @classmethod
    def of(cls, doc: dict[str, Any]) -> Schedule:
        hour, minute = (int(x) for x in doc["time"].split(":"))
        return cls(doc["cadence"], hour, minute, doc["tz"], doc.get("day"))
