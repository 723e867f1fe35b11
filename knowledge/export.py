"""Deals and articles as the JSON records `evbot deals --json` and `evbot sources --json` print.

One flat, documented shape per record, for scripts and spreadsheets; it
never exposes the store's internal fields.
"""

from __future__ import annotations

from typing import Any

from knowledge.knowledge_base import KnowledgeBase
from knowledge.records import Article, Deal


def deal_record(kb: KnowledgeBase, deal: Deal) -> dict[str, Any]:
    """{"name", "parties", "kind", "status", "date", "events", "figures", "topics"}."""
    events = []
    for event in deal.events:
        article = kb.article(event.article)
        events.append(
            {
                "date": event.date,
                "status": event.status,
                "kind": event.kind,
                "summary": event.summary,
                "quote": event.text,
                "title": article.title if article else None,
                "url": article.url if article else None,
                "published": article.published if article else None,
            }
        )
    figures = []
    for figure in deal.figures:
        article = kb.article(figure.article)
        sentences = article.sentences if article else ()
        quote = sentences[figure.sentence] if figure.sentence < len(sentences) else None
        figures.append({"kind": figure.kind, "text": figure.text, "quote": quote})
    date = deal.date.iso if deal.date else deal.as_of
    return {
        "name": deal.name,
        "parties": list(deal.parties),
        "kind": deal.kind,
        "status": deal.status,
        "date": date,
        "events": events,
        "figures": figures,
        "topics": list(deal.topics),
    }


def article_record(article: Article) -> dict[str, Any]:
    """{"title", "url", "published", "source", "text"}: the article's text as stored, headings on their own lines."""
    headings = article.headings or [""] * len(article.sentences)
    sections: list[tuple[str, list[str]]] = []
    for sentence, heading in list(zip(article.sentences, headings))[1:]:
        if not sections or sections[-1][0] != heading:
            sections.append((heading, []))
        sections[-1][1].append(sentence)
    text = "\n\n".join((f"{heading}\n" if heading else "") + " ".join(body) for heading, body in sections)
    return {
        "title": article.title,
        "url": article.url,
        "published": article.published,
        "source": article.source,
        "text": text,
    }


def deals(kb: KnowledgeBase, company: str = "") -> list[dict[str, Any]]:
    """Every deal (or the deals of the companies named), newest first."""
    chosen = kb.find_deal(company) if company.strip() else kb.deals
    return [deal_record(kb, d) for d in chosen]


def articles(kb: KnowledgeBase, deal: str = "") -> list[dict[str, Any]]:
    """Every stored article in the order it was added, or the articles behind one deal."""
    if deal.strip():
        found = kb.find_deal(deal)
        keys = found[0].articles if found else ()
        return [article_record(a) for a in (kb.article(k) for k in keys) if a]
    return [article_record(a) for a in kb.articles]
