"""The stored articles as ``Article`` records, and the one place outside ingestion that knows their table.

Reading keeps an article's text lazy (``Store.all_lazy``): a record holds the store's lazy sentences
and headings, read from disk when a quote needs them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from knowledge.contract import Store
from knowledge.documents import read
from knowledge.records import NO_EXTRA, Article

TABLE = "articles"

_FIELDS = frozenset(
    {"key", "seq", "hash", "title", "sentences", "headings", "url", "published", "source", "companies", "ingested_at"}
)


def from_doc(doc: Mapping[str, Any]) -> Article:
    unknown = doc.keys() - _FIELDS
    return Article(
        key=doc["key"],
        seq=doc["seq"],
        hash=doc["hash"],
        title=doc["title"],
        sentences=doc["sentences"],
        headings=doc.get("headings") or (),
        url=doc.get("url"),
        published=doc.get("published"),
        source=doc.get("source") or "",
        companies=doc.get("companies", ()),
        ingested_at=doc.get("ingested_at"),
        extra={k: doc[k] for k in unknown} if unknown else NO_EXTRA,
    )


def to_doc(article: Article) -> dict[str, Any]:
    return {
        **article.extra,
        "key": article.key,
        "seq": article.seq,
        "hash": article.hash,
        "title": article.title,
        "url": article.url,
        "published": article.published,
        "source": article.source,
        "sentences": list(article.sentences),
        "headings": list(article.headings),
        "companies": list(article.companies),
        "ingested_at": article.ingested_at,
    }


class Articles:
    """The articles table of a store."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def all(self) -> list[Article]:
        """Every article, in the order they were stored, their text read when first used."""
        return sorted((read(TABLE, doc, from_doc) for doc in self._store.all_lazy(TABLE)), key=lambda a: a.seq)

    def get(self, key: str) -> Article | None:
        doc = self._store.get(TABLE, key)
        return read(TABLE, doc, from_doc) if doc is not None else None

    def put(self, article: Article) -> None:
        self._store.put(TABLE, to_doc(article))

    def count(self) -> int:
        return self._store.count(TABLE)
