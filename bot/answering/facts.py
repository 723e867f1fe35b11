"""Fact answers: the one or two stored sentences that hold what was asked for, quoted as they stand.

The sentences that can answer are those of the articles about the companies
asked about (or, with no company named, the best search hits). A question
that asks for a kind of thing (an amount, a share, a date, a place...) is
answered only by a sentence that holds one; news often names the subject in
one sentence and gives the figure in the next, so a sentence also counts as
about the subject when the one before it is. When no sentence holds the thing
asked for, the answer says so, and quotes an article that says it was not
disclosed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, replace

from bot import deal_views
from bot.answering.asked import (
    ASKS_ENDED,
    ASKS_PAID_FOR,
    BREAKDOWN,
    COMPANY_NOUN,
    HOLDINGS,
    POINTS_BACK,
    REFERS_TO_DEAL,
    ROLE_TOLD,
    STEP_VERB,
    TAKES_THE_PLACE,
    Wanted,
    names_a_city,
    names_a_site,
    names_a_town,
    only_broad_places,
    places_beyond,
    says_undisclosed,
    wanted_in,
    withholds,
    without_cues,
)
from bot.answering.asked import NAME as _NAME_CUE
from bot.answering.asked import PERSON as _PERSON
from bot.answering.asked import ROLE as _ROLE
from bot.answering.asked import wanted as wanted_kind
from bot.answering.deal_choice import deals_asked
from bot.answering.deal_filters import REGIONS, kind_named
from bot.answering.named import SentenceNames, unread
from bot.answering.question import Question
from bot.answering.replies import FACT_LIMIT, SUGGESTION, clip, unknown
from bot.models import Citation, Reply
from knowledge.companies import Mention
from knowledge.dates import MONTHS, find_dates, without_dateline
from knowledge.deal_words import delay_match, status_of
from knowledge.figures import figures_in, money_value, states, sums
from knowledge.knowledge_base import KnowledgeBase, SentenceRef
from knowledge.non_orgs import is_place, is_place_word
from knowledge.records import Article, Deal, DealEvent
from knowledge.text import STOPWORDS, question_tokens, related, tokens
from knowledge.topics import areas_of, topics_of

MIN_COVERAGE = 0.5  # share of the question's topic (by IDF) a sentence must hold when no kind of thing is asked
MIN_TOPIC_WITH_KIND = 0.3  # the same when the sentence holds the kind of thing asked for
MIN_TOPIC_LOOSE = 0.15  # for reasons and people, told in other words than the question's
RELATED_WEIGHT = 0.7  # a question word matched only by a relative ("sold" for "buy") counts this much
STORY_LEAD = 3  # an article names the companies in its headline or first sentences when it is about them
HEADLINE_WEIGHT = 0.6  # a sentence holding what was asked shares this much of its headline's topic
RUNNER_UP = 0.75  # a second sentence holding the kind asked for is quoted too when it scores this close
MAX_SCOPE_SENTENCES = 400  # beyond this, the companies' articles are searched, not read whole
_LARGEST = re.compile(
    r"\b(?:most|maximum|largest|biggest|highest|in total|total|altogether|overall|all told|"
    r"combined|at most|up to|end up)\b",
    re.I,
)
_TOTAL = re.compile(r"\b(?:in total|a total of|total(?:l?ing)?|altogether|all told|combined|in all)\b", re.I)
_FIGURES = frozenset({"amount", "share", "count"})
# "The companies did not disclose the value. Analysts put it at about $2.7 billion": someone else's figure for it.
_ESTIMATE = re.compile(
    r"\b(?:estimat\w*|put (?:it|the \w+) at|reported|according to|people (?:familiar|close)|sources said|analysts?|"
    r"valued (?:it )?at about)\b",
    re.I,
)
_FIGURES_AND_DATES = _FIGURES | {"date"}
_FIGURES_DATES_PLACES = _FIGURES_AND_DATES | {"place"}
_MONEY_TERMS = re.compile(
    r"\b(?:terms|financial|financials|value|price|amount|sum|cost|payment|paid|pay|figure|how much|invest\w*|"
    r"contribut\w*|funding|worth)\b",
    re.I,
)
_STAKE_TERMS = re.compile(r"\b(?:stakes?|shares?|holdings?|percentage)\b", re.I)
_ASKS_SIZE = re.compile(
    r"\b(?:how big|how large|what size|capacity|how much (?:\w+ )?(?:output|capacity|power|energy))\b|"
    r"\bgwh\b|gigawatt",
    re.I,
)
_SIZE_UNITS = re.compile(
    r"\d\s?(?:gwh|mwh|gigawatt|megawatt|gw\b|tons|tonnes|metric tons)|\b(?:vehicles|cars|units|cells|"
    r"packs|batteries) (?:a|per|each) year\b",
    re.I,
)
_ASKS_POSSIBLE = re.compile(
    r"\b(?:if|could|might|would|can|may|up to|most|maximum|at most|potential\w*|option\w*|"
    r"supposed|expected|planned|meant|aim\w*|target\w*)\b",
    re.I,
)
_VALUATION = re.compile(
    r"\bvalu(?:e|es|ing)\b[^.]{0,40}?\bat\b|\bvaluation\b|\bmarket (?:value|cap\w*)\b|"
    r"(?<!transaction )(?<!deal )(?<!takeover )(?<!acquisition )(?<!merger )(?<!offer )\bvalued\b[^.]{0,40}?\bat\b|"
    r"\b(?:pro forma |implied )+(?:equity |enterprise )?value\b",  # a SPAC's "pro forma implied equity value"
    re.I,
)
# "what's the Toyota Pony.ai JV called?": the name of the venture itself, which a sentence gives beside its noun.
_VENTURE_ASKED = re.compile(r"\b(?:jv|joint venture|venture|new company|entity)\b", re.I)
_VENTURE_NAME_TOLD = re.compile(
    r"\b(?:joint venture|venture|JV|company|entity)\b[^.;]{0,40}?\b(?:called|named|dubbed|known as|name)\b|"
    r"\b(?:joint venture|venture|JV|company|entity),?\s+(?-i:[A-Z])|"
    r"(?-i:[A-Z])[\w.-]*(?:\s*\([^()]{1,12}\))?,? (?:the|a|an|their|its) (?:[\w-]+ ){0,4}?(?:joint venture|venture|JV|company)\b|"
    r"\b(?-i:[A-Z])[\w.-]*(?: (?-i:[A-Z])[\w.-]*)* (?:joint venture|venture|JV)\b|\bname of the (?:joint venture|venture|JV|company)\b",
    re.I,
)
_EXPLICIT_NAME = re.compile(
    r"\b(?:called|named|dubbed|known as|(?<!-)branded|code-?named|(?:project|code|brand) ?-?name|renamed|rebranded(?: as)?|"
    r"(?:operat|run|trad)\w* (?:under the name|as)|carr(?:y|ies|ied) (?:a|the) name)\b\W+[A-Z\"\u201c]"
)
_ASKS_VALUATION = re.compile(r"\bvaluations?\b|\bvalu(?:e|ed|es|ing)\b[^?]{0,40}\bat\b|\bmarket (?:value|cap)", re.I)
_ASKS_VALUE = re.compile(r"\b(?:valu\w*|worth|market cap\w*)\b", re.I)
_ASIDE = re.compile(r"(?:Separately|In (?:a )?separate \w+|Elsewhere|In other news|Unrelated)\b", re.I)
_CONDITIONAL = re.compile(
    r"\b(?:if|unless|option(?:al|s)?|could|might|would|should (?:demand|sales)|depending on|earn-?outs?|"
    r"contingent on|tied to)\b",
    re.I,
)
_DEAL_MONEY = frozenset({"deal_value", "investment", "plant_cost"})
_REASON_CUES = re.compile(
    r"\b(?:because|due to|after|amid|following|citing|concerns?|allegations?|accus\w+|decided|"
    r"reasons?|so that|in order to|could not|unable|delays?|problems?|doubts?|report|"
    r"short seller|fraud|scrutiny|probe|investigation|confidence|on (?:its|their) own|"
    r"focus on|demand|considering|given (?:the|that)|in light of|timing|not appropriate|pace|"
    r"slow\w*|cool\w*|weak\w*|reflect\w*|realign\w*|no longer|point(?:s|ed|ing)? to|blam\w+|"
    r"(?:brought on|caused|driven|hit|hurt) by|result of|as a result|led (?:\w+ ){0,4}to|"
    r"changes? in|conditions|pandemic|uncertain\w*|factors?|tak(?:ing|e|es|en) into account|in view of|"
    r"on account of|thanks to|environment|motivat\w*|rationale|"
    r"undervalu\w*|too low|inadequate|in the best interests?|expens\w+|costs?|costly|not right|wrong time|"
    r"economic|profitab\w+|hurdle\w*|did not meet|failed to meet|returns?|threshold)\b",
    re.I,
)
_SURNAME_DOES = re.compile(
    r"\b(?P<name>[A-Z][a-z]{2,})\s+(?:will|would|has|had|is|was|joined|joins|takes|took|"
    r"becomes|became|leads|led|heads|headed|runs|ran)\b"
)
_MAKES = re.compile(
    r"\b(?:make|makes|made|making|build|builds|built|building|produc\w+|manufactur\w+|assembl\w+)\b", re.I
)
_ASKS_HQ = re.compile(r"\b(?:hq|headquarter\w*|based)\b", re.I)
_SAYS_HQ = re.compile(
    r"\b(?:headquarter\w*|based in|HQ|head office|home base)\b\W+(?:\w+\W+){0,3}?[A-Z]|"
    r"\b[A-Z][\w.'-]+(?:,? [A-Z][\w.'-]+)*,? as (?:its|their|the) (?:\w+ )?(?:headquarters|head office|base|home)\b"
)  # "headquartered in Durham", and "named Durham, North Carolina, as its headquarters"
# Vehicles by any of their names: a count of robotaxis may be told in SUVs.
_VEHICLES = frozenset(tokens("vehicles cars evs suvs vans trucks robotaxis buses sedans pickups lorries"))
# "How much graphite", "how much lithium carbonate": a weight of goods.
_ASKS_MASS = re.compile(
    r"\bhow much\s+(?:[\w-]+\s+)?(?:lithium|nickel|cobalt|graphite|manganese|copper|aluminium|aluminum|steel|ore|"
    r"concentrate|carbonate|hydroxide|anode|cathode|materials?|spodumene|brine|precursors?|feedstock|sulphate|sulfate)\b",
    re.I,
)
_MASS_UNITS = frozenset(tokens("tonnes tons tonne ton kt mt kilotonnes kilograms kg pounds lbs"))
# "How many engineers?" is answered by "more than 1,200 specialists": people at work, whatever their title.
_PEOPLE = frozenset(
    tokens("engineers specialists staff employees workers people jobs experts developers researchers technicians")
)
# "How big is the plant?", "what capacity?": a plant's output a year, not a count of anything else.
_ASKS_CAPACITY = re.compile(
    r"\bhow (?:big|large)\b(?![^?]*\b(?:stake|share|deal|investment|writedown|loss|fine|bid|offer|hit|markdown|order|contract|fleet)\b)|"
    r"\bcapacity\b|"
    r"\bhow much\s+(?:\w+\s+)?(?:output|power|energy|gwh|production)\b",
    re.I,
)
_COUNTED = re.compile(r"\bhow many (?:[\w-]+ ){0,3}?(?P<unit>[a-z]{2,}s)\b|\bhow many (?P<measure>[a-z]{3,})", re.I)
_ASKS_LEADER = re.compile(
    r"\bwho\b.*\b(?:run|runs|lead|leads|head|heads|manage|manages|charge|chair\w*|president)\b|\bceo\b|\bboss\b", re.I
)
_LEADS = re.compile(
    r"\b(?:(?:hired|appointed|named|picked|chose|chosen|tapped|brought in)\b[^.;]{0,60}?\bto (?:run|lead|head|manage)|led by|will (?:be )?(?:led|run|headed|managed)|run by|headed by|will (?:lead|head|run)|"
    r"to lead|(?:appointed|named|picked|chosen|tapped) to (?:run|lead|head|manage)|named (?:as )?(?:chief|CEO|head)|(?:will|to) be (?:its|the venture's) (?:chief|CEO|head)|"
    r"heads? (?:the|its)|(?:will|to|would) (?:become|serve as|be named) (?:its |the )?(?:new )?(?:first )?"
    r"(?:[\w-]+,? ){0,3}?"
    r"(?:chair\w*|chief executive|ceo|president|head)|(?:chair\w*|chief executive|ceo|president|head) of the (?:new )?"
    r"(?:joint venture|venture|jv|company|firm|entity))\b",
    re.I,
)
_PROPER_NAME = re.compile(r"\b[A-Z][a-z]+(?:[- ][A-Z][a-z]+){1,4}\b|\b[A-Z][a-z]+[A-Z][A-Za-z]+\b")
_REGION_WORDS = frozenset(w for region in REGIONS for w in region.split())
_CHIEF = r"(?:ceo|chief executive|chairman|chairwoman|president|boss|head|founder)"
# "CEO of the venture", "president of the Toyota-Panasonic battery company": a role in the deal's own company.
_VENTURE_ROLE = re.compile(
    rf"\b(?:(?P<role>{_CHIEF})\s+of|to\s+(?:run|lead|head|manage))\s+(?:the|their|its|this|that)\s+(?:new\s+)?"
    r"(?:[\w/&-]+\s+){0,8}?(?:joint[- ]venture|venture|jv|company|firm|entity|business|unit)\b",
    re.I,
)
_ROLE_OF = re.compile(rf"(?:'s|s'|’s)\s+{_CHIEF}\b|\b{_CHIEF} of\b", re.I)
_CHIEF_OF = re.compile(rf"\b{_CHIEF} of (?:the )?(?P<whose>[\w&.-]+(?: [\w&.-]+)?)", re.I)
_RUNS = re.compile(
    r"\bwho (?:was |is |has been |were )?(?:running|heading|leading|in charge of|runs|heads|leads)\s+"
    r"(?P<who>[^?,]+?)(?=\s+when\b|\s+at the time\b|\s+before\b|\s+after\b|\?|,|$)",
    re.I,
)
_A_PERSON = re.compile(
    r"\b(?:CEO|chief|chairman|chairwoman|president|executive|founder|director|officer|minister|"
    r"analyst|head|said|says|told)\b"
)
_SURNAME_SAID = re.compile(r"(?<![\w.] )\b(?P<name>[A-Z][a-z]{2,})\s+(?:said|says|added|told|noted|explained|stated)\b")
_PRONOUN_SAID = re.compile(
    r"\b(?:he|she|they) (?:said|says|added|noted|explained)\b|\b(?:said|says|added) (?:he|she)\b", re.I
)
_YEAR = re.compile(r"(?:19|20)\d\d")
_FIGURE_TOKEN = re.compile(
    r"^\$?\d[\d.,]*(?:bn|b|m|mn|k|pct|gwh|mwh|gw)?$"
)  # "2.2bn", "20": the question's own figures name a step, no topic
_PAST = re.compile(r"\b(?:did|was|were|had|has|have)\b", re.I)
_CLAUSE_BREAK = re.compile(
    r"\s*(?:,?\s+(?:and|&|\+)|,|;|\?)\s+(?=(?:(?:at|for|by|in|to|on|from|with) (?:what|which|whom)|how|what|when|where|who|"
    r"whom|which|why|starting|since|by when)\b)",
    re.I,
)
# "ultium lansing plant cost & jobs?", "jv capital + split": two things asked, each by a noun.
_TERSE_BREAK = re.compile(r"\s+(?:&|\+|and)\s+(?=[\w$-]+(?:\s+[\w$-]+)?\s*\??\s*$)", re.I)
# "Fayette County, near Jeffersonville, 40 miles southwest of Columbus": a place told precisely.
_PRECISE_PLACE = re.compile(
    r"\b[A-Z][a-z]+ (?:County|Township|Province|Prefecture|District)\b|\bnear (?:the (?:town|city) of )?[A-Z][a-z]+|"
    r"\b\d+ (?:miles|km|kilometers|kilometres) (?:\w+ )?(?:north|south|east|west|outside|from)\w*"
)
_ASKS_PRECISE = re.compile(r"\b(?:exact|exactly|precise|precisely|specific|which (?:town|city|county))\b", re.I)
# "GM's 625m": a sum typed without its currency.
_BARE_SUM = re.compile(r"(?<![$€£\d.,])\b(\d[\d,.]*\s?(?:m|bn|million|billion))\b", re.I)
# Question words that only shape the question ("actually", "supposed to"), never its subject.
_OFFERING = re.compile(r"\b(?:offer(?:s|ed|ing)?|bid(?:s|ding)?)\b", re.I)
_SHAPE_WORDS = frozenset(
    tokens(
        "most least actually really exactly supposed end up get got make made able kind sort "
        "thing things right one ones currently plan plans planned going want wants back "
        "originally original initially size sized split structured structure broken breakdown comprise "
        "unit units arm division subsidiary take took taken"
    )
)


@dataclass
class _Scored:
    ref: SentenceRef
    score: float
    topic: float  # share of the topic this sentence (or the one it follows) holds
    holds: frozenset[str]  # the kinds asked for that it holds
    names: int  # asked-about companies it names


def fact_answer(question: Question, kb: KnowledgeBase) -> Reply:
    deals = deals_asked(question, kb) if question.companies else []
    if len(question.companies) >= 2 and not deals and not _shared_articles(question, kb):
        return unknown(f"I don't know of any deal between {' and '.join(question.companies)}. {SUGGESTION}")
    if not _topic(question) and not question.wants and not question.companies:
        return unknown(f"I don't know what to look for there. {SUGGESTION}")
    if not question.companies and not question.names and _mostly_unused(_topic(question), kb):
        # "who won the 2022 world cup?": words no article uses, with no company to anchor them: another subject
        return unknown(f"I don't know: no article I have is about that. {SUGGESTION}")
    too_late = _after_the_articles(question, kb)
    if too_late:
        return unknown(too_late)
    answers: list[list[SentenceRef]] = []
    unanswered: list[Question] = []
    unheld: list[str] = []
    scored: list[_Scored] = []
    parts = clauses(question)  # "how much, and who took the board seat?" is two questions
    for part in parts:
        topic = _without_unused_abbreviations(_topic(part), kb, question)
        if part is not parts[0] and POINTS_BACK.search(part.text):
            topic = list(dict.fromkeys(topic + _topic(parts[0])))  # "...and when is it supposed to open?"
        part_scored = _score(part, kb, deals, topic)
        scored = scored or part_scored
        prefer = answers[0][0].article.key if answers else None
        picked = _answer_part(part, kb, part_scored, deals, prefer, topic)
        if picked is None:
            unanswered.append(part)
        else:
            answers.append(picked)
            held = {
                h
                for s in part_scored
                for h in s.holds
                if any(s.ref.article is r.article and s.ref.index == r.index for r in picked)
            }
            unheld += [w.missing for w in part.wants if w.name not in held]  # "how much, and over what period?"
    if not answers:
        return _not_stated(question, kb, scored, deals)
    chosen = _with_withheld(_fit([a[0] for a in answers], [r for a in answers for r in a[1:]]))
    if len(question.companies) >= 2 and not deals and not _names_two(scored, chosen):
        # "the terms of the Toyota-Isuzu merger", from an article that names both but joins them in nothing
        return unknown(f"I don't know of any deal between {' and '.join(question.companies)}. {SUGGESTION}")
    text = " ".join(r.text if r.index or r.text[-1:] in ".!?" else r.text + "." for r in chosen)
    missing = [w.missing for part in unanswered for w in part.wants] + unheld
    if missing and len(text) < FACT_LIMIT - 60:
        text += f" The articles don't say {' or '.join(dict.fromkeys(missing))}."
    related = deals or kb.deals_citing(chosen[0].article.key, chosen[0].index)
    return Reply(
        title="Answer",
        text=clip(text, FACT_LIMIT),
        citations=tuple(deal_views.cite(r.article, r.text) for r in chosen),
        deals=tuple(deal_views.view(d) for d in related[:3]),
    )


def _names_two(scored: list[_Scored], chosen: list[SentenceRef]) -> bool:
    """Whether an article quoted names two of the companies asked about in one sentence: "Ford said Argo had
    been unable to attract investors" joins them; a rival named once beside a venture does not."""
    quoted = {r.article.key for r in chosen}
    return any(s.names >= 2 for s in scored if s.ref.article.key in quoted)


