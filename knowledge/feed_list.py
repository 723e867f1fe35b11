"""The news feeds evbot reads, as stored: a record per feed (key: its URL), and the one place that knows
their table.

A record holds what the next poll needs (the validators for a conditional request, the failure streak,
when to try again) and what ``feeds list`` shows; polling is knowledge/feeds.py's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from knowledge.contract import Store
from knowledge.documents import iso, iso_or_none, moment, read, unknown_fields

TABLE = "feeds"


@dataclass(frozen=True)
class Feed:
    url: str  # normalised (knowledge.feeds.normalise_url); the record's key
    added_at: datetime
    added_by: str = ""
    title: str | None = None
    etag: str | None = None  # the validators of the last answer read, sent with the next request
    modified: str | None = None
    failures: int = 0  # failed polls in a row
    retry_at: datetime | None = None
    last_error: str | None = None
    last_polled_at: datetime | None = None
    last_ok_at: datetime | None = None
    articles: int = 0  # articles it brought
    warning: str | None = None  # what was odd about the last answer read (not well-formed XML)
    extra: Mapping[str, Any] = field(default_factory=dict)

    def is_due(self, now: datetime) -> bool:
        return self.retry_at is None or self.retry_at <= now


_FIELDS = frozenset(
    {
        "key",
        "url",
        "added_at",
        "added_by",
        "title",
        "etag",
        "modified",
        "failures",
        "retry_at",
        "last_error",
        "last_polled_at",
        "last_ok_at",
        "articles",
        "warning",
    }
)


def from_doc(doc: Mapping[str, Any]) -> Feed:
    return Feed(
        url=doc.get("url") or doc["key"],
        added_at=datetime.fromisoformat(doc["added_at"]),
        added_by=doc.get("added_by") or "",
        title=doc.get("title"),
        etag=doc.get("etag"),
        modified=doc.get("modified"),
        failures=doc.get("failures", 0),
        retry_at=moment(doc.get("retry_at")),
        last_error=doc.get("last_error"),
        last_polled_at=moment(doc.get("last_polled_at")),
        last_ok_at=moment(doc.get("last_ok_at")),
        articles=doc.get("articles", 0),
        warning=doc.get("warning"),
        extra=unknown_fields(doc, _FIELDS),
    )


def to_doc(feed: Feed) -> dict[str, Any]:
    return {
        **feed.extra,
        "key": feed.url,
        "url": feed.url,
        "added_at": iso(feed.added_at),
        "added_by": feed.added_by,
        "title": feed.title,
        "etag": feed.etag,
        "modified": feed.modified,
        "failures": feed.failures,
        "retry_at": iso_or_none(feed.retry_at),
        "last_error": feed.last_error,
        "last_polled_at": iso_or_none(feed.last_polled_at),
        "last_ok_at": iso_or_none(feed.last_ok_at),
        "articles": feed.articles,
        "warning": feed.warning,
    }


class FeedList:
    """The feeds table of a store."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def get(self, url: str) -> Feed | None:
        doc = self._store.get(TABLE, url)
        return read(TABLE, doc, from_doc) if doc is not None else None

    def all(self) -> list[Feed]:
        """Every feed, in the order they were added."""
        return sorted((read(TABLE, doc, from_doc) for doc in self._store.all(TABLE)), key=lambda feed: feed.added_at)

    def put(self, feed: Feed) -> None:
        self._store.put(TABLE, to_doc(feed))

    def delete(self, url: str) -> bool:
        return self._store.delete(TABLE, url)
