"""The knowledge store: the one module that touches TinyDB.

TinyDB's own JSON storage rewrites the file in place and each ``Table`` caches
its next id, so two processes (the bot, and ``evbot ingest`` beside it) would
corrupt or lose each other's writes. Here every operation runs under a file
lock, re-reads what another process has replaced, and a write never changes a
file in place: the store's path is a small manifest (the small tables, and the
part files holding the large ones, see ``_ShardedJSONStorage``), so a write
costs the shards it changed, not the archive. New files are fsynced before the
manifest is renamed over the old one: a process killed mid-write, or a write
that fails (a full disk), leaves the previous store intact. The files keep the
manifest's permissions (a new store is private, 0600). A user who may read the
store but not lock it (a read-only folder, someone else's store) can still read
it, since a reader only ever sees whole files; only writing needs the lock.

Writes inside one ``transaction()`` are buffered in memory and reach the disk
once, at the end.
"""

from __future__ import annotations

import errno
import gc
import glob
import os
import shutil
import sqlite3
import stat
import sys
import uuid
import weakref
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, MutableMapping, Sequence
from contextlib import contextmanager
from itertools import chain, repeat
from pathlib import Path
from typing import Any, overload

import orjson
from filelock import FileLock, Timeout
from tinydb import TinyDB
from tinydb.storages import Storage

from knowledge.answered import AnsweredEvents

SCHEMA_VERSION = 4
# Tables whose changes invalidate what is derived from the knowledge (the snapshot, the search index);
# subscriptions, delivery records and front-end state change often and invalidate nothing.
KNOWLEDGE_TABLES = frozenset({"articles", "deals", "companies"})
# Tables kept in part files of SHARD_SIZE documents (by id) each; the others live in the manifest.
LARGE_TABLES = KNOWLEDGE_TABLES
SHARD_SIZE = 500
PARTS = "_parts"  # the manifest's table naming each large table's part files
# The list fields of a large table that answers read for a few documents only (the text a quote comes from, the
# extraction reports ingestion merges): kept in a body file beside each part, each document's field on a line of its
# own, read when first used, so that reading a deal's evidence never decodes its reports.
HEAVY_FIELDS: dict[str, tuple[str, ...]] = {"articles": ("sentences", "headings"), "deals": ("reports", "evidence")}
# Of a heavy field whose items are documents, what stays beside the document for every reader: the items' values
# of these keys, as ``LazyList.light`` (a deal's evidence: which sentences, for finding the deals a sentence cites).
LIGHT_KEYS: dict[str, dict[str, tuple[str, ...]]] = {"deals": {"evidence": ("article", "sentence")}}
BODIES = "_bodies"  # a part's table of where each document's heavy fields are in its body file
BODY_CACHE = 4096  # heavy fields (of a document each) a process keeps decoded
LOCK_TIMEOUT_S = 30.0
NEW_STORE_MODE = 0o600
# A document's expected fields for ``misfit``: a type, [a list of this], or {a dict with these fields}.
# A tuple of types: any of them.
Shape = type | tuple[type, ...] | list[Any] | dict[str, Any]

# schema version -> function that upgrades the raw tables from that version to the next.
# Schema 2 moved the large tables into part files, schema 3 their heavy fields into body files, schema 4 gave each
# heavy field its own line there (schema 3 kept a document's together): changes of layout, made by the storage when
# it writes every shard.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], None]] = {
    1: lambda raw: None,
    2: lambda raw: None,
    3: lambda raw: None,
}


@contextmanager
def no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building a large tree of objects.

    Parsing the store creates millions of dicts and lists; every few thousand of them CPython runs a
    collection, and the full ones walk everything allocated so far, which makes loading a 50 MB store
    three times slower. JSON data has no reference cycles, so nothing is lost by pausing.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class StoreError(Exception):
    """The store cannot be used as it is; the message names the file and what to do."""


def _what_to_do(exc: OSError) -> str:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "free some disk space and try again"
    if exc.errno == errno.EFBIG:
        return "raise the file-size limit (ulimit -f) evbot runs under"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "make its folder writable for this user, or run evbot as the store's owner"
    return "check the disk and try again"


def _all_fit(values: Iterable[Any], shape: Shape) -> bool:
    """Whether every value has the shape (types exactly, as JSON gives them); map() and set() keep the work in C,
    since a large store holds millions of values."""
    if isinstance(shape, type):
        return set(map(type, values)) <= {shape}
    if isinstance(shape, tuple):
        return set(map(type, values)) <= set(shape)
    values = list(values)
    if isinstance(shape, list):
        return _all_fit(values, list) and _all_fit(chain.from_iterable(values), shape[0])
    return _all_fit(values, dict) and all(_all_fit(map(dict.get, values, repeat(k)), s) for k, s in shape.items())


# How many documents ``misfit`` checks field by field at a time: few enough that they stay in the processor's
# cache from one field to the next. Checking each field over all of a 30,000-article archive's documents read
# every document from memory once per field, three times slower.
MISFIT_CHUNK = 256


def misfit(docs: list[dict[str, Any]], fields: dict[str, Shape]) -> tuple[dict[str, Any], str] | None:
    """A document, with the field, that lacks one of ``fields`` or holds it in another shape (the first such
    field of the first run of ``MISFIT_CHUNK`` documents that has one); or None."""
    for start in range(0, len(docs), MISFIT_CHUNK):
        chunk = docs[start : start + MISFIT_CHUNK]
        for name, shape in fields.items():
            if not _all_fit(map(dict.get, chunk, repeat(name)), shape):
                return next(d for d in chunk if not _all_fit([d.get(name)], shape)), name
    return None