def _parts_of_a_total(article: Article, index: int, lead_sums: list[set[float]]) -> bool:
    """Whether a sentence's sums are the parts of a total another sentence of the lead gives ("Cells worth 1.5
    billion euros ... and the remaining 2.5 billion euros' worth", after "cells worth 4 billion euros");
    ``lead_sums`` holds the sums of the article's first sentences."""
    parts = sums(article.sentences[index])
    return len(parts) >= 2 and any(
        _adds_up_to(parts, total) for i, told in enumerate(lead_sums) if i != index for total in told
    )


def _lead_sums(article: Article) -> list[set[float]]:
    return [sums(t) for t in article.sentences[: STORY_LEAD + 2]]


def _adds_up_to(parts: set[float], total: float) -> bool:
    """Two or more sums that together make ``total`` (within 2%): its parts."""
    return len(parts) >= 2 and total not in parts and abs(sum(parts) - total) <= 0.02 * total


def _estimate_of_withheld(article: Article, index: int) -> bool:
    """A figure someone else gives right after the article says the companies did not: "The partners did not say
    how much each would contribute. The Wall Street Journal reported at least $1 billion between them." """
    return (
        index > 0
        and bool(_ESTIMATE.search(article.sentences[index]))
        and says_undisclosed(article.sentences[index - 1])
    )


def _with_withheld(chosen: list[SentenceRef]) -> list[SentenceRef]:
    """An estimate quoted after the sentence that says the figure was not disclosed, so that the answer says
    whose figure it is: "The companies did not disclose the value. Analysts put it at about $2.7 billion." """
    out: list[SentenceRef] = []
    for ref in chosen:
        before = ref.index - 1
        if _estimate_of_withheld(ref.article, ref.index) and not any(
            r.article is ref.article and r.index == before for r in chosen
        ):
            out.append(SentenceRef(ref.article, before))
        out.append(ref)
    return out


def _topic(question: Question) -> list[str]:
    asked = set(tokens(question.when.said))  # "as of Feb 2024", "in the first deal"
    if question.when.month:
        asked |= _MONTH_TOKENS  # "in the June deal" picks a step; "June" is not what the sentence must say
    if _PER_SHARE.search(question.text):
        asked |= set(tokens("per share apiece holders shareholders stockholders"))  # to whom a price is offered
    if any(w.name == "amount" for w in question.wants) and _OFFERING.search(question.text):
        asked |= set(tokens("offer offering bid bidding"))  # "what was Magna offering?": a price, said "pay"
    for named in _KIND_OF_DEAL.finditer(question.text):
        if kind_named(named["kind"]):  # "the vw supply deal": which deal, not what its sentences must say
            asked |= set(tokens(named["kind"]))
    for end in _NAMES_THE_END.finditer(question.text):
        asked |= set(tokens(end.group()))  # "in the breakup" picks the step; the sentences say "ending", "split"
    which = _WHICH_COMPANIES.search(question.text)
    if which:  # "which cell suppliers": the cells are the topic, suppliers what is asked for
        asked |= set(tokens(which["noun"])) | {"other"}
    return [
        t
        for t in question.topic_tokens
        if t not in _SHAPE_WORDS and not _YEAR.fullmatch(t) and not _FIGURE_TOKEN.search(t) and t not in asked
    ]


def _without_unused_abbreviations(topic: list[str], kb: KnowledgeBase, question: Question) -> list[str]:
    """'piedmont's nc project': a short word no article uses ("nc" for North Carolina) says nothing the
    articles can match, once the question names a company to anchor it."""
    if not question.companies:
        return topic
    return [t for t in topic if not 2 <= len(t) <= 3 or not t.isalpha() or kb.index.docs_with(t).size]


def _answer_part(
    part: Question,
    kb: KnowledgeBase,
    scored: list[_Scored],
    deals: list[Deal],
    prefer: str | None,
    topic: list[str],
) -> list[SentenceRef] | None:
    """The sentences that answer one question, the one that answers first; None when none holds the kind
    asked for. A later part of a compound question prefers the article that answered the first."""
    wanted = {w.name for w in part.wants}
    minimum = MIN_TOPIC_WITH_KIND if wanted else MIN_COVERAGE
    if wanted == {"person"}:
        minimum = MIN_TOPIC_LOOSE  # people are named beside their roles; the subject is often next door
    if wanted == {"reason"} and deals:
        # "Why did they call it off?" is told near the news of the change, in other words than the question's.
        # The storyline's steps over every deal the pair is in: a month or a year asked may be another's step.
        timed = part.when.month or part.when.which == "at"
        told = _reason_articles(part, *(_merged(deals) if timed else (deals[0].events, deals[0].articles)))
        month = part.when.month

        def at_the_time(ref: SentenceRef) -> float:
            """'Why did Volvo move against Northvolt last October?': the reasons told beside that month's step."""
            near = [ref.article.sentences[i] for i in (ref.index, ref.index - 1, ref.index - 2) if i >= 1]
            return 2.0 if month and any(_NAMES_MONTH[month].search(t) for t in near) else 1.0

        usable = sorted(
            (s for s in scored if s.holds and s.ref.article.key in told and not _ASIDE.match(s.ref.text)),
            key=lambda s: -(s.score**0.5) * (1 + len(_REASON_CUES.findall(s.ref.text))) * at_the_time(s.ref),
        )
    else:
        usable = [
            s
            for s in scored
            if (not wanted or s.holds)
            and (
                not topic
                or s.topic >= minimum
                or part.intent == "status"  # a sentence that says how things stand holds what is asked
                and s.topic >= MIN_TOPIC_WITH_KIND
                and bool(status_of(s.ref.text))
                or wanted == {"person"}
                and s.names >= 2
                or wanted == {"name"}
                and s.names >= 2
                and bool(_EXPLICIT_NAME.search(s.ref.text))
            )
        ]
        counted = _COUNTED.search(part.text)
        measured = counted and counted["unit"] or _ASKS_CAPACITY.search(part.text) or _ASKS_MASS.search(part.text)
        figures = {"amount", "share"} | ({"count"} if measured else set())
        if wanted & figures and deals and not usable:  # "how much of it will BII own after putting its money in?":
            mine = {a for d in deals for a in d.articles}  # the words tell the deal's story, not the figure's
            usable = [
                s
                for s in scored
                if wanted & figures & s.holds
                and (s.names or _THEY.match(s.ref.text) or measured and "count" in s.holds)
                and s.ref.article.key in mine
                and s.topic > 0
            ]
        if wanted == {"person"} and deals and not usable:  # "who runs the Toyota-Panasonic battery company?":
            mine = {a for d in deals for a in d.articles}  # the words describe the venture, not its chief
            families = [kb.family(c) for c in part.companies]
            read = {s.ref.article.key: s.ref.article for s in scored}
            mine |= {  # the venture's own article, which names both parents without reporting a step of their deal
                key for key, article in read.items() if all(kb.names_any(article, f) for f in families)
            }
            usable = [
                s
                for s in scored
                if s.holds and s.ref.article.key in mine and re.search(_ROLE.pattern, s.ref.text, re.I)
            ]
    required = [t for name in part.names for t in tokens(name) if kb.index.docs_with(t).size]
    if required:  # "How many jobs will ACC's Kaiserslautern factory create?" is about Kaiserslautern
        usable = [s for s in usable if kb.article_uses(s.ref.article.key, required)]
    models = {t for t in part.tokens if _MODEL_CODE.fullmatch(t)}
    if models:  # "when do R2 deliveries begin?": the sentence must name the R2, not the delivery vans
        usable = [s for s in usable if models & set(tokens(s.ref.text))]
    if prefer is not None:
        weight = 1.5 if topic else 2.0  # "..., and how many jobs?" asks about what the first part was answered from
        usable.sort(key=lambda s: -s.score * (weight if s.ref.article.key == prefer else 1.0))
    return _choose(usable, wanted, kb, part) if usable else None


def _reason_articles(question: Question, events: Sequence[DealEvent], articles: Sequence[str]) -> set[str]:
    """The article of the step a 'why' asks about (of a storyline's ``events``, about these ``articles``): the
    step at the time asked, the first, an ending, a signing ("why did BMW go with Northvolt?"), else the newest."""
    if not events:
        return set(articles)
    when = question.when
    if when.which == "at":
        at = [e for e in events if e.day.startswith(when.at)]
        events = at or events
    elif when.month:  # "why did Liontown say no back in March?": the step of that month
        events = [e for e in events if _month_of(e) == when.month] or events
    elif when.which == "earliest":
        events = events[:1]
    elif ASKS_ENDED.search(question.text):
        events = [e for e in events if e.status == "ended"] or events
    elif _CHOSE.search(question.text):
        events = [e for e in events if e.status == "signed"] or events
    return {events[-1].article}


