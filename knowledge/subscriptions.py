"""Digest subscriptions as stored: one record per channel, and the one place that knows their table.

What the fields mean for a digest (the mark, what a channel was told, pausing) is bot/digests/'s; here
is how a record is kept. Documents written by every evbot release read back as they were: a field an
older one did not write yet (``workspace``, ``interruptions``, ``told``) reads as the value that release
meant by its absence, and is written from then on.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, time
from typing import Any

from knowledge.contract import Store
from knowledge.documents import iso, iso_or_none, moment, read, unknown_fields, when_set

TABLE = "subscriptions"


@dataclass(frozen=True)
class Told:
    """What a channel was told of one item since its mark: the item's version then, and how many posts
    carried it (a post that may not have arrived counts one, a confirmed one ``MAX_POSTS``, see
    bot/digests/compose.py)."""

    version: int
    posts: int


@dataclass(frozen=True)
class Subscription:
    key: str  # "platform:channel": a channel has at most one subscription
    id: str  # new for each subscription of the channel: its delivery records are named by it
    platform: str
    channel: str
    workspace: str  # the Slack team or Discord server it was made in; empty when unknown or none
    cadence: str  # "daily" or "weekly"
    day: str | None  # mon..sun, weekly only
    at: time  # the local wall-clock time
    tz: str  # an IANA time zone
    no_news: bool  # post a short note when a period has no news
    mark: int  # the seq of the newest article its last complete digest covered
    told: Mapping[str, Told]  # above the mark, each item posted since: item key -> Told
    last_fire: datetime  # the latest scheduled time handled
    created_at: datetime
    created_by: str
    updated_at: datetime
    updated_by: str
    paused: bool = False
    pause_reason: str | None = None
    failures: int = 0  # refused posts in a row
    interruptions: int = 0  # posts in a row that may not have arrived
    retry_at: datetime | None = None
    last_sent_at: datetime | None = None
    last_error: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)  # fields this evbot does not know, kept as stored


_KNOWN = frozenset(
    {
        "key",
        "id",
        "platform",
        "channel",
        "workspace",
        "cadence",
        "day",
        "time",
        "tz",
        "no_news",
        "mark",
        "told",
        "last_fire",
        "created_at",
        "created_by",
        "updated_at",
        "updated_by",
        "paused",
        "pause_reason",
        "failures",
        "interruptions",
        "retry_at",
        "last_sent_at",
        "last_error",
    }
)


def from_doc(doc: Mapping[str, Any]) -> Subscription:
    hour, minute = (int(part) for part in doc["time"].split(":"))
    return Subscription(
        key=doc["key"],
        id=doc["id"],
        platform=doc["platform"],
        channel=doc["channel"],
        workspace=doc.get("workspace") or "",
        cadence=doc["cadence"],
        day=doc.get("day"),
        at=time(hour, minute),
        tz=doc["tz"],
        no_news=bool(doc.get("no_news", False)),
        mark=doc["mark"],
        told={key: Told(version, posts) for key, (version, posts) in (doc.get("told") or {}).items()},
        last_fire=datetime.fromisoformat(doc["last_fire"]),
        created_at=datetime.fromisoformat(doc["created_at"]),
        created_by=doc.get("created_by", ""),
        updated_at=datetime.fromisoformat(doc["updated_at"]),
        updated_by=doc.get("updated_by", ""),
        paused=bool(doc.get("paused", False)),
        pause_reason=doc.get("pause_reason"),
        failures=doc.get("failures", 0),
        interruptions=doc.get("interruptions", 0),
        retry_at=moment(doc.get("retry_at")),
        last_sent_at=moment(doc.get("last_sent_at")),
        last_error=doc.get("last_error"),
        extra=unknown_fields(doc, _KNOWN),
    )


def to_doc(sub: Subscription) -> dict[str, Any]:
    return {
        **sub.extra,
        "key": sub.key,
        "id": sub.id,
        "platform": sub.platform,
        "channel": sub.channel,
        "mark": sub.mark,
        "created_at": iso(sub.created_at),
        "created_by": sub.created_by,
        "cadence": sub.cadence,
        "day": sub.day,
        "time": f"{sub.at.hour:02d}:{sub.at.minute:02d}",
        "tz": sub.tz,
        "workspace": sub.workspace,
        "no_news": sub.no_news,
        "last_fire": iso(sub.last_fire),
        "updated_at": iso(sub.updated_at),
        "updated_by": sub.updated_by,
        "paused": sub.paused,
        "pause_reason": sub.pause_reason,
        "failures": sub.failures,
        "interruptions": sub.interruptions,
        "retry_at": iso_or_none(sub.retry_at),
        "told": {key: [told.version, told.posts] for key, told in sub.told.items()},
        **when_set(last_sent_at=iso_or_none(sub.last_sent_at), last_error=sub.last_error),
    }


class Subscriptions:
    """The subscriptions table of a store."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def get(self, key: str) -> Subscription | None:
        doc = self._store.get(TABLE, key)
        return read(TABLE, doc, from_doc) if doc is not None else None

    def all(self) -> list[Subscription]:
        """Every subscription, by key."""
        return sorted((read(TABLE, doc, from_doc) for doc in self._store.all(TABLE)), key=lambda sub: sub.key)

    def put(self, sub: Subscription) -> None:
        self._store.put(TABLE, to_doc(sub))

    def delete(self, key: str) -> bool:
        return self._store.delete(TABLE, key)