def _shape_problem(data: dict[str, Any]) -> str | None:
    """What is wrong with the parsed file's tables, if anything: TinyDB keeps each as {"<id>": {document}},
    and every document here has a string key. (What a table's documents hold is their owner's to check.)"""
    for name, table in data.items():
        if not isinstance(table, dict):
            return f"its {name} table is not a table ({type(table).__name__})"
        docs = table.values()
        if (
            all(map(str.isdigit, table))
            and all(map(str.isascii, table))
            and set(map(type, docs)) <= {dict}
            and set(map(type, map(dict.get, docs, repeat("key")))) <= {str}
        ):
            continue  # every sound table's case, checked in C; the loop below names what is wrong
        for doc_id, doc in table.items():
            if not (doc_id.isascii() and doc_id.isdigit()) or not isinstance(doc, dict):
                return f"its {name} table holds something that is not a document (id {doc_id[:20]!r})"
            if not isinstance(doc.get("key"), str):
                return f"document {doc_id} of its {name} table has no key"
    meta: dict[str, Any] = next((d for d in data.get("meta", {}).values() if d["key"] == "store"), {})
    if "schema" in meta and type(meta["schema"]) is not int:
        return "its schema version is not a number"
    return None


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _folder_mode(file_mode: int) -> int:
    """The parts folder's mode: the store file's, with search permission wherever it grants reading."""
    return file_mode | ((file_mode & 0o444) >> 2)


def shard_of(doc_id: int | str) -> int:
    return int(doc_id) // SHARD_SIZE


def body_name(part: str) -> str:
    """The body file beside a part file (``articles-000003.<id>.json`` -> ``articles-000003.<id>.body.json``)."""
    return part.removesuffix(".json") + ".body.json"


class _BodyFile:
    """One part's body file, read a record at a time (``pread``) through a descriptor held open: a reader reads
    only the documents it quotes, and the open file outlives a writer replacing it, so a snapshot keeps reading
    the revision it was taken from. Not memory-mapped: the pages of a mapping that answers have read stay in
    the process's resident memory (84 MB after 200 questions at 30,000 articles), while what ``pread`` reads
    stays in the kernel's page cache, which the system reclaims as it needs."""

    def __init__(self, path: Path, size: int, store: Path, cache: _BodyCache) -> None:
        """``cache``: where what is read is kept decoded (the storage's, shared by its body files)."""
        self.path, self.store, self.cache = path, store, cache
        self.name = path.name  # unique: a part file is never written twice under one name
        self._fd = -1
        self._fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
        actual = os.fstat(self._fd).st_size
        if actual != size:
            raise StoreError(
                f"the store {store} is damaged: its part {path.name} holds {actual} bytes, not {size}; "
                "it was left untouched. Restore it from a backup."
            )

    def __del__(self) -> None:
        """Closed when the last snapshot reading it is dropped (snapshots hold no reference cycle, so at once)."""
        if self._fd >= 0:
            os.close(self._fd)

    def read(self, offset: int, length: int) -> list[Any] | dict[str, Any]:
        """The record at ``offset``: one heavy field's list, or (a body written as schema 3) a document's fields."""
        raw = os.pread(self._fd, length, offset)
        try:
            record = orjson.loads(raw) if len(raw) == length else None
        except orjson.JSONDecodeError as exc:
            record = exc
        if not isinstance(record, list | dict):
            raise StoreError(
                f"the store {self.store} is damaged: its part {self.path.name} does not hold what its list says "
                f"at byte {offset}; it was left untouched. Restore it from a backup."
            )
        return record


class _BodyCache:
    """The heavy fields read most recently, decoded: answering one question reads the same few articles many
    times."""

    def __init__(self, size: int = BODY_CACHE) -> None:
        self.size = size
        self._records: OrderedDict[tuple[str, int], list[Any] | dict[str, Any]] = OrderedDict()

    def record(self, body: _BodyFile, offset: int, length: int) -> list[Any] | dict[str, Any]:
        slot = (body.name, offset)
        found = self._records.get(slot)
        if found is None:
            found = self._records[slot] = body.read(offset, length)
            if len(self._records) > self.size:
                self._records.popitem(last=False)
        else:
            self._records.move_to_end(slot)
        return found


class LazyList(Sequence[Any]):
    """A stored document's heavy list field, read from its part's body file when an item is first asked for;
    its length is known without reading it."""

    # A large archive's snapshot holds a hundred thousand of these, made in one pass when it is read: few
    # slots, each set once.
    __slots__ = ("_body", "_span", "_field", "_within", "light")

    def __init__(
        self, body: _BodyFile, span: Sequence[int], field: str, light: list[list[Any]] | None, within: bool
    ) -> None:
        """``span``: where the field's record is in the body file and how many items it holds (offset, length,
        items: the part's own list); ``within``: that record is the document's heavy fields together (a body
        written as schema 3), to take this one from."""
        self._body, self._span, self._field, self._within = body, span, field, within
        self.light = (
            light  # the items' values of each of the field's LIGHT_KEYS (a column a key), read without the body
        )

    def items(self) -> list[Any]:
        offset, length, size = self._span
        value: Any = self._body.cache.record(self._body, offset, length)
        if self._within:
            value = value.get(self._field) if isinstance(value, dict) else None
        if type(value) is not list or len(value) != size:
            raise StoreError(
                f"the store {self._body.store} is damaged: its part {self._body.path.name} lacks a document's "
                f"{self._field!r}; it was left untouched. Restore it from a backup."
            )
        return value

    def __len__(self) -> int:
        return self._span[2]

    @overload
    def __getitem__(self, index: int) -> Any: ...
    @overload
    def __getitem__(self, index: slice) -> list[Any]: ...
    def __getitem__(self, index: int | slice) -> Any:
        return self.items()[index]

    def __iter__(self) -> Iterator[Any]:
        return iter(self.items())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LazyList):
            other = other.items()
        return self.items() == other

    __hash__ = None  # type: ignore[assignment]  # a list's equality, so unhashable like one

    def __repr__(self) -> str:
        return repr(self.items())


