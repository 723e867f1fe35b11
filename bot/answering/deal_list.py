"""List answers: the deals that pass the question's filters, each with its status, date and one source."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from bot import deal_views
from bot.answering.deal_filters import DOWNGRADED, TOPIC_OF_SECTOR, DealFilters, apply
from bot.answering.question import Question
from bot.answering.replies import LIST_LIMIT, SUGGESTION, unknown
from bot.models import Reply
from knowledge.knowledge_base import KnowledgeBase
from knowledge.records import Deal
from knowledge.topics import topic_head


def list_answer(question: Question, kb: KnowledgeBase) -> Reply:
    filters = (
        question.filters
        if question.filters or question.intent == "list"
        else DealFilters(companies=list(question.companies))
    )
    return filtered_deals(kb, filters)


def filtered_deals(kb: KnowledgeBase, filters: DealFilters) -> Reply:
    if len(filters.topics) > 1 and not filters.any_topic:  # "battery raw materials": most deals' topic narrows nothing
        common = [t for t in filters.topics if len(kb.deal_index.on(t)) > len(kb.deals) / 2]
        filters = replace(filters, topics=[t for t in filters.topics if t not in common] or filters.topics)
    about = {topic: kb.deals_about([topic_head(topic)]) for topic in filters.topics}
    about |= {place: kb.deals_about([place]) for place in filters.places}
    candidates = _candidates(kb, filters, about)
    deals = candidates if _decided(filters) else apply(filters, candidates, kb.companies, about)
    if not deals:
        if not kb.deals:
            return unknown("I don't know of any deals yet. Add articles with `evbot ingest`.")
        return unknown(f"I don't know of any {filters.describe()}. {SUGGESTION}")
    title = filters.describe() if filters else "deals I know about"
    return deal_list_reply(kb, deals, title=title[0].upper() + title[1:])


def _candidates(kb: KnowledgeBase, filters: DealFilters, about: dict[str, set[str]]) -> Sequence[Deal]:
    """The deals that can pass ``filters``, found through the knowledge's lookups, so that ``apply`` tests
    these and not every deal of the archive: a party of each company asked about and of each side, the topics,
    and the latest status (not when a deal's first step or its downgrade decides)."""
    wanted = [kb.deal_keys_with_any(filters.named(c)) for c in filters.companies]
    for side in filters.sides:
        wanted.append(kb.deal_keys_with_any(name for name, c in kb.companies.items() if side.fits(c)))
    if filters.topics:
        per_topic = [
            about.get(t, set())
            | kb.deal_index.on(t)
            | (  # "chip deals": every deal of a chipmaker too
                kb.deal_keys_with_any(n for n, c in kb.companies.items() if TOPIC_OF_SECTOR.get(c.sector) == t)
                if t in TOPIC_OF_SECTOR.values()
                else set()
            )
            for t in filters.topics
        ]
        wanted.append(set().union(*per_topic) if filters.any_topic else set.intersection(*per_topic))
    if filters.places:
        wanted.append(set().union(*(about[place] for place in filters.places)))
    if filters.statuses and not filters.first_step and DOWNGRADED not in filters.statuses:
        wanted.append(kb.deal_index.in_status(filters.statuses))
    return kb.deals_keyed(set.intersection(*wanted)) if wanted else kb.deals


def _decided(filters: DealFilters) -> bool:
    """Whether ``_candidates`` found exactly the deals ``apply`` passes: no filter reads more than a deal's
    parties, topics, evidence words and latest status (one side is a party that fits it; two need the parties
    assigned). Then no deal gets a record but those shown."""
    return not (filters.kind or len(filters.sides) > 1 or filters.first_step or DOWNGRADED in filters.statuses)


def deal_list_reply(kb: KnowledgeBase, deals: Sequence[Deal], title: str) -> Reply:
    """One row per deal (name, kind, status, date, topics) within the list limit, and one source for each."""
    lines: list[str] = []
    shown: list[Deal] = []
    for deal in deals:
        row = "- " + deal_views.line(deal)
        if sum(len(x) + 1 for x in lines) + len(row) > LIST_LIMIT - 60:
            break
        lines.append(row)
        shown.append(deal)
    if len(shown) < len(deals):
        lines.append(f"...and {len(deals) - len(shown)} more; ask `deals COMPANY` to narrow the list.")
    cites = [c for d in shown for c in deal_views.citations(kb, d, ("status", "parties"), limit=1)]
    return Reply(
        title=title,
        text="\n".join(lines),
        citations=tuple(cites),
        deals=tuple(deal_views.view(d) for d in shown),
        kind="deals",
    )