def _merged(deals: list[Deal]) -> tuple[list[DealEvent], list[str]]:
    """The deals' steps as one timeline, oldest first, and the articles about them."""
    events = sorted((e for d in deals for e in d.events), key=lambda e: e.day)
    return events, [a for d in deals for a in d.articles]


def _month_of(event: DealEvent) -> int:
    day = event.day
    return int(day[5:7]) if len(day) >= 7 and day[5:7].isdigit() else 0


_CHOSE = re.compile(
    r"\b(?:go|went|gone) with\b|\b(?:choose|chose|chosen|pick\w*|select\w*|sign\w*|agree\w*|"
    r"partner\w*|team\w* up|join\w*)\b",
    re.I,
)


def _fit(primary: list[SentenceRef], extra: list[SentenceRef]) -> list[SentenceRef]:
    """Each part's answer first, then the sentences that complete them, within one chat message; each
    article's sentences in their order."""
    chosen: list[SentenceRef] = []
    for ref in primary + extra:
        if any(ref.article is c.article and ref.index == c.index for c in chosen):
            continue
        if chosen and sum(len(c.text) + 1 for c in chosen) + len(ref.text) > FACT_LIMIT:
            continue
        chosen.append(ref)
    order = {id(r.article): i for i, r in reversed(list(enumerate(chosen)))}
    return sorted(chosen, key=lambda r: (order[id(r.article)], r.index))


_NUMBER_OF = re.compile(r"\b(?:how many|number of)\s+(?P<what>[\w-]+)", re.I)
_ASKS_PLANT_COST = re.compile(r"\b(?:plant|factory|facility|gigafactory|site|build|construction)\b", re.I)
# Jobs lost, not jobs held: "lost their jobs", "laid off", "job cuts".
_LOSSES = re.compile(
    r"\b(?:los[et]|losing)\s+(?:their\s+|its\s+|\w+\s+)?jobs?\b|\blaid off\b|\blay(?:s|ing)? off\b|\blayoffs?\b|"
    r"\b(?:job|staff|head-?count|workforce) (?:cuts?|reductions?)\b|\bcut(?:s|ting)? (?:\w+ )?(?:jobs|staff|workers|positions)\b|"
    r"\bredundan\w+|\bjob losses\b",
    re.I,
)
# Jobs a project brings, not the staff a company has: "will create 3,000 jobs", "plans to hire 600 workers".
_ASKS_NEW_JOBS = re.compile(
    r"\b(?:creat\w*|bring\w*|add\w*|generat\w*|new)\b[^?]{0,30}\b(?:jobs|positions|workers|roles)\b|"
    r"\b(?:jobs|positions|workers|roles)\b[^?]{0,30}\b(?:creat\w*|add\w*|generat\w*)\b|\bhow many (?:people )?(?:will|would) (?:it |they |\w+ )?(?:hire|employ)\b",
    re.I,
)
_NEW_JOBS = re.compile(
    r"\b(?:creat\w*|bring\w*|add\w*|generat\w*|new|hir\w*|recruit\w*|employ up to|will employ|would employ|to employ|"
    r"secur\w*|support\w*)\b",
    re.I,
)
_ASKS_WHO_LED = re.compile(r"\bwho (?:co-)?led\b", re.I)
_LED_BY = re.compile(r"\b(?:co-)?led (?:by|the|its|a)\b|\bleads? (?:the|its) (?:round|funding|financing)\b", re.I)
_BARE_WH = re.compile(r"^\W*(?:where|when|who|why|how much|how many|how long)\W*$", re.I)


def clauses(question: Question) -> list[Question]:
    """The questions a compound question asks, each with its own kinds wanted and topic; the companies are
    the whole question's."""
    texts = [t for t in _CLAUSE_BREAK.split(question.text) if t.strip()]
    if len(texts) < 2:
        texts = [t for t in _TERSE_BREAK.split(question.text) if t.strip()]  # "plant cost & jobs?"
        kinds = [{w.name for w in wanted_in(t)} for t in texts]
        if len(texts) != 2 or not all(kinds) or kinds[0] & kinds[1]:
            return [question]
    parts = [replace(question, text=t, tokens=question_tokens(t), wants=wanted_in(t)) for t in texts]
    first = without_cues(texts[0], parts[0].wants)
    parts[1:] = [  # "signed when and where?": "where" is asked of what the first part names, the signing
        replace(p, text=f"{p.text.rstrip(' ?')} {first}", tokens=question_tokens(f"{p.text} {first}"))
        if _BARE_WH.match(p.text)
        else p
        for p in parts[1:]
    ]
    return parts if all(p.wants or _topic(p) for p in parts) else [question]


def _after_the_articles(question: Question, kb: KnowledgeBase) -> str | None:
    """'What did they deliver in 2025?' when the newest article about them is from 2022: the articles cannot
    know. Said only of the past tense; plans for a later year are in the articles."""
    if question.when.which != "at" or not _PAST.search(question.text):
        return None
    about = question.companies[0] if question.companies else " ".join(question.names)
    if question.companies:
        articles = kb.articles_naming(about)
    else:  # "Did the Zaragoza plant start by the end of 2026?": the articles that name Zaragoza
        words = [t for name in question.names for t in tokens(name)]
        articles = kb.articles_using(words) if words else []
    dates = [a.published for a in articles]
    if not dates or None in dates:
        return None
    newest = max(d for d in dates if d)
    if newest[: len(question.when.at)] >= question.when.at:
        return None
    return (
        f"The articles I have{' about ' + about if about else ''} end on {newest}; they can't say what happened "
        f"{question.when.said}."
    )


def _shared_articles(question: Question, kb: KnowledgeBase) -> bool:
    families = [kb.family(c) for c in question.companies]
    return any(all(kb.names_any(a, f) for f in families) for name in families[0] for a in kb.articles_naming(name))


def _candidates(
    question: Question, kb: KnowledgeBase, deals: list[Deal], query: list[str]
) -> tuple[list[SentenceRef], dict[tuple[str, int], float]]:
    """Every sentence of the articles about the companies asked about, else the best search hits;
    with the search scores of those the index ranks."""
    hits = kb.search(query, k=200) if query else []
    ranked = {(h.article.key, h.index): h.score for h in hits}
    if not question.companies:
        return hits[:80], ranked
    articles: dict[str, Article | None] = {a: kb.article(a) for d in deals for a in d.articles}
    families = [kb.family(c) for c in question.companies]
    first = sorted(
        {a.key: a for name in families[0] for a in kb.articles_naming(name)}.values(),
        key=lambda a: a.seq,
        reverse=True,
    )  # newest first
    for candidate in first:
        if all(kb.names_any(candidate, family) for family in families):
            articles.setdefault(candidate.key, candidate)
    # Read whole the articles that fit (the deal's first, then the newest); of the rest, the search hits.
    refs: list[SentenceRef] = []
    read: set[str] = set()
    for key, article in articles.items():
        if article is not None and len(refs) + len(article.sentences) <= MAX_SCOPE_SENTENCES:
            refs += [SentenceRef(article, i) for i in range(len(article.sentences))]
            read.add(key)
    refs += [h for h in hits if h.article.key in articles and h.article.key not in read]
    return refs, ranked


