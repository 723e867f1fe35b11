"""A snapshot's deals by topic and by status, and where each is in the snapshot's order.

List questions ("List the cloud computing deals", "Which deals were called off?") used to test every deal of
the archive, and making every deal's record to do so: 100 to 400 ms at 30,000 articles. With this index the
answer tests only the deals that can pass, whose keys it finds here, made in one pass over the deals'
stored documents (their records are not needed) once per revision, when a list is first asked for.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any


class DealIndex:
    def __init__(self, deals: Sequence[Mapping[str, Any]]) -> None:
        """``deals``: the snapshot's deal documents, in its order (newest first)."""
        self.position: dict[str, int] = {}
        self._by_topic: dict[str, set[str]] = {}
        self._by_status: dict[str, set[str]] = {}
        for i, deal in enumerate(deals):
            key = deal["key"]
            self.position[key] = i
            for topic in deal["topics"]:
                self._by_topic.setdefault(topic, set()).add(key)
            self._by_status.setdefault(deal["status"], set()).add(key)

    def on(self, topic: str) -> set[str]:
        """The keys of the deals labelled with this topic."""
        return set(self._by_topic.get(topic, ()))

    def count_on(self, topic: str) -> int:
        return len(self._by_topic.get(topic, ()))

    def in_status(self, statuses: Iterable[str]) -> set[str]:
        """The keys of the deals whose latest status is one of these."""
        return set().union(*(self._by_status.get(s, ()) for s in statuses))

    def in_order(self, keys: Iterable[str]) -> list[int]:
        """The positions of these deals in the snapshot's order; keys of no deal are left out."""
        return sorted(self.position[k] for k in keys if k in self.position)
