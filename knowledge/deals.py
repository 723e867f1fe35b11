"""The derived deals as ``Deal`` records (with their events, figures and evidence), and the one place
outside ingestion that knows their table.

A deal's evidence and extraction reports stay lazy: the record holds the store's ``LazyList`` of its
evidence (and which sentences it cites, read without it), and its reports only for writing it back. Its
events and figures are records made when first used: most answers read a few deals' steps, and making
every deal's took two thirds of the time of making its record.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from knowledge.contract import Store
from knowledge.documents import read
from knowledge.record_list import MadeOnUse
from knowledge.records import NO_EXTRA, Deal, DealDate, DealEvent, Figure
from knowledge.store import LazyList

TABLE = "deals"

_FIELDS = frozenset(
    {
        "key",
        "parties",
        "kind",
        "status",
        "topics",
        "events",
        "figures",
        "evidence",
        "reports",
        "updated",
        "first_seen",
        "date",
        "as_of",
        "ventures",
        "articles",
    }
)
_EVENT_FIELDS = frozenset(
    {"article", "sentence", "text", "status", "kind", "summary", "date", "date_text", "published", "seq", "delayed"}
)
_FIGURE_FIELDS = frozenset({"kind", "text", "article", "sentence", "value"})


def _unknown(doc: Mapping[str, Any], known: frozenset[str]) -> Mapping[str, Any]:
    """The fields no record holds, kept to be written back; a snapshot reads thousands of these, nearly all
    without any, so the common case is one set operation."""
    unknown = doc.keys() - known
    return {k: doc[k] for k in unknown} if unknown else NO_EXTRA


def event_from_doc(doc: Mapping[str, Any]) -> DealEvent:
    get = doc.get
    return DealEvent(
        doc["article"],
        doc["sentence"],
        doc["text"],
        doc["status"],
        doc["kind"],
        get("summary", ""),
        get("date"),
        get("date_text"),
        get("published"),
        get("seq", 0),
        _unknown(doc, _EVENT_FIELDS),
        get("delayed", False),
    )


def figure_from_doc(doc: Mapping[str, Any]) -> Figure:
    return Figure(
        doc["kind"], doc["text"], doc["article"], doc["sentence"], doc.get("value", 0.0), _unknown(doc, _FIGURE_FIELDS)
    )


def from_doc(doc: Mapping[str, Any]) -> Deal:
    evidence = doc.get("evidence", ())
    light = evidence.light if isinstance(evidence, LazyList) else None
    date = doc.get("date")
    return Deal(
        key=doc["key"],
        parties=doc["parties"],
        kind=doc["kind"],
        status=doc["status"],
        topics=doc["topics"],
        events=MadeOnUse(TABLE, doc, "events", event_from_doc),
        figures=MadeOnUse(TABLE, doc, "figures", figure_from_doc),
        updated=doc["updated"],
        first_seen=doc.get("first_seen", 0),
        date=DealDate(date["iso"], date["text"]) if date else None,
        as_of=doc.get("as_of"),
        ventures=doc.get("ventures", ()),
        articles=doc.get("articles", ()),
        raw_evidence=evidence,
        cited_columns=(light[0], light[1]) if light is not None else None,
        reports=doc.get("reports", ()),
        extra=_unknown(doc, _FIELDS),
    )


def _event_doc(event: DealEvent) -> dict[str, Any]:
    return {
        **event.extra,
        "article": event.article,
        "sentence": event.sentence,
        "text": event.text,
        "status": event.status,
        "kind": event.kind,
        "summary": event.summary,
        "date": event.date,
        "date_text": event.date_text,
        "published": event.published,
        "seq": event.seq,
        **({"delayed": True} if event.delayed else {}),
    }


def _figure_doc(figure: Figure) -> dict[str, Any]:
    return {
        **figure.extra,
        "kind": figure.kind,
        "text": figure.text,
        "value": figure.value,
        "article": figure.article,
        "sentence": figure.sentence,
    }


def to_doc(deal: Deal) -> dict[str, Any]:
    return {
        **deal.extra,
        "key": deal.key,
        "parties": list(deal.parties),
        "kind": deal.kind,
        "status": deal.status,
        "date": {"iso": deal.date.iso, "text": deal.date.text} if deal.date else None,
        "as_of": deal.as_of,
        "topics": list(deal.topics),
        "ventures": list(deal.ventures),
        "figures": [_figure_doc(f) for f in deal.figures],
        "events": [_event_doc(e) for e in deal.events],
        "evidence": [dict(ev) for ev in deal.raw_evidence],
        "articles": list(deal.articles),
        "first_seen": deal.first_seen,
        "updated": deal.updated,
        "reports": [dict(r) for r in deal.reports],
    }


class Deals:
    """The deals table of a store."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def all(self) -> list[Deal]:
        """Every deal, its evidence read when first used, in no particular order."""
        return [read(TABLE, doc, from_doc) for doc in self._store.all_lazy(TABLE)]

    def get(self, key: str) -> Deal | None:
        doc = self._store.get(TABLE, key)
        return read(TABLE, doc, from_doc) if doc is not None else None

    def put(self, deal: Deal) -> None:
        self._store.put(TABLE, to_doc(deal))

    def count(self) -> int:
        return self._store.count(TABLE)
