"""Composing an answer from stored evidence, or saying plainly that there is none.

Questions about a deal's status, date or summary are answered from the deal
record; everything else from the best-matching stored sentences, ranked by
BM25 and then re-weighted by how much of the question they cover, whether they
name the companies asked about, and whether they hold what was asked for (a
sum, a count, a date). Weak evidence means "I don't know", never a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot import deal_views
from bot.models import Reply
from bot.question import Question, analyse, matches_filter
from knowledge.dates import find_dates
from knowledge.figures import find_figures
from knowledge.knowledge_base import KnowledgeBase, SentenceRef, deal_name
from knowledge.text import tokens

FACT_LIMIT = 560
LIST_LIMIT = 1100
MIN_COVERAGE = 0.5
SUGGESTION = "Try `deals` to see the deals I know about."

_CONTINUATION = re.compile(r"^(?:It|Its|They|Their|This|That|These|The (?:company|automaker|carmaker|firm|group|"
                           r"deal|agreement|partnership|move|plan)|He|She|By \d{4},? (?:the|it))\b")
_PERSON = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z]\.)?\s+[A-Z][a-z]+\b")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


@dataclass
class _Candidate:
    ref: SentenceRef
    score: float
    coverage: float
    topic_hit: bool


def answer(text: str, kb: KnowledgeBase) -> Reply:
    question = analyse(text, kb)
    if question.missing:
        names = " and ".join(question.missing)
        return _unknown(f"I don't know: none of the articles I have says anything about {names}. {SUGGESTION}")
    handler = {"list_deals": _list_deals, "who_partners": _who_partners, "status": _deal_answer,
               "date": _deal_answer, "summary": _deal_answer}.get(question.intent, _facts)
    return handler(question, kb)


def _unknown(text: str) -> Reply:
    return Reply(title="I don't know", text=text, found=False)


def _list_deals(question: Question, kb: KnowledgeBase) -> Reply:
    deals = kb.deals
    described = []
    if question.companies:
        deals = [d for d in deals if set(question.companies) & set(d["parties"])]
        described.append(" and ".join(question.companies))
    if question.country or question.sector:
        deals = [d for d in deals if any(matches_filter(kb.companies.get(p), question.country, question.sector)
                                         for p in d["parties"])]
        described.append(" ".join(w for w in (question.country, question.sector) if w) + " companies")
    if not deals:
        scope = f" involving {' and '.join(described)}" if described else ""
        return _unknown(f"I don't know of any deals{scope}. {SUGGESTION}")
    return deal_list_reply(kb, deals, title="Deals I know about")


def deal_list_reply(kb: KnowledgeBase, deals: list[dict[str, Any]], title: str) -> Reply:
    lines, shown = [], []
    for deal in deals:
        row = "- " + deal_views.line(deal)
        if sum(len(x) + 1 for x in lines) + len(row) > LIST_LIMIT - 60:
            break
        lines.append(row)
        shown.append(deal)
    if len(shown) < len(deals):
        lines.append(f"...and {len(deals) - len(shown)} more; ask `deals COMPANY` to narrow the list.")
    cites = [c for d in shown[:5] for c in deal_views.citations(kb, d, limit=1)]
    return Reply(title=title, text="\n".join(lines), citations=tuple(cites),
                 deals=tuple(deal_views.view(d) for d in shown), kind="deals")


def _who_partners(question: Question, kb: KnowledgeBase) -> Reply:
    company = question.companies[0]
    deals = kb.deals_with(company)
    if not deals:
        return _facts(question, kb)
    if re.search(r"\b(?:talk|discuss|negotiat)\w*", question.text, re.I):
        deals = sorted(deals, key=lambda d: d["status"] != "talks")
    text = " ".join(deal_views.sentence(d) for d in deals[:4])
    cites = [c for d in deals[:4] for c in deal_views.citations(kb, d, limit=1)]
    return Reply(title=f"{company}'s deals", text=_clip(text, FACT_LIMIT), citations=tuple(cites),
                 deals=tuple(deal_views.view(d) for d in deals[:4]), kind="deals")


def _deal_answer(question: Question, kb: KnowledgeBase) -> Reply:
    deals = kb.deals_with(*question.companies)
    if not deals:
        if len(question.companies) >= 2:
            both = " and ".join(question.companies)
            return _unknown(f"I don't know of any deal between {both}. {SUGGESTION}")
        return _facts(question, kb)
    if len(deals) > 1 and question.intent == "summary":
        return deal_list_reply(kb, deals, title=f"{question.companies[0]}'s deals")
    deal = deals[0]
    if question.intent == "date":
        if not deal.get("date"):
            return _facts(question, kb)
        text = deal_views.sentence(deal)
        if deal["date"]["iso"].startswith("--"):
            text += " The article does not state the year."
        fields: tuple[str, ...] = ("date",)
    elif question.intent == "status":
        verdict = {"signed": "Yes, it is signed.", "talks": "Not yet: they are still in talks.",
                   "ended": "No, it has ended.", "announced": "It has been announced; no signing is reported."}
        text = f"{verdict[deal['status']]} {deal_views.sentence(deal)}"
        fields = ("status",)
    else:
        text = deal_views.summary(deal)
        fields = ("status", "date", "scope", "figures")
    return Reply(title=deal_name(deal), text=_clip(text, FACT_LIMIT),
                 citations=tuple(deal_views.citations(kb, deal, fields)),
                 deals=(deal_views.view(deal),), kind="deal")


def _facts(question: Question, kb: KnowledgeBase) -> Reply:
    if not question.tokens:
        return _unknown(f"I don't know what to look for there. {SUGGESTION}")
    deals = kb.deals_with(*question.companies) if len(question.companies) >= 2 else []
    candidates = _rank(question, kb, deals)
    if not candidates:
        if len(question.companies) >= 2 and not deals:
            return _unknown(f"I don't know of any deal between {' and '.join(question.companies)}. {SUGGESTION}")
        return _unknown(f"I don't know: no article I have answers that. {SUGGESTION}")
    best = candidates[0]
    weak = best.coverage < MIN_COVERAGE or (question.topic_tokens and not best.topic_hit)
    if weak and deals:
        question.intent = "summary"  # the articles say nothing more specific than the deal itself
        return _deal_answer(question, kb)
    if weak:
        return _unknown(f"I don't know: no article I have answers that. {SUGGESTION}")
    chosen = _choose(candidates, question.wants == "companies")
    text = " ".join(ref.text for ref in chosen)
    related = deals or [d for d in kb.deals if any(ev["article"] == chosen[0].article["key"] and
                                                    ev["sentence"] == chosen[0].index for ev in d["evidence"])]
    return Reply(title="Answer", text=_clip(text, FACT_LIMIT if question.wants != "companies" else LIST_LIMIT),
                 citations=tuple(deal_views.cite(ref.article, ref.text) for ref in chosen),
                 deals=tuple(deal_views.view(d) for d in related[:3]))


def _rank(question: Question, kb: KnowledgeBase, deals: list[dict[str, Any]]) -> list[_Candidate]:
    weights = {t: kb.idf(t) for t in dict.fromkeys(question.tokens)}
    total = sum(weights.values()) or 1.0
    topic = set(question.topic_tokens)
    deal_articles = {a for d in deals for a in d["articles"]}
    out = []
    for ref in kb.search(question.tokens):
        words = set(tokens(ref.text)) | set(tokens(ref.heading))
        coverage = sum(w for t, w in weights.items() if t in words) / total
        score = ref.score * (0.3 + coverage)
        named = {m.name for m in kb.gazetteer.find_known(ref.text)}
        for company in question.companies:
            if company in named:
                score *= 1.3
            elif company not in ref.article.get("companies", ()):
                score *= 0.2
        if deal_articles and ref.article["key"] in deal_articles:
            score *= 1.5
        score *= _wanted_bonus(question.wants, ref.text, len(named))
        out.append(_Candidate(ref, score, coverage, bool(topic & words)))
    return sorted(out, key=lambda c: -c.score)


def _wanted_bonus(wants: str | None, text: str, companies_named: int) -> float:
    if wants == "money":
        return 1.6 if any(f.kind == "money" for f in find_figures(text)) else 0.8
    if wants == "count":
        return 1.5 if any(f.kind in {"count", "stake"} for f in find_figures(text)) or re.search(r"\d", text) else 0.8
    if wants == "date":
        return 1.5 if find_dates(text) or _YEAR.search(text) else 0.8
    if wants == "person":
        return 1.3 if _PERSON.search(text) else 0.9
    if wants == "companies":
        return 1.5 if companies_named >= 2 else 0.9
    return 1.0


def _choose(candidates: list[_Candidate], wants_list: bool) -> list[SentenceRef]:
    """The best sentence, with the next one when it continues it, and a close runner-up."""
    best = candidates[0].ref
    chosen = [best]
    sentences = best.article["sentences"]
    following = best.index + 1
    supporting = any(c.ref.article is best.article and c.ref.index == following and c.score >= 0.3 * candidates[0].score
                     for c in candidates[1:])
    if following < len(sentences) and (len(best.text) < 90 or supporting or _CONTINUATION.match(sentences[following])):
        chosen.append(SentenceRef(best.article, following))
    for runner in candidates[1:4]:
        if runner.score < (0.5 if wants_list else 0.6) * candidates[0].score:
            break
        if any(runner.ref.article is c.article and runner.ref.index == c.index for c in chosen):
            continue
        if sum(len(c.text) for c in chosen) + len(runner.ref.text) > FACT_LIMIT - 40:
            break
        chosen.append(runner.ref)
        break
    return sorted(chosen, key=lambda r: (r.article["key"] != best.article["key"], r.article["key"], r.index))


def _clip(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "\u2026"

