"""A snapshot's deals by topic and by status, and where each is in the snapshot's order.

List questions ("List the cloud computing deals", "Which deals were called off?") used to test every deal of
the archive, making every deal's record to do so: 100 to 400 ms at 30,000 articles. With this index the
answer tests only the deals that can pass, whose keys it finds here from the deals' stored documents (their
records are not needed). Each status's deals are found when first asked for, in one pass over the documents,
and kept for the revision. The topics (a few dozen) and kinds are grouped together, in one pass, when a topic
is first asked for (or the labels are, see ``KnowledgeBase.deals_about``): one pass over 24,000 deals' documents
costs about 20 ms at 30,000 articles, whether it looks for one topic or groups them all (about 45 ms), so a pass
per topic made each list question of a new topic pay it again. Each topic's set of keys is made when asked for.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any


class DealIndex:
    def __init__(self, deals: Sequence[Mapping[str, Any]]) -> None:
        """``deals``: the snapshot's deal documents, in its order (newest first)."""
        self._deals = deals
        self._position: dict[str, int] | None = None
        self._on: dict[str, frozenset[str]] = {}
        self._by_topic: dict[str, list[str]] | None = None
        self._by_kind: dict[str, list[str]] = {}
        self._in: dict[str, frozenset[str]] = {}

    def on(self, topic: str) -> frozenset[str]:
        """The keys of the deals labelled with this topic."""
        found = self._on.get(topic)
        if found is None:
            found = self._on[topic] = frozenset(self.grouped()[0].get(topic, ()))
        return found

    def grouped(self) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
        """The keys of the deals by each of their topics, and by their kind."""
        if self._by_topic is None:
            by_topic: dict[str, list[str]] = {}
            by_kind = self._by_kind
            for deal in self._deals:
                key, kind = deal["key"], deal["kind"]
                keys = by_kind.get(kind)
                if keys is None:
                    by_kind[kind] = [key]
                else:
                    keys.append(key)
                for topic in deal["topics"]:
                    keys = by_topic.get(topic)
                    if keys is None:
                        by_topic[topic] = [key]
                    else:
                        keys.append(key)
            self._by_topic = by_topic
        return self._by_topic, self._by_kind

    def in_status(self, statuses: Iterable[str]) -> set[str]:
        """The keys of the deals whose latest status is one of these."""
        found: set[str] = set()
        for status in statuses:
            keys = self._in.get(status)
            if keys is None:
                keys = self._in[status] = frozenset(d["key"] for d in self._deals if d["status"] == status)
            found |= keys
        return found

    def in_order(self, keys: Iterable[str]) -> list[int]:
        """The positions of these deals in the snapshot's order; keys of no deal are left out."""
        if self._position is None:
            self._position = {d["key"]: i for i, d in enumerate(self._deals)}
        position = self._position
        return sorted(position[k] for k in keys if k in position)