class _Tables(dict[str, Any]):
    """The tables TinyDB sees: the manifest's, and each large table read from its parts when TinyDB first
    asks for it, so that writing a deal does not read every article."""

    def __init__(self, tables: dict[str, Any], load: Callable[[str], dict[str, Any]]) -> None:
        """``load``: a method of the storage that holds these tables, held weakly: a strong reference would
        make the two a reference cycle, which only the cyclic collector frees, so a dropped store would keep
        its open files until a collection (or for good, once frozen; see ``KnowledgeBase``)."""
        super().__init__(tables)
        self._load = weakref.WeakMethod(load)

    def __missing__(self, name: str) -> dict[str, Any]:
        load = self._load()
        if load is None:
            raise KeyError(name)  # its storage is gone: nothing more to read
        table = load(name)  # KeyError when the store has no such table
        self[name] = table
        return table


def _interned(columns: list[list[Any]] | None) -> list[list[Any]] | None:
    """Light columns with each string held once (the same article key recurs across a large archive's deals)."""
    if columns is None:
        return None
    interned = []
    for column in columns:
        try:
            interned.append(list(map(sys.intern, column)) if column and type(column[0]) is str else column)
        except TypeError:  # a column that is not all strings
            interned.append(column)
    return interned


def whole(doc: dict[str, Any]) -> dict[str, Any]:
    """A copy of the document with each ``LazyList`` read into a list."""
    return {k: list(v) if type(v) is LazyList else v for k, v in doc.items()}


def _split(table: str, docs: dict[str, Any]) -> tuple[dict[str, Any], bytes | None]:
    """A shard's part (its documents without their heavy list fields, and where each field is) and its body
    file: each document's heavy fields, one a line, as JSON. None when no document has any: the part then
    holds them whole. The documents' ``LazyList``s are read into lists, in place: what is written is in memory."""
    heavy, light_keys = HEAVY_FIELDS[table], LIGHT_KEYS.get(table, {})
    heads: dict[str, Any] = {}
    where: dict[str, Any] = {}
    lines: list[bytes] = []
    at = 0
    for i, doc in docs.items():
        fields: dict[str, list[Any]] = {}
        for f in heavy:
            if type(doc.get(f)) is LazyList:
                doc[f] = list(doc[f])
            if isinstance(doc.get(f), list):
                fields[f] = doc[f]
        heads[i] = {k: v for k, v in doc.items() if k not in fields}
        spans: dict[str, list[int]] = {}
        for f, v in fields.items():
            line = orjson.dumps(v)
            spans[f] = [at, len(line), len(v)]
            lines.append(line)
            at += len(line) + 1  # the newline after it
        light = {
            f: [[item.get(k) if isinstance(item, dict) else None for item in v] for k in light_keys[f]]
            for f, v in fields.items()
            if f in light_keys
        }
        where[i] = [spans, light]
    if not lines:
        return {table: docs}, None
    return {table: heads, BODIES: where}, b"\n".join(lines) + b"\n"


def _spans(entry: list[Any]) -> tuple[dict[str, tuple[int, int, int]], dict[str, Any], bool]:
    """A body list's entry for one document: where each heavy field is (offset, length, items), its light
    columns, and whether each span is the document's heavy fields together (a body written as schema 3)."""
    if len(entry) == 4:  # schema 3: [offset, length, {field: items}, light]
        offset, length, sizes, light = entry
        return {f: (offset, length, n) for f, n in sizes.items()}, light, True
    spans, light = entry
    return spans, light, False


def _is_entry(entry: Any) -> bool:
    """The outline of a body list's entry (its spans are checked when the part's documents are built)."""
    if type(entry) is not list:
        return False
    if len(entry) == 4:
        return type(entry[0]) is int and type(entry[1]) is int and isinstance(entry[2], dict)
    return len(entry) == 2 and isinstance(entry[0], dict) and isinstance(entry[1], dict)


