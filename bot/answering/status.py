"""Status answers from a deal's timeline: how far it got, when, and the sentence that says so.

"Still", "now" and "latest" ask for the newest event; "first" and
"originally" for the earliest; "in December 2024" for the event at that time.
A question that names a kind of deal the deal is not ("a JV?" of a licensing
deal) is told what it is instead. A signed deal whose articles say it still
depends on conditions or approvals is answered with that caveat.
"""

from __future__ import annotations

import re
from datetime import date

from bot import deal_views
from bot.answering.asked import ASKS_ENDED, ASKS_ONLY_PRELIMINARY, ASKS_SIGNED, ASKS_TALKS, REFERS_TO_DEAL, STEP_VERB
from bot.answering.deal_choice import STATUS_WORDS, about_the_question, deals_asked
from bot.answering.deal_filters import KIND_FAMILY
from bot.answering.deal_list import list_answer
from bot.answering.facts import distinctive_name_words, fact_answer
from bot.answering.question import Question
from bot.answering.replies import SUGGESTION, clip, unknown
from bot.models import Citation, Reply
from knowledge.deal_words import STATUS_RANK, status_of
from knowledge.knowledge_base import KnowledgeBase
from knowledge.records import Deal, DealEvent
from knowledge.text import tokens

_CAVEAT = re.compile(
    r"\b(?:contingent|subject to|conditions?|conditional|approvals?|pending|not yet final|"
    r"not final|expected to close|feasibility|still needs?|must still|yet to be|has yet to|"
    r"have yet to|non-?binding)\b",
    re.I,
)
_FOR_GOOD = re.compile(r"\b(?:for good|permanent\w*|forever|dead|over for|once and for all|final(?:ly)?)\b", re.I)
# "the cooperation might be resumed at a later date": an ending that is not for good.
_REVIVABLE = re.compile(
    r"\b(?:might|may|could|would) (?:\w+ )?be (?:resumed|revived|restarted|revisited|reopened)|\bat a later date\b|"
    r"\b(?:resume|revive|restart|revisit)\b[^.]{0,40}\b(?:later|future)\b|\bdoor (?:remains |is )?open\b|"
    r"\bnot ruled out\b",
    re.I,
)
_ASKS_FIRM = re.compile(
    r"\b(?:a |an )?(?:firm|binding|legally binding|formal) (?:contract|deal|agreement|commitment|order)\b", re.I
)
_ASKS_BINDING = re.compile(r"\b(?:binding|non-?binding|definitive|mou)\b", re.I)
_ASKS_FINAL = re.compile(
    r"\b(?:final\w*|done|complete\w*|closed|official|definitive|binding|sealed|"
    r"through|gone through|certain)\b",
    re.I,
)
# "Is it still on track for 2025?", "are they still building the plant?": asks whether the work goes as planned.
_ASKS_ON_TRACK = re.compile(
    r"^\s*(?:is|are|will|has|have|does|do)\b(?!.*\bstill (?:in force|valid|alive|active|standing|in place|"
    r"in effect|on\b(?!\s+(?:track|schedule|course|time|target))))"
    r".*\b(?:still|on track|on schedule|going ahead)\b",
    re.I,
)  # not "is the contract still in force?", which asks whether it stands
_ASKS_HELD_UP = re.compile(r"\b(?:on hold|paused|stalled|delayed|held up|postponed|on ice)\b", re.I)
_CLOSING = re.compile(r"\bclos(?:e|ing)\b", re.I)
_LABEL = {
    "signed": "signed",
    "talks": "in talks, nothing signed",
    "preliminary": "a preliminary, non-binding agreement (not final)",
    "ended": "ended",
}
_A_KIND = {
    "joint venture": "a joint venture",
    "investment": "an investment or stake",
    "acquisition": "an acquisition",
    "licensing": "a licensing deal",
    "supply": "a supply deal",
    "agreement": "an agreement",
    "partnership": "a partnership",
}


