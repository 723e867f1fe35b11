"""A snapshot's deals by topic and by status, and where each is in the snapshot's order.

List questions ("List the cloud computing deals", "Which deals were called off?") used to test every deal of
the archive, making every deal's record to do so: 100 to 400 ms at 30,000 articles. With this index the
answer tests only the deals that can pass, whose keys it finds here from the deals' stored documents (their
records are not needed). Each topic's and status's deals are found when first asked for, in one pass over the
documents (a few milliseconds at 30,000 articles), and kept for the revision; grouping every topic up front
took 60 ms, most of it for topics no question names.
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
        self._in: dict[str, frozenset[str]] = {}

    def on(self, topic: str) -> frozenset[str]:
        """The keys of the deals labelled with this topic."""
        found = self._on.get(topic)
        if found is None:
            found = self._on[topic] = frozenset(d["key"] for d in self._deals if topic in d["topics"])
        return found

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