class _ShardedJSONStorage(Storage):
    """TinyDB storage over a small manifest file and immutable part files, so a write touches only what changed.

    The manifest (the store's own path) holds the small tables (meta, state, subscriptions...) and, in its
    ``_parts`` table, the part file of each shard of the large ones (articles, deals, companies: SHARD_SIZE
    documents by id each, in ``<store>.d/``). A write puts each changed shard in a new uniquely named file,
    fsyncs it, and then replaces the manifest atomically: that rename is the commit, so a process killed
    anywhere leaves the previous manifest naming the previous, untouched parts. Old parts are deleted after
    the commit (orphans of a killed writer on the next open, under the lock). Part files never change once
    written, so each is parsed once per process, and another process's write costs its new parts only.

    Between ``begin()`` and ``commit()`` writes stay in memory; callers name the shards they change with
    ``touch()``. A manifest from before the split (schema 1, every table inline) is read as it is and
    written whole in the new layout by its migration, the old file kept as ``<store>.v1``.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.parts_dir = path.with_name(path.name + ".d")
        self._data: dict[str, Any] | None = None
        self._manifest: dict[str, Any] = {}
        self._signature: tuple[int, int, int] | None = None
        self._files: dict[str, dict[str, str]] = {}  # table -> shard -> part file name, as the manifest has them
        self._cache: dict[str, dict[str, Any]] = {}  # part file name -> its documents, whole
        # part file name -> its documents without their heavy fields, and where those are in its body file
        self._heads: dict[str, tuple[dict[str, Any], dict[str, Any] | None]] = {}
        self._maps: dict[str, _BodyFile] = {}  # body file name -> the open file
        self._lazy: dict[str, dict[str, Any]] = {}  # part file name -> its documents (by id) as lazy_table gives them
        self.bodies = _BodyCache()
        self._single_file = False  # the manifest holds every table inline (the layout before schema 2)
        self._deferred = False
        self._dirty = False
        self._touched: set[tuple[str, int]] = set()
        self.unlocked_because: str | None = None  # set while reading without the lock; writing is refused then

    def signature(self) -> tuple[int, int, int] | None:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_size, st.st_mtime_ns)

    def _parse(self, path: Path, raw: bytes, what: str, *, part: bool = False) -> dict[str, Any]:
        if not raw.strip():  # only a missing store is a new store; an empty file was truncated
            raise StoreError(
                f"the store {self.path} is empty ({what}{len(raw)} bytes); it was left untouched. "
                "Restore it from a backup, or delete it to start a new store."
            )
        try:
            with no_gc():
                data = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            raise StoreError(
                f"the store {self.path} is not valid JSON ({what}{exc}); it was left untouched. "
                "Move it aside or point EVBOT_DB at another file."
            ) from exc
        if not isinstance(data, dict):
            raise StoreError(
                f"the store {self.path} is not an evbot store ({what.rstrip(': ')}); it was left untouched."
            )
        bodies = data.pop(BODIES, None) if part else None
        if bodies is not None and not (isinstance(bodies, dict) and all(map(_is_entry, bodies.values()))):
            raise StoreError(
                f"the store {self.path} is damaged: {what}its list of bodies is not one; it was left untouched."
            )
        problem = _shape_problem(data)
        if problem:
            raise StoreError(
                f"the store {self.path} is damaged: {what}{problem}; it was left untouched. "
                "Restore it from a backup, or move it aside to start a new store."
            )
        if bodies is not None:
            data[BODIES] = bodies
        return data

    def manifest(self) -> dict[str, Any]:
        """The manifest's tables as on disk now: one stat when it has not changed since last read."""
        signature = self.signature()
        if signature is None:
            if self._signature is not None and not self._deferred:
                self._data = None
            self._manifest, self._signature = {}, None
        elif signature != self._signature:
            try:
                raw = self.path.read_bytes()
            except OSError as exc:
                raise StoreError(f"cannot read the store {self.path}: {exc.strerror}") from exc
            self._manifest, self._signature = self._parse(self.path, raw, ""), signature
            if not self._deferred:
                self._data = None
        return self._manifest

    def _listing(self, manifest: dict[str, Any]) -> dict[str, dict[str, str]]:
        files: dict[str, dict[str, str]] = {}
        for doc in manifest.get(PARTS, {}).values():
            shards = doc.get("files")
            if doc["key"] not in LARGE_TABLES or not isinstance(shards, dict):
                raise StoreError(f"the store {self.path} is damaged: its part list is not one; it was left untouched.")
            for shard, name in shards.items():
                if not (
                    shard.isdigit() and isinstance(name, str) and name.startswith(doc["key"] + "-") and "/" not in name
                ):
                    raise StoreError(
                        f"the store {self.path} is damaged: its part list names {str(name)[:40]!r}; "
                        "it was left untouched."
                    )
            files[doc["key"]] = dict(shards)
        return files

    def _head(self, table: str, name: str) -> tuple[dict[str, Any], dict[str, Any] | None]:
        """A part's documents without their heavy fields, and where those are (None: a part written before
        schema 3, whose documents are whole)."""
        if name not in self._heads:
            path = self.parts_dir / name
            raw = path.read_bytes()  # FileNotFoundError: a writer replaced it since the manifest was read
            data = self._parse(path, raw, f"its part {name}: ", part=True)
            bodies = data.pop(BODIES, None)
            if set(data) != {table} or (bodies is not None and set(bodies) != set(data[table])):
                raise StoreError(
                    f"the store {self.path} is damaged: its part {name} does not hold {table}; it was left untouched."
                )
            self._heads[name] = (data[table], bodies)
        return self._heads[name]

    def _body_file(self, name: str, bodies: dict[str, Any]) -> _BodyFile:
        body = body_name(name)
        if body not in self._maps:
            # Its lines are written in the order of the list, so the last document with a heavy field ends it.
            last = next((spans for spans in map(_spans, reversed(bodies.values())) if spans[0]), None)
            end = max(o + n for o, n, _ in last[0].values()) if last else 0
            self._maps[body] = _BodyFile(self.parts_dir / body, end + 1, self.path, self.bodies)
        return self._maps[body]

    def _lazy_part(self, table: str, name: str) -> dict[str, dict[str, Any]]:
        """A part's documents (by id) with each heavy field a ``LazyList`` read from the body file on use; built
        once per part file (which never changes), and shared by every revision that still names it."""
        if name not in self._lazy:
            heads, bodies = self._head(table, name)
            self._heads.pop(name, None)  # its documents become the lazy ones: no second copy
            if bodies is None:
                self._lazy[name] = heads
                return heads
            try:
                body = self._body_file(name, bodies)
                with no_gc():
                    for i, doc in heads.items():
                        entry = bodies[i]
                        if len(entry) == 2:  # the spans and light columns of schema 4
                            spans, light = entry
                            within = False
                        else:
                            spans, light, within = _spans(entry)
                        if not spans.keys().isdisjoint(doc):
                            raise StoreError(
                                f"the store {self.path} is damaged: its part {name} holds fields its body holds; "
                                "it was left untouched. Restore it from a backup."
                            )
                        for field, span in spans.items():
                            if len(span) != 3:  # offset, length, items
                                raise ValueError(span)
                            columns = light.get(field)
                            doc[field] = LazyList(body, span, field, columns and _interned(columns), within)
            except (TypeError, ValueError) as exc:
                raise StoreError(
                    f"the store {self.path} is damaged: its part {name} lists its bodies wrongly; "
                    "it was left untouched. Restore it from a backup."
                ) from exc
            self._lazy[name] = heads
        return self._lazy[name]

    def _documents(self, table: str, name: str) -> tuple[dict[str, dict[str, Any]], bool]:
        """A part's documents by id, and whether they are the shared lazy ones (else whole, as this process
        wrote them)."""
        written = self._cache.get(name)
        return (written, False) if written is not None else (self._lazy_part(table, name), True)

    def lazy_table(self, table: str) -> list[dict[str, Any]]:
        """The table's documents, in id order, with heavy fields read on demand; a table this process has
        changed in the open transaction, or read whole, comes from memory (as copies). The lazy documents are
        shared between calls, to be read, never changed."""
        for attempt in range(3):  # without the lock, a writer may delete a part between two reads
            data = self.read()
            if data is not None and dict.__contains__(data, table):
                return [dict(d) for d in data[table].values()]
            if table not in LARGE_TABLES:
                return []
            try:
                shards = self._files.get(table, {})
                found: list[dict[str, Any]] = []
                for shard in sorted(shards, key=int):
                    docs, shared = self._documents(table, shards[shard])
                    found += docs.values() if shared else map(dict, docs.values())
                return found
            except FileNotFoundError as exc:
                if attempt == 2 or not self.unlocked_because:
                    raise StoreError(
                        f"the store {self.path} is damaged: its part {Path(str(exc.filename)).name} is missing; "
                        "it was left untouched. Restore it from a backup."
                    ) from exc
                self._signature = None
            except OSError as exc:
                raise StoreError(f"cannot read the store {self.path}: {exc.strerror}") from exc
        raise AssertionError("unreachable")

    def parts_of(self, tables: Iterable[str]) -> list[str] | None:
        """The part files the revision read last holds the ``tables`` in, in shard order, each as its name, size
        and modification time: names are never reused, so they identify what the tables hold, and a file changed
        since it was written (by hand, or damaged) has another size or time. None while a change is not yet
        written to them, and for a store of the single-file layout, whose tables are in its manifest."""
        self.read()
        if self._single_file or self._dirty:
            return None
        names: list[str] = []
        for table in tables:
            if table not in LARGE_TABLES:
                return None
            shards = self._files.get(table, {})
            for shard in sorted(shards, key=int):
                try:
                    st = os.stat(self.parts_dir / shards[shard])
                except OSError:
                    return None
                names.append(f"{shards[shard]}:{st.st_size}:{st.st_mtime_ns}")
        return names

    def count(self, table: str) -> int:
        """How many documents a large table holds, read from its parts' heads when it is not in memory."""
        data = self.read()
        if data is not None and dict.__contains__(data, table):
            return len(data[table])
        shards = self._files.get(table, {})
        try:
            return sum(len(self._cache.get(n) or self._lazy.get(n) or self._head(table, n)[0]) for n in shards.values())
        except FileNotFoundError:
            return len(self.lazy_table(table))  # replaced meanwhile (a reader without the lock): read again
        except OSError as exc:
            raise StoreError(f"cannot read the store {self.path}: {exc.strerror}") from exc

    def table_names(self) -> set[str]:
        data = self.read() or {}
        return set(data) | set(self._files)

    def _load_table(self, table: str) -> dict[str, Any]:
        """A large table as TinyDB sees it: its documents' heavy fields stay ``LazyList``s until a write of their
        shard reads them (see ``_split``), so that adding an article reads no other article's text."""
        shards = self._files.get(table) if table in LARGE_TABLES else None
        if shards is None:
            raise KeyError(table)
        merged: dict[str, Any] = {}
        try:  # copies: TinyDB changes its documents in place, and the lazy ones are shared
            with no_gc():
                for shard in sorted(shards, key=int):
                    merged.update((i, dict(d)) for i, d in self._documents(table, shards[shard])[0].items())
        except FileNotFoundError as exc:
            if self.unlocked_because:
                raise  # read() reads the newer manifest
            raise StoreError(
                f"the store {self.path} is damaged: its part {Path(str(exc.filename)).name} is missing; "
                "it was left untouched. Restore it from a backup."
            ) from exc
        except OSError as exc:
            raise StoreError(f"cannot read the store {self.path}: {exc.strerror}") from exc
        return merged

    def read(self) -> dict[str, Any] | None:
        if self._data is not None and self._deferred:
            return self._data
        for attempt in range(3):  # without the lock, a writer may delete a part between two reads
            manifest = self.manifest()
            if self._data is not None:
                return self._data
            try:
                return self._assemble(manifest)
            except FileNotFoundError as exc:
                if attempt == 2 or not self.unlocked_because:
                    raise StoreError(
                        f"the store {self.path} is damaged: its part {Path(str(exc.filename)).name} is missing; "
                        "it was left untouched. Restore it from a backup."
                    ) from exc
                self._signature = None
            except OSError as exc:
                raise StoreError(f"cannot read the store {self.path}: {exc.strerror}") from exc
        raise AssertionError("unreachable")

    def _assemble(self, manifest: dict[str, Any]) -> dict[str, Any]:
        """The manifest's tables; each large table is read from its parts when first asked for (at once for a
        reader without the lock, whose parts a writer may delete meanwhile)."""
        self._single_file = bool(manifest) and PARTS not in manifest
        files = self._listing(manifest)
        # the manifest's documents are copied: TinyDB changes documents in place, and the stamp reads the manifest
        data = _Tables(
            {n: {i: dict(d) for i, d in t.items()} for n, t in manifest.items() if n != PARTS}, self._load_table
        )
        live = {name for shards in files.values() for name in shards.values()}
        for name in set(self._cache) - live:
            del self._cache[name]
        for name in set(self._heads) - live:
            del self._heads[name]
        for name in set(self._lazy) - live:
            del self._lazy[name]
        for name in set(self._maps) - {body_name(n) for n in live}:
            del self._maps[name]  # a snapshot still reading it keeps it open
        self._files, self._data = files, data
        if self.unlocked_because:
            for table in files:
                data[table]
        return data

    def touch(self, table: str, doc_ids: Iterable[int]) -> None:
        """Name the shards a write changed (the manifest's own tables are always written)."""
        if table in LARGE_TABLES:
            self._touched.update((table, shard_of(i)) for i in doc_ids)

    def write(self, data: dict[str, Any]) -> None:
        self._data = data
        if self._deferred:
            self._dirty = True
            return
        self._write_files(data)

    def _write_files(self, data: dict[str, Any]) -> None:
        if self.unlocked_because:
            self.forget()
            raise StoreError(
                f"cannot change the store {self.path}: {self.unlocked_because}; it was left as it was. "
                "Make its folder writable for this user, or run evbot as the store's owner."
            )
        touched = set(self._touched)
        if self._single_file:  # the migration: every shard of every large table
            touched |= {(t, shard_of(i)) for t in LARGE_TABLES for i in data.get(t, {})}
        for table in {t for t, _ in touched}:
            try:
                data[table]  # read from its parts, if it was not yet
            except KeyError:
                pass  # a table this write creates
        written: list[Path] = []
        try:
            try:
                old: os.stat_result | None = os.stat(self.path)
            except FileNotFoundError:
                old = None
            mode = stat.S_IMODE(old.st_mode) if old else NEW_STORE_MODE
            files = {t: dict(s) for t, s in self._files.items()}
            if touched:
                self._prepare_folder(mode, old)
            grouped: dict[tuple[str, int], dict[str, Any]] = {}
            for table in {t for t, _ in touched}:  # one pass over each changed table, however many shards changed
                for i, d in data.get(table, {}).items():
                    if (table, shard_of(i)) in touched:
                        grouped.setdefault((table, shard_of(i)), {})[i] = d
            for table, shard in sorted(touched):
                docs = grouped.get((table, shard), {})
                if not docs:
                    files.get(table, {}).pop(str(shard), None)
                    continue
                name = f"{table}-{shard:06d}.{uuid.uuid4().hex[:12]}.json"
                head: dict[str, Any] = {table: docs}
                body: bytes | None = None
                if table in HEAVY_FIELDS:
                    head, body = _split(table, docs)
                if body is not None:
                    written.append(self.parts_dir / body_name(name))
                    self._write_file(self.parts_dir / body_name(name), body, mode, old, exclusive=True)
                path = self.parts_dir / name
                written.append(path)
                self._write_file(path, orjson.dumps(head), mode, old, exclusive=True)
                self._cache[name] = docs
                files.setdefault(table, {})[str(shard)] = name
            if written:
                _fsync_dir(self.parts_dir)
            manifest = {t: v for t, v in data.items() if t not in LARGE_TABLES}
            manifest[PARTS] = {
                str(n): {"key": t, "files": s} for n, (t, s) in enumerate(sorted(files.items()), start=1) if s
            }
            if self._single_file:
                self._keep_single_file()
            tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
            written.append(tmp)
            self._write_file(tmp, orjson.dumps(manifest), mode, old, exclusive=True)
            os.replace(tmp, self.path)
            written.pop()
            _fsync_dir(self.path.parent)
        except OSError as exc:
            for path in written:
                path.unlink(missing_ok=True)
            self.forget()
            raise StoreError(
                f"cannot write the store {self.path} ({exc.strerror}); it was left as it was: {_what_to_do(exc)}."
            ) from exc
        replaced = {n for s in self._files.values() for n in s.values()} - {
            n for s in files.values() for n in s.values()
        }
        self._files, self._touched, self._single_file = files, set(), False
        self._manifest, self._signature = manifest, self.signature()
        for name in replaced:
            self._cache.pop(name, None)
            self._heads.pop(name, None)
            self._lazy.pop(name, None)
            self._maps.pop(body_name(name), None)  # a snapshot still reading it keeps it open
            for gone in (name, body_name(name)):
                try:
                    os.unlink(self.parts_dir / gone)
                except FileNotFoundError:
                    pass  # a part without a body (written before schema 3, or of a table without heavy fields)
                except OSError:
                    pass  # an orphan, removed on a later open

    def _prepare_folder(self, mode: int, old: os.stat_result | None) -> None:
        """Create the parts folder; when the store's mode was changed (shared with a group), its parts follow."""
        want = _folder_mode(mode)
        try:
            st = os.stat(self.parts_dir)
        except FileNotFoundError:
            os.mkdir(self.parts_dir, want)
            os.chmod(self.parts_dir, want)  # mkdir's mode passes through the umask
            if old is not None and (old.st_uid, old.st_gid) != (os.geteuid(), os.getegid()):
                try:
                    os.chown(self.parts_dir, old.st_uid, old.st_gid)
                except PermissionError:
                    pass
            return
        if stat.S_IMODE(st.st_mode) != want:
            os.chmod(self.parts_dir, want)
            for name in os.listdir(self.parts_dir):
                os.chmod(self.parts_dir / name, mode)

    def _keep_single_file(self) -> None:
        """Before the first write in the new layout, keep the single-file store as it was (a hard link)."""
        backup = self.path.with_name(self.path.name + ".v1")
        if self.path.exists() and not backup.exists():
            try:
                os.link(self.path, backup)
            except OSError:
                shutil.copy2(self.path, backup)

    @staticmethod
    def _write_file(path: Path, raw: bytes, mode: int, old: os.stat_result | None, *, exclusive: bool) -> None:
        flags = os.O_WRONLY | os.O_CREAT | os.O_CLOEXEC | (os.O_EXCL if exclusive else 0)
        with open(os.open(path, flags, NEW_STORE_MODE), "wb") as fh:
            if old is not None:  # every file is the same store to its owner and readers
                if (old.st_uid, old.st_gid) != (os.geteuid(), os.getegid()):
                    try:
                        os.fchown(fh.fileno(), old.st_uid, old.st_gid)
                    except PermissionError:
                        pass  # a member of the store's group writing: the file becomes theirs
            os.fchmod(fh.fileno(), mode)
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())

    def remove_orphans(self) -> None:
        """Under the lock: temporary files and parts no manifest names, left by a writer that was killed."""
        names = [Path(p) for p in glob.glob(str(self.path.parent / f".{glob.escape(self.path.name)}.*.tmp"))]
        if self._signature is not None and self.parts_dir.is_dir():
            live = {n for s in self._files.values() for n in s.values()}
            live |= {body_name(n) for n in live}
            names += [self.parts_dir / n for n in os.listdir(self.parts_dir) if n not in live]
        for path in names:
            try:
                os.unlink(path)
            except OSError:
                pass

    def forget(self) -> None:
        """Drop everything read: the documents in memory may hold changes that never reached the disk."""
        self._data, self._signature, self._manifest = None, None, {}
        self._files, self._cache, self._touched = {}, {}, set()
        self._heads, self._maps, self._lazy = {}, {}, {}

    def begin(self) -> None:
        self._deferred, self._dirty, self._touched = True, False, set()

    def commit(self) -> bool:
        """Write buffered changes; True when there were any."""
        self._deferred = False
        if self._dirty and self._data is not None:
            self._dirty = False
            self._write_files(self._data)
            return True
        return False

    def rollback(self) -> None:
        self._deferred, self._dirty = False, False
        self.forget()

    def close(self) -> None:
        self._data = None