def status_answer(question: Question, kb: KnowledgeBase) -> Reply:
    deals = deals_asked(question, kb)
    if not deals:
        if len(question.companies) >= 2:
            return unknown(f"I don't know of any deal between {' and '.join(question.companies)}. {SUGGESTION}")
        return fact_answer(question, kb)
    if len(question.companies) == 1 and not _fits_any(question, deals):
        return fact_answer(question, kb)  # "byd's chile plant": one company's project that no deal of it tells
    if question.kind:
        family = KIND_FAMILY.get(question.kind, {question.kind})
        deals = sorted(deals, key=lambda d: d.kind not in family)
        pointed = about_the_question(question, kb, deals) if len(question.companies) == 1 and len(deals) > 1 else []
        if len(pointed) == 1:  # "the U.S. government's stake in Lithium Americas": the deal its words tell of
            deals = pointed + [d for d in deals if d not in pointed]
        elif len(question.companies) == 1:  # "Ford's Turkey battery JV": of Ford's ventures, the one in Turkey
            of_kind = [d for d in deals if d.kind in family]
            deals = (
                about_the_question(question, kb, of_kind) + [d for d in deals if d not in of_kind]
                if len(of_kind) > 1
                else deals
            )
    elif len(question.companies) == 1 and len(deals) > 1:
        deals = about_the_question(question, kb, deals)
        if len(deals) > 1 and question.when.which != "at":
            return list_answer(question, kb)
    if len(deals) > 1 and _ASKS_BINDING.search(question.text) and question.when.which == "latest":
        deals = sorted(deals, key=lambda d: d.status == "ended")  # "the revised deal: binding?": the one still on
    if len(deals) > 1 and question.when.which == "latest" and _NEWEST_ASKED.search(question.text):
        # "what's the latest on Shell and Volta?": the deal of theirs that moved last (Volta sold on to Jolt)
        deals = sorted(deals, key=lambda d: max((e.date or e.published or "") for e in d.events), reverse=True)
    if len(deals) > 1 and question.when.which == "earliest":
        deals = sorted(deals, key=lambda d: _first_step(d))  # "what did they first agree?"
    elif len(deals) > 1 and question.when.which == "at":  # "as of spring 2023": the deal that moved last by then
        deals = sorted(deals, key=lambda d: _standing_by(d, question.when.at), reverse=True)
    deal = deals[0]
    if (
        question.kind
        and deal.kind not in KIND_FAMILY.get(question.kind, {question.kind})
        and question.kind not in {e.kind for e in deal.events}
    ):
        return _other_kind(question, kb, deal)
    event, note = _pick(deal, question)
    if event is None:
        from_sentences = fact_answer(question, kb)  # "what did LG and Indonesia sign in 2020?": another story
        if from_sentences.found:
            return from_sentences
        return unknown(
            f"The articles don't say how the {deal.name} deal stood {question.when.said}. "
            f"The first report is from {note}."
        )
    when = _when(event, kb)
    caveat = (
        _caveat(kb, deal, event)
        if event.status in {"signed", "preliminary"}
        else _caveat(kb, deal, event, _REVIVABLE)
        if event.status == "ended"
        else None
    )
    verdict = _verdict(question, deal, event)
    if caveat is not None and event.status == "ended" and _FOR_GOOD.search(question.text):
        verdict = "Not necessarily for good: it ended, but the parties said it could resume"
    if caveat is not None and verdict == "Yes: signed" and _ASKS_FINAL.search(question.text):
        verdict = "Not final yet: signed, but it still depends on conditions"
    told = _telling(kb, deal, event)
    text = f"{verdict}{when}. \u201c{told}\u201d"
    cites = [_cite(kb, event.article, told)]
    if caveat is not None and len(text) + len(caveat[1]) < 540:
        text += f" \u201c{caveat[1]}\u201d"
        cites.append(_cite(kb, caveat[0], caveat[1]))
    return Reply(
        title=f"{deal.name}: {_LABEL[event.status]}",
        text=clip(text),
        citations=tuple(c for c in cites if c),
        deals=(deal_views.view(deal),),
        kind="deal",
    )


# "When was Ocean production scheduled to begin?" asks about the work the deal is for, not a step of the deal.
_NOT_A_DEAL_STEP = re.compile(
    r"\b(?:production|deliveries|construction|operations|output|shipments|sales|hiring|mass[- ]produc\w*|"
    r"(?:start|begin|began)\w* (?:\w+ ){0,2}(?:produc|manufactur|mak|build|ship|deliver|sell|hir)\w*)\b",
    re.I,
)
_EVENT_VERBS: list[tuple[str, re.Pattern[str]]] = [
    (
        "ended",
        re.compile(
            r"\b(?:call\w* off|cancel\w*|end(?:ed)?|terminat\w*|scrap\w*|abandon\w*|collaps\w*|"
            r"pull\w* out|walk\w* away|drop\w*)\b",
            re.I,
        ),
    ),
    (
        "talks",
        re.compile(
            r"\b(?:start\w* talk\w*|beg[ia]n talk\w*|talks? (?:start|begin|began)|enter\w* talks|"
            r"negotiat\w*|discuss\w*)\b",
            re.I,
        ),
    ),
    ("preliminary", re.compile(r"\b(?:mou|memorandum|letter of intent|preliminary|non-?binding)\b", re.I)),
    (
        "signed",
        re.compile(
            rf"\b(?:{STEP_VERB}|launch\w*|finali[sz]\w*|clos\w*|complet\w*|"
            r"(?:start\w*|beg[ia]n)(?! (?:to )?(?:mass[- ]|full[- ]|commercial |serial )?(?:\w+ing\b|"
            r"(?:make|build|produce|ship|sell|deliver)\b|(?:production|operations?|construction|deliveries|sales|output)\b)))\b",
            re.I,
        ),
    ),
]


