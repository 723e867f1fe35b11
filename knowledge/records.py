"""The knowledge as typed records: an article, a deal with its timeline, figures and evidence, a company.

These are what the rest of evbot reads; the stored documents behind them are knowledge/'s own
(knowledge/articles.py, deals.py, company_list.py read and write them). Records are slotted, since a
large archive holds tens of thousands of them in every snapshot, and an article's text and a deal's
evidence stay lazy: they hold the store's ``LazyList`` (a ``Sequence`` that reads its part's body file
when an item is first asked for), so opening an archive still reads no article's text. A record's lists
of names are the stored document's own (read-only ``Sequence``s, never copied): a snapshot holds the
documents anyway, and a copy per record would cost a large archive tens of megabytes.

An ``Article`` or a ``Deal`` is equal only to itself: comparing two by value would read their text from
disk, and within one snapshot each document has one record. The small records they hold compare by value.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

# Shared by every record without unknown fields, so that an empty ``extra`` costs one pointer.
NO_EXTRA: Mapping[str, Any] = MappingProxyType({})


def _no_extra() -> Mapping[str, Any]:
    return NO_EXTRA


@dataclass(frozen=True, slots=True, eq=False)
class Article:
    key: str
    seq: int  # the order articles were stored in
    hash: str  # of its text: the same text is stored once
    title: str
    sentences: Sequence[str]  # the first is the headline; lazy (read when an item is asked for)
    headings: Sequence[str] = ()  # the heading each sentence falls under, "" for none; lazy
    url: str | None = None
    published: str | None = None  # ISO date
    source: str = ""  # the file or feed it came from
    companies: Sequence[str] = ()  # the companies it names
    ingested_at: str | None = None  # ISO moment, UTC
    extra: Mapping[str, Any] = field(default_factory=_no_extra, repr=False)

    def heading(self, index: int) -> str:
        """The heading sentence ``index`` falls under, "" for none."""
        return self.headings[index] if index < len(self.headings) else ""


@dataclass(frozen=True, slots=True)
class DealEvent:
    """One step of a deal's timeline: one sentence of one article saying how far the deal had got."""

    article: str  # its key
    sentence: int  # the sentence's index in the article
    text: str  # the sentence
    status: str  # talks, preliminary, signed, ended
    kind: str
    summary: str  # "In talks (not signed): an acquisition or merger"
    date: str | None = None  # ISO, possibly only "2023" or "2023-07"; None when undated
    date_text: str | None = None  # the date as the sentence writes it
    published: str | None = None  # the article's date
    seq: int = 0  # the article's
    extra: Mapping[str, Any] = field(default_factory=_no_extra, repr=False, compare=False)
    delayed: bool = False  # the deal stood as it was, but its work slipped ("will delay the first shipments")

    @property
    def day(self) -> str:
        """When it happened as far as the articles tell: the stated date, else the article's, else ""."""
        return self.date or self.published or ""


@dataclass(frozen=True, slots=True)
class Figure:
    """A number a deal's articles state, labelled by what it measures (deal_value, stake, jobs...)."""

    kind: str
    text: str  # as written: "$1.2 billion", "20%"
    article: str  # the key of the article that states it
    sentence: int  # the index of the sentence that states it
    value: float = 0.0
    extra: Mapping[str, Any] = field(default_factory=_no_extra, repr=False, compare=False)


@dataclass(frozen=True, slots=True)
class Evidence:
    """A sentence a deal's fields were read from, and which fields (status, date, topics, kind...)."""

    article: str
    sentence: int
    text: str
    fields: Sequence[str] = ()
    extra: Mapping[str, Any] = field(default_factory=_no_extra, repr=False, compare=False)


@dataclass(frozen=True, slots=True)
class DealDate:
    """The date the deal's current status was reached, as stated: ISO ("--05-02" when the year is not
    stated) and as written."""

    iso: str
    text: str


@dataclass(frozen=True, slots=True, eq=False)
class Deal:
    key: str
    parties: Sequence[str]
    kind: str
    status: str  # the latest event's
    topics: Sequence[str]
    events: Sequence[DealEvent]  # oldest first; made from the stored document on first use
    figures: Sequence[Figure]  # likewise
    updated: int  # the seq of the newest article about it
    first_seen: int = 0  # the seq of the first
    date: DealDate | None = None
    as_of: str | None = None  # the day of its latest event
    ventures: Sequence[str] = ()  # the joint venture's own name, as the articles write it
    articles: Sequence[str] = ()  # the keys of the articles about it, in the order they were read
    raw_evidence: Sequence[Mapping[str, Any]] = field(default=(), repr=False)  # lazy; see ``evidence``
    cited_columns: tuple[Sequence[str], Sequence[int]] | None = field(default=None, repr=False)
    reports: Sequence[Mapping[str, Any]] = field(default=(), repr=False)  # lazy; what ingestion merges
    extra: Mapping[str, Any] = field(default_factory=_no_extra, repr=False)

    @property
    def name(self) -> str:
        """'Ford & SK On (BlueOvalSK)': the parties, and the venture's own name when the articles give one."""
        name = " & ".join(self.parties)
        return f"{name} ({self.ventures[0]})" if self.ventures else name

    @property
    def evidence(self) -> tuple[Evidence, ...]:
        """The sentences its fields were read from: read from the store's body file on first use."""
        return tuple(
            Evidence(ev["article"], ev["sentence"], ev["text"], ev.get("fields", ()), _extra(ev, _EVIDENCE_FIELDS))
            for ev in self.raw_evidence
        )

    @property
    def cited(self) -> list[tuple[str, int]]:
        """The (article, sentence) of each evidence sentence, without reading the evidence itself."""
        if self.cited_columns is not None:
            articles, sentences = self.cited_columns
            return list(zip(articles, sentences))
        return [(ev["article"], ev["sentence"]) for ev in self.raw_evidence]


_EVIDENCE_FIELDS = frozenset({"article", "sentence", "text", "fields"})


def _extra(doc: Mapping[str, Any], known: frozenset[str]) -> Mapping[str, Any]:
    unknown = {k: v for k, v in doc.items() if k not in known}
    return unknown or NO_EXTRA


@dataclass(frozen=True, slots=True)
class StoredCompany:
    """A company the stored articles name, with what the gazetteer or the articles say of it."""

    name: str
    aliases: Sequence[str] = ()
    country: str = ""
    sector: str = ""
    known: bool = False  # the gazetteer knew it before any article named it
    parent: str = ""  # its owner, as an article said ("Hino Motors, a Toyota subsidiary")
    articles: int = 0  # how many stored articles name it
    extra: Mapping[str, Any] = field(default_factory=_no_extra, repr=False, compare=False)
