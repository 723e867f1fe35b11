"""The read side of the knowledge: what the bot core asks of the store.

It keeps one in-memory snapshot of articles, deals and companies (as the
typed records of knowledge/records.py) plus the sentence index, read when first used (``evbot ingest`` never reads one), and
reloads them only when another process changed the store, so answering a
question never parses the store. An article's text
(and a deal's evidence and reports) stays in the store's body files until
an answer reads it (see ``KnowledgeStore.all_lazy``), so opening a large
archive reads its index, its deals and its company list, not its text.

A new revision is read into a fresh snapshot on a worker thread, through a
store object of its own, while questions are answered from the previous
one; it is swapped in between two questions.
"""

from __future__ import annotations

import gc
import logging
import os
import re
import stat
import threading
from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as StillReading
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, compress, repeat
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from rapidfuzz import fuzz, process

from knowledge import articles as articles_table
from knowledge import company_list as company_table
from knowledge import deals as deals_table
from knowledge.collector import any_frozen, freeze
from knowledge.companies import COMMON_WORDS, Company, Gazetteer, Mention, is_trade_word, shipped_companies
from knowledge.deal_index import DealIndex
from knowledge.deliveries import Deliveries
from knowledge.extract import EXTRACTION_VERSION
from knowledge.feed_list import FeedList
from knowledge.front_end_state import FrontEndState
from knowledge.index import Hit, IndexWriter, SentenceIndex
from knowledge.non_orgs import is_place_word
from knowledge.record_list import RecordList
from knowledge.records import Article, Deal, StoredCompany
from knowledge.store import HEAVY_FIELDS, KnowledgeStore, LazyList, Shape, StoreError, misfit, no_gc
from knowledge.subscriptions import Subscriptions
from knowledge.summary import read_summary, summary_key, write_summary
from knowledge.text import QUESTION_WORDS, STOPWORDS, tokens
from knowledge.topics import topics_of

if TYPE_CHECKING:
    from knowledge.ingest import Document, IngestReport

log = logging.getLogger(__name__)

# What the knowledge tables' documents hold (as of this extraction version, for the derived deals): checked when
# they are loaded, so that a damaged store is refused in one line instead of failing in the middle of an answer.
SHAPES: dict[str, dict[str, Shape]] = {
    "articles": {"key": str, "seq": int, "hash": str, "title": str, "sentences": [str]},
    "deals": {
        "key": str,
        "parties": [str],
        "kind": str,
        "status": str,
        "topics": [str],
        "figures": list,
        "events": list,
        "evidence": [{"article": str, "sentence": int}],
        "updated": int,
    },
    "companies": {"key": str, "name": str},
}


@dataclass(frozen=True, slots=True)
class SentenceRef:
    """A stored sentence with where it came from: what a citation quotes."""

    article: Article
    index: int
    score: float = 0.0

    @property
    def text(self) -> str:
        return self.article.sentences[self.index]

    @property
    def heading(self) -> str:
        return self.article.heading(self.index)


# How long an answer waits for a new revision being read before it is answered from the previous one.
REFRESH_WAIT_S = 0.1
# What a snapshot is made of (the rest of a KnowledgeBase is the store and the machinery that reads it).
SUMMARISED = ("articles", "deals", "companies")  # the tables a revision's summary is derived from
_SNAPSHOT_ONLY = frozenset({"store", "_index_dir", "_reader", "_reading", "_pending", "_worker"})


def index_beside(store: Path) -> Path:
    """Where a store's sentence index is kept unless the bot is told otherwise (EVBOT_INDEX_DIR):
    ``<store>.index``, beside it."""
    return store.with_name(store.name + ".index")