class KnowledgeStore:
    """Tables of plain dicts, each document carrying a unique string ``key``.

    Tables: ``articles``, ``deals``, ``companies`` and ``meta``; later features
    add their own tables through the same generic calls.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path).expanduser()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the folder for the store {self.path}: {exc.strerror}") from exc
        if self.path.is_dir():
            raise StoreError(f"the store path {self.path} is a folder; point EVBOT_DB at a file.")
        self._lock = FileLock(str(self.path) + ".lock", timeout=LOCK_TIMEOUT_S)
        self._storage = _ShardedJSONStorage(self.path)
        self._answered = AnsweredEvents(self.path.with_name(self.path.name + ".answered"), like=self.path)
        self._depth = 0
        self._touched: set[str] = set()
        self._db = self._open_db()
        with self.transaction():
            if not self._storage.unlocked_because:  # another user's writer may be mid-write
                self._storage.remove_orphans()
            self._check_schema()

    def _open_db(self) -> TinyDB:
        storage = self._storage
        return TinyDB(storage=lambda: storage)

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold the lock; when its file cannot be opened at all (a read-only folder, another user's lock
        file), go on without it, for reading only: replacements are atomic, so a reader sees whole files."""
        if self._storage.unlocked_because:
            yield
            return
        try:
            self._lock.acquire()
        except Timeout as exc:
            raise StoreError(
                f"the store {self.path} stayed locked by another process for {LOCK_TIMEOUT_S:.0f} s"
            ) from exc
        except OSError as exc:
            self._storage.unlocked_because = f"its lock file {self._lock.lock_file} cannot be opened ({exc.strerror})"
            try:
                yield
            finally:
                self._storage.unlocked_because = None
            return
        try:
            yield
        finally:
            self._lock.release()

    def read_only_because(self) -> str | None:
        """Why this process cannot change the store (its lock file cannot be opened), or None."""
        with self._locked():
            return self._storage.unlocked_because

    def _refresh(self) -> None:
        # Under the lock: load what another process may have written (the storage re-parses the file
        # only when it was replaced), and start from fresh tables, since tables cache their next id.
        self._storage.read()
        self._db = self._open_db()

    @contextmanager
    def transaction(self) -> Iterator[KnowledgeStore]:
        """Hold the lock, read the newest data, and write everything changed once at the end."""
        if self._depth:
            self._depth += 1
            try:
                yield self
            finally:
                self._depth -= 1
            return
        with self._locked():
            self._depth = 1
            self._refresh()
            self._storage.begin()
            try:
                yield self
                if self._storage._dirty:
                    self._bump_revision(knowledge=bool(self._touched & KNOWLEDGE_TABLES))
                self._storage.commit()
            except BaseException:
                self._storage.rollback()
                self._db = self._open_db()
                raise
            finally:
                self._depth = 0
                self._touched = set()

    def in_transaction(self) -> bool:
        """Whether a ``transaction()`` of this object is open (its lock held)."""
        return self._depth > 0

    def _check_schema(self) -> None:
        meta = self._meta()
        version = meta.get("schema")
        if version is None:
            if self._storage.table_names() - {"meta"}:
                raise StoreError(f"the store {self.path} has no evbot schema version; it was left untouched.")
            self._db.table("meta").insert(
                {"key": "store", "schema": SCHEMA_VERSION, "store_id": uuid.uuid4().hex, "revision": 0}
            )
            return
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"the store {self.path} was written by a newer evbot (schema {version}, this one reads {SCHEMA_VERSION})."
            )
        if version < SCHEMA_VERSION:
            raw = self._storage.read() or {}
            while version < SCHEMA_VERSION:
                MIGRATIONS[version](raw)
                version += 1
            for table in LARGE_TABLES:
                try:
                    self._storage.touch(table, raw[table])  # read from its parts: every shard is written again
                except KeyError:
                    continue
            self._storage.write(raw)
            self._db = self._open_db()
            self._db.table("meta").update({"schema": SCHEMA_VERSION}, doc_ids=[self._meta().doc_id])

    def _meta(self) -> Any:
        docs = self._db.table("meta").all()
        return next((d for d in docs if d.get("key") == "store"), {})

    def _bump_revision(self, knowledge: bool) -> None:
        meta = self._meta()
        fields = {"revision": meta.get("revision", 0) + 1}
        if knowledge:
            fields["knowledge_revision"] = meta.get("knowledge_revision", 0) + 1
        self._db.table("meta").update(fields, doc_ids=[meta.doc_id])

    def stamp(self) -> str:
        """Changes whenever the stored knowledge (articles, deals, companies) changes; caches are keyed by it."""
        with self._locked():
            return self._stamp_of(self._storage.manifest())

    def changed_since(self, stamp: str) -> bool:
        """Checked before answering: one stat of the manifest when nothing changed, and no lock (it is replaced
        atomically, and every write replaces it)."""
        return self._stamp_of(self._storage.manifest()) != stamp

    @staticmethod
    def _stamp_of(data: dict[str, Any] | None) -> str:
        meta: dict[str, Any] = next((d for d in (data or {}).get("meta", {}).values() if d.get("key") == "store"), {})
        return f"{meta.get('store_id', 'none')}-{meta.get('knowledge_revision', 0)}"

    def all(self, table: str) -> list[dict[str, Any]]:
        """Every document of the table, whole (its heavy fields read); see ``all_lazy`` for reading few."""
        with self._locked():
            self._refresh()
            docs = self._db.table(table).all()
            return [whole(d) for d in docs] if table in HEAVY_FIELDS else [dict(d) for d in docs]

    def all_lazy(self, table: str) -> list[dict[str, Any]]:
        """What ``all`` returns, but each heavy field (see ``HEAVY_FIELDS``) is a ``LazyList`` that reads the
        document's body file when an item of it is first asked for: what answering reads of a large archive,
        whose articles' text it quotes a few at a time. The documents are shared with later calls: read them, never
        change them."""
        with self._locked():
            self._refresh()
            return list(self._storage.lazy_table(table))

    def parts_of(self, *tables: str) -> list[str] | None:
        """The part files the large ``tables`` are read from now (see ``_ShardedJSONStorage.parts_of``): what a cache
        derived from their documents is keyed by."""
        with self._locked():
            self._refresh()
            return self._storage.parts_of(tables)

    def get(self, table: str, key: str) -> dict[str, Any] | None:
        return next((d for d in self.all(table) if d.get("key") == key), None)

    def put_many(self, table: str, docs: Iterable[dict[str, Any]]) -> int:
        """Insert or replace documents by their ``key``; returns how many were written."""
        docs = list(docs)
        if not docs:
            return 0
        with self.transaction():
            self._touched.add(table)
            tbl = self._db.table(table)
            ids = self._ids(table)
            fresh = [d for d in docs if d["key"] not in ids]
            replace = {d["key"]: d for d in docs if d["key"] in ids}
            if replace:

                def swap(doc: MutableMapping[Any, Any]) -> None:
                    new = replace[doc["key"]]
                    doc.clear()
                    doc.update(new)

                tbl.update(swap, doc_ids=[ids[k] for k in replace])
                self._storage.touch(table, [ids[k] for k in replace])
            if fresh:
                self._storage.touch(table, tbl.insert_multiple(fresh))
        return len(docs)

    def _ids(self, table: str) -> dict[Any, int]:
        """Each document's id by its key, read from the table TinyDB sees without making a Document of each."""
        data = self._storage.read() or {}
        try:
            docs = data[table]
        except KeyError:
            return {}
        return {d.get("key"): int(i) for i, d in docs.items()}

    def put(self, table: str, doc: dict[str, Any]) -> None:
        self.put_many(table, [doc])

    def delete(self, table: str, key: str) -> bool:
        return self.delete_many(table, [key]) > 0

    def delete_many(self, table: str, keys: Iterable[str]) -> int:
        """Remove the documents with these keys; returns how many were removed."""
        wanted = set(keys)
        if not wanted:
            return 0
        with self.transaction():
            self._touched.add(table)
            tbl = self._db.table(table)
            ids = [i for k, i in self._ids(table).items() if k in wanted]
            if ids:
                tbl.remove(doc_ids=ids)
                self._storage.touch(table, ids)
            return len(ids)

    def first_time(self, event_id: str, keep_s: float) -> bool:
        """Record that an event (a platform's message or request) is being answered; False when it was
        recorded within the last ``keep_s`` seconds, by this process or an earlier one over this store.

        Kept in a small SQLite file beside the store (see knowledge/answered.py), not in the JSON file,
        which every write rewrites whole.
        """
        try:
            return self._answered.first_time(event_id, keep_s)
        except (sqlite3.Error, OSError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise StoreError(f"cannot record answered events in {self._answered.path} ({reason})") from exc

    def count(self, table: str) -> int:
        with self._locked():
            self._refresh()
            if table in LARGE_TABLES:
                return self._storage.count(table)
            return len(self._db.table(table))