# Words that say which step of the deal is asked about, not a thing beside it: "the final agreement".
_STEP_WORDS = frozenset(tokens("final definitive binding formal official full actual initial first"))


def event_date_answer(question: Question, kb: KnowledgeBase) -> Reply | None:
    """'When did X and Y sign?': the date of the deal's event of that kind, from its timeline; None when the
    timeline has no dated event of the kind asked about (the sentences may still say)."""
    deals = deals_asked(question, kb) if question.companies else []
    asked = next((status for status, pattern in _EVENT_VERBS if pattern.search(question.text)), None)
    if not deals or asked is None or _NOT_A_DEAL_STEP.search(question.text):
        return None
    verbs = set(tokens(" ".join(m.group() for _, p in _EVENT_VERBS for m in p.finditer(question.text))))
    headlines = {t for key in deals[0].articles for t in tokens(_title(kb, key))}
    other = [t for t in question.topic_tokens if t not in verbs and t not in _STEP_WORDS]
    if sum(t not in headlines for t in other) * 3 > len(other):
        return None  # "when will they open the plant?" asks about the plant, unless the news is the plant
    deal = deals[0]
    if asked == "signed" and deal.status in {"talks", "preliminary"} and len(deals) == 1 and deal.events:
        latest = deal.events[-1]  # "when was it signed?" of talks: it was not
        text = f"The articles don't say it was signed: {_LABEL[deal.status]}{_when(latest, kb)}."
        return _event_reply(kb, deal, latest, text, found=False)
    matching = [e for e in deal.events if e.status == asked and e.date]
    verb = dict(_EVENT_VERBS)[asked]
    matching = (  # "when did they sign?": the step told with that verb, not "began production"
        [e for e in matching if verbs & set(tokens(e.text))] or [e for e in matching if verb.search(e.text)] or matching
    )
    if not matching:
        return None
    event = matching[0] if question.when.which == "earliest" or asked == "talks" else matching[-1]
    # One article telling one step twice ("said on Wednesday they have signed", "it was signed on Dec. 18"):
    # the earlier date is when it happened, the later when it was announced.
    event = min((e for e in matching if e.article == event.article), key=lambda e: e.date or "")
    said = event.date_text or _spelt(event.date or "")
    return _event_reply(kb, deal, event, f"{said[0].upper()}{said[1:]}.")


def _event_reply(kb: KnowledgeBase, deal: Deal, event: DealEvent, lead: str, found: bool = True) -> Reply:
    """A one-line lead about a step of the deal, then the step's sentence quoted as it stands."""
    cite = _cite(kb, event.article, event.text)
    return Reply(
        title=f"{deal.name}: {_LABEL[event.status]}",
        text=clip(f"{lead} \u201c{event.text}\u201d"),
        found=found,
        citations=(cite,) if cite else (),
        deals=(deal_views.view(deal),),
        kind="deal",
    )


def _spelt(iso: str) -> str:
    """'2024-07-10' as 'July 10, 2024' (the day the article reports it)."""
    try:
        day = date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{day:%B} {day.day}, {day.year}"


def _fits_any(question: Question, deals: list[Deal]) -> bool:
    """Whether the question's own words (two or more beside the company) fit any of these deals: a partner's
    name ("100k teslas"), or words of its sentences other than the parties' names ("Corvane Lithium" says
    nothing of a lithium plant)."""
    if question.names:  # "LG's Grand Package project": a deal that never uses the name is another
        used = [{t for ev in deal.evidence for t in tokens(ev.text)} for deal in deals]
        return any(set(tokens(name)) <= words for name in question.names for words in used)
    named = {t for c in question.companies for t in tokens(c)}
    wanted = set(question.topic_tokens) - STATUS_WORDS - named
    if len(wanted) < 2:
        return True
    for deal in deals:
        if wanted & {t for p in deal.parties for t in distinctive_name_words(p)}:
            return True
        said = {t for text in (*(ev.text for ev in deal.evidence), *deal.topics) for t in tokens(text)}
        if wanted & said - {t for p in deal.parties for t in tokens(p)}:
            return True
    return False


