"""``evbot digest --since 7d``: a digest of a time window, with no subscription and no mark moved."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from bot.digests.compose import compose, mark_before
from bot.models import Reply
from knowledge.knowledge_base import KnowledgeBase

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(m|min|minutes?|h|hours?|d|days?|w|weeks?)\s*$", re.I)


def parse_duration(text: str) -> timedelta:
    """``7d``, ``24h``, ``2w``, ``90m``; ValueError with a one-line reason otherwise."""
    match = _DURATION.match(text)
    if not match:
        raise ValueError(f"{text!r} is not a duration; use a number and a unit, e.g. 7d, 24h, 2w or 90m")
    amount, unit = float(match[1]), match[2].lower()[0]
    return {
        "m": timedelta(minutes=amount),
        "h": timedelta(hours=amount),
        "d": timedelta(days=amount),
        "w": timedelta(weeks=amount),
    }[unit]


def digest_since(kb: KnowledgeBase, window: timedelta, now: datetime) -> Reply:
    """A digest of what was ingested in the last ``window`` before ``now`` (``evbot digest --since 7d``, with
    the bot's clock), all of it in one reply: the command line has no message size limit."""
    result = compose(
        kb.articles,
        kb.deals,
        mark_before(kb.articles, now - window),
        period=f"added in the last {_human(window)}",
        no_news=True,
    )
    whole = result.whole()
    assert whole is not None
    return whole


def _human(window: timedelta) -> str:
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        amount = window.total_seconds() / size
        if amount >= 1 and amount == int(amount):
            return f"{int(amount)} {unit}{'s' if amount != 1 else ''}"
    return f"{window.total_seconds() / 3600:g} hours"
