"""The companies the stored articles name, as ``StoredCompany`` records (key: the name, lower-cased),
and the one place outside ingestion that knows their table."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from knowledge.contract import Store
from knowledge.documents import read
from knowledge.records import NO_EXTRA, StoredCompany

TABLE = "companies"

_FIELDS = frozenset({"key", "name", "aliases", "country", "sector", "known", "articles", "parent"})


def from_doc(doc: Mapping[str, Any]) -> StoredCompany:
    unknown = {k: v for k, v in doc.items() if k not in _FIELDS}
    return StoredCompany(
        name=doc["name"],
        aliases=doc.get("aliases", ()),
        country=doc.get("country") or "",
        sector=doc.get("sector") or "",
        known=bool(doc.get("known", False)),
        parent=doc.get("parent") or "",
        articles=doc.get("articles", 0),
        extra=unknown or NO_EXTRA,
    )


def to_doc(company: StoredCompany) -> dict[str, Any]:
    return {
        **company.extra,
        "key": company.name.lower(),
        "name": company.name,
        "aliases": list(company.aliases),
        "country": company.country,
        "sector": company.sector,
        "known": company.known,
        "parent": company.parent,
        "articles": company.articles,
    }


class CompanyList:
    """The companies table of a store."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def all(self) -> list[StoredCompany]:
        return [read(TABLE, doc, from_doc) for doc in self._store.all(TABLE)]

    def get(self, name: str) -> StoredCompany | None:
        doc = self._store.get(TABLE, name.lower())
        return read(TABLE, doc, from_doc) if doc is not None else None

    def put(self, company: StoredCompany) -> None:
        self._store.put(TABLE, to_doc(company))
