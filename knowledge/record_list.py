"""A snapshot's articles or deals as records made when first asked for, from the store's shared documents.

Opening a 30,000-article archive used to make every ``Article`` and ``Deal`` (with its events and figures)
before the first answer, though an answer reads a few of them: about half a second of a cold start and tens
of megabytes. A ``RecordList`` holds the documents in the snapshot's order and makes each record on first
use. The store hands out the same document objects for as long as a revision still names their part file, so
a new revision takes from the list it replaces the records already made of documents it still holds (the
same document object, hence the same record), and only the changed documents are made again.

Records are made by the thread answering questions; a snapshot being built on the worker thread only reads
which records the list it replaces has made. ``MadeOnUse`` does the same one level down, for a deal's events
and figures: making them took two thirds of the time of making a deal's record.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, Generic, TypeVar, overload

from knowledge.documents import read

R = TypeVar("R")


class RecordList(Sequence[R], Generic[R]):
    __slots__ = ("docs", "_table", "_make", "_made", "_at", "_whole")

    def __init__(
        self,
        table: str,
        docs: list[Mapping[str, Any]],
        make: Callable[[Mapping[str, Any]], R],
        earlier: RecordList[R] | None = None,
    ) -> None:
        """``docs``: in the snapshot's order; ``earlier``: the list this one replaces, whose records of the
        documents both hold are taken over."""
        self.docs = docs
        self._table, self._make = table, make
        self._at: dict[int, int] = {id(doc): i for i, doc in enumerate(docs)}  # docs hold them: ids stay unique
        self._made: list[R | None] = [None] * len(docs)
        self._whole = False  # every record made
        if earlier is not None:
            made, at = earlier._made, earlier._at
            for i, doc in enumerate(docs):
                j = at.get(id(doc))
                if j is not None:
                    self._made[i] = made[j]

    def __len__(self) -> int:
        return len(self.docs)

    @overload
    def __getitem__(self, index: int) -> R: ...
    @overload
    def __getitem__(self, index: slice) -> list[R]: ...
    def __getitem__(self, index: int | slice) -> R | list[R]:
        if isinstance(index, slice):
            return [self._record(i) for i in range(*index.indices(len(self.docs)))]
        if index < 0:
            index += len(self.docs)
        if not 0 <= index < len(self.docs):
            raise IndexError("record index out of range")
        return self._record(index)

    def _record(self, i: int) -> R:
        record = self._made[i]
        if record is None:
            record = self._made[i] = read(self._table, self.docs[i], self._make)
        return record

    def __iter__(self) -> Iterator[R]:
        if self._whole:
            return iter(self._made)  # type: ignore[arg-type]  # every item made
        return self._making()

    def _making(self) -> Iterator[R]:
        """Each record in turn, made as it is reached: a reader that stops early makes only those it read."""
        made = self._made
        for i, record in enumerate(made):
            yield record if record is not None else self._record(i)
        self._whole = True

    def place_of(self, doc: Mapping[str, Any]) -> int:
        """Where this document (the very object, as the snapshot read it) is in the list; -1 if it is not."""
        return self._at.get(id(doc), -1)

    def record_of(self, doc: Mapping[str, Any]) -> R:
        """The record of one of the list's documents."""
        return self._record(self._at[id(doc)])

    def picked(self, places: list[int]) -> Picked[R]:
        """The records at these places, in this order, each made when first read."""
        return Picked(self, places)


class Picked(Sequence[R], Generic[R]):
    """Some of a ``RecordList``'s records, made when read: a list answer counts thousands of deals and shows
    a screenful, so only the shown ones need their record."""

    __slots__ = ("_records", "_places")

    def __init__(self, records: RecordList[R], places: list[int]) -> None:
        self._records, self._places = records, places

    def __len__(self) -> int:
        return len(self._places)

    @overload
    def __getitem__(self, index: int) -> R: ...
    @overload
    def __getitem__(self, index: slice) -> list[R]: ...
    def __getitem__(self, index: int | slice) -> R | list[R]:
        if isinstance(index, slice):
            return [self._records[i] for i in self._places[index]]
        return self._records[self._places[index]]

    def __iter__(self) -> Iterator[R]:
        records = self._records
        return (records[i] for i in self._places)


T = TypeVar("T")


class MadeOnUse(Sequence[T], Generic[T]):
    """A record's list of small records (a deal's events or figures), made from its stored document's list
    when first used and kept; until then it holds only the document."""

    __slots__ = ("_table", "_doc", "_field", "_make", "_items")

    def __init__(self, table: str, doc: Mapping[str, Any], field: str, make: Callable[[Mapping[str, Any]], T]) -> None:
        self._table, self._doc, self._field, self._make = table, doc, field, make
        self._items: tuple[T, ...] | None = None

    def items(self) -> tuple[T, ...]:
        """The records, as a tuple (what a record held before they were made on use)."""
        if self._items is None:
            field, make = self._field, self._make
            self._items = read(self._table, self._doc, lambda doc: tuple(map(make, doc[field])))
        return self._items

    def __len__(self) -> int:
        return len(self._doc[self._field]) if self._items is None else len(self._items)

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[T, ...]: ...
    def __getitem__(self, index: int | slice) -> T | tuple[T, ...]:
        return self.items()[index]

    def __iter__(self) -> Iterator[T]:
        return iter(self.items())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, MadeOnUse):
            other = other.items()
        return self.items() == other

    __hash__ = None  # type: ignore[assignment]  # equal to a tuple of the same records, so not hashable

    def __repr__(self) -> str:
        return repr(self.items())
