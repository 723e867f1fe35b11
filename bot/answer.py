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
from bot.question import Question, analyse, list_topic, matches_filter
from knowledge.dates import find_dates
from knowledge.figures import quantities
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
    topic_coverage: float = 1.0


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
        about_sector = kb.deals_about([question.sector]) if question.sector else set()
        deals = [d for d in deals if any(matches_filter(kb.companies.get(p), question.country, question.sector)
                                         for p in d["parties"]) or d["key"] in about_sector]
        described.append(" ".join(w for w in (question.country, question.sector) if w) + " companies")
    if question.status:
        deals = [d for d in deals if d["status"] == question.status]
        described.append(deal_views.STATUS_LABELS[question.status])
    topic = list_topic(question)
    if topic:
        about = kb.deals_about(topic)
        deals = [d for d in deals if d["key"] in about]
        described.append(" ".join(topic))
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
                   "preliminary": "Not final: only a preliminary, non-binding agreement is signed.",
                   "ended": "No, it has ended."}
        text = f"{verdict[deal['status']]} {deal_views.sentence(deal)}"
        fields = ("status",)
    else:
        text = deal_views.summary(deal)
        fields = ("status", "date", "topics", "figures")
    return Reply(title=deal_name(deal), text=_clip(text, FACT_LIMIT),
                 citations=tuple(deal_views.citations(kb, deal, fields)),
                 deals=(deal_views.view(deal),), kind="deal")


def _facts(question: Question, kb: KnowledgeBase) -> Reply:
    if not question.tokens and not question.groups:
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
    chosen = _choose(question, candidates, kb, deals)
    text = " ".join(ref.text if ref.index or ref.text[-1:] in ".!?" else ref.text + "." for ref in chosen)
    related = deals or kb.deals_citing(chosen[0].article["key"], chosen[0].index)
    return Reply(title="Answer", text=_clip(text, FACT_LIMIT if question.wants != "companies" else LIST_LIMIT),
                 citations=tuple(deal_views.cite(ref.article, ref.text) for ref in chosen),
                 deals=tuple(deal_views.view(d) for d in related[:3]))


def _rank(question: Question, kb: KnowledgeBase, deals: list[dict[str, Any]]) -> list[_Candidate]:
    weights = {t: kb.idf(t) for t in dict.fromkeys(question.tokens)}
    group_weights = [max(kb.idf(t) for t in group) for group in question.groups]
    total = (sum(weights.values()) + sum(group_weights)) or 1.0
    topic = set(question.topic_tokens)
    topic_weights = {t: kb.idf(t) for t in topic}
    topic_total = sum(topic_weights.values()) or 1.0
    wanted = set(question.companies)
    deal_articles = {a for d in deals for a in d["articles"]}
    query = question.tokens + [t for group in question.groups for t in group]
    out = []
    for ref in kb.search(query, k=60):
        in_article = set(ref.article.get("companies", ()))
        if len(wanted) >= 2 and not wanted <= in_article:
            continue  # two companies asked about together must at least share an article
        words = set(tokens(ref.text)) | set(tokens(ref.heading))
        named = {m.name for m in kb.gazetteer.find_known(ref.text)}
        for company in wanted & named:  # "GM" in the question, "General Motors" in the sentence
            words |= _name_tokens(kb, company)
        matched = sum(w for t, w in weights.items() if t in words)
        matched += sum(w for group, w in zip(question.groups, group_weights) if words & set(group))
        coverage = matched / total
        score = ref.score * (0.3 + coverage)
        for company in wanted:
            if company in named:
                score *= 1.15
            elif company not in in_article:
                score *= 0.2
        if ref.article["key"] in deal_articles:
            score *= 1.3
        if ref.index == 0:
            score *= 0.7  # a headline summarises; the body holds the particulars
        topic_coverage = sum(w for t, w in topic_weights.items() if t in words) / topic_total if topic else 1.0
        score *= 0.5 + topic_coverage  # about what was asked, not only about who
        out.append(_Candidate(ref, score, coverage, bool(topic & words), topic_coverage))
    return sorted(out, key=lambda c: -c.score)


def _name_tokens(kb: KnowledgeBase, name: str) -> set[str]:
    company = kb.company(name)
    return {t for alias in (name, *(company.aliases if company else ())) for t in tokens(alias)}


