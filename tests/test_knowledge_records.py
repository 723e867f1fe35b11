"""The knowledge's repositories: every stored article, deal and company reads as its record and writes
back as the same document, and reading them leaves the articles' text and the deals' evidence on disk."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from knowledge import articles, company_list, deals
from knowledge.articles import Articles
from knowledge.company_list import CompanyList
from knowledge.deals import Deals
from knowledge.ingest import read_paths
from knowledge.knowledge_base import KnowledgeBase
from knowledge.records import StoredCompany
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


def test_a_new_revision_keeps_the_records_of_unchanged_documents_and_reads_the_changed_ones(tmp_path: Path) -> None:
    kb = KnowledgeBase.open(tmp_path / "kb.json")
    kb.warm()
    articles_before, deals_before = list(kb.articles), list(kb.deals)
    other = KnowledgeStore(tmp_path / "kb.json")  # another process learns of a company: a new revision
    CompanyList(other).put(StoredCompany("Acme Motors", country="US", sector="automaker"))
    kb.refresh()
    assert "Acme Motors" in kb.companies
    assert all(a is b for a, b in zip(kb.articles, articles_before, strict=True)), "unchanged: the same records"
    assert all(a is b for a, b in zip(kb.deals, deals_before, strict=True))

    page = tmp_path / "called-off.txt"
    page.write_text(
        "Ford and Xiaomi call off their talks\nFord and Xiaomi have ended their talks about an electric-vehicle "
        "partnership, the two companies said on Monday.\nNeither company gave a reason.\n",
        encoding="utf-8",
    )
    kb.ingest(read_paths([page]))
    deal = kb.deals_with("Ford", "Xiaomi")[0]
    assert deal not in deals_before and deal.status == "ended", "changed: read again"
