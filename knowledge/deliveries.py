"""The delivery ledger as stored: a record per subscription and period, and the one place that knows
its table.

What the states mean and how a record moves through them is bot/digests/ledger.py's; here is how a
record is kept. A record written by an evbot that kept no ledger of messages has no ``messages``
(None here), which the ledger reads as that release's rule: never posted again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from knowledge.contract import Store
from knowledge.documents import iso, iso_or_none, moment, read, unknown_fields, when_set

TABLE = "deliveries"


@dataclass(frozen=True)
class PostRecord:
    """One message of a period's digest: written before it is posted, with the items it tells."""

    state: str  # sending, sent, uncertain (may or may not have arrived), refused
    items: tuple[tuple[str, int], ...] = ()  # (item key, version)
    started_at: datetime | None = None
    finished_at: datetime | None = None
    reason: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class DeliveryRecord:
    """What one period's digest for one subscription posted."""

    key: str  # "<subscription id>@<period>"
    sub: str  # the subscription's key
    sub_id: str
    period: str  # the scheduled slot's local date and wall-clock time
    state: str  # sending, sent, interrupted, failed, uncertain, stopped
    fire: datetime
    mark_from: int
    mark_to: int
    started_at: datetime
    attempts: int
    messages: tuple[PostRecord, ...] | None  # None: written by an evbot that kept no ledger of messages
    finished_at: datetime | None = None
    reason: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def in_flight(self) -> PostRecord:
        """The last message, the one being (or last) posted; an empty one when there is none."""
        return self.messages[-1] if self.messages else PostRecord(state="")


_POST_FIELDS = frozenset({"state", "items", "started_at", "finished_at", "reason"})
_FIELDS = frozenset(
    {
        "key",
        "sub",
        "sub_id",
        "period",
        "state",
        "fire",
        "mark_from",
        "mark_to",
        "started_at",
        "attempts",
        "messages",
        "finished_at",
        "reason",
    }
)


def _post_from(doc: Mapping[str, Any]) -> PostRecord:
    return PostRecord(
        state=doc.get("state", ""),
        items=tuple((key, version) for key, version in doc.get("items", [])),
        started_at=moment(doc.get("started_at")),
        finished_at=moment(doc.get("finished_at")),
        reason=doc.get("reason"),
        extra=unknown_fields(doc, _POST_FIELDS),
    )


def _post_doc(post: PostRecord) -> dict[str, Any]:
    return {
        **post.extra,
        "state": post.state,
        "items": [[key, version] for key, version in post.items],
        **when_set(
            started_at=iso_or_none(post.started_at), finished_at=iso_or_none(post.finished_at), reason=post.reason
        ),
    }


def from_doc(doc: Mapping[str, Any]) -> DeliveryRecord:
    messages = doc.get("messages")
    return DeliveryRecord(
        key=doc["key"],
        sub=doc["sub"],
        sub_id=doc["sub_id"],
        period=doc["period"],
        state=doc["state"],
        fire=datetime.fromisoformat(doc["fire"]),
        mark_from=doc["mark_from"],
        mark_to=doc["mark_to"],
        started_at=datetime.fromisoformat(doc["started_at"]),
        attempts=doc.get("attempts", 0),
        messages=None if messages is None else tuple(_post_from(m) for m in messages),
        finished_at=moment(doc.get("finished_at")),
        reason=doc.get("reason"),
        extra=unknown_fields(doc, _FIELDS),
    )


def to_doc(record: DeliveryRecord) -> dict[str, Any]:
    return {
        **record.extra,
        "key": record.key,
        "sub": record.sub,
        "sub_id": record.sub_id,
        "period": record.period,
        "state": record.state,
        "fire": iso(record.fire),
        "mark_from": record.mark_from,
        "mark_to": record.mark_to,
        "started_at": iso(record.started_at),
        "attempts": record.attempts,
        **when_set(
            messages=None if record.messages is None else [_post_doc(m) for m in record.messages],
            finished_at=iso_or_none(record.finished_at),
            reason=record.reason,
        ),
    }


class Deliveries:
    """The deliveries table of a store."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def get(self, key: str) -> DeliveryRecord | None:
        doc = self._store.get(TABLE, key)
        return read(TABLE, doc, from_doc) if doc is not None else None

    def all(self) -> list[DeliveryRecord]:
        return [read(TABLE, doc, from_doc) for doc in self._store.all(TABLE)]

    def in_state(self, state: str) -> list[DeliveryRecord]:
        return [record for record in self.all() if record.state == state]

    def of_subscription(self, sub_id: str) -> list[DeliveryRecord]:
        """The records of one subscription, oldest first."""
        return sorted((r for r in self.all() if r.sub_id == sub_id), key=lambda r: r.started_at)

    def put(self, record: DeliveryRecord) -> None:
        self._store.put(TABLE, to_doc(record))

    def delete(self, key: str) -> bool:
        return self._store.delete(TABLE, key)