def _score(question: Question, kb: KnowledgeBase, deals: list[Deal], topic: list[str]) -> list[_Scored]:
    weights = {t: kb.idf(t) for t in topic}
    total = sum(weights.values()) or 1.0
    asked = set(question.companies)
    name_words = {c: _name_tokens(kb, c) for c in asked}
    deal_articles = {a for d in deals for a in d.articles}
    refs, ranked = _candidates(question, kb, deals, question.tokens or topic)
    best_rank = max(ranked.values(), default=1.0) or 1.0
    coverage: dict[tuple[str, int], float] = {}
    wanted = {w.name for w in question.wants}
    given = sums(question.text) or sums(_BARE_SUM.sub(r"$\1", question.text))  # "GM's 625m": $625 million
    per_share = bool(_PER_SHARE.search(question.text) or _CONVERSION_PRICE.search(question.text))
    unit_asked = _PER_UNIT.search(question.text)
    per_unit = unit_asked["unit"].lower() if unit_asked else ""
    families = [kb.family(c) for c in asked]
    kin = set().union(*families)  # the companies asked about, their owners and units
    kin |= {m.name for d in deals for v in d.ventures for m in kb.gazetteer.find_known(v)}  # their venture too
    partners = {p for d in deals for p in d.parties}
    withheld = {
        r.article.key
        for r in refs
        if "amount" in wanted
        and r.article.key in deal_articles
        and withholds(r.text, _MONEY_TERMS)
        and not _withheld_of_others(kb, r, kin)
        and not (_EACH_SHARE.search(r.text) and not _EACH_SHARE.search(question.text))
        # "nor how much each contributes": the total is still told, unless each one's share is asked
    }
    bought = ASKS_PAID_FOR.search(question.text)
    thing = (
        bought["thing"].lower()
        if bought
        and not any(
            m.start <= bought.start("thing") < m.end for m in kb.gazetteer.find_known(question.text, any_case=True)
        )
        else ""
    )  # "paying for the vans": vans, but "paying Volvo for UD Trucks" buys a company
    stake_price = thing in HOLDINGS
    paid_for = _with_relatives(tokens(thing)[0]) if thing and not stake_price and tokens(thing) else set()
    sum_withheld = {  # the articles that say the sum of a company asked about is not given
        r.article.key
        for r in refs
        if "amount" in wanted
        and (whose := _HOW_MUCH_OF.search(r.text))
        and says_undisclosed(r.text)
        and any(name_words[c] & set(tokens(whose["who"])) for c in asked)
    }
    storyline = deal_articles | {  # and the articles that name every company asked about, whatever deal they hold
        key
        for key, article in {r.article.key: r.article for r in refs}.items()
        if families and all(kb.names_any(article, f, lead=STORY_LEAD) for f in families)
    }
    leading: dict[str, bool] = {}

    def parties_named(named: set[str]) -> set[str]:
        """The companies that can be a party: not "The Wall Street Journal reported ..."."""
        return {n for n in named if (c := kb.company(n)) is None or c.is_party}

    asked_words = sorted(set().union(*name_words.values()))

    def leads_with_all(article: Article) -> bool:
        """The article is about the companies asked of (its lead names them all), not one that recalls their deal
        beside its own news: a sentence there naming only one of them is about that news."""
        if article.key not in leading:
            slots = [(article.key, i) for i in range(min(STORY_LEAD + 1, len(article.sentences)))]
            lead = set().union(*kb.words_used(asked_words, slots).values())
            leading[article.key] = all(
                name_words[c] & lead or kb.names_any(article, kb.family(c), lead=STORY_LEAD) for c in asked
            )
        return leading[article.key]

    told = _told(kb, storyline, question.when.which)
    first_told = told if question.when.which == "earliest" else ""
    last_told = told if question.when.which == "latest" else ""
    now_said = bool(question.when.said)
    ordinal = next(iter(_ordinals(question.text)), "")
    measured = _measured(question.text)  # "how much compensation": a sum of compensation, not any sum
    happening, happening_to = _happening(
        question.text, {t for c in asked for t in _name_tokens(kb, c)}
    )  # "when does it start": the date of a start, not of the announcement; "when does the van launch": the van's
    asks_step = not happening and bool(_ASKS_STEP.search(question.text))
    named_preliminary = bool(_NAMES_PRELIMINARY.search(question.text))
    parts_asked = "amount" in wanted and bool(BREAKDOWN.search(question.text))
    change_asked = "amount" in wanted and bool(_BY_HOW_MUCH.search(question.text))
    # "when they first announced it, had they picked a site?": the first article says not; "how much is the new
    # fuel-cell deal worth?": the newest says not, and the dropped deal's $4 billion is no answer
    told_now = first_told or (last_told if not question.when.said else "")
    # a storyline in which a step was dropped: its older articles tell what no longer holds
    superseded = deal_articles | storyline if any(d.status == "ended" for d in deals) else set()
    told_article = kb.article(told_now) if told_now else None
    withheld_then = {
        w
        for w in wanted & _WITHHELD_TERMS.keys()
        if told_article
        and any(
            withholds(t, _WITHHELD_TERMS[w])
            and (REFERS_TO_DEAL.search(t) or any(name_words[c] & set(tokens(t)) for c in asked))
            for t in told_article.sentences
        )
    }
    site_asked = "place" in wanted and bool(_ASKS_SITE.search(question.text))
    cities_asked = "place" in wanted and bool(_CITIES.search(question.text))
    within = _WHERE_IN.search(question.text) if "place" in wanted else None
    takes_place = "companies" in wanted and bool(TAKES_THE_PLACE.search(question.text))
    # "in the Ford-SK On breakup, who gets which plants?": the articles that tell of the end
    end_told = (
        {e.article for d in deals for e in d.events if e.status == "ended"}
        if _NAMES_THE_END.search(question.text)
        else set()
    )
    losses_asked = bool(_LOSSES.search(question.text))
    gains_asked = "count" in wanted and bool(_ASKS_NEW_JOBS.search(question.text))
    lead_asked = "companies" in wanted and bool(_ASKS_WHO_LED.search(question.text))
    venture_name_asked = "name" in wanted and bool(_VENTURE_ASKED.search(question.text))
    name_withheld = "name" in wanted and any(  # "the name of the joint venture will be announced in due course"
        withholds(r.text, _NAME_TERMS) for r in refs if r.article.key in deal_articles
    )
    step_asked = bool(re.search(rf"\b{STEP_VERB}", question.text, re.I))
    made_asked = "place" in wanted and bool(_MAKES.search(question.text)) and not _ASKS_HQ.search(question.text)
    counted = _COUNTED.search(question.text)
    capacity_asked = "count" in wanted and not counted and bool(_ASKS_CAPACITY.search(question.text))
    whose_role = _ROLE_WHOSE.search(question.text) if "scope" in wanted else None
    role_whose = set(tokens(next(g for g in whose_role.groups() if g))) - STOPWORDS if whose_role else set()
    role_told = bool(role_whose) and any(_role_of(r.text, role_whose) for r in refs)
    holder = _COUNT_HOLDER.search(question.text) if "count" in wanted else None
    holder_of_count = set(tokens(holder["who"])) if holder else set()
    unit = re.escape((counted["unit"] or counted["measure"])[:5]) if counted else ""
    unit_stem = tokens(counted["unit"]) if counted and counted["unit"] else []
    units = _with_relatives(unit_stem[0]) if unit_stem else set()  # "how many seats": seats, members
    if units & _VEHICLES:  # "how many robotaxis?" is answered by "more than 20,000 of Lucid's Gravity SUVs"
        units |= _VEHICLES
    if units & _PEOPLE:
        units |= _PEOPLE
    if "count" in wanted and not counted and _ASKS_MASS.search(question.text):
        units = set(_MASS_UNITS)  # "how much anode material a year?": tonnes of it, not "four years"
    count_withheld = {  # "Neither company disclosed ... the number of vehicles involved": of the things asked
        r.article.key
        for r in refs
        if "count" in wanted
        and r.article.key in deal_articles
        and says_undisclosed(r.text)
        and (what := _NUMBER_OF.search(r.text))
        and (not units or units & set(tokens(what["what"])))
        and not _withheld_of_others(kb, r, kin)
    }
    leads = bool(_ASKS_LEADER.search(question.text))
    runs = _RUNS.search(question.text)
    role_of = bool(_ROLE_OF.search(question.text)) and bool(asked)
    at_month = question.when.at if question.when.which == "at" and len(question.when.at) == 7 else ""
    years = _YEAR.findall(question.text)
    year = years[0] if years else ""
    # "the value of the 2024 contracts?": the newest article is the one asked about, and what it withholds is withheld
    year_told = bool(year and told_article and (told_article.published or "").startswith(year))
    largest = (
        max((v for r in refs for v in _deal_sums(r.text)), default=0.0)
        if "amount" in wanted and _LARGEST.search(question.text)
        else 0.0
    )

    thing_words = {t for name in question.names for t in tokens(name)}  # a plant or mine asked by its name
    alias_words = set().union(*name_words.values())
    chief_words = alias_words
    if runs:  # "who was running Samsung SDI when it signed with Stellantis?": Samsung SDI's chief, not Stellantis's
        said = set(tokens(runs["who"]))
        running = [c for c in asked if name_words[c] & said]
        named_chief = {w for c in running for w in name_words[c]}
        if len(running) == 1:  # "running the Volvo–Northvolt battery company" is their venture's chief
            role_of, chief_words = True, named_chief
    chief_of = _CHIEF_OF.search(question.text) if not asked else None
    if chief_of:  # "who is the CEO of cellcentric?": a chief beside that name, not its parents' chiefs
        role_of, chief_words = True, set(tokens(chief_of["whose"])) - STOPWORDS
    venture_role = _VENTURE_ROLE.search(question.text)
    # "who runs Sony Honda Mobility?": a venture read as its parents is asked about, not their chiefs
    leads_venture = bool(question.venture and _ASKS_LEADER.search(question.text))
    if venture_role or leads_venture:  # "who will be president of the Toyota-Panasonic battery company?"
        role_of = False  # not either parent's
    # "who will be president?": the sentence with that role, not the one with another
    asked_role = set(tokens(" ".join(re.findall(_CHIEF, question.text, re.I)))) if "person" in wanted else set()
    asks_valuation = bool(_ASKS_VALUATION.search(question.text))
    worth_asked = bool(_ASKS_WORTH.search(question.text))
    loss_asked = "amount" in wanted and bool(_SAYS_LOSS.search(question.text) or _LOST.search(question.text))
    own_numbers = _numbers_in(question.text) if wanted and not wanted & _FIGURES else set()

    def before(ref: SentenceRef) -> str:
        return ref.article.sentences[ref.index - 1] if ref.index > 1 else ""

    holder = _HOLDER.search(question.text) if "share" in wanted else None
    holder_words = {
        w
        for c in asked
        if holder and name_words[c] & set(tokens(holder["holder"] or holder["owner"]))
        for w in name_words[c]
    }
    payer = _PAYER.search(question.text) if wanted & {"amount", "share"} and asked else None
    payer_words = {
        w
        for c in asked
        if payer and name_words[c] & set(tokens(payer["payer"] or payer["bidder"]))
        for w in name_words[c]
    }  # "how much is Huayou investing?": a sum Huayou pays, not the project's value or LG's
    partner_words = (
        {w for d in deals for p in d.parties for w in _name_tokens(kb, p)} - payer_words
        if payer_words and _ALONE.search(question.text)
        else set()
    )  # "did ADQ put in on its own?": its partners' names must not share the clause
    needs_names = bool(wanted & {"companies", "person", "name", "share"}) or (  # those look at who else is named
        len(asked) >= 2 and bool(wanted & _FIGURES_DATES_PLACES)
    )
    known_surnames: dict[str, set[str]] = {}

    heads = {c.split()[0] for c in kin}  # "Mahindra will run the business" is the company, not Anand Mahindra

    def surnames(article: Article) -> set[str]:
        if article.key not in known_surnames:
            known_surnames[article.key] = {
                m.group().split()[-1] for s in article.sentences for m in _PERSON.finditer(s) if _ROLE.search(s)
            }
        return known_surnames[article.key]

    # Which sentences use each word that matters, from the index: no sentence is tokenised again.
    relatives = {t: related(t) for t in weights}
    wanted_words = sorted(
        set(weights)
        | {t for n in name_words.values() for t in n}
        | set().union(*relatives.values())
        | measured
        | happening
        | units
        | thing_words
    )
    near = [
        (a, i)
        for r in refs
        for a, i in ((r.article, r.index), (r.article, r.index - 1), (r.article, r.index - 2))
        if i >= 0
    ]
    used = kb.words_used(wanted_words, [(a.key, i) for a, i in near])

    def words(article: Article, index: int) -> set[str]:
        return used.get((article.key, index), set())

    # "Seres ... did not disclose the size of the stake or the amount": a sum in a sentence that does not name
    # Seres, there, is another buyer's.
    withheld_between = {
        kind
        for r in refs
        if len(asked) >= 2 and all(name_words[c] & words(r.article, r.index) for c in asked)
        for kind, terms in (("amount", _MONEY_TERMS), ("share", _STAKE_TERMS))
        if kind in wanted and withholds(r.text, terms)
    }

    named_in: dict[str, set[str]] = {}
    lead_sums: dict[str, list[set[float]]] = {}

    def cover(article: Article, index: int) -> float:
        slot = (article.key, index)
        if slot not in coverage:
            if article.key not in named_in:  # "at Centenario": a project the article names, if not each sentence
                named_in[article.key] = {t for t in thing_words & weights.keys() if kb.article_uses(article.key, [t])}
            found = words(article, index) | named_in[article.key]
            coverage[slot] = (
                sum(
                    w if t in found else w * RELATED_WEIGHT if relatives[t] & found else 0.0 for t, w in weights.items()
                )
                / total
                if topic
                else 1.0
            )
        return coverage[slot]

    out = []
    for ref in refs:
        article, index = ref.article, ref.index
        own = cover(article, index)
        inherited = max(
            [own]
            + [cover(article, index - step) * discount for step, discount in ((1, 0.8), (2, 0.6)) if index - step >= 1]
        )
        said = words(article, index)
        names = sum(1 for c in asked if name_words[c] & said)
        found = SentenceNames(kb.gazetteer.find, ref.text)  # the companies named, found when a test needs them
        given_names = found if needs_names else unread(ref.text)

        def surfaces(names: SentenceNames = given_names) -> AbstractSet[str]:
            return names.surfaces

        def others(names: SentenceNames = given_names) -> AbstractSet[str]:
            return names.others(asked)

        def named(names: SentenceNames = given_names) -> AbstractSet[str]:
            return names.names

        holds = frozenset(
            w.name for w in question.wants if _holds(w, question.text, ref.text, surfaces, others, alias_words)
        )
        if question.venture and "companies" in wanted and names >= 2:
            holds |= {"companies"}  # "which carmakers are behind Plugwise?": the parents its sentence names
        if units and "count" in wanted and "count" not in holds and _counts(ref.text, units):
            holds |= {"count"}  # "how many Rivian shares?": "91 million Rivian shares", which counts no "things"
        if takes_place:  # "who's replacing LG?": the sentence that puts a company in its place, however many it names
            holds = holds - {"companies"} | (
                {"companies"} if TAKES_THE_PLACE.search(ref.text) and given_names.names - kin else set()
            )
        if (
            len(asked) >= 2
            and holds & _FIGURES
            and not names
            and not REFERS_TO_DEAL.search(ref.text)
            and (
                given_names.names or article.key not in deal_articles
            )  # the deal's own article goes on about its plant
            and not _estimate_of_withheld(article, index)
            and not any(
                index - step >= 1 and any(name_words[c] & words(article, index - step) for c in asked)
                for step in (1, 2)
            )
        ):
            holds -= _FIGURES  # a sum, share or count beside neither company is some other company's
        if len(asked) >= 3 and holds & _FIGURES_AND_DATES and 2 <= names < len(asked):
            told_of = [c for c in asked if name_words[c] & said]
            if any(len(d.parties) == len(told_of) for d in kb.deals_with(*told_of)):
                holds -= _FIGURES_AND_DATES  # Ford and SK On's $11.4bn US plants are not their Turkish plant with Koc
        if "amount" in holds and len(asked) >= 2 and _paid_into_another(ref.text, given_names.mentions, kin):
            holds -= {"amount"}  # "Uber will invest $300 million in Lucid ... with Nuro" is no sum Uber puts into Nuro
        if (
            len(asked) >= 2
            and holds & _FIGURES_DATES_PLACES
            and names < len(asked)
            and (parties_named(given_names.names) - kin or not leads_with_all(article))
            and not (thing_words and thing_words <= words(article, index))  # "Syrah's Balama mine": Balama's loan
        ):
            holds -= (
                _FIGURES_DATES_PLACES  # "Tarn builds a $3.2bn plant with Kestrel" is no sum of Tarn's deal with Volvo
            )
        if (
            not asked
            and thing_words
            and holds & _FIGURES_DATES_PLACES
            and not thing_words <= words(article, index)
            and parties_named(found.names)
        ):
            holds -= _FIGURES_DATES_PLACES  # "how many Gachaco stations?": not "Gogoro's network has 10,000"
        if len(asked) == 1 and holds & _FIGURES_DATES_PLACES and not names:
            beside = parties_named(found.names) - kin - partners
            if beside and not REFERS_TO_DEAL.search(ref.text):
                holds -= _FIGURES_DATES_PLACES  # "Separately, Koç said it builds buses in Sakarya" is not BYD's place
        if (
            own_numbers
            and holds
            and not (own_numbers & _numbers_in(ref.text) or own_numbers & _numbers_in(before(ref)))
        ):
            holds = frozenset()  # "when will it reach 36 GWh?" is about the 36 GWh: a sentence without it says nothing
        elif (
            own_numbers
            and "date" in holds
            and not any(own_numbers & _numbers_in(c) and wanted_kind("date").holds(c) for c in _CLAUSES.split(ref.text))
        ):
            holds -= {"date"}  # "mass production in 2027, and expansion could take it to 36 GWh": 2027 is not its date
        if (
            "name" in holds
            and len(asked) >= 2
            and len(given_names.names & asked) < len(asked)
            and {o for o in given_names.others(asked) if not set(o.split()) & _named_in(ref.text)}
        ):
            holds -= {"name"}  # "GM's Ultium Cells venture with LG" is no name of GM's venture with Samsung SDI
        if (
            payer_words
            and "amount" in holds
            and not (per_share and payer_words & said)  # "each Cepton share not held by Koito ... $3.17": its price
            and not _paid_by(kb, ref.text, payer_words, partner_words, _DEAL_MONEY)
        ):
            holds -= {"amount"}  # "did ADQ put in on its own?" is not answered by what TPG and ADQ put in together

        if partner_words and "share" in holds and not _paid_by(kb, ref.text, payer_words, partner_words, _STAKES):
            holds -= {"share"}
        if (
            holder_words
            and "share" in holds
            and not _holder_first(ref.text, holder_words, given_names.surfaces - asked)
        ):
            holds -= {"share"}  # "GM's share of Thacker Pass" is not the 5% the Energy Department takes in it
        if capacity_asked and "count" in holds and not any(f.kind == "capacity" for f in figures_in(ref.text)):
            holds -= {"count"}  # "how big is the plant?": its output a year, not the people it employs
        if role_told and "scope" in holds and not _role_of(ref.text, role_whose):
            holds -= {"scope"}  # "what is VDL's role?": "VDL Groep will provide technological support", not the areas
        if holder_of_count and "count" in holds and not _counted_for(ref.text, holder_of_count):
            holds -= {"count"}  # "how many vans has Verizon ordered?" is not Walmart's 5,000, told beside Verizon
        if units and "count" in holds and not _counts(ref.text, units):
            holds -= {"count"}  # "how many seats?" is not answered by "two businesses", nor robotaxis by "15 cities"
        if (
            not per_share
            and "amount" in holds
            and _PRICE_EACH.search(ref.text)
            and not any(f.kind in _DEAL_MONEY for f in figures_in(ref.text))
        ):
            holds -= {"amount"}  # "shares at HK$64.03 each" is a price per share, not what the deal is worth
        if loss_asked and "amount" in holds and not (_SAYS_LOSS.search(ref.text) or _LOST.search(ref.text)):
            holds -= {"amount"}  # "how much did Cellforce lose?" is not answered by its 60 million euros of funding
        if loss_asked and _SAYS_LOSS.search(ref.text) and states(ref.text, "money"):
            holds |= {"amount"}  # "how big was the hit?": "after a $7.3 billion markdown", a sum beside a stake sale
        if (
            worth_asked
            and "amount" in holds
            and not _WORTH_SAID.search(ref.text)
            and not any(f.kind == "deal_value" for f in figures_in(ref.text))
        ):
            holds -= {"amount"}  # "what is the Toyota contract worth?": not the $3 billion LGES spends on its lines
        if asks_valuation and "amount" in holds and not _VALUATION.search(ref.text):
            holds -= {"amount"}  # "what valuation did IndianOil put on it?" is not answered by what it invested
        if per_share and "amount" in holds and not (_PER_SHARE.search(ref.text) or _CONVERTS_AT.search(ref.text)):
            holds -= {"amount"}  # "at what price per share?" is not answered by the deal's total
        elif per_share and "amount" in wanted and _PRICE_EACH.search(ref.text) and states(ref.text, "money"):
            holds |= {"amount"}  # "will pay 86 cents for each outstanding share": the price asked, beside the market
        if per_unit and "amount" in holds and not re.search(rf"\b(?:per|a|an|each)\s+{per_unit}s?\b", ref.text, re.I):
            holds -= {"amount"}  # "what price per tonne?" is not answered by "$1 billion a year on raw materials"
        if measured and "amount" in holds and not measured & words(article, index):
            holds -= {"amount"}
        elif measured and "amount" in wanted and measured & words(article, index) and states(ref.text, "money"):
            holds |= {"amount"}  # "how much revenue does Magna lose?": a sum of sales is what is asked
        if (
            happening
            and "date" in holds
            and (
                not happening & words(article, index)
                or happening_to
                and not happening_to & words(article, index)
                and not (article.key in deal_articles and happening_to & words(article, 0))
            )
        ):  # "Production is targeted to begin in 2025", in the article whose headline names the fab asked about
            holds -= {"date"}  # "when does SK On start making batteries there?" is no date of the deal's signing
        elif happening and "date" in holds and not wanted_kind("date").holds(without_dateline(ref.text)):
            holds -= {"date"}  # "GOTHENBURG, Feb. 4, 2022 - ... the factory they are building": the report's date
        if (
            "count" in wanted
            and "count" not in holds
            and units
            and _LABELLED.match(ref.text)
            and _counts(ref.text, units)
        ):
            holds |= {"count"}  # "Staff: about 5,100" in a fact sheet, for "how many employees?"
        if "count" in holds and article.key in count_withheld and names < len(asked):
            holds -= {"count"}  # the number was not disclosed: "testing of Ioniq 5s" counts nothing of the deal
        if "count" in holds and losses_asked and not _LOSSES.search(ref.text):
            holds -= {"count"}  # "how many staff lost their jobs?": not "Argo had more than 2,000 employees"
        if "name" in holds and name_withheld and not _NAME_CUE.search(ref.text):
            holds -= {"name"}  # the venture has no name yet: "Inflation Reduction Act" is none
        if (
            "name" in holds
            and venture_name_asked
            and not _VENTURE_NAME_TOLD.search(ref.text)
            and not any(v in ref.text for d in deals for v in d.ventures)
        ):
            holds -= {"name"}  # "what's the JV called?" is not answered by the name of the platform it runs on
        if "companies" in holds and lead_asked and not _LED_BY.search(ref.text):
            holds -= {"companies"}  # "who led Roam's round?": "The round was led by Equator", not Roam's rivals
        if "count" in holds and gains_asked and not _NEW_JOBS.search(ref.text):
            holds -= {"count"}  # "how many jobs will the fab create?": not "ZF employs about 9,000 people there"
        if holds & withheld_between and names < len(asked):
            holds -= withheld_between
        if (
            "amount" in holds
            and article.key in withheld
            and len(asked) >= 2
            and names < len(asked)
            and not _DEAL_SUM.search(ref.text)
            and not _estimate_of_withheld(article, index)
        ):
            holds -= {"amount"}  # the deal's terms were not disclosed: "$14 billion in its own plant" is not them
        if (
            "amount" in holds
            and article.key in withheld
            and not _ASKS_PLANT_COST.search(question.text)
            and {f.kind for f in figures_in(ref.text) if f.kind in _DEAL_MONEY} == {"plant_cost"}
        ):
            holds -= {"amount"}  # terms withheld: "built at the group's new $7.6 billion EV factory" is not them
        if "amount" in holds and stake_price and not _STAKE_HELD.search(ref.text):
            holds -= {"amount"}  # "how much did JSW pay for the stake?": not the venture's plan to invest
        if "amount" in holds and paid_for and not paid_for & set(tokens(ref.text)):
            holds -= {"amount"}  # "how much is Amazon paying for the vans?": not its investment in Rivian
        if "amount" in holds and article.key in sum_withheld and not _PAYS.search(ref.text):
            holds -= {"amount"}  # "He did not say how much Huayou would invest": the project's $8.45bn is not it
        if "amount" in holds and _VALUATION.search(ref.text) and not _ASKS_VALUE.search(question.text):
            holds -= {"amount"}  # "the IPO could value Ampere at 10 billion euros" is no sum paid
        if given and "amount" in holds and sums(ref.text) <= given:
            holds -= {"amount"}  # "GM's $625m commitment: how much is cash?" is not answered by "$625 million"
        if "person" in wanted and "person" not in holds and _surname_subject(ref.text, surnames(article) - heads):
            holds |= {"person"}  # "Hinrichs will join its board", after the sentence that names Joe Hinrichs
        if (
            "person" in wanted
            and "person" not in holds
            and index > 1
            and _PRONOUN_SAID.search(ref.text)
            and _holds(wanted_kind("person"), question.text, article.sentences[index - 1], named, set)
        ):
            holds |= {"person"}  # "..., he said." after the sentence that names him
        if "person" in holds and role_of and not _chief_of(ref.text, chief_words):
            holds -= {"person"}  # "Who is Rivian's CEO?" is not answered by Amazon's
        if (
            "person" in holds
            and (venture_role or leads_venture)
            and (_a_parents_chief(ref.text, alias_words) or not re.search(_ROLE.pattern, ref.text, re.I))
            and not _LEADS.search(ref.text)
        ):
            holds -= {"person"}  # "Toyota's president Akio Toyoda", or a speaker, does not run the venture
        if (
            holds & _FIGURES
            and _ASKS_OUTCOME.search(question.text)
            and not _ASKS_POSSIBLE.search(question.text)
            and _CONDITIONAL.search(ref.text)
        ):
            holds -= _FIGURES  # "how much did Volvo end up receiving?" is not answered by "up to ..., depending on"
        if (
            holds
            and index > 0
            and (
                not asked
                or article.key in deal_articles
                and names < len(asked)  # a sentence that goes on with the story, not one that names the pair anew
                and not found.names - kin
            )
        ):  # "where is the truckmakers' JV based?", "what is the MoU worth?": the article whose headline names it,
            inherited = max(inherited, HEADLINE_WEIGHT * cover(article, 0))  # in a sentence of no other company
        credit = float(names)
        if names < len(asked) and article.key in deal_articles and REFERS_TO_DEAL.match(ref.text):
            credit = max(credit, 0.75 * len(asked))  # "The venture, which ..." speaks of the deal asked about
        elif names and names < len(asked) and article.key in deal_articles and _OF_THE_DEAL.search(ref.text):
            credit = max(credit, 0.75 * len(asked))  # "Panasonic aims for 10 GWh a year for the partnership"
        elif (
            not names
            and index > 1
            and article.key in deal_articles
            and _ITS.match(ref.text)
            and REFERS_TO_DEAL.match(article.sentences[index - 1])
        ):
            credit = max(credit, 0.5 * len(asked))  # "The plant will be in Rayong. Its initial capacity will be ..."
        score = (0.2 + inherited) * (0.6 + 0.4 * credit / max(len(asked), 1))
        score *= 1.0 + ranked.get((article.key, index), 0.0) / best_rank
        score *= 1.0 + 0.5 * len(holds)
        if (
            payer_words
            and "amount" in holds
            and given_names.mentions
            and set(tokens(ref.text[given_names.mentions[0].start : given_names.mentions[0].end])) & payer_words
            and _PAYS.search(ref.text)
        ):
            score *= 1.5  # "what is Isuzu paying?": "Isuzu is paying an enterprise value of 243 billion yen"
        if given and sums(ref.text) & given:
            score *= 1.5  # "when did Nio sign the $2.2bn agreement?": the sentence that states that sum
        if "amount" in holds and asks_valuation and _VALUATION.search(ref.text):
            score *= 2.5  # "what valuation did BII put on it?": the sentence that values it, not the sum paid
        if year and (year in ref.text or (article.published or "").startswith(year)):
            score *= 1.3  # "in 2019": the article of that year, or the sentence that says it
            if len(storyline) > 1 and (article.published or "").startswith(year):
                score *= 1.5  # "the split under the 2021 deal": of a storyline's articles, the one of 2021
        if question.intent == "status" and not deals and index <= 2 and status_of(ref.text):
            score *= 1.5  # "what's the latest on BYD's plant in Chile?", of no deal: the news of the step, in the lead
        if article.key == last_told:  # a storyline's newest article tells how things stand
            # "how much does Nissan still own now?": a newer article's figure supersedes an older one's
            score *= (2.5 if holds else 1.5) if now_said else 1.1
        if article.key in end_told:
            score *= 2.5
        if article.key == first_told:
            score *= 3.0  # "who ran Samsung SDI when it signed the original MoU?": the storyline's first article
        if question.when.month and _in_month(article, ref.text, question.when.month):
            score *= 1.5  # "the June deal": the article of that month, or the sentence that dates it so
        if at_month and (article.published or "").startswith(at_month):
            score *= 1.5  # "when the agreements were signed in July 2023": that month's article
        if "name" in holds and _EXPLICIT_NAME.search(ref.text):
            score *= 2.5  # "called SiliconAuto", "under the project name 'MONA'": a naming, said as one
        elif "name" in holds and (
            wanted_kind("name").holds(ref.text)
            or any(set(tokens(m.group())) & weights.keys() for m in _PROPER_NAME.finditer(ref.text))
        ):
            score *= 2.0  # "the Advanced Digitized Platform" for "the platform's name"
        if parts_asked and "amount" in holds and len(sums(ref.text)) >= 2:
            score *= 2.0  # "how did Hyundai and Kia split the investment?": "80 million euros and Kia 20 million"
        if (
            "amount" in holds
            and not parts_asked
            and not given
            and _parts_of_a_total(article, index, lead_sums.setdefault(article.key, _lead_sums(article)))
        ):
            score *= 0.6  # "how much was the order worth?": the 4 billion, not the 1.5 and 2.5 billion it is made of
        if given and "amount" in holds and _adds_up_to(sums(ref.text), max(given)):
            score *= 3.0  # "how was the $650m structured?": "$320 million ... and $330 million"
        if "count" in holds and _ASKS_SIZE.search(question.text) and _SIZE_UNITS.search(ref.text):
            score *= 2.5  # "how big can it get?": a capacity, not "two European plants"
        if "count" in holds and unit and re.search(rf"\d[\d,.]*\s*(?:[\w-]+\s+){{0,2}}?{unit}", ref.text, re.I):
            score *= 2.5  # "how many jobs?": a number of jobs, not of workers
        if "date" in holds and happening & words(article, index):
            score *= 2.5
        if "amount" in holds and change_asked and not _CHANGED_BY.search(ref.text):
            holds -= {"amount"}  # "by how much is the loan cut?" is not answered by the loan's size
        if holds & withheld_then and (
            article.key in (superseded if last_told and not year_told else deal_articles | storyline) - {told_now}
            or article.key == told_now
            and _EARLIER_STEP.search(ref.text)
        ):
            holds -= withheld_then  # what another article or an earlier step told, not the one asked about
        if "place" in holds and site_asked and not names_a_site(ref.text):
            holds -= {"place"}  # "had they picked a site?" is not answered by "a factory in the United States"
        if "place" in holds and cities_asked and not names_a_city(ref.text):
            holds -= {"place"}  # "in which cities?" is not answered by "in India"
        if (
            "place" in holds
            and not step_asked
            and _TOLD_AT.search(ref.text)
            and not places_beyond(_TOLD_AT.sub(" ", ref.text))
        ):
            holds -= {"place"}  # "announced at the Saudi-Korean Business Forum in Riyadh": where it was told
        if "place" in holds and made_asked and _SAYS_HQ.search(ref.text) and not _MAKES.search(ref.text):
            holds -= {"place"}  # "where will Siro make its batteries?": not where it has its headquarters
        if "place" in holds and question.names and not places_beyond(ref.text, *question.names):
            holds -= {"place"}  # "where does the graphite for the Vidalia plant come from?": not from "in Vidalia"
        if "place" in holds and within and not places_beyond(ref.text, within["area"]):
            holds -= {"place"}  # "where in Indonesia?" is not answered by "in Indonesia"
        if "place" in holds and _PRECISE_PLACE.search(ref.text):
            score *= 3.0 if _ASKS_PRECISE.search(question.text) else 1.5  # "where exactly?": the county, not the state
        elif "place" in holds and names_a_town(ref.text):
            score *= 1.5  # "at its plant in Graz, Austria"
        elif "place" in holds and only_broad_places(ref.text):
            score *= 0.6  # "to build the Ocean in Europe" tells less than "at its plant in Graz, Austria"
        if "date" in holds and any(len(d.iso) == 10 for d in find_dates(ref.text)):
            score *= 1.3  # "when?" is best answered by the day, not by a year the sentence recalls
        if "date" in holds and asks_step and status_of(ref.text):
            score *= 1.8  # "when did they sign?" is answered by the sentence that reports a step of the deal
        if holds & {"date", "place"} and named_preliminary and status_of(ref.text) == "preliminary":
            score *= 1.6
        if "date" in holds and asks_step and _DATED_STEP.search(ref.text):
            score *= 1.5  # "was signed on Dec. 18", not "told a news conference on Wednesday"
        if "place" in holds and step_asked and _STEP_PLACE.search(ref.text):
            score *= 2.0  # "signed where?": "the signing took place at the Lotte Hotel in Seoul"
        if (
            question.intent == "status"
            and (status_of(ref.text) or delay_match(ref.text))
            and not (question.when.which == "latest" and _recalled(ref.text, article))
        ):
            score *= 2.0  # "ampere ipo - still on?" with no deal to read: the sentence that says how it stands
        if "person" in holds and asked_role and asked_role & set(tokens(ref.text)):
            score *= 2.0  # "President: Hiroaki Koda", for "who will be its president?"
        if "person" in holds and leads and _LEADS.search(ref.text):
            score *= 2.0
        if "person" in holds and _ROLE.search(ref.text):
            score *= 1.5  # "who runs it?" is answered by the sentence with the role
        if "scope" in holds:
            score *= 1.0 + 0.3 * len(areas_of(ref.text))  # the sentence that lists the areas, not one of them
        if "amount" in holds and _LARGEST.search(question.text):
            score *= 1.0 + 4.0 * _largest_share(ref.text, largest)
        if article.key in deal_articles:
            score *= 1.3
        if len(asked) >= 2 and names < len(asked) and _ASIDE.match(ref.text):
            score *= 0.4  # "Separately, Honda will spend $700 million on its own plants" is not about the deal
        if ordinal and any(o != ordinal for o in _ordinals(ref.text)):
            score *= 0.5  # "the first Kokomo plant" is not answered by the sentence about the second one
        if index == 0:
            score *= 0.7  # a headline summarises; the body holds the particulars
        elif index <= 4 and holds & _FIGURES:
            score *= 1.15  # news gives its main figures first; later sentences add options and background
        if holds & _FIGURES and _EARLIER_STEP.search(ref.text) and question.when.which == "earliest":
            score *= 1.5  # "how many did they first agree?": "under the earlier deal ... 120 trucks"
        if holds & _FIGURES and _CONDITIONAL.search(ref.text) and not _ASKS_POSSIBLE.search(question.text):
            score *= 0.7  # "up to 5 GWh more if demand is stronger" is an option, not the figure asked for
        out.append(_Scored(SentenceRef(article, index), score, inherited, holds, names))
    return sorted(out, key=lambda s: -s.score)


