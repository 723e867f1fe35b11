"""The deals by topic (knowledge/deal_index.py): grouped in one pass when a topic is first asked for, they are the
deals a scan for that topic finds, and a new revision's index holds the deals it added."""

from __future__ import annotations

from pathlib import Path

from bot.core import EvBot
from knowledge.deal_index import DealIndex

ARTICLES = Path(__file__).parent / "data" / "articles"


def _scanned(docs: list, topic: str) -> frozenset[str]:
    return frozenset(d["key"] for d in docs if topic in d["topics"])


def test_each_topic_has_the_deals_a_scan_finds(bot: EvBot) -> None:
    bot.ingest_paths([str(ARTICLES)])
    docs = bot.kb.deals.docs
    topics = {t for d in docs for t in d["topics"]}
    assert topics, "the articles have deals with topics"
    index = DealIndex(docs)
    for topic in sorted(topics) + ["no such topic"]:
        assert index.on(topic) == _scanned(docs, topic)
        assert index.on(topic) is index.on(topic)  # kept for the revision
    by_kind = index.grouped()[1]  # grouped in the same pass: what the labels of ``deals_about`` are made from
    assert {k: set(keys) for k, keys in by_kind.items()} == {
        d["kind"]: {e["key"] for e in docs if e["kind"] == d["kind"]} for d in docs
    }


def test_a_new_revision_knows_the_topics_of_the_deals_it_added(bot: EvBot) -> None:
    first, *rest = sorted(ARTICLES.iterdir())
    bot.ingest_paths([str(first)])
    before = {t: bot.kb.deal_index.on(t) for d in bot.kb.deals.docs for t in d["topics"]}
    bot.ingest_paths([str(p) for p in rest])
    docs = bot.kb.deals.docs
    for topic in {t for d in docs for t in d["topics"]} | set(before):
        assert bot.kb.deal_index.on(topic) == _scanned(docs, topic)
