"""Wording a stored deal for people: one sentence of who, what, how far, and when."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.models import Citation, DealView
from knowledge.knowledge_base import KnowledgeBase
from knowledge.records import Article, Deal, DealDate, DealEvent, Figure
from knowledge.timeline import summary as step_summary

STATUS_LABELS = {
    "signed": "signed",
    "talks": "in talks (not signed)",
    "preliminary": "preliminary (non-binding)",
    "ended": "ended",
}
_ARTICLE = {
    "agreement": "an agreement",
    "partnership": "a partnership",
    "joint venture": "a joint venture",
    "investment": "an investment deal",
    "supply": "a supply deal",
    "acquisition": "an acquisition",
    "licensing": "a licensing deal",
}


def view(deal: Deal) -> DealView:
    date = deal.date
    return DealView(
        name=deal.name,
        parties=tuple(deal.parties),
        kind=deal.kind,
        status=STATUS_LABELS.get(deal.status, deal.status),
        date=_date_text(date) if date else None,
        topics=tuple(deal.topics),
        figures=tuple(figure_text(f) for f in deal.figures),
    )


def _date_text(date: DealDate) -> str:
    return date.text + (" (year not stated)" if date.iso.startswith("--") else "")


def _parties(deal: Deal) -> str:
    parties = deal.parties
    return ", ".join(parties[:-1]) + " and " + parties[-1] if len(parties) > 1 else parties[0]


_A_DAY = re.compile(r"\b(?:\d{1,2}(?:st|nd|rd|th)?|\w+day)\b(?!\d)")


def sentence(deal: Deal) -> str:
    """'Alibaba and Ford signed an agreement on Thursday, December 7 covering cloud computing and retail.'"""
    what = _ARTICLE.get(deal.kind, "a deal")
    who = _parties(deal)
    status = deal.status
    if status == "signed":
        text = f"{who} signed {'a partnership agreement' if deal.kind == 'partnership' else what}"
    elif status == "talks":
        text = f"{who} are in talks about {what}"
    elif status == "preliminary":
        text = f"{who} signed a preliminary, non-binding agreement" + (
            "" if deal.kind in {"agreement", "partnership"} else f" on {what}"
        )  # "... agreement on a joint venture", never "on agreement"
    else:
        text = f"{who} ended their {what.split(' ', 1)[1]}"
    date = deal.date
    if date and status not in {"talks"}:
        on_a_day = len(date.iso) == 10 or _A_DAY.search(date.text)  # "Thursday, December 7" with no year known
        text += f" {'on' if on_a_day else 'in'} {date.text}"  # on May 3, 2024; in May 2024
    if deal.topics:
        text += " covering " + _join(deal.topics[:5])
    if status == "talks":
        text += "; nothing is signed yet"
    return text + "."


def line(deal: Deal) -> str:
    """One list row: name, kind, status, date, topics."""
    parts = [f"{deal.name}: {deal.kind}, {STATUS_LABELS.get(deal.status, deal.status)}"]
    if deal.date:
        parts.append(f" ({deal.date.text})")
    elif deal.as_of:
        parts.append(f" (as of {deal.as_of})")
    money = headline_sum(deal)
    if money is not None:
        parts.append(f", {money.text}")
    if deal.topics:
        parts.append(" - " + ", ".join(deal.topics[:3]))
    return "".join(parts)


def headline_sum(deal: Deal) -> Figure | None:
    """The deal's own sum, first told: what an analyst asking "glencore li-cycle deal?" wants beside its step."""
    return next((f for f in deal.figures if f.kind in {"deal_value", "investment"} and f.value >= _A_SUM), None)


_A_SUM = 100_000  # "$1.70 for each share" is a price, not what the deal is worth


FIGURE_LABELS = {
    "deal_value": "deal value",
    "investment": "investment",
    "stake": "stake",
    "split": "ownership split",
    "capacity": "capacity",
    "plant_cost": "plant cost",
    "jobs": "jobs",
    "models": "models",
    "target_year": "target year",
    "place": "place",
}


def figure_text(figure: Figure) -> str:
    """'stake: 20%', 'capacity: 40 GWh': a figure with what it measures."""
    return f"{FIGURE_LABELS.get(figure.kind, figure.kind)}: {figure.text}"


def timeline(deal: Deal, limit: int = 6) -> str:
    """The deal's steps, oldest first, one line each: '2024-12: In talks (not signed): an acquisition or merger'.

    Only the steps where the status changed, or the work slipped; the latest ``limit`` of them."""
    steps: list[DealEvent] = []
    for event in deal.events:
        if not steps or steps[-1].status != event.status or event.delayed:
            steps.append(event)
    lines = [f"{e.date or 'undated'}: {step_summary(e.status, e.kind, None, e.delayed)}" for e in steps[-limit:]]
    return "\n".join(lines)


def _join(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def citations(
    kb: KnowledgeBase, deal: Deal, fields: tuple[str, ...] = ("status", "date", "topics"), limit: int = 3
) -> list[Citation]:
    """The evidence sentences behind the deal's fields, most telling first."""
    ranked = sorted(deal.evidence, key=lambda ev: -sum(f in fields for f in ev.fields))
    out: list[Citation] = []
    for ev in ranked[:limit]:
        article = kb.article(ev.article)
        if article:
            out.append(cite(article, ev.text))
    return out


def cite(article: Article, quote: str) -> Citation:
    return Citation(title=article.title, url=article.url, published=article.published, quote=quote)