def _title(kb: KnowledgeBase, key: str) -> str:
    article = kb.article(key)
    return article.title if article else ""


def _standing_by(deal: Deal, at: str) -> tuple[str, bool]:
    """When the deal last moved by ``at``, and whether it was still live then: the deal a question about
    that time is about comes first."""
    moved = max((d for d in (e.day for e in deal.events) if d and d[: len(at)] <= at), default="")
    live = deal.status != "ended" or (deal.as_of or "")[: len(at)] > at
    return moved, live


def _first_step(deal: Deal) -> str:
    return (deal.events[0].day if deal.events else "") or "9999"


def _pick(deal: Deal, question: Question) -> tuple[DealEvent | None, str]:
    events = deal.events
    if _asks_a_step(question.text) and any(not e.delayed for e in events):
        events = [e for e in events if not e.delayed]  # "binding or just an MoU?": a slip is no answer to that
    if question.when.which == "earliest":  # the first article's news: its lead, which sorts last of its day
        first = events[0]
        return [e for e in events if e.article == first.article and e.day == first.day][-1], ""
    if question.when.which == "at":
        before = [e for e in events if e.day[: len(question.when.at)] <= question.when.at]
        if not before:
            first = events[0]
            return None, first.date or first.published or "an undated article"
        return before[-1], ""
    return events[-1], ""


def _asks_a_step(text: str) -> bool:
    return any(p.search(text) for p in (ASKS_SIGNED, ASKS_ONLY_PRELIMINARY, ASKS_TALKS, ASKS_ENDED, _ASKS_BINDING))


def _verdict(question: Question, deal: Deal, event: DealEvent) -> str:
    """'Yes: signed', 'No: it ended', 'At first: in talks, nothing signed': the answer to what was asked."""
    status, text, when = event.status, question.text, question.when.which
    label = _LABEL[status]
    answer = _yes_or_no(text, status, label, event.delayed)
    if when == "earliest":
        return f"At first: {answer or label}"
    if when == "at":
        said = f"{question.when.said[0].upper()}{question.when.said[1:]}"
        return f"{said}: delayed, still {label}" if event.delayed and not answer else f"{said}: {answer or label}"
    if answer and ASKS_ENDED.search(text):
        return answer
    if status == "ended":
        return "No: it ended"
    if _scaled_back(deal):
        return f"No longer as first agreed: scaled back to {label}"
    if answer:
        return answer
    if event.delayed:
        slipped = f"delayed, though the deal is still {label}"
        if _ASKS_ON_TRACK.match(text):
            return f"No: {slipped}"
        return f"Yes: {slipped}" if re.search(r"\bstill\b", text, re.I) else slipped.capitalize()
    if when == "latest" and question.when.said and (_ASKS_WHAT.match(text) or _ASKS_HOLDING.search(text)):
        return f"Latest: {label}"  # "what's the latest?", "does Fortum still own part of it?": no yes or no of a deal
    if question.when.said:
        return {"signed": "Yes: signed", "preliminary": f"Not final: {label}", "talks": f"No: {label}"}[status]
    return f"Status: {label}"


_NEWEST_ASKED = re.compile(r"\b(?:latest|newest|most recent|what'?s new|any news|update)\b", re.I)
_ASKS_HOLDING = re.compile(
    r"\b(?:own|owns|hold|holds|keep|keeps|control|controls)\s+(?:a|any|part|some|its|the|a\s+stake)\b", re.I
)
_ASKS_WHAT = re.compile(r"\s*(?:what|where|how|tell|any)\b", re.I)