# Where news was told, not where anything is: "announced on Sunday at the Business Forum in Riyadh".
_TOLD_AT = re.compile(
    r"\b(?:announced|unveiled|presented|revealed|signed|told|said|disclosed)\b[^.;]{0,30}?\b(?:at|during)\b[^.;]{0,80}?"
    r"(?:\bin\s+[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?)?(?=[,.;]|$)"
)
# What came of it, not what might: "did they end up receiving", "how much was actually paid".
_ASKS_OUTCOME = re.compile(r"\b(?:end(?:ed)? up|actually|in the end|ultimately|in fact)\b", re.I)
# "How much is the contract worth?": the value of the deal itself, as a sentence says it.
_ASKS_WORTH = re.compile(
    r"\b(?:contract|deal|order|agreement|pact|supply deal|tie-?up)s?\b[^?]{0,20}\bworth\b|"
    r"\bvalue of (?:the |their |its )?(?:[\w'’-]+ ){0,3}?(?:contract|deal|order|agreement)s?\b",
    re.I,
)
_LOST = re.compile(r"\b(?:lose|loses|lost|losing)\b", re.I)
_SAYS_LOSS = re.compile(
    r"\b(?:hit|markdowns?|mark-downs?|writedowns?|write-downs?|write-offs?|impairments?|losses|loss|charges?)\b", re.I
)
_WORTH_SAID = re.compile(
    r"\b(?:worth|valued?|value of|valuing|totall?ing|deal size|estimat\w+|priced|put (?:it|its value|the value) at)\b",
    re.I,
)
_EACH_SHARE = re.compile(r"\b(?:each|individual\w*|respective)\b", re.I)
_EARLIER_STEP = re.compile(
    r"\b(?:earlier|previous|original|initial|first|old|prior) (?:deal|agreement|plan|contract|order|arrangement|"
    r"target|goal)s?\b|\bpreviously\b|\b(?:had|was|were) originally\b|"
    r"\b(?:first|originally|initially) (?:unveiled|announced|outlined|presented|proposed|spoke|planned|talked|invested|bought|agreed|signed|took|acquired|paid|backed|committed)\b",
    re.I,
)
# "The venture will cost $2 billion": a sum said of the deal itself, in an article that withholds its terms.
# "did not say how much Huayou would invest": whose sum is withheld.
_HOW_MUCH_OF = re.compile(
    r"\bhow much (?:money )?(?P<who>(?:[A-Z][\w&.-]*\s+){1,3}?)(?:would|will|was|is|had|has|planned|plans|"
    r"intends|intended|paid|pays|invested|invests|spent)\b"
)
# The price of a holding is told with the holding.
_STAKE_HELD = re.compile(r"\b(?:stakes?|shares?|holdings?|interest|per ?cent|percent)\b|\d\s*%", re.I)
# A sentence that says someone pays or puts in a sum, as the answer to a sum withheld elsewhere must.
_PAYS = re.compile(r"\b(?:pa(?:y|ys|id|ying)|invest\w*|spen[dt]\w*|contribut\w*|put(?:s|ting)? in|inject\w*)\b", re.I)
_DEAL_SUM = re.compile(
    rf"(?:{REFERS_TO_DEAL.pattern})[^.;]{{0,40}}?\b(?:worth|cost\w*|valued|invest\w*|spend\w*|fund\w*|"
    r"pa(?:y|id|ying))\b",
    re.I,
)
# "the first plant", "the second factory": which of several like things a storyline tells of.
_ORDINAL = re.compile(
    r"\b(first|second|third|fourth|original|initial)\s+(?:[\w.-]+\s+){0,3}?(?:plant|factory|"
    r"gigafactory|facility|site|deal|agreement|contract|tranche|round|investment|phase)s?\b",
    re.I,
)
_SAME_ORDINAL = {"original": "first", "initial": "first"}