_PLACE = re.compile(r"\b(?:in|near|at|outside|based in|headquarters in)\s+(?:the\s+)?[A-Z][a-z]+")
_REASON = re.compile(r"\b(?:because|due to|amid|citing|cited|over concerns|as a result|so that|in order to|reasons?|"
                     r"blamed|prompted|driven by|in response to|rules?|regulat\w+)\b", re.I)


def _holds_wanted(wants: str | None, text: str, kb: KnowledgeBase) -> bool:
    """Whether a sentence holds the kind of thing the question asks for (a sum, a count, a date...)."""
    if wants in {"money", "stake", "count"}:
        return wants in quantities(text)
    if wants == "date":
        return bool(find_dates(text) or _YEAR.search(text))
    if wants == "person":
        return bool(_PERSON.search(text))
    if wants == "place":
        return bool(_PLACE.search(text))
    if wants == "reason":
        return bool(_REASON.search(text))
    if wants == "companies":
        return len({m.name for m in kb.gazetteer.find(text)}) >= 2
    return True


def _choose(question: Question, candidates: list[_Candidate], kb: KnowledgeBase,
            deals: list[dict[str, Any]]) -> list[SentenceRef]:
    """The sentence that answers, with the one it continues or explains, and a close runner-up.

    When the question asks for a kind of thing (a sum, a date, a place), the answer is the best
    sentence that holds one, among the best matches and their neighbours: news often names the
    subject in one sentence and gives the figure in the next ("Analysts put it at $2.7 billion"),
    so a sentence inherits some relevance from the one or two before it.
    """
    top = candidates[0]
    lead, anchor = top.ref, None
    if question.wants and not _holds_wanted(question.wants, top.ref.text, kb):
        topic = {t: kb.idf(t) for t in question.topic_tokens}
        total = sum(topic.values()) or 1.0

        def topic_coverage(ref: SentenceRef) -> float:
            words = set(tokens(ref.text)) | set(tokens(ref.heading))
            return sum(w for t, w in topic.items() if t in words) / total if topic else 1.0

        # The deal asked about is reported in its own articles, the newest of them most up to date.
        deal_weight: dict[str, float] = {}
        for deal in deals:
            for article in deal["articles"]:
                deal_weight[article] = 2.0
            newest = max(deal["articles"], key=lambda k: ((kb.article(k) or {}).get("published") or "", k))
            deal_weight[newest] = 2.4
        pool: dict[tuple[str, int], tuple[float, SentenceRef, SentenceRef | None]] = {}
        for cand in candidates[:20]:
            entries = [(cand.ref, None, 1.0)] + [
                (SentenceRef(cand.ref.article, cand.ref.index + step), cand.ref, discount)
                for step, discount in ((1, 0.8), (2, 0.6))
                if cand.ref.index + step < len(cand.ref.article["sentences"]) and question.wants != "companies"]
            for ref, near, discount in entries:
                if not _holds_wanted(question.wants, ref.text, kb):
                    continue
                about = max(topic_coverage(ref), cand.topic_coverage * discount)
                key = (0.2 + about) * cand.score ** 0.3 * deal_weight.get(ref.article["key"], 1.0)
                slot = (ref.article["key"], ref.index)
                if slot not in pool or pool[slot][0] < key:
                    pool[slot] = (key, ref, near)
        if pool:
            _, lead, anchor = max(pool.values(), key=lambda p: p[0])
    chosen = [lead]
    if anchor is not None and abs(anchor.index - lead.index) == 1:
        chosen.append(anchor)
    sentences = lead.article["sentences"]
    following = lead.index + 1
    supporting = any(c.ref.article is lead.article and c.ref.index == following and c.score >= 0.3 * top.score
                     for c in candidates[1:])
    same_subject = following < len(sentences) and bool(
        set(question.companies) & {m.name for m in kb.gazetteer.find_known(sentences[following])})
    if len(chosen) == 1 and following < len(sentences) and (
            len(lead.text) < 90 or supporting or same_subject or _CONTINUATION.match(sentences[following])):
        chosen.append(SentenceRef(lead.article, following))
    wants_list = question.wants == "companies"
    for runner in candidates[1:4]:
        if anchor is not None or runner.score < (0.5 if wants_list else 0.6) * top.score:
            break
        if any(runner.ref.article is c.article and runner.ref.index == c.index for c in chosen):
            continue
        if sum(len(c.text) for c in chosen) + len(runner.ref.text) > FACT_LIMIT - 40:
            break
        chosen.append(runner.ref)
        break
    return sorted(chosen, key=lambda r: (r.article["key"] != lead.article["key"], r.article["key"], r.index))


def _clip(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "\u2026"

