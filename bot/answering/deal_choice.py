"""Which of several deals of the companies asked about a question means: the one its other words tell of."""

from __future__ import annotations

from bot.answering.question import Question
from knowledge.deal_words import GENERIC_KINDS, kind_of
from knowledge.knowledge_base import KnowledgeBase
from knowledge.records import Deal
from knowledge.text import tokens

STATUS_WORDS = frozenset(
    tokens(
        "binding signed final official done still status stage mou memorandum just only "
        "yet now really actually preliminary definitive"
    )
)


def about_the_question(question: Question, kb: KnowledgeBase, deals: list[Deal]) -> list[Deal]:
    """Of one company's deals, the one the question's other words point at ("Ford's Indonesian nickel deal"),
    when one stands out; else all of them."""
    wanted = set(question.topic_tokens) - STATUS_WORDS
    if not wanted:
        return deals

    def overlap(deal: Deal) -> int:
        said = {t for ev in deal.evidence for t in tokens(ev.text)} | {
            t for topic in deal.topics for t in tokens(topic)
        }
        return len(wanted & said)

    ranked = sorted(deals, key=overlap, reverse=True)
    best, runner_up = overlap(ranked[0]), overlap(ranked[1])
    if question.when.which == "at" and best:  # "as of spring 2023": of the deals the words fit, the time decides
        return [d for d in ranked if overlap(d) >= max(1, best - 1)]
    if best > runner_up:
        return [ranked[0]]
    if best and question.when.which == "latest":  # one plant's story told as two deals: the newest tells it now
        return [max((d for d in ranked if overlap(d) == best), key=lambda d: d.as_of or "")]
    return deals


def deals_asked(question: Question, kb: KnowledgeBase) -> list[Deal]:
    """The deals of the companies asked about, the one the question means first: of BMW and Mercedes-Benz's
    automated-driving pact and the charging venture of seven carmakers, "their self-driving partnership" is the
    pact; with no other words, the deal of just those companies."""
    deals = kb.deals_with(*question.companies)
    if len(question.companies) < 2 or len(deals) < 2:
        return deals
    deals = sorted(deals, key=lambda d: len(d.parties) - len(question.companies))
    kind = kind_of(question.text)  # "paying per share to take over Cepton": the buyout, not the earlier stake
    of_kind = [d for d in deals if kind and kind not in GENERIC_KINDS and d.kind == kind]
    if len(of_kind) == 1:
        return of_kind + [d for d in deals if d is not of_kind[0]]
    pointed = about_the_question(question, kb, deals)
    return pointed + [d for d in deals if d not in pointed] if len(pointed) == 1 else deals