_MONTH_TOKENS = frozenset(tokens(" ".join(MONTHS)))


def _recalled(sentence: str, article: Article) -> bool:
    """A step told with a year before the article's ("agreed the Grand Package in late 2020"): the story so
    far, not how things stand now."""
    published = (article.published or "")[:4]
    return bool(published) and any(year < published for year in _YEAR.findall(sentence))


_NAMES_MONTH = {  # "Oct." or "October"; "May", not "may have"; MONTHS has the full names first
    i: re.compile(rf"\b{name[:3].title()}(?:{name[3:]})?\b") for name, i in list(MONTHS.items())[:12]
}


def _in_month(article: Article, sentence: str, month: int) -> bool:
    published = article.published or ""
    return published[5:7] == f"{month:02d}" or any(d.iso[5:7] == f"{month:02d}" for d in find_dates(sentence))


def _withheld_of_others(kb: KnowledgeBase, ref: SentenceRef, kin: set[str]) -> bool:
    """'Stellantis is making a "strategic investment". It did not say how much.': another company's sum is
    withheld, not the one asked about."""
    named = kb.names_in(ref.text)
    if not named and ref.index > 0 and _IT_SAID.match(ref.text):
        named = kb.names_in(ref.article.sentences[ref.index - 1])
    return bool(named) and min(named, key=lambda m: m.start).name not in kin  # whose sum: the subject's


_IT_SAID = re.compile(r"(?:It|They|The company|The group|The carmaker|The automaker)\b")


def _told(kb: KnowledgeBase, keys: set[str], which: str) -> str:
    """The storyline's first or newest article by publication date, when it has more than one dated article."""
    dated = sorted((a.published, a.key) for a in (kb.article(k) for k in keys) if a and a.published)
    if len(dated) < 2 or which not in {"earliest", "latest"}:
        return ""
    return dated[0][1] if which == "earliest" else dated[-1][1]


def _ordinals(text: str) -> set[str]:
    return {_SAME_ORDINAL.get(m.lower(), m.lower()) for m in _ORDINAL.findall(text)}


_PRICE_EACH = re.compile(
    r"\d\s*(?:each|apiece|a share|per share|per ADS)\b|"
    r"\d[\w\s]{0,12}?\bfor each (?:outstanding |ordinary |common )?(?:share|ADS)\b",  # "86 cents for each share"
    re.I,
)
# "price per tonne", "cost per kWh": a price of one unit of something sold.
_PER_UNIT = re.compile(
    r"\b(?:per|a|each)[\s-]+(?P<unit>tonne|ton|metric ton|kwh|kilowatt-hour|unit|vehicle|car|cell|pack|pound|kilogram|kg|"
    r"kilometre|kilometer|km|mile)s?\b",
    re.I,
)
_PER_SHARE = re.compile(
    r"\b(?:per|a|each) (?:(?-i:[A-Z])[\w.-]* |outstanding |ordinary |common )?(?:share|ADS)\b|\bper-share\b|\bapiece\b",
    re.I,
)  # "each Cepton share": a price per share of the company named
# "what's the conversion price on the note?": a price of one share, as "converts into shares at 53 cents" gives it
_CONVERSION_PRICE = re.compile(r"\b(?:conversion|exercise|strike) price\b", re.I)
_CONVERTS_AT = re.compile(r"\b(?:conver|exercis)\w*\b[^.;]{0,80}?\bat (?:an? )?(?:\w+ )?(?:price of )?\S?\d", re.I)
_PRODUCT_PRICE = re.compile(
    r"\b(?:price|cost)\b[^?]*\b(?:sell|sold|retail|go on sale|be priced|start)\w*\b|"
    r"\bhow much (?:will|does|would|do|did) (?:the |a |an |its |their )?[\w -]{0,30}?\b"
    r"(?:cost|sell for|retail for)\b|"
    r"\bwhat (?:will|does|would|do|did) (?:the |a |an |its |their )?[\w -]{0,30}?\b(?:cost|sell for|retail for)\b|"
    r"\b(?:what(?:'s| is| will be)? (?:it|they|the \w+) )?priced at\b|"
    r"\bprice of (?:the |a |an |its |their )?(?!(?:[\w-]+ )?(?:deal|stake|acquisition|merger|investment|shares?|"
    r"purchase|takeover|buyout|transaction|contract|offer|bid)\b)",
    re.I,
)  # "what will the first truck cost?", "what's it priced at?": the product's price, not the deal's sum
_WHICH_COMPANIES = re.compile(rf"\b(?:which|what) (?:\w+ ){{0,2}}?{COMPANY_NOUN}\b", re.I)
_HOW_MUCH_NOUN = re.compile(r"\bhow much (?:(?:19|20)\d\d )?(?P<noun>[a-z]{4,})\b", re.I)
# "how big is the METI subsidy?": a sum of the subsidy, not any sum the article gives.
_SIZE_OF_NOUN = re.compile(
    r"\bhow (?:big|large) (?:is|was|are|were|will be) (?:the |a |an |its |their )?(?:[\w'’-]+ ){0,3}?"
    r"(?P<noun>subsid\w*|grants?|loans?|fines?|aid|funding|payments?)\b",
    re.I,
)
# "what was Hanon's revenue in 2024?": a company's earnings, which no deal's sum answers.
_EARNINGS_ASKED = re.compile(r"\b(?P<noun>revenue|revenues|turnover|profits?|earnings)\b", re.I)
_NOT_MEASURED = frozenset(tokens("money cash more will would could does have were what that this")) | {"is", "did"}


def _measured(question: str) -> set[str]:
    """The word (and the words news uses for it) of what a sum is asked of: 'how much compensation'."""
    if _PRODUCT_PRICE.search(question):
        return _with_relatives("price")  # "what price will the Afeela sell for?": a price, not the capital
    found = _HOW_MUCH_NOUN.search(question) or _SIZE_OF_NOUN.search(question) or _EARNINGS_ASKED.search(question)
    if not found:
        return set()
    noun = tokens(found["noun"])
    if not noun or noun[0] in _NOT_MEASURED or noun[0] in STOPWORDS:
        return set()
    return _with_relatives(noun[0])


_WHEN_VERB = re.compile(
    r"\bwhen (?:does|do|will|did|is|was|are|were|should|would|could|can) (?P<subject>(?:[\w-]+ ){0,5}?)"
    r"(?P<verb>start\w*|begin\w*|open\w*|launch\w*|finish\w*|complet\w*|clos\w*|wrap\w*|"
    r"ship\w*|produc\w*|reach\w*|expir\w*|end\w*|run\w*)\b"
    r"(?: (?:to )?(?:mass[- ])?(?P<then>(?!\w+ing\b)(?:produc|manufactur|mak|build|ship|deliver|sell|test|hir)\w*|\w+ing\b))?",
    re.I,
)


def _happening(question: str, names: set[str]) -> tuple[set[str], set[str]]:
    """The words (and their relatives) of what a 'when' asks the date of: 'when does it start?', and 'when are
    deliveries supposed to start?' is also answered by 'first deliveries are planned for spring 2026'."""
    found = _WHEN_VERB.search(question)
    if not found:
        return set(), set()
    verb = tokens(found["then"] or found["verb"])  # "start mass producing" asks when production starts
    subject = {t for t in tokens(found["subject"]) if t not in names and t not in _NOT_HAPPENING}
    return (_with_relatives(verb[0]) if verb else set()) | subject, subject


# "When did Audi and SAIC announce the deal?": the date of a step of the deal itself.
_ASKS_STEP = re.compile(rf"\bwhen\b.*\b{STEP_VERB}\b|\b{STEP_VERB}\s+(?:\w+\s+)?when\b", re.I)
_DATED_STEP = re.compile(
    rf"\b{STEP_VERB}\s+(?:[\w,]+\s+){{0,3}}?(?:on|in)\s+(?:[A-Z][a-z]{{2,8}}\.?\s+\d|\d{{1,2}}\s+[A-Z][a-z]{{2,8}})"
)
_STEP_PLACE = re.compile(rf"\b(?:{STEP_VERB}|signing|ceremony)\b[^.;]{{0,60}}?\b(?:at|in)\s+(?:the\s+)?[A-Z]", re.I)
# "By how much is the loan being cut?": the size of a change, which a sentence states with it.
_BY_HOW_MUCH = re.compile(
    r"\bby how much\b|\bhow (?:much|big|large) (?:of )?(?:a |an |the )?(?:cut|reduction|increase|rise|drop|cutback)\b",
    re.I,
)
_CHANGED_BY = re.compile(
    r"\b(?:cut|reduc|rais|increas|lower|trim|slash|boost|lift|expand|shrink|drop)\w*\b[^.;]{0,40}?\b(?:by|to)\s+"
    r"(?:about |around |roughly |nearly |some )?(?:US)?[$€£]?\d|"
    r"(?:US)?[$€£]\d[\d.,]*\s*(?:m|bn|million|billion)?\s+(?:cut|reduction|increase|rise|drop)\b",
    re.I,
)
_ASKS_SITE = re.compile(r"\b(?:sites?|locations?|where exactly|exact place)\b", re.I)
_CITIES = re.compile(r"\b(?:cit(?:y|ies)|towns?)\b", re.I)
_WHERE_IN = re.compile(r"\b(?i:where in (?:the )?)(?P<area>[A-Za-z][\w.]+(?: [A-Z][\w.]+)?)")
_KIND_OF_DEAL = re.compile(
    r"\b(?P<kind>[\w-]+)\s+(?:deal|agreement|pact|contract|partnership|tie-?up|alliance)\b", re.I
)
# "after the breakup", "when they called it off": the deal's end is asked about, not its earlier steps.
_NAMES_THE_END = re.compile(
    rf"(?:{ASKS_ENDED.pattern})|\b(?:break-?up|split(?:ting)? up|dissol\w*|unwind\w*|withdr[ae]w\w*|pull\w* out|"
    r"exit\w*|divorce|wind(?:ing)? down)\b",
    re.I,
)
# "the mou - signed when and where?": the preliminary step is asked about, not the later news.
_NAMES_PRELIMINARY = re.compile(r"\b(?:mou|memorandum|letter of intent|loi|preliminary agreement)\b", re.I)
_NOT_HAPPENING = frozenset(
    tokens(
        "supposed expected planned scheduled due set going likely finally actually first want wants hope plan aim intend expect need try originally initially now still eventually really"
    )
)


