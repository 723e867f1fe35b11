"""Time zones as people type them: IANA names in any case, their completion, a moment in a zone's wall clock."""

from __future__ import annotations

import functools
import zoneinfo
from datetime import datetime


@functools.cache
def _zones_by_folded_name() -> dict[str, str]:
    return {name.casefold(): name for name in zoneinfo.available_timezones()}


def zone_name(name: str) -> str | None:
    """The IANA zone ``name`` stands for (any case: ``europe/berlin``), or None."""
    name = name.strip()
    if name.upper() in {"UTC", "Z", "GMT"}:
        return "UTC"
    canonical = _zones_by_folded_name().get(name.casefold())
    if canonical is None:
        return None
    try:
        zoneinfo.ZoneInfo(canonical)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None
    return canonical


def zone_choices(typed: str, limit: int = 25) -> list[str]:
    """IANA zones whose name contains what was typed (any case), for autocompletion."""
    typed = typed.strip().casefold().replace(" ", "_")
    if not typed:
        return [
            "UTC",
            "Europe/London",
            "Europe/Berlin",
            "America/New_York",
            "America/Los_Angeles",
            "Asia/Shanghai",
            "Asia/Tokyo",
        ][:limit]
    names = [n for n in _zones_by_folded_name().values() if typed in n.casefold()]
    names.sort(key=lambda n: (not any(p.casefold().startswith(typed) for p in n.split("/")), len(n), n))
    return names[:limit]


def local(moment: datetime | str, tz: str) -> str:
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment.astimezone(zoneinfo.ZoneInfo(tz)).strftime("%a %d %b %Y %H:%M")