class KnowledgeBase:
    deal_extractor: Callable[[list[str]], list[Any]] | None = None  # optional LLM extraction at ingestion

    def __init__(self, store: KnowledgeStore, *, seed: bool = True, index_dir: Path | None = None) -> None:
        self.store = store
        self._index_dir = index_dir or index_beside(store.path)
        self._stamp = ""
        self._index: SentenceIndex | None = None
        self._previous_index: SentenceIndex | None = None
        self._reader: KnowledgeStore | None = None  # the snapshots' own store object, used by one thread at a time
        self._reading = threading.Lock()
        self._pending: Future[dict[str, Any]] | None = None
        self._worker: ThreadPoolExecutor | None = None
        if seed:
            self._seed_samples()
        self._rederive_if_stale()

    if not TYPE_CHECKING:  # to the type checker, the snapshot's fields are those _load_snapshot sets

        def __getattr__(self, name: str) -> Any:
            """The first use of the snapshot (``articles``, ``deals``...) reads it: a process that only adds
            articles never does."""
            if name.startswith("__") or "_reading" not in vars(self) or self._loaded():
                raise AttributeError(name)
            self._first_snapshot()
            return object.__getattribute__(self, name)

    def _loaded(self) -> bool:
        return "articles" in vars(self)

    def warm(self) -> None:
        """Read the snapshot now, if it was not yet (a bot about to answer)."""
        if not self._loaded():
            self._first_snapshot()

    def _first_snapshot(self) -> None:
        """Inside a transaction of ``store`` (a command that reads the knowledge while it writes its own table),
        the snapshot is read through it, since its lock is held; it may hold the transaction's changes, so the
        next ``refresh`` reads the revision again."""
        if not self.store.in_transaction():
            self._install(self._snapshot())
            return
        reader, self._reader = self._reader, self.store  # no refresh is under way before the first snapshot
        try:
            snapshot = self._snapshot()
        finally:
            self._reader = reader
        self._install({**snapshot, "_stamp": ""})

    @classmethod
    def open(cls, path: str | Path, *, seed: bool = True, index_dir: str | Path | None = None) -> KnowledgeBase:
        """The knowledge in the store at ``path``, its sentence index's segments in ``index_dir`` (one folder per
        store; by default ``index_beside`` the store)."""
        return cls(KnowledgeStore(path), seed=seed, index_dir=Path(index_dir) if index_dir else None)

    @property
    def _index_folder(self) -> Path:
        """The index's folder, as private as the store: it holds the articles' words, and who may read the
        store may enter it."""
        folder = self._index_dir
        try:
            store_mode = stat.S_IMODE(self.store.path.stat().st_mode)
            wanted = store_mode | (store_mode & 0o444) >> 2
            folder.mkdir(mode=wanted, parents=True, exist_ok=True)
            if stat.S_IMODE(folder.stat().st_mode) != wanted:
                os.chmod(folder, wanted)
        except OSError:
            pass  # a read-only folder: the index reads what is there, or stays in memory
        return folder

    def _seed_samples(self) -> None:
        with self.store.transaction():
            if self.store.get("meta", "samples") or self.store.count("articles"):
                return
            from knowledge.ingest import Ingestor, sample_documents  # not imported by a bot that only answers

            Ingestor(self.store, index=IndexWriter(self._index_folder)).ingest(sample_documents())
            self.store.put("meta", {"key": "samples", "loaded": True})

    def _rederive_if_stale(self) -> None:
        """A store whose deals an older extraction derived gets them derived again from its articles."""
        with self.store.transaction():
            done = self.store.get("meta", "extraction")
            if done and done.get("version") == EXTRACTION_VERSION:
                return
            if self.store.count("articles"):
                read_only = self.store.read_only_because()
                if read_only:
                    raise StoreError(
                        f"the store {self.store.path} needs its deals derived again for this evbot, which cannot "
                        f"change it: {read_only}. Run any evbot command once as the store's owner."
                    )
                self._check_shapes("articles", self.store.all("articles"))
                from knowledge.ingest import Ingestor

                Ingestor(self.store).rederive()
            self.store.put("meta", {"key": "extraction", "version": EXTRACTION_VERSION})

    def _check_all_shapes(
        self,
        articles: list[dict[str, Any]],
        deals: list[dict[str, Any]],
        companies: list[dict[str, Any]],
        known: set[int],
    ) -> None:
        """Check the documents of a revision that are not ``known`` (held by the snapshot it replaces)."""
        for table, docs in (("articles", articles), ("deals", deals), ("companies", companies)):
            self._check_shapes(table, [d for d in docs if id(d) not in known], lazy=True)

    def _check_shapes(self, table: str, docs: list[dict[str, Any]], *, lazy: bool = False) -> None:
        """``lazy``: the heavy fields are ``LazyList``s, checked when they are read."""
        shapes = SHAPES[table]
        if lazy:
            shapes = {k: ((LazyList, list) if k in HEAVY_FIELDS.get(table, ()) else s) for k, s in shapes.items()}
        found = misfit(docs, shapes)
        if found:
            doc, field = found
            raise StoreError(
                f"the store {self.store.path} is damaged: {table} document {str(doc.get('key'))[:40]!r} has no valid "
                f"{field!r}; it was left untouched. Restore it from a backup, or move it aside to start a new store."
            )

    def _snapshot(self) -> dict[str, Any]:
        """The store's current revision, read into a fresh snapshot with its index opened: what ``_install``
        swaps in. It reads through ``_reader``, never ``store``, so it can run beside an answer."""
        with self._reading:
            if self._reader is None:
                self._reader = KnowledgeStore(self.store.path)
            fresh = object.__new__(KnowledgeBase)
            fresh.store, fresh._index_dir = self._reader, self._index_dir
            fresh._index, fresh._previous_index = None, self._index or self._previous_index
            # The snapshot lives until the next revision, and it holds most of the process's objects: frozen
            # (gc.freeze), so that the collections that follow never walk it. Frozen objects are only ever freed
            # by their reference counts, which is enough: a snapshot, like the store and the bot holding it,
            # holds no reference cycle (tests/test_store.py checks that a replaced or dropped one frees its
            # files). What is garbage before it is built is collected first, not frozen with it; in a process that
            # has frozen nothing yet (the first snapshot of `evbot ask`), only the young generations, since a full
            # collection then walks every object the imports made (20 to 40 ms) and finds no garbage among them.
            gc.collect() if any_frozen() else gc.collect(1)
            with no_gc():
                fresh._load_snapshot(self if self._loaded() else None)
                _ = fresh.index  # its segments mapped, or what they miss indexed, here rather than in an answer
                if self._loaded():
                    fresh._warm_like(self)
                freeze()  # before the collector is back on, or the first allocation after would walk it all
            return {k: v for k, v in vars(fresh).items() if k not in _SNAPSHOT_ONLY}

    def _install(self, snapshot: dict[str, Any]) -> None:
        vars(self).update(snapshot)

    def _load_snapshot(self, before: KnowledgeBase | None = None) -> None:
        """Read the store's revision into this object's snapshot fields.

        ``before``: the snapshot this one replaces. The store reads each part file once and hands out the same
        document objects for as long as a revision names it, so what is derived from a document ``before``
        also holds (its shape checked, its record, its place in the lookups) is taken from it, and only the
        documents of the parts that changed are read again: a new article costs its parts, not a pass over the
        archive. Records are made when first used (see ``RecordList``): opening reads no article's or deal's
        record that the first answer does not ask for.
        """
        with self.store.transaction():
            self._stamp = self.store.stamp()
            articles = self.store.all_lazy("articles")  # their text is read when a quote needs it
            deals = self.store.all_lazy("deals")
            companies = self.store.all("companies")
            parts = self.store.parts_of(*SUMMARISED) if before is None else None
        old_articles = before.articles.docs if before is not None else []
        old_deals = before.deals.docs if before is not None else []
        known = set(map(id, chain(old_articles, old_deals)))  # held by ``before``, so no id is reused meanwhile
        # A summary is written once its parts' documents passed these checks, and is keyed by those very files:
        # with it, they are not checked again (a file changed since has another size or time, so another key).
        key = summary_key(parts) if parts is not None else None
        saved = read_summary(self._index_folder, key) if key else None
        if saved is None:
            self._check_all_shapes(articles, deals, companies, known)
        self.articles: RecordList[Article] = RecordList(
            articles_table.TABLE,
            sorted(articles, key=itemgetter("seq")),
            articles_table.from_doc,
            before.articles if before is not None else None,
        )
        self._by_key = {a["key"]: i for i, a in enumerate(self.articles.docs)}
        # Newest news first, by when it happened; among undated news, the latest ingested first.
        self.deals: RecordList[Deal] = RecordList(
            deals_table.TABLE,
            sorted(  # each sort stable, also reversed: by as_of, then the latest updated, then key
                sorted(sorted(deals, key=itemgetter("key")), key=itemgetter("updated"), reverse=True),
                key=lambda d: d.get("as_of") or "",
                reverse=True,
            ),
            deals_table.from_doc,
            before.deals if before is not None else None,
        )
        self._load_companies(companies, before)
        # made on first use (the spellings and the offsets read from a summary, when there is one)
        self._deal_names: dict[str, Deal] | None = None
        self._typo_names: dict[str, str] | None = None
        self._lowered_names: list[tuple[str, int]] | None = None
        self._offsets: dict[str, int] | None = None
        self._families: dict[str, set[str]] | None = None
        self._evidence_docs: tuple[np.ndarray, np.ndarray] | None = None
        self._label_tokens: dict[str, set[str]] | None = None
        self._deal_index: DealIndex | None = None
        # Lookups the answer path makes per question, so that they cost the same at 100 or 100,000 deals. They
        # hold documents, whose records the lists make when asked.
        if before is None:
            if saved is None or not self._restore(saved):
                if saved is not None:  # a damaged summary vouches for nothing
                    self._check_all_shapes(articles, deals, companies, known)
                self.gazetteer: Gazetteer = self._gazetteer_of(self._stored_companies)
                by_company = _grouped_places(self.articles.docs, _article_companies)
                by_party = _grouped_places(self.deals.docs, _deal_parties)
                self._articles_by_company = _from_places(by_company, self.articles.docs)
                self._deals_by_party = _from_places(by_party, self.deals.docs)
                if key:
                    lookups = {
                        "gazetteer": self.gazetteer.state(),
                        "articles_by_company": by_company,
                        "deals_by_party": by_party,
                        "offsets": self._sentence_offsets(),
                        "spellings": self._spellings(),
                    }
                    write_summary(self._index_folder, key, lookups)
        else:
            self._articles_by_company = _regrouped(
                before._articles_by_company, old_articles, self.articles.docs, _article_companies
            )
            self._deals_by_party = _regrouped(before._deals_by_party, old_deals, self.deals.docs, _deal_parties)
        self._previous_index = self._index or self._previous_index  # its mapped segments are reused
        self._index = None

    def _load_companies(self, companies: list[dict[str, Any]], before: KnowledgeBase | None) -> None:
        """The stored companies, and with ``before``, the gazetteer (the first snapshot's is the summary's, or
        ``_gazetteer_of`` them). Companies are only added or updated in place, so when the stored ones ``before``
        read are still the first ones, with the same names and owners, its gazetteer is extended with the rest
        instead of built again."""
        self.companies: dict[str, StoredCompany] = {c.name: c for c in map(company_table.from_doc, companies)}
        read = [Company(c.name, tuple(c.aliases), c.country, c.sector, c.parent) for c in self.companies.values()]
        self._stored_companies = read
        if before is None:
            return
        earlier: list[Company] = before._stored_companies
        if len(read) >= len(earlier) and all(
            a == b or (a.name, a.aliases, a.parent) == (b.name, b.aliases, b.parent) for a, b in zip(read, earlier)
        ):
            base, rest = before.gazetteer, read[len(earlier) :]
            self.gazetteer = base.extended(c for c in rest if not base.get(c.name))
            self.gazetteer.adopt_owners(rest)
            shipped = _shipped_names()
            for now, was in zip(read, earlier):
                if now != was and now.name not in shipped:
                    # Only its sector or country changed (its names and owner did not), so it learns the same
                    # names as before: the gazetteer built again would differ from this one in its record only.
                    self.gazetteer.companies[now.name] = now
            return
        self.gazetteer = self._gazetteer_of(read)

    @staticmethod
    def _gazetteer_of(read: list[Company]) -> Gazetteer:
        """The shipped companies and the stored ones it lacks, with the owners the articles told of."""
        gazetteer = Gazetteer(shipped_companies())
        for company in read:
            if not gazetteer.get(company.name):
                gazetteer.add(company)
        gazetteer.adopt_owners(read)
        return gazetteer

    def _restore(self, saved: dict[str, Any]) -> bool:
        """Set the first snapshot's lookups from a summary (knowledge/summary.py), if it is sound (else False, and
        nothing is set): the gazetteer's state, each company's articles and party's deals as their places in
        ``articles`` and ``deals``, where each article's sentences start in the index, and the companies' spellings
        for typos."""
        try:
            gazetteer = Gazetteer.restored(saved["gazetteer"])
            by_company = _from_places(saved["articles_by_company"], self.articles.docs)
            by_party = _from_places(saved["deals_by_party"], self.deals.docs)
            offsets, spellings = saved["offsets"], saved["spellings"]
        except (KeyError, TypeError, ValueError):
            return False
        if not (
            isinstance(offsets, dict)
            and len(offsets) == len(self._by_key)
            and set(map(type, offsets.values())) <= {int}
            and isinstance(spellings, dict)
            and set(map(type, spellings.values())) <= {str}
        ):
            return False
        self.gazetteer, self._articles_by_company, self._deals_by_party = gazetteer, by_company, by_party
        self._offsets, self._typo_names = offsets, spellings
        return True

    def _warm_like(self, before: KnowledgeBase) -> None:
        """Make here, on the thread reading the new revision, the lookups made on first use that the snapshot it
        replaces had made: the question after the swap would otherwise pay for them."""
        extends = (before._offsets is not None or before._evidence_docs is not None) and self._articles_extend(before)
        if before._offsets is not None:
            if extends:
                self._offsets_after(before)
            else:
                self._sentence_offsets()
        if before._evidence_docs is not None:
            if extends:
                self._evidence_after(before)
            else:
                self._evidence()
        if before._label_tokens is not None:
            self._label_tokens = _relabelled(before._label_tokens, before.deals, self.deals)
        if before._deal_index is not None:
            _ = self.deal_index

    # The records the bot keeps beside the knowledge: read and written through the store each time (in the
    # caller's transaction), not kept in the snapshot, since they change with every digest and poll.
    @property
    def subscriptions(self) -> Subscriptions:
        return Subscriptions(self.store)

    @property
    def deliveries(self) -> Deliveries:
        return Deliveries(self.store)

    @property
    def feed_list(self) -> FeedList:
        return FeedList(self.store)

    @property
    def front_end_state(self) -> FrontEndState:
        return FrontEndState(self.store)

    def refresh(self, *, wait: bool = True) -> None:
        """Pick up what another process (``evbot ingest``, a feed poller) wrote since the last look.

        The new revision is read on a worker thread. ``wait=False`` (before an answer) waits for it at most
        ``REFRESH_WAIT_S``, once: a large archive's revision takes longer to read (or the writer still holds
        the store), and meanwhile questions are answered from the previous one without waiting, the new one
        swapped in before a later question.
        """
        patience = None if wait else 0.0
        if self._pending is None:
            if not self._loaded():
                return  # its first use reads the newest revision
            if not self.store.changed_since(self._stamp):
                return
            if self._worker is None:
                self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="evbot-snapshot")
            self._pending = self._worker.submit(self._snapshot)
            patience = None if wait else REFRESH_WAIT_S
        try:
            snapshot = self._pending.result(timeout=patience)
        except StillReading:
            return
        except BaseException:
            self._pending = None
            raise
        self._pending = None
        self._install(snapshot)
        if wait:
            self.refresh()  # what was written while it was read

    @property
    def index(self) -> SentenceIndex:
        """The sentence index of the current revision: its saved segments, mapped from disk.

        The process that ingested articles saved their segment before they were stored, so this reads and
        tokenises nothing in normal use; only a store from an older evbot, or a damaged segment, is indexed here.
        """
        if not self._loaded():
            self._first_snapshot()  # with its index opened
        if self._index is None:
            self._index = SentenceIndex.open(self._index_folder, self.articles.docs, self._previous_index)
            self._previous_index = None
        return self._index

    def ingest(
        self, docs: Iterable[tuple[str, Document | Exception]], progress: Callable[[], None] | None = None
    ) -> IngestReport:
        from knowledge.ingest import Ingestor

        report = Ingestor(self.store, self.deal_extractor, IndexWriter(self._index_folder)).ingest(docs, progress)
        self.refresh()
        return report

    def article(self, key: str) -> Article | None:
        position = self._by_key.get(key)
        return self.articles[position] if position is not None else None

    def search(self, query: list[str], k: int = 40) -> list[SentenceRef]:
        hits: list[Hit] = self.index.search(query, k)
        return [SentenceRef(self.articles[h.article], h.sentence, h.score) for h in hits]

    def idf(self, token: str) -> float:
        return self.index.idf(token)

    def company(self, name: str) -> Company | None:
        return self.gazetteer.get(name)

    def in_store(self, name: str) -> bool:
        """Whether any stored article names the company."""
        return name in self.companies

    def deals_with(self, *names: str) -> list[Deal]:
        wanted = set(names)
        if not wanted:
            return list(self.deals)
        fewest = min((self._deals_by_party.get(name, []) for name in wanted), key=len)
        exact = [self.deals.record_of(d) for d in fewest if wanted <= set(d["parties"])]
        # "Ford and SK On" is the deal Ford made with SK On's owner SK Innovation, told as one storyline; "Nissan
        # and Ampere" also Nissan's deal with Ampere's owner Renault. The deals of exactly these names first.
        families = [self.family(name) for name in wanted]
        if all(len(f) == 1 for f in families):
            return exact
        smallest = min(families, key=len)
        nearby = {id(d): d for member in smallest for d in self._deals_by_party.get(member, [])}
        return exact + [
            self.deals.record_of(d)
            for d in nearby.values()
            if not wanted <= set(d["parties"])
            and all(f & set(d["parties"]) for f in families)
            and len({p for f in families for p in f & set(d["parties"])}) >= len(wanted)
        ]

    def sentence_position(self, article_key: str, index: int) -> int:
        """Where the index keeps a stored sentence (what ``docs_with`` returns)."""
        return self._sentence_offsets()[article_key] + index

    def _sentence_offsets(self) -> dict[str, int]:
        """Where each article's first sentence is in the index."""
        if self._offsets is None:
            self._offsets, total = {}, 0
            for article in self.articles.docs:  # the index numbers sentences article by article, in this order
                self._offsets[article["key"]] = total
                total += len(article["sentences"])
        return self._offsets

    def _offsets_after(self, before: KnowledgeBase) -> None:
        """``_sentence_offsets`` of a revision whose articles extend ``before``'s (``_articles_extend``): theirs,
        and the new articles' after them."""
        assert before._offsets is not None
        offsets = self._offsets = dict(before._offsets)
        old, new = before.articles.docs, self.articles.docs
        total = offsets[old[-1]["key"]] + len(old[-1]["sentences"]) if old else 0
        for article in new[len(old) :]:
            offsets[article["key"]] = total
            total += len(article["sentences"])

    def words_used(self, words: list[str], sentences: list[tuple[str, int]]) -> dict[tuple[str, int], set[str]]:
        """Which of ``words`` (search tokens) each sentence, with its heading, uses: read from the index,
        so no sentence is tokenised again."""
        slots = list(dict.fromkeys(sentences))
        positions = np.asarray([self.sentence_position(key, index) for key, index in slots], dtype=np.int64)
        used: dict[tuple[str, int], set[str]] = {slot: set() for slot in slots}
        for word in words:
            docs = self.index.docs_with(word)  # ascending
            if not docs.size or not positions.size:
                continue
            found = np.searchsorted(docs, positions)
            hit = docs[np.minimum(found, docs.size - 1)] == positions
            for at in np.flatnonzero(hit):
                used[slots[int(at)]].add(word)
        return used

    def family(self, name: str) -> set[str]:
        """The company with its owner and its own units and brands, as the gazetteer knows them: a question
        about LG Chem is also answered by an article about its LG Energy Solution."""
        if self._families is None:
            self._families = {}
            for company in self.gazetteer.companies.values():
                if company.parent:
                    self._families.setdefault(company.parent, set()).add(company.name)
                    self._families.setdefault(company.name, set()).add(company.parent)
        return {name} | self._families.get(name, set())

    def articles_using(self, words: list[str]) -> list[Article]:
        """The articles that use every one of these search tokens (each in any sentence or heading), oldest
        first: found from the index's postings, so only their records are made."""
        offsets = self._sentence_offsets()
        starts = np.fromiter(offsets.values(), dtype=np.int64, count=len(offsets))  # ascending, article by article
        stored = self.articles.docs
        total = int(starts[-1]) + len(stored[-1]["sentences"]) if stored else 0
        found: np.ndarray | None = None
        for word in words:
            docs = self.index.docs_with(word)
            at = _distinct(np.searchsorted(starts, docs[docs < total], side="right") - 1)  # ascending, as docs
            found = at if found is None else np.intersect1d(found, at, assume_unique=True)
            if not found.size:
                return []
        return [self.articles[int(i)] for i in found] if found is not None else []

    def article_uses(self, article_key: str, words: list[str]) -> bool:
        """Whether an article (any sentence or heading of it) uses every one of these search tokens."""
        article = self.article(article_key)
        if article is None:
            return False
        first = self.sentence_position(article_key, 0)
        last = first + len(article.sentences)
        for word in words:
            docs = self.index.docs_with(word)
            at = int(np.searchsorted(docs, first))
            if at >= docs.size or docs[at] >= last:
                return False
        return True

    def names_any(self, article: Article, family: set[str], lead: int = 0) -> bool:
        """Whether the article names one of these companies: as read when it was stored, or by the words of
        a name learned since ("ADQ", first recognised in a later article of the storyline). With ``lead``,
        only its headline and first ``lead`` sentences count: an article about the company, not one that
        recalls it."""
        if not lead and family & set(article.companies):
            return True
        for name in family:
            company = self.company(name)
            for spelling in (name, *(company.aliases if company else ())):
                words = _spelling_tokens(spelling)
                if words and (len(words) > 1 or len(words[0]) >= 3) and self._said_together(article, words, lead):
                    return True
        return False

    def _said_together(self, article: Article, words: Sequence[str], lead: int = 0) -> bool:
        """Whether one sentence of the article (of its lead, when given) uses every one of these search tokens."""
        first = self.sentence_position(article.key, 0)
        last = first + (min(lead + 1, len(article.sentences)) if lead else len(article.sentences))
        shared: np.ndarray | None = None
        for word in words:
            docs = self.index.docs_with(word)
            docs = docs[np.searchsorted(docs, first) : np.searchsorted(docs, last)]
            shared = docs if shared is None else np.intersect1d(shared, docs, assume_unique=True)
            if not shared.size:
                return False
        return True

    def articles_naming(self, name: str) -> list[Article]:
        """The stored articles that name the company, oldest first."""
        return [self.articles.record_of(a) for a in self._articles_by_company.get(name, ())]

    def deals_about(self, words: list[str]) -> set[str]:
        """Keys of the deals whose kind, topics or evidence sentences contain every one of ``words``.

        Evidence is looked up in the sentence index (the sentences are tokenised once, when it is built),
        so this costs a few array operations, not a pass over every deal's text.
        """
        docs, deal_at = self._evidence()
        label_tokens = self._deal_labels()
        result: set[str] | None = None
        deal_docs = self.deals.docs
        for token in dict.fromkeys(tokens(" ".join(words))):
            hit = deal_at[np.isin(docs, self.index.docs_with(token))]
            keys = {deal_docs[i]["key"] for i in set(hit.tolist())} | label_tokens.get(token, set())
            result = keys if result is None else result & keys
            if not result:
                break
        return result or set()

    def _deal_labels(self) -> dict[str, set[str]]:
        """The keys of the deals by each token of their kind and topics."""
        if self._label_tokens is None:
            labels: dict[str, set[str]] = {}
            # a few dozen labels, grouped in the deal index's one pass: tokenised once each, not once a deal
            for by_label in self.deal_index.grouped():
                for label, keys in by_label.items():
                    for token in _label_tokens(label):
                        labels.setdefault(token, set()).update(keys)
            self._label_tokens = labels
        return self._label_tokens

    @property
    def deal_index(self) -> DealIndex:
        """The deals by topic and by status, made on first use."""
        if self._deal_index is None:
            self._deal_index = DealIndex(self.deals.docs)
        return self._deal_index

    def deal_parties(self) -> set[str]:
        """Every company that is a party to a deal."""
        return set(self._deals_by_party)

    def deal_keys_with_any(self, names: Iterable[str]) -> set[str]:
        """The keys of the deals one of these companies is a party to."""
        return {d["key"] for name in names for d in self._deals_by_party.get(name, ())}

    def deals_keyed(self, keys: Iterable[str]) -> Sequence[Deal]:
        """These deals, in the order of ``deals`` (newest first); each record is made when first read."""
        return self.deals.picked(self.deal_index.in_order(keys))

    def deals_citing(self, article_key: str, sentence: int) -> list[Deal]:
        """The deals whose evidence includes this sentence, newest first."""
        position = self._by_key.get(article_key)
        if position is None or not 0 <= sentence < len(self.articles.docs[position]["sentences"]):
            return []
        docs, deal_at = self._evidence()
        at = self.sentence_position(article_key, sentence)
        start, end = np.searchsorted(docs, [at, at + 1])
        return [self.deals[i] for i in dict.fromkeys(deal_at[start:end].tolist())]

    def _evidence(self) -> tuple[np.ndarray, np.ndarray]:
        """Every deal's evidence sentences as index positions, ascending, and beside each the deal citing it (its
        place in ``deals``; of one sentence's deals, the newest first). Two arrays rather than a table by sentence,
        which at 30,000 articles held 230,000 keys and lists (40 MB); built from the evidence's light columns with
        array operations, on first use."""
        if self._evidence_docs is None:
            positions, deal_at = self._cited_positions(range(len(self.deals.docs)))
            order = np.argsort(positions, kind="stable")
            self._evidence_docs = (positions[order], deal_at[order])
        return self._evidence_docs

    def _cited_positions(self, places: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
        """The index positions of the evidence sentences of the deals at these places in ``deals``, and beside
        each its deal's place, in the order of ``places``; evidence of no stored sentence left out."""
        docs = self.deals.docs
        cited = [_cited_columns(docs[i]) for i in places]
        keys = list(chain.from_iterable(articles for articles, _ in cited))
        sentences = np.fromiter(chain.from_iterable(s for _, s in cited), dtype=np.int64, count=len(keys))
        deal_at = np.repeat(np.asarray(places, dtype=np.int64), [len(articles) for articles, _ in cited])
        at = np.fromiter(map(self._by_key.get, keys, repeat(-1)), dtype=np.int64, count=len(keys))
        stored, offsets = self.articles.docs, self._sentence_offsets()  # where each article starts, by its place
        starts = np.fromiter(
            map(offsets.__getitem__, map(itemgetter("key"), stored)), dtype=np.int64, count=len(stored)
        )
        counts = np.diff(starts, append=starts[-1] + len(stored[-1]["sentences"])) if len(stored) else starts
        known = at >= 0
        held = known.copy()  # a sentence its article holds (the evidence of a stored article, in range)
        held[known] = (sentences[known] >= 0) & (sentences[known] < counts[at[known]])
        return starts[at[held]] + sentences[held], deal_at[held]

    def _evidence_after(self, before: KnowledgeBase) -> None:
        """The evidence arrays from those of ``before``: its entries for the deals this revision still holds,
        moved to their new places, and the new deals' entries read. Only when this revision's articles begin
        with all of ``before``'s, in order (articles are only ever added), so every sentence kept its position."""
        assert before._evidence_docs is not None
        old_positions, old_deal_at = before._evidence_docs
        moved = np.fromiter(
            (self.deals.place_of(d) for d in before.deals.docs), dtype=np.int64, count=len(before.deals.docs)
        )
        added = [i for i, d in enumerate(self.deals.docs) if before.deals.place_of(d) < 0]
        kept = moved[old_deal_at] >= 0
        fresh_positions, fresh_deal_at = self._cited_positions(added)
        positions = np.concatenate((old_positions[kept], fresh_positions))
        deal_at = np.concatenate((moved[old_deal_at[kept]], fresh_deal_at))
        order = np.lexsort((deal_at, positions))  # by position; of one sentence's deals, the newest first
        self._evidence_docs = (positions[order], deal_at[order])

    def _articles_extend(self, before: KnowledgeBase) -> bool:
        """Whether this revision's articles begin with ``before``'s, in the same order and each with as many
        sentences: then every stored sentence kept its index position. (A part file written again is read as new
        documents of the same articles.)"""
        old, new = before.articles.docs, self.articles.docs
        return len(old) <= len(new) and all(
            a is b or (a["key"] == b["key"] and len(a["sentences"]) == len(b["sentences"])) for a, b in zip(old, new)
        )

    def names_in(self, text: str) -> list[Mention]:
        """The companies a person's message names, as people type them: any case, a short name for the
        stored company it begins ("LG" for LG Energy Solution), or misspelt ("rivain", "leapmotr")."""
        found = [self._stored_form(m, text) for m in self.gazetteer.find_known(text, any_case=True)]
        taken = [(m.start, m.end) for m in found]
        unjoined = _JOINED.sub(lambda m: " " * len(m.group()), text)  # "Rivian-Volkswagen": two names
        for m in self.gazetteer.find_known(unjoined, any_case=True) if unjoined != text else ():
            if not any(s < m.end and m.start < e for s, e in taken):
                found.append(self._stored_form(m, unjoined))
                taken.append((m.start, m.end))
        for word in _TYPED_WORD.finditer(text):  # "Redwood" for the Redwood Materials the store holds
            lowered = word.group().lower()
            if (
                any(s < word.end() and word.start() < e for s, e in taken)
                or lowered in COMMON_WORDS | STOPWORDS | QUESTION_WORDS
                or is_place_word(lowered)  # "Indonesia" is the country, not Indonesia Battery Corporation
                or not _CAPITALISED_WORD.fullmatch(word.group())
                and topics_of(lowered)
            ):
                continue
            longer = [n for n in self.stored_names_for(word.group()) if " " in n]
            typed_low = not word.group()[0].isupper()  # "piedmont": only a company with deals, the one named so
            if typed_low and is_trade_word(lowered):
                continue  # "new energy" names no Energy Absolute
            if (
                len(longer) == 1
                and (word.start() > 0 or typed_low)
                and (not typed_low or self._deals_by_party.get(longer[0]))
            ):
                found.append(Mention(longer[0], word.start(), word.end()))
                taken.append((word.start(), word.end()))
        spellings = self._spellings()
        for word in _TYPED_WORD.finditer(text):
            lowered = word.group().lower()
            if (
                any(s < word.end() and word.start() < e for s, e in taken)
                or lowered in STOPWORDS
                or lowered in QUESTION_WORDS
                or any(self.index.docs_with(t).size for t in tokens(lowered))
            ):
                continue  # a word the articles use is a word, not a misspelt name
            best = process.extractOne(lowered, spellings.keys(), scorer=fuzz.ratio, score_cutoff=TYPO_SIMILARITY)
            if best:
                found.append(Mention(spellings[best[0]], word.start(), word.end()))
        return sorted(found, key=lambda m: m.start)

    def _stored_form(self, mention: Mention, text: str) -> Mention:
        """A short name people type for a stored company ("LG" for LG Energy Solution); of several, the one
        the most articles name."""
        if mention.name in self.companies:
            return mention
        stored = [n for n in self.stored_names_for(text[mention.start : mention.end]) if n != mention.name]
        if not stored:
            return mention
        best = max(stored, key=lambda n: (len(self._articles_by_company.get(n, ())), n))
        return Mention(best, mention.start, mention.end)

    def stored_names_for(self, typed: str) -> list[str]:
        """The stored companies a short name can mean: itself, and those whose name begins with it ("LG":
        LG Electronics, LG Energy Solution)."""
        short = typed.lower().strip()
        if self._lowered_names is None:  # each stored name lower-cased, sorted, with its place in ``companies``
            self._lowered_names = sorted((name.lower(), i) for i, name in enumerate(self.companies))
        lowered = self._lowered_names
        found: list[int] = []
        for start in (short, short + " "):  # the name itself, then the names it begins, each a run of the sorted
            at = bisect_left(lowered, (start, -1))
            while at < len(lowered) and (
                lowered[at][0] == short if start == short else lowered[at][0].startswith(start)
            ):
                found.append(lowered[at][1])
                at += 1
        names = list(self.companies)
        return [names[i] for i in sorted(found)]

    def _spellings(self) -> dict[str, str]:
        """Every name and alias of a stored company, lower-cased, for typo matching."""
        if self._typo_names is None:
            self._typo_names = {}
            for name in self.companies:
                company = self.gazetteer.get(name)
                for spelling in (name, *(company.aliases if company else ())):
                    if len(spelling) >= 4:
                        self._typo_names.setdefault(spelling.lower(), name)
        return self._typo_names

    def find_deal(self, text: str) -> list[Deal]:
        """Deals a loose name points at: 'ford xiaomi', 'Xiaomi', 'alibaba-ford'."""
        names = list(dict.fromkeys(m.name for m in self.names_in(text)))
        if names:
            return self.deals_with(*names)
        if self._deal_names is None:
            self._deal_names = {d.name.lower(): d for d in self.deals}
        if not self._deal_names:
            return []
        best = process.extract(text.lower(), list(self._deal_names), scorer=fuzz.token_set_ratio, limit=3)
        return [self._deal_names[name] for name, score, _ in best if score >= 80]

    def deal_names(self) -> list[str]:
        return [d.name for d in self.deals]


TYPO_SIMILARITY = 80  # rapidfuzz ratio: "rivain" ~ "rivian" is 83, "leapmotr" ~ "leapmotor" 94
_JOINED = re.compile(r"(?<=[A-Za-z])\s?[-/+\u2013\u2014]\s?(?=[A-Za-z])")
_TYPED_WORD = re.compile(r"[A-Za-z][A-Za-z0-9-]{3,}")
_CAPITALISED_WORD = re.compile(r"\b[A-Z][a-z]{3,}\b")


def _article_companies(article: Mapping[str, Any]) -> Iterable[str]:
    return article.get("companies", ())


def _deal_parties(deal: Mapping[str, Any]) -> Iterable[str]:
    return deal["parties"]  # a party named twice groups the deal once: see ``_grouped``


Doc = Mapping[str, Any]


def _grouped(
    docs: Sequence[Doc],
    keys_of: Callable[[Doc], Iterable[str]],
    groups: dict[str, list[Doc]] | None = None,
    only: dict[str, None] | None = None,
) -> dict[str, list[Doc]]:
    """Each key's documents, in the order of ``docs``, each once, added to ``groups``; ``only``: the keys to
    group (the others are left out)."""
    groups = {} if groups is None else groups
    get = groups.get
    for doc in docs:
        for key in keys_of(doc):  # a key twice in one document comes twice in a row: the second is skipped
            if only is not None and key not in only:
                continue
            group = get(key)
            if group is None:
                groups[key] = [doc]
            elif group[-1] is not doc:
                group.append(doc)
    return groups


def _regrouped(
    groups: dict[str, list[Doc]], old: Sequence[Doc], new: Sequence[Doc], keys_of: Callable[[Doc], Iterable[str]]
) -> dict[str, list[Doc]]:
    """What ``_grouped(new, keys_of)`` gives, from ``groups``, the grouping of ``old``: only the keys of the
    documents in one list and not the other are grouped again. A document in both is the same object, with the
    same keys, and both lists are sorted by what their documents hold, so every other group keeps its documents
    in their order. ``groups`` is left as it was: answers may be reading it.

    The passes over every document are made of set operations and ``compress``, not Python loops: a new revision
    of a 30,000-article store runs this over 54,000 documents twice, for the few that changed."""
    old_ids, new_ids = set(map(id, old)), set(map(id, new))
    gone, came = old_ids - new_ids, new_ids - old_ids
    changed = [
        *compress(old, map(gone.__contains__, map(id, old))),
        *compress(new, map(came.__contains__, map(id, new))),
    ]
    affected = dict.fromkeys(k for d in changed for k in keys_of(d))
    if not affected:
        return groups
    regrouped = {k: v for k, v in groups.items() if k not in affected}
    stayed = {id(d) for key in affected for d in groups.get(key, ()) if id(d) in new_ids}
    members = list(compress(new, map((stayed | came).__contains__, map(id, new))))  # in the order of ``new``
    return _grouped(members, keys_of, regrouped, affected)


@lru_cache(maxsize=1)
def _shipped_names() -> frozenset[str]:
    return frozenset(c.name for c in shipped_companies())


def _grouped_places(docs: Sequence[Doc], keys_of: Callable[[Doc], Iterable[str]]) -> dict[str, list[int]]:
    """What ``_grouped`` gives, each document given as its place in ``docs``: what a summary keeps."""
    groups: dict[str, list[int]] = {}
    get = groups.get
    for place, doc in enumerate(docs):
        for key in keys_of(doc):  # a key twice in one document comes twice in a row: the second is skipped
            group = get(key)
            if group is None:
                groups[key] = [place]
            elif group[-1] != place:
                group.append(place)
    return groups


def _from_places(places: Any, docs: Sequence[Doc]) -> dict[str, list[Doc]]:
    """What ``_grouped_places`` gave, with the documents again; a ValueError or TypeError for what it cannot have
    given."""
    if not isinstance(places, dict) or not all(type(group) is list and group for group in places.values()):
        raise ValueError("not a grouping")
    every = list(chain.from_iterable(places.values()))
    if every and not (set(map(type, every)) <= {int} and 0 <= min(every) and max(every) < len(docs)):
        raise ValueError("not a grouping of these documents")
    at = docs.__getitem__
    return {key: list(map(at, group)) for key, group in places.items()}


def _cited_columns(deal: Doc) -> tuple[Sequence[str], Sequence[int]]:
    """The article and sentence of each of a deal's evidence sentences, as two columns, without reading the
    evidence itself."""
    evidence = deal.get("evidence", ())
    light = evidence.light if isinstance(evidence, LazyList) else None
    if light is not None:
        articles, sentences = light
        return articles, sentences
    return [ev["article"] for ev in evidence], [ev["sentence"] for ev in evidence]


def _relabelled(labels: dict[str, set[str]], old: RecordList[Deal], new: RecordList[Deal]) -> dict[str, set[str]]:
    """What ``_deal_labels`` makes for ``new``, from ``labels``, made for ``old``: the keys of the deals only one
    of them holds are taken out and put in again. ``labels`` is left as it was: answers may be reading it."""
    out = dict(labels)
    edited: dict[str, set[str]] = {}
    for docs, held_by, add in ((old.docs, new, False), (new.docs, old, True)):
        for deal in docs:
            if held_by.place_of(deal) >= 0:
                continue
            for label in (deal["kind"], *deal["topics"]):
                for token in _label_tokens(label):
                    keys = edited.get(token)
                    if keys is None:
                        keys = edited[token] = out[token] = set(out.get(token, ()))
                    (keys.add if add else keys.discard)(deal["key"])
    for token, keys in edited.items():
        if not keys:
            del out[token]
    return out


def _distinct(ascending: np.ndarray) -> np.ndarray:
    """An ascending array without its repeats: what ``np.unique`` gives it, without numpy 2's first
    ``np.unique``, which imports ``numpy.ma`` (about 30 ms of the first answer that asks)."""
    if not ascending.size:
        return ascending
    return ascending[np.concatenate(([True], ascending[1:] != ascending[:-1]))]


@lru_cache(maxsize=8192)
def _label_tokens(label: str) -> tuple[str, ...]:
    return tuple(tokens(label))


@lru_cache(maxsize=4096)
def _spelling_tokens(spelling: str) -> tuple[str, ...]:
    """A company spelling's search tokens: ``names_any`` tests every spelling of a family against each candidate
    article, and tokenising one again each time was most of its cost."""
    return tuple(tokens(spelling))