# A model's code as people type it: "r2", "id4", "ioniq5", "q6".
_MODEL_CODE = re.compile(r"[a-z]{1,5}\d{1,3}[a-z]?")


def distinctive_name_words(name: str) -> set[str]:
    """The words of a company's name that name it alone: "Tesla" of "Tesla Inc", not "lithium" of "Corvane
    Lithium"."""
    return {t for t in tokens(name) if t not in _GENERIC_NAME_WORDS}


def _mostly_unused(topic: list[str], kb: KnowledgeBase) -> bool:
    """Whether half or more of the words asked about are used by no article, nor are their synonyms."""
    unused = [t for t in topic if not any(kb.index.docs_with(r).size for r in _with_relatives(t))]
    return bool(topic) and 2 * len(unused) >= len(topic)


def _with_relatives(token: str) -> set[str]:
    return {token} | set(related(token))


def _chief_of(sentence: str, company_words: set[str]) -> bool:
    """A role word ("chief executive", "CEO") of one of the companies: said to be theirs ("Spiro's chief
    executive", "CEO of Spiro"), or said of no one's in a sentence that names them ("said chief executive
    Kaushik Burman, who joined when Spiro had 8,000 bikes"); not another's ("FEDA chief executive Marlene Ngoyi
    said Spiro's growth ...")."""
    for m in _ROLE.finditer(sentence):
        before = _OWNER_BEFORE.search(sentence[max(0, m.start() - 30) : m.start()])
        after = _OWNER_AFTER.match(sentence[m.end() :])
        owners = [o["owner"] for o in (before, after) if o and o["owner"][:1].isupper()]
        if any(set(tokens(owner)) & company_words for owner in owners):
            return True
        if not owners and set(tokens(sentence)) & company_words:
            return True
    return False


def _a_parents_chief(sentence: str, company_words: set[str]) -> bool:
    """A chief said to be one of these companies' own: "Toyota's president", "chief executive of Daimler"."""
    for m in _ROLE.finditer(sentence):
        before = _OWNER_BEFORE.search(sentence[max(0, m.start() - 30) : m.start()])
        after = _OWNER_AFTER.match(sentence[m.end() :])
        for owner in (before, after):
            if owner and set(tokens(owner["owner"])) & company_words:
                return True
    return False


# "SQM chief executive", "Brisa Motors' chief executive"
_OWNER_BEFORE = re.compile(r"(?P<owner>(?:[A-Z][\w&.-]*\s+)?[\w&.-]+?)(?:(?:'s|’s|'|’)\s+(?:[\w-]+\s+){0,2}|\s+)$")
_OWNER_AFTER = re.compile(r"\s+(?:and \w+ )?(?:of|at) (?:the )?(?P<owner>[\w&.-]+)")


def _surname_subject(sentence: str, surnames: set[str]) -> bool:
    return any(m["name"] in surnames for m in _SURNAME_DOES.finditer(sentence))


def _is_company(name: str, companies: AbstractSet[str]) -> bool:
    """'Hyundai Motor Group' is Hyundai; 'Alexandra Ford English' is a person, not Ford."""
    return any(name == c or name.startswith(c + " ") or c.startswith(name) for c in companies)


def _holder_in_clause(sentence: str, start: int, asked: AbstractSet[str], others: AbstractSet[str]) -> bool:
    """'Vale holds a 30% stake, with the rest controlled by Ford' says nothing of Ford's share: a stake whose
    clause names another company, and none asked about, is that company's."""
    left = max(sentence.rfind(sep, 0, start) for sep in (";", ",", " while ", " whereas "))
    right = [i for i in (sentence.find(sep, start) for sep in (";", ",", " while ", " whereas ")) if i >= 0]
    clause = sentence[left + 1 if left >= 0 else 0 : min(right) if right else len(sentence)]
    if set(tokens(clause)) & asked:
        return True
    return not any(word in clause for name in others for word in name.split()[:1])


# "Who owns what in L-H Battery?", "how is the venture split?": the company asked about is what is owned.
_OWNED = re.compile(
    r"\bwho (?:owns|holds|has|controls) (?:what|how much|which (?:share|stake)s?)\b|\bhow is (?:\w+ ){1,4}?"
    r"(?:split|owned|divided|shared)\b|\b(?:ownership|shareholders?|owners?) of\b|\bwho are (?:its|the) "
    r"(?:owners|shareholders)\b",
    re.I,
)
# "GM's share of Thacker Pass", "how much of Nio does CYVN own": who holds the stake asked about.
# "How much is Huayou investing", "how much of the Rs 7,500 crore did ADQ put in": who pays the sum asked for.
_PAYER = re.compile(
    r"\b(?:is|was|will|did|does|do|has|have|had|would|are|were) (?P<payer>[\w&.-]+(?: [\w&.-]+)?) (?:be |been )?"
    r"(?:invest\w*|pa(?:y|id|ying)|put\w*|spen[dt]\w*|contribut\w*|commit\w*|inject\w*|pour\w*|fund\w*|"
    r"offer\w*|bid\w*)\b|"
    r"\b(?P<bidder>[\w&.-]+)(?:'s|’s) (?:(?:19|20)\d\d |first |original |new |rival )?(?:[\w-]+ )?"
    r"(?:bid|offer|investment|payment|purchase|acquisition|takeover)\b",
    re.I,
)
_ALONE = re.compile(
    r"\b(?:on (?:its|their|his|her) own|alone|(?:by )?itself|separately|individually|its (?:own )?share)\b", re.I
)


_STAKES = frozenset({"stake", "split"})


# A sum and where it goes: "will invest $300 million in electric-vehicle maker Lucid".
_SUM_INTO = re.compile(r"(?:[$€£]|\b(?:US|HK)\$)\s?\d[\d,.]*\s*(?:million|billion|bn|mn|m)?\s+(?:in|into)\s+", re.I)


def _paid_into_another(sentence: str, mentions: list[Mention], kin: set[str]) -> bool:
    """The sentence's sum goes into a company outside ``kin`` (the companies asked about): that company's money."""
    for m in _SUM_INTO.finditer(sentence):
        into = next(
            (
                x
                for x in mentions
                if m.end() <= x.start <= m.end() + 40 and not re.search(r"[,;.]", sentence[m.end() : x.start])
            ),
            None,
        )
        if into is not None and into.name not in kin:
            return True
    return False


def _paid_by(kb: KnowledgeBase, sentence: str, payer: set[str], partners: set[str], kinds: AbstractSet[str]) -> bool:
    """A sum or stake told with the payer as its clause's subject (the first company it names), or with no company
    at all ("the deal is thought to be worth about £130 million"); for "on its own", with no partner in its clause.
    "Eramet buys Tsingshan out for $699 million" is no sum Tsingshan puts in."""

    def led_by_payer(text: str) -> bool | None:
        named = kb.gazetteer.find(text)
        return bool(set(tokens(text[named[0].start : named[0].end])) & payer) if named else None

    # A sum no label fits ("will pay the first $1 billion") is read with the whole sentence.
    starts = [f.start for f in figures_in(sentence) if f.kind in kinds]
    if not starts:
        return led_by_payer(sentence) is not False
    for start in starts:
        sold = _SOLD_TO_FOR.search(sentence[:start])
        if sold:  # "Enercity has sold its shares in wallbe to Compleo for 34.8 million euros": the buyer pays
            return bool(set(tokens(sold["buyer"])) & payer)
        clause = _clause_of(sentence, start)
        if set(tokens(clause)) & partners:
            continue
        # "Ganfeng, one of the largest producers, has offered ... Bacanora for £190 million": a clause that opens
        # with its verb has its subject before the apposition
        led = None if _OPENS_WITH_VERB.match(clause) else led_by_payer(clause)
        if led is None:
            led = led_by_payer(sentence[:start])
        if led is not False:
            return True
    return False


_SOLD_TO_FOR = re.compile(
    r"\b(?:sell|sells|selling|sold)\b[^.;]{0,120}?\bto\s+(?P<buyer>[^,;]{1,60}?)\s+for\s+"
    r"(?:(?:about|around|some|roughly|nearly|up to)\s+)?\S?$",
    re.I,
)
_OPENS_WITH_VERB = re.compile(
    r"\s*(?:has|have|had|will|would|is|are|was|were|agreed|offered|offers|plans?|intends?|proposed|said|says)\b", re.I
)


def _clause_of(sentence: str, start: int) -> str:
    seps = (";", ",", " while ", " whereas ", " - ")
    left = max(sentence.rfind(sep, 0, start) for sep in seps)
    right = [i for i in (sentence.find(sep, start) for sep in seps) if i >= 0]
    return sentence[left + 1 if left >= 0 else 0 : min(right) if right else len(sentence)]


_HOLDER = re.compile(
    r"(?P<holder>\b[\w&.-]+(?: [\w&.-]+)?)(?:'s|’s|s') (?:\w+ )?(?:share|stake|holding|ownership|interest|cut)\b|"
    r"\b(?:does|did|do|will) (?P<owner>[\w&.-]+(?: [\w&.-]+)?) (?:own|hold|have|control)\b",
    re.I,
)


def _only_companies(named: str, asked: AbstractSet[str]) -> bool:
    """'For Samsung SDI, the plant': the capitalised words of a naming are those of a company asked about, or
    a sentence's first word."""
    capitalised = [w for w in re.findall(r"\b[A-Z][\w-]*", named) if w not in _OPENERS]
    return bool(capitalised) and set(tokens(" ".join(capitalised))) <= set(asked)


def _named_in(sentence: str) -> set[str]:
    """The capitalised words a naming cue in the sentence names ("their Starline Energy joint venture")."""
    words: set[str] = set()
    for m in _NAME_CUE.finditer(sentence):
        after = _NAME_AFTER.match(sentence, m.end())
        words.update(re.findall(r"\b[A-Z][\w-]*", m.group() + " " + (after.group() if after else "")))
    return words


_NAME_AFTER = re.compile(r"[\W_]*(?:[A-Z][\w-]*\s*){0,4}")  # "carries a name - NextStar Energy": the name


_OPENERS = frozenset("For In At On By With From After Before Under As The A An Its Their".split())


def _holder_first(sentence: str, holder: set[str], others: set[str]) -> bool:
    """Whether a stake in the sentence is the holder's: the holder named before one of its figures, or, when
    it is named only after them, no other company named before them."""
    figures = [f for f in figures_in(sentence) if f.kind in {"stake", "split"}]
    if not figures or not holder & set(tokens(sentence)):
        return True
    for figure in figures:
        left = sentence[: figure.start]
        if holder & set(tokens(left)) or not any(o in left for o in others):
            return True
    return False


def _holds(
    kind: Wanted,
    question: str,
    sentence: str,
    companies: Callable[[], AbstractSet[str]],
    others: Callable[[], AbstractSet[str]],
    asked: AbstractSet[str] = frozenset(),
) -> bool:
    """Whether the sentence holds the kind asked for. "Which company" is held by a company not asked about
    ("which carmakers" by two); a person also by a surname that is no company's saying something.

    ``companies`` (the names and spellings the sentence holds) and ``others`` (those not asked about) are
    called only by a test that has got as far as needing them: finding them is the dearest part."""
    if kind.name == "companies":
        how = _WHICH_COMPANIES.search(question)
        plural = how is not None and how["noun"].endswith("s")
        return len(others()) >= (2 if plural else 1)
    if kind.name == "share" and asked:
        figures = [f for f in figures_in(sentence) if f.kind in {"stake", "split"}]
        if not figures:  # "each will own half of the venture"
            return kind.holds(sentence)
        if _OWNED.search(question):  # "who owns what in L-H Battery?": its owners are the others named
            return True
        return any(f.kind == "split" or _holder_in_clause(sentence, f.start, asked, others()) for f in figures)
    if kind.name == "scope" and _ASKS_VEHICLES.search(question):  # "what kinds of vehicles": segments count
        return bool(topics_of(sentence))
    if kind.name == "place" and _ASKS_HQ.search(question):
        return bool(_SAYS_HQ.search(sentence))  # "where is it based?": its headquarters, not where it sells
    if kind.name == "name":  # a naming cue, or a proper name inside the sentence that is no company or place
        return (
            any(not _only_companies(m.group(), asked) for m in _NAME_CUE.finditer(sentence))
            or any(
                m.start() > 0
                and not set(m.group().lower().split()) & _REGION_WORDS
                and not is_place(m.group())  # "a van for North America": a place is no name of the thing
                and not _only_companies(m.group(), asked)  # "Umicore-PowerCo cathode venture": its parents' names
                and not _A_PERSON.search(sentence[max(0, m.start() - 30) : m.end() + 30])
                and not _is_company(m.group(), companies())
                for m in _PROPER_NAME.finditer(sentence)
            )
        )
    if kind.name == "person":

        def a_person(m: re.Match[str]) -> bool:  # no place's name, then no company's: ``companies`` is dearest
            return not all(is_place_word(w) for w in m.group().split()) and not _is_company(m.group(), companies())

        def titled(m: re.Match[str]) -> bool:  # "Hyundai Motor Group Executive Chair Euisun Chung": a title in capitals
            roles = list(re.finditer(_ROLE.pattern, m.group(), re.I))
            tail = m.group()[roles[-1].end() :].split() if roles else []
            return (
                len(tail) >= 2
                and not any(is_place_word(w) for w in tail)
                and not _is_company(" ".join(tail), companies())
            )

        label = _LABELLED.match(sentence)
        if label and re.search(_ROLE.pattern, label["label"], re.I) and any(map(a_person, _PERSON.finditer(sentence))):
            return True  # "President: Hiroaki Koda" in a fact sheet
        return any(
            (_beside_a_role(sentence, m.start(), m.end()) and a_person(m)) or titled(m)
            for m in _PERSON.finditer(sentence)
        ) or any(m["name"] not in companies() for m in _SURNAME_SAID.finditer(sentence))
    return kind.holds(sentence)