def _yes_or_no(text: str, status: str, label: str, delayed: bool = False) -> str | None:
    if _ASKS_HELD_UP.search(text):  # "is the merger still on hold?"
        return f"Yes: delayed, still {label}" if delayed else f"No: {label}"
    if ASKS_ENDED.search(text) and not re.search(r"\bstill on\b", text, re.I):
        return f"Yes: it {label}" if status == "ended" else f"No, it has not ended: {label}"
    if ASKS_TALKS.search(text):
        return f"Yes: {label}" if status == "talks" else f"Past talks: {label}"
    binding = bool(re.search(r"\bbinding\b", text, re.I)) and not re.search(r"\bnon-?\s?binding\b", text, re.I)
    if ASKS_ONLY_PRELIMINARY.search(text):
        if binding:  # "binding or just an MoU?": which of the two
            return {"signed": "Binding: signed", "preliminary": f"Not binding: {label}"}.get(
                status, f"Neither: {label}"
            )
        return {  # "is it still only an MoU?"
            "preliminary": f"Yes: {label}",
            "signed": "No: signed, a binding agreement",
            "talks": f"Not even that: {label}",
            "ended": f"No: it {label}",
        }[status]
    if _ASKS_FIRM.search(text):  # "is it a firm contract?": binding, or not
        return {"signed": "Yes: signed and binding", "ended": f"No: it {label}"}.get(status, f"No: {label}")
    if ASKS_SIGNED.search(text):
        return {
            "signed": "Yes: signed and binding" if binding else "Yes: signed",
            "preliminary": f"Not final: {label}",
            "talks": f"No: {label}",
            "ended": f"No: it {label}",
        }[status]
    return None


def _scaled_back(deal: Deal) -> bool:
    """The newest step is less than an earlier one reached; an ending told before a signing is no step back."""
    ranks = [STATUS_RANK.get(e.status, 0) for e in deal.events if e.status != "ended"]
    return bool(ranks) and deal.events[-1].status != "ended" and ranks[-1] < max(ranks)


def _when(event: DealEvent, kb: KnowledgeBase) -> str:
    if event.date_text:
        return f" ({event.date_text})"
    if event.date:
        return f", as of {event.date}"
    article = kb.article(event.article)
    return f", as of {article.published}" if article and article.published else ""


def _other_kind(question: Question, kb: KnowledgeBase, deal: Deal) -> Reply:
    asked = _A_KIND.get(question.kind or "", "that kind of deal")
    what = _A_KIND.get(deal.kind, "a deal")
    sentence = next((ev for ev in deal.evidence if "kind" in ev.fields), None) or next(
        (ev for ev in deal.evidence if "status" in ev.fields), None
    )
    text = f"No: the articles describe {what}, not {asked}."
    cites: list[Citation] = []
    if sentence is not None:
        text += f" \u201c{sentence.text}\u201d"
        cite = _cite(kb, sentence.article, sentence.text)
        cites = [cite] if cite else []
    return Reply(title=deal.name, text=clip(text), citations=tuple(cites), deals=(deal_views.view(deal),), kind="deal")


def _caveat(kb: KnowledgeBase, deal: Deal, event: DealEvent, says: re.Pattern[str] = _CAVEAT) -> tuple[str, str] | None:
    """A sentence of the article that reports the step saying the deal still depends on something
    ("subject to regulatory approvals"), or that an ended one may come back, about the deal or its parties."""
    article = kb.article(event.article)
    if article is None:
        return None
    cited = {ev.sentence for ev in deal.evidence if ev.article == event.article}
    parties = {t for p in deal.parties for t in tokens(p)}
    for index, sentence in enumerate(article.sentences):
        if (
            index
            and sentence != event.text
            and says.search(sentence)
            and (
                index in cited
                or REFERS_TO_DEAL.search(sentence)
                or _CLOSING.search(sentence)
                or parties & set(tokens(sentence))
            )
        ):
            return event.article, sentence
    return None


def _telling(kb: KnowledgeBase, deal: Deal, event: DealEvent) -> str:
    """The sentence of the step's article that tells the step with both parties named ("Stellantis and
    Samsung SDI said they have signed binding, definitive agreements"), before one that only follows from it."""
    article = kb.article(event.article)
    if article is None or event.delayed:
        return str(event.text)
    names = [set(tokens(p)) for p in deal.parties]
    for index, sentence in enumerate(article.sentences[:LEAD_SENTENCES]):
        if index == 0 and len(article.sentences) > 1:
            continue  # a headline summarises; the lead's sentence says it in full
        said = set(tokens(sentence))
        if status_of(sentence) == event.status and sum(1 for n in names if n & said) >= min(2, len(names)):
            return sentence
    return str(event.text)


LEAD_SENTENCES = 3  # news tells a step in its first sentences


def _cite(kb: KnowledgeBase, article_key: str, quote: str) -> Citation | None:
    article = kb.article(article_key)
    return deal_views.cite(article, quote) if article else None
