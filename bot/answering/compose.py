"""Composing an answer: the routing from a read question to the part that answers it.

A list question is answered from the deal records (bot/answering/deal_list.py), a status
question from a deal's timeline (bot/answering/status.py), a fact question by
quoting the stored sentences that hold what was asked for (bot/answering/facts.py). When
nothing stored answers, the reply says so and names what is missing.
"""

from __future__ import annotations

from bot import deal_views
from bot.answering.asked import POINTS_BACK
from bot.answering.deal_choice import deals_asked
from bot.answering.deal_list import list_answer
from bot.answering.facts import fact_answer
from bot.answering.question import Question, analyse
from bot.answering.replies import SUGGESTION, clip, unknown
from bot.answering.status import event_date_answer, status_answer
from bot.models import Reply
from knowledge.knowledge_base import KnowledgeBase


def answer(text: str, kb: KnowledgeBase, context: list[str] | None = None) -> Reply:
    """The reply to a question; ``context`` holds the companies the conversation was last about."""
    question = analyse(text, kb, context)
    if question.missing:
        names = " and ".join(question.missing)
        return unknown(f"I don't know: none of the articles I have says anything about {names}. {SUGGESTION}")
    if question.unknown and not question.intent == "list":
        names = " or ".join(question.unknown)
        return unknown(f"I don't know: none of the articles I have mentions {names}. {SUGGESTION}")
    if question.intent == "list":
        return list_answer(question, kb)
    if not question.companies and not question.topic_tokens and POINTS_BACK.search(text):
        return unknown(
            "Which deal do you mean? Name the companies, for example: `how much is the Ford Alibaba deal worth?`"
        )
    if question.intent == "status":
        return status_answer(question, kb)
    if question.intent == "summary":
        return summary_answer(question, kb)
    if [w.name for w in question.wants] == ["date"]:
        dated = event_date_answer(question, kb)
        if dated is not None:
            return dated
    return fact_answer(question, kb)


def summary_answer(question: Question, kb: KnowledgeBase) -> Reply:
    """What a deal is, from its typed fields, and the sentence that reports its latest step."""
    deals = deals_asked(question, kb)
    if not deals:
        if len(question.companies) >= 2:
            return unknown(f"I don't know of any deal between {' and '.join(question.companies)}. {SUGGESTION}")
        return fact_answer(question, kb)
    if len(deals) > 1:
        return list_answer(question, kb)
    deal = deals[0]
    latest = deal.events[-1] if deal.events else None
    text = deal_views.sentence(deal)
    cites = deal_views.citations(kb, deal, ("status", "date", "topics"), limit=2)
    if latest is not None:
        article = kb.article(latest.article)
        if article is not None:
            cites = [deal_views.cite(article, latest.text)] + [c for c in cites if c.quote != latest.text][:1]
            text += f" \u201c{latest.text}\u201d"
    money = deal_views.headline_sum(deal)
    if money is not None and money.text not in text:
        text += f" {deal_views.figure_text(money).capitalize()}."
        article = kb.article(money.article)
        if article is not None and money.sentence < len(article.sentences):
            cites = cites[:1] + [deal_views.cite(article, article.sentences[money.sentence])]
    return Reply(title=deal.name, text=clip(text), citations=tuple(cites), deals=(deal_views.view(deal),), kind="deal")