_ASKS_VEHICLES = re.compile(r"\b(?:vehicles?|motorcycles|scooters|trucks|buses|segments?)\b", re.I)
_CUE = rf"(?:{_ROLE.pattern}|said|says|told|added|noted|explained)"
_CUE_BEFORE = re.compile(rf"{_CUE}(?:\s+(?:is|was|will be|would be|has been))?\W*$")  # "The new CEO is Seth Cutler"
_CUE_AFTER = re.compile(rf"^\s*(?:\([^)]*\)\s*)?(?:,\s*(?:[\w'’.&-]+\s+){{0,6}}?)?{_CUE}")


def _beside_a_role(sentence: str, start: int, end: int) -> bool:
    """A name is a person's when a role or a verb of saying stands beside it ("said Lisa Drake, Ford's vice
    president", "CEO Kwon Young-soo"), not a capitalised "Public Disclosure Platform" in a sentence with "said"."""
    return bool(_CUE_BEFORE.search(sentence[max(0, start - 40) : start]) or _CUE_AFTER.match(sentence[end : end + 80]))


def _deal_sums(sentence: str) -> list[float]:
    """The sums a sentence puts into deals (invested, paid, committed), not share prices or market values."""
    return [money_value(f.text) for f in figures_in(sentence) if f.kind in _DEAL_MONEY]


def _largest_share(sentence: str, largest: float) -> float:
    """1 for the sentence with the largest sum, much less for smaller ones; a little more for one that says
    it is a total."""
    ratio = max(_deal_sums(sentence), default=0.0) / largest if largest else 0.0
    return ratio**3 + (0.1 if _TOTAL.search(sentence) else 0.0)


def _name_tokens(kb: KnowledgeBase, name: str) -> set[str]:
    """Every word the company, its owner and its units go by."""
    out: set[str] = set()
    for member in kb.family(name):
        company = kb.company(member)
        for alias in (member, *(company.aliases if company else ())):
            if alias != member and _A_PHRASE.search(alias):
                continue  # "Build Your Dreams" is BYD, but "building" names no one
            out |= distinctive_name_words(alias) or set(tokens(alias))
    return out


# A name that reads as a phrase: its words, one by one, are ordinary words.
_A_PHRASE = re.compile(r"\w \b(?:your|our|of|the|and|for|to|in|on)\b \w", re.I)


# Words in company names that also say other things: "Redwood Materials" is not named by "recycled material".
_GENERIC_NAME_WORDS = frozenset(
    tokens(
        "materials motor motors group energy technologies technology holdings holding "
        "corp inc company co ltd solutions systems auto automotive battery batteries "
        "cells power electric mobility industries lithium charging international trucks mining metals minerals "
        "resources chemicals steel engineering logistics semiconductors robotics capital partners ventures "
        "investments funds"
    )
)


def _choose(usable: list[_Scored], wanted: set[str], kb: KnowledgeBase, question: Question) -> list[SentenceRef]:
    """The best sentence, and one more when the answer needs it: a sentence holding a kind asked for that the
    first lacks (from the same article, by preference); the sentence before one that opens with "it" or
    "the group"; or the sentence that a short answer goes on in."""
    best = usable[0]
    if question.when.which != "earliest" and best.holds & _FIGURES and _EARLIER_STEP.search(best.ref.text):
        # "Under the earlier deal Liebherr was to supply 120 trucks": the same article's current figure wins
        best = next(
            (
                s
                for s in usable[1:]
                if s.ref.article is best.ref.article and s.holds & best.holds and not _EARLIER_STEP.search(s.ref.text)
            ),
            best,
        )
        usable = [best] + [s for s in usable if s is not best]
    ref, sentences = best.ref, best.ref.article.sentences
    chosen = [ref]
    following = SentenceRef(ref.article, ref.index + 1) if ref.index + 1 < len(sentences) else None
    missing = wanted - best.holds
    extra = (
        max(
            (s for s in usable[1:] if s.holds & missing and s.score >= 0.3 * best.score),
            key=lambda s: s.score * (1.5 if s.ref.article is ref.article else 1.0),
            default=None,
        )
        if missing
        else None
    )
    if extra is None and wanted == {"reason"}:  # news gives a decision's reasons in more than one sentence
        extra = next((s for s in usable[1:3] if s.ref.article is ref.article and s.score >= 0.5 * best.score), None)
    if extra is None and wanted and len(usable) > 1:
        runner = usable[1]  # two sentences that hold the thing asked, nearly tied: quote both, the reader decides
        if (
            runner.holds & best.holds
            and runner.score >= RUNNER_UP * best.score
            and len(ref.text) + len(runner.ref.text) <= FACT_LIMIT - 150
            and not _alike(ref.text, runner.ref.text)
            and not _superseded(runner.ref, ref, question)
        ):
            extra = runner
    if extra is not None:
        chosen.append(extra.ref)
    elif ref.index > 1 and _CONTINUATION.match(ref.text):
        chosen.insert(0, SentenceRef(ref.article, ref.index - 1))
    elif (
        not wanted
        and following is not None
        and (len(ref.text) < 90 or _CONTINUATION.match(following.text) or _names(kb, following.text, question))
    ):
        chosen.append(following)
    elif best.names == 0 and ref.index > 1 and question.companies and _names(kb, sentences[ref.index - 1], question):
        chosen.insert(0, SentenceRef(ref.article, ref.index - 1))
    return _whole_list([ref] + [r for r in chosen if r is not ref])


def _whole_list(chosen: list[SentenceRef]) -> list[SentenceRef]:
    """A sentence that opens a list ("Infineon will supply three product families:") is quoted with the items
    it introduces, and an item with the sentence that opens its list: one item alone answers "which products?"
    with a third of them."""
    first = chosen[0]
    sentences = first.article.sentences
    start = first.index
    while start > 1 and first.index - start < _LIST_ITEMS and sentences[start - 1].rstrip().endswith((":", ";")):
        start -= 1
    if not sentences[start].rstrip().endswith(":"):
        return chosen
    end = start + 1
    while end < len(sentences) and end - start <= _LIST_ITEMS:
        end += 1
        if not sentences[end - 1].rstrip().endswith(";"):
            break
    items = [SentenceRef(first.article, i) for i in range(start, end)]
    if sum(len(r.text) + 1 for r in items) > FACT_LIMIT:
        return chosen
    return items + [r for r in chosen if r.article is not first.article or not start <= r.index < end]


_LIST_ITEMS = 6  # the items of a list quoted whole: more than that is a table, not an answer


def _superseded(runner: SentenceRef, best: SentenceRef, question: Question) -> bool:
    """An older article's figure, when the question asks how things stand now and a newer one answers, or an
    earlier deal's figure beside the current one."""
    if question.when.which == "earliest":
        return False
    if _EARLIER_STEP.search(runner.text) and not _EARLIER_STEP.search(best.text):
        return True  # "under the earlier deal ..." beside the current figure
    if question.when.which != "latest" or not question.when.said:
        return False
    return (runner.article.published or "") < (best.article.published or "")


_NUMBER = re.compile(
    r"\b(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    r"forty|fifty|dozens?|hundreds|thousands)\b\+?(?!\s+(?:million|billion|bn|mn)\b)",
    re.I,
)


_CLAUSES = re.compile(r",\s+(?:and|but|while|whereas)\s+|;\s+")


def _numbers_in(text: str) -> set[str]:
    """The figures a text states, not its years: "36 GWh" gives "36"."""
    return {n.replace(",", "") for n in re.findall(r"(?<![\w.])\d[\d,]*(?:\.\d+)?", text) if not _YEAR.fullmatch(n)}


# "How many BrightDrop vans has Verizon ordered?": whose order the number must be.
_COUNT_HOLDER = re.compile(
    r"\bhow many\b[^?]*?\b(?:has|have|had|did|does|do|will|would|is|are|was|were)\s+"
    r"(?P<who>(?-i:[A-Z])[\w&.-]*(?:\s+(?-i:[A-Z])[\w&.-]*)?)\s+(?:\w+\s+)?"
    r"(?:order|buy|bought|reserv|receiv|tak|took|deploy|purchas|get|got|commit|add)\w*",
    re.I,
)


# "What is VDL's role?", "what will Electromin do under the agreement?": whose part in the deal is asked.
_ROLE_WHOSE = re.compile(
    r"(?P<whose>(?-i:[A-Z])[\w&.-]*(?: (?-i:[A-Z])[\w&.-]*)?)(?:'s|’s) (?:\w+ )?roles?\b|"
    r"\broles? of (?:the )?(?P<of>(?-i:[A-Z])[\w&.-]*)|"
    r"\bwhat (?:will|does|did|would) (?P<does>(?-i:[A-Z])[\w&.-]*(?: (?-i:[A-Z])[\w&.-]*)?) (?:do|provide|bring|contribute)\b",
    re.I,
)


def _role_of(sentence: str, whose: set[str]) -> bool:
    """A part told with its party as the subject of its clause ("..., while VDL Groep will provide ...")."""
    for m in ROLE_TOLD.finditer(sentence):
        left = max(sentence.rfind(sep, 0, m.start()) for sep in (";", ",", " while ", " whereas ", " - "))
        if whose & set(tokens(sentence[left + 1 : m.start()])):
            return True
    return False


def _counted_for(sentence: str, holder: set[str]) -> bool:
    """A number in a clause that names the holder asked about ("Walmart, which reserved 5,000 vans, Verizon and
    ..." gives Verizon none)."""
    return any(holder & set(tokens(_clause_of(sentence, m.start()))) for m in _NUMBER.finditer(sentence))


def _counts(sentence: str, units: set[str]) -> bool:
    """A number of the things asked for: the unit within four words after a number ("nine members",
    "15 electric or hybrid models", "2,000 of its robotaxis"), or a fact sheet's label ("Staff: about 5,100")."""
    label = _LABELLED.match(sentence)
    if label and set(tokens(label["label"])) & units and _NUMBER.search(sentence, label.end()):
        return True
    for m in _NUMBER.finditer(sentence):
        if set(tokens(" ".join(sentence[m.end() :].split(None, 4)[:4]))) & units:  # the next four words
            return True
    return False


# A sentence that goes on about the companies just named: "They plan to hire about 2,200 people."
_OF_THE_DEAL = re.compile(
    r"\b(?:for|of|under|in|through) (?:the|this|their) (?:new )?(?:partnership|joint venture|venture|deal|agreement|"
    r"alliance|tie-?up|jv|contract|pact|collaboration)\b",
    re.I,
)
_ITS = re.compile(r"(?:It|Its|They|Their)\b")
_THEY = re.compile(rf"(?:They|The two|The partners|The companies|{REFERS_TO_DEAL.pattern})\b")
# A fact sheet's line: "Staff: about 5,100, including ...", "- President: Hiroaki Koda".
_LABELLED = re.compile(r"^\W*(?P<label>[A-Za-z][\w/&-]*(?: [\w/&-]+){0,2}):\s+")  # not "Competition is heating up:"


def _alike(a: str, b: str) -> bool:
    """Two sentences that mostly say the same words: the second adds nothing to an answer."""
    x, y = set(tokens(a)), set(tokens(b))
    return len(x & y) > 0.4 * min(len(x), len(y))


# A sentence that goes on about the one before: "It will...", "By 2020, the automaker hopes...".
_CONTINUATION = re.compile(
    r"^(?:[^,]{1,30},\s+)?(?:It|Its|They|Their|This|That|These|Those|[Tt]he (?:\w+ )?(?:company|"
    r"automaker|carmaker|firm|group|startup|supplier|maker)|He|She|Both|Among them|Those include)\b"
)


def _names(kb: KnowledgeBase, sentence: str, question: Question) -> bool:
    return bool(set(question.companies) & {m.name for m in kb.gazetteer.find_known(sentence)})


def _not_said(question: Question, what: str) -> str:
    """'The articles about JSW Group don't say ...', 'The articles don't say ... for the X and Y deal.'"""
    if len(question.companies) >= 2:
        return f"The articles don't say {what} for the {' and '.join(question.companies)} deal."
    if question.companies:
        return f"The articles about {question.companies[0]} don't say {what}."
    return f"The articles don't say {what}."


# What a sentence that withholds something must speak of to be quoted for a kind asked: "They did not say
# where the factory will be built" answers "where?", not "when?".
_NAME_TERMS = re.compile(r"\bnam(?:e|es|ed|ing)\b", re.I)
_WITHHELD_TERMS = {
    "amount": _MONEY_TERMS,
    "share": _STAKE_TERMS,
    "date": re.compile(r"\b(?:when|timing|date|timeline|timeframe|time frame|timetable|schedule|how soon)\b", re.I),
    "place": re.compile(r"\b(?:where|location|site|located)\b", re.I),
    "count": re.compile(r"\b(?:how many|number|figures?|volumes?)\b", re.I),
    "name": _NAME_TERMS,
    "person": re.compile(r"\b(?:who|named|name|chief|head|leader|executive)\b", re.I),
}


def _not_stated(question: Question, kb: KnowledgeBase, scored: list[_Scored], deals: list[Deal]) -> Reply:
    """No sentence holds what was asked: say what is missing, quoting an article that withholds it."""
    if not question.wants:
        return unknown(f"I don't know: no article I have answers that. {SUGGESTION}")
    what = " or ".join(dict.fromkeys(w.missing for w in question.wants))
    text = _not_said(question, what)
    terms = [_WITHHELD_TERMS[w.name] for w in question.wants if w.name in _WITHHELD_TERMS]
    kin = {k for c in question.companies for k in kb.family(c)}
    withheld = next(
        (
            s.ref
            for s in scored
            if question.companies
            and any(withholds(s.ref.text, t) for t in terms)
            and not _withheld_of_others(kb, s.ref, kin)  # "Mercedes gave no details" is not Tesla's silence
            and (  # and "Neither company disclosed volumes" is silent about the companies its article is about
                s.names or all(kb.names_any(s.ref.article, kb.family(c), lead=STORY_LEAD) for c in question.companies)
            )
        ),
        None,
    )
    cites: tuple[Citation, ...] = ()
    if withheld is not None:
        text += f" \u201c{withheld.text}\u201d"
        cites = (deal_views.cite(withheld.article, withheld.text),)
    return Reply(
        title="Not stated",
        text=clip(text),
        found=False,
        citations=cites,
        deals=tuple(deal_views.view(d) for d in deals[:1]),
    )
