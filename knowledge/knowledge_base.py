"""The read side of the knowledge: what the bot core asks of the store.

It keeps one in-memory snapshot of articles, deals and companies plus the
sentence index, and reloads them only when another process changed the
store, so answering a question never reads or parses the file.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from knowledge.companies import Company, Gazetteer, shipped_companies
from knowledge.index import Hit, SentenceIndex
from knowledge.ingest import Document, IngestReport, Ingestor, sample_documents
from knowledge.store import KnowledgeStore

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SentenceRef:
    """A stored sentence with where it came from: what a citation quotes."""

    article: dict[str, Any]
    index: int
    score: float = 0.0

    @property
    def text(self) -> str:
        return self.article["sentences"][self.index]

    @property
    def heading(self) -> str:
        headings = self.article.get("headings") or []
        return headings[self.index] if self.index < len(headings) else ""


def deal_name(deal: dict[str, Any]) -> str:
    return " & ".join(deal["parties"])


class KnowledgeBase:
    deal_extractor: Callable[[list[str]], list[Any]] | None = None  # optional LLM extraction at ingestion

    def __init__(self, store: KnowledgeStore, *, seed: bool = True) -> None:
        self.store = store
        self._stamp = ""
        self._index: SentenceIndex | None = None
        if seed:
            self._seed_samples()
        self._load()

    @classmethod
    def open(cls, path: str | Path, *, seed: bool = True) -> "KnowledgeBase":
        return cls(KnowledgeStore(path), seed=seed)

    @property
    def _index_folder(self) -> Path:
        return self.store.path.with_name(self.store.path.name + ".index")

    def _seed_samples(self) -> None:
        with self.store.transaction():
            if self.store.get("meta", "samples") or self.store.count("articles"):
                return
            Ingestor(self.store).ingest(sample_documents())
            self.store.put("meta", {"key": "samples", "loaded": True})

    def _load(self) -> None:
        with self.store.transaction():
            self._stamp = self.store.stamp()
            articles = self.store.all("articles")
            deals = self.store.all("deals")
            companies = self.store.all("companies")
        self.articles = sorted(articles, key=lambda a: a["seq"])
        self._by_key = {a["key"]: i for i, a in enumerate(self.articles)}
        for deal in deals:
            deal.pop("reports", None)
        self.deals = sorted(deals, key=lambda d: (-d["updated"], d["key"]))
        self.companies = {c["name"]: c for c in companies}
        self.gazetteer = Gazetteer(shipped_companies())
        for c in companies:
            if not self.gazetteer.get(c["name"]):
                self.gazetteer.add(Company(c["name"], tuple(c.get("aliases", ())), c.get("country", ""),
                                           c.get("sector", "")))
        self._deal_names = {deal_name(d).lower(): d for d in self.deals}
        self._index = None

    def refresh(self) -> None:
        """Pick up what another process (``evbot ingest``, a feed poller) wrote since the last look."""
        if self.store.changed_since(self._stamp):
            self._load()

    @property
    def index(self) -> SentenceIndex:
        """The sentence index of the current revision: loaded from disk, else built and saved."""
        if self._index is None:
            self._index = SentenceIndex.load(self._index_folder, self._stamp)
            if self._index is None:
                self._index = SentenceIndex.build(self.articles)
                try:
                    self._index.save(self._index_folder, self._stamp)
                except OSError as exc:
                    log.warning("could not save the search index beside the store: %s", exc)
        return self._index

    def ingest(self, docs: Iterable[tuple[str, Document | Exception]],
               progress: Callable[[], None] | None = None) -> IngestReport:
        report = Ingestor(self.store, self.deal_extractor).ingest(docs, progress)
        self.refresh()
        if report.added:
            _ = self.index  # built and saved now, so that the next process starts fast
        return report

    def article(self, key: str) -> dict[str, Any] | None:
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

    def deals_with(self, *names: str) -> list[dict[str, Any]]:
        wanted = set(names)
        return [d for d in self.deals if wanted <= set(d["parties"])]

    def find_deal(self, text: str) -> list[dict[str, Any]]:
        """Deals a loose name points at: 'ford xiaomi', 'Xiaomi', 'alibaba-ford'."""
        names = list(dict.fromkeys(m.name for m in self.gazetteer.find_known(text, any_case=True)))
        if names:
            return self.deals_with(*names)
        if not self._deal_names:
            return []
        best = process.extract(text.lower(), list(self._deal_names), scorer=fuzz.token_set_ratio, limit=3)
        return [self._deal_names[name] for name, score, _ in best if score >= 80]

    def deal_names(self) -> list[str]:
        return [deal_name(d) for d in self.deals]
