"""The storage contract: what the rest of evbot needs of a store, apart from how one is kept.

Code outside knowledge/ never names a table: it works with typed records through a repository each
(knowledge/articles.py, deals.py, company_list.py, subscriptions.py, deliveries.py, feed_list.py,
front_end_state.py), and with this contract
only for what spans them: a transaction around several changes, the stamp a cache is keyed by, and
the record of events already answered. The TinyDB store (knowledge/store.py) is the one implementation;
mypy checks that it meets the contract (``_meets_the_contract`` below), so a change to either is caught
where it is made, not in a handler at run time.

Every document carries a unique string ``key``; a table is a set of such documents.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from knowledge.store import KnowledgeStore


class Store(Protocol):
    def transaction(self) -> AbstractContextManager[object]:
        """Everything done inside sees the newest data, and is written at once at the end, or not at all."""
        ...

    def get(self, table: str, key: str) -> dict[str, Any] | None:
        """A copy of the document with this key, or None."""
        ...

    def all(self, table: str) -> list[dict[str, Any]]:
        """Copies of every document of the table."""
        ...

    def all_lazy(self, table: str) -> list[dict[str, Any]]:
        """``all``, but the large fields (an article's text, a deal's evidence) read when first used; the
        documents are shared with later calls, to be read, never changed."""
        ...

    def put(self, table: str, doc: dict[str, Any]) -> None:
        """Insert the document, or replace the one with its key."""
        ...

    def put_many(self, table: str, docs: Iterable[dict[str, Any]]) -> int:
        """``put`` for each document, in one write; how many were written."""
        ...

    def delete(self, table: str, key: str) -> bool:
        """Remove the document with this key; whether there was one."""
        ...

    def delete_many(self, table: str, keys: Iterable[str]) -> int:
        """Remove the documents with these keys; how many there were."""
        ...

    def count(self, table: str) -> int: ...

    def stamp(self) -> str:
        """Changes whenever the knowledge (articles, deals, companies) changes, and only then."""
        ...

    def changed_since(self, stamp: str) -> bool: ...

    def first_time(self, event_id: str, keep_s: float) -> bool:
        """Record that an event is being answered; False when it was within the last ``keep_s`` seconds."""
        ...


if TYPE_CHECKING:

    def _meets_the_contract(store: KnowledgeStore) -> Store:
        return store
