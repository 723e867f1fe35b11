"""The knowledge's repositories: every stored article, deal and company reads as its record and writes
back as the same document, and reading them leaves the articles' text and the deals' evidence on disk."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from knowledge import articles, company_list, deals
from knowledge.articles import Articles
from knowledge.company_list import CompanyList
from knowledge.deals import Deals
from knowledge.knowledge_base import KnowledgeBase
from knowledge.store import KnowledgeStore, LazyList


def _store(tmp_path: Path) -> KnowledgeStore:
    """A store holding the sample articles, their deals and companies, as ingestion wrote them."""
    KnowledgeBase.open(tmp_path / "kb.json")  # a new store is seeded with the samples
    return KnowledgeStore(tmp_path / "kb.json")


def test_every_document_reads_as_its_record_and_writes_back_as_it_was(tmp_path: Path) -> None:
    store = _store(tmp_path)
    for table, repository, to_doc, key in (
        ("articles", Articles(store), articles.to_doc, lambda d: d["key"]),
        ("deals", Deals(store), deals.to_doc, lambda d: d["key"]),
        ("companies", CompanyList(store), company_list.to_doc, lambda d: d["key"]),
    ):
        stored = {key(doc): doc for doc in store.all(table)}
        written = {key(doc): doc for doc in map(to_doc, repository.all())}  # type: ignore[attr-defined]
        assert stored and written == stored, table


def test_a_record_put_reads_back_the_same(tmp_path: Path) -> None:
    store = _store(tmp_path)
    deal = max(Deals(store).all(), key=lambda d: (len(d.events), len(d.figures)))
    article = Articles(store).all()[0]
    moved = replace(article, title="Renamed")
    with store.transaction():
        Deals(store).put(deal)
        Articles(store).put(moved)
    again = Deals(store).get(deal.key)
    assert again is not None and deals.to_doc(again) == deals.to_doc(deal)
    assert again.events == deal.events and again.evidence == deal.evidence and again.figures == deal.figures
    read_back = Articles(store).get(article.key)
    assert read_back is not None and read_back.title == "Renamed"
    assert list(read_back.sentences) == list(article.sentences)


def test_reading_the_records_leaves_the_text_and_evidence_lazy(tmp_path: Path) -> None:
    kb = KnowledgeBase.open(tmp_path / "kb.json")
    kb.warm()
    assert kb.articles and all(type(a.sentences) is LazyList for a in kb.articles)
    assert kb.deals and all(type(d.raw_evidence) is LazyList for d in kb.deals)
    deal = kb.deals[0]
    assert deal.cited == [(ev.article, ev.sentence) for ev in deal.evidence]  # known without the evidence
    ref = kb.search(["ford"], k=1)[0]
    assert ref.text == ref.article.sentences[ref.index] and ref.article is kb.article(ref.article.key)
