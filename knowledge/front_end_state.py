"""What a front end keeps between runs (e.g. the fingerprint of the slash commands it last synced), and
the one place that knows its table. A value is the front end's own, stored as given."""

from __future__ import annotations

from typing import Any

from knowledge.contract import Store

TABLE = "state"


class FrontEndState:
    def __init__(self, store: Store) -> None:
        self._store = store

    def recall(self, key: str) -> dict[str, Any] | None:
        doc = self._store.get(TABLE, key)
        return doc.get("value") if doc else None

    def remember(self, key: str, value: dict[str, Any]) -> None:
        self._store.put(TABLE, {"key": key, "value": value})
