"""The numbers a deal is measured by, each labelled by what it measures.

A sentence about a deal also carries numbers about other things (a strike's
weekly cost, a sales target, a share price), so a figure is kept only when
the words around it say what it is: a deal value, an investment, a stake or
an ownership split, a capacity, a plant's cost, jobs, a target year, a place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

FIGURE_KINDS = (
    "deal_value",
    "investment",
    "stake",
    "split",
    "capacity",
    "plant_cost",
    "jobs",
    "models",
    "target_year",
    "place",
)

_NUMBER_WORDS = {
    w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())
}
_SCALE = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
    "crore": 1e7,
    "cr": 1e7,
    "lakh": 1e5,
}

_QUALIFIER = (
    r"(?:(?:more than|over|about|around|nearly|almost|up to|roughly|at least|some|approximately|an additional|"
    r"another)\s+)?"
)
_AMOUNT = r"\d[\d,]*(?:\.\d+)?"
# "a high double-digit million dollar amount": a sum a company states only by its number of digits.
_DIGIT_SUM = (
    r"\b(?:(?:high|low|mid)[- ])?(?P<digits>single|double|triple)[- ]digits?[- ](?P<scale>million|billion)"
    r"(?:[- ](?:dollars?|euros?|pounds?|yuan|yen|won))?(?: (?:amount|sum|investment))?\b"
)
_DIGITS = {"single": 1, "double": 10, "triple": 100}
_SCALE_WORD = r"(?:\s*(?:thousand|million|billion|trillion|mn|bn|tn|lakh crore|crore|cr|lakh|[mbk])\b)?"
_MONEY = re.compile(
    rf"{_QUALIFIER}(?:(?:\b(?:US|C|A|HK|NT|S))?\$|€|£|¥|₩|₹|\bRs\.?\s?|\b(?:USD|EUR|RMB|CNY|JPY|KRW|INR|SEK|GBP|CHF)\s?)\s?{_AMOUNT}{_SCALE_WORD}"
    rf"(?:\s*\((?:[^()]{{0,30}})\))?"
    rf"|{_QUALIFIER}{_AMOUNT}{_SCALE_WORD}\s+(?:dollars|euros|yuan|renminbi|yen|won|pounds|rupees|kronor|krona|crowns|francs|"
    rf"cents|pence|(?:US|U\.S\.) dollars)\b(?:\s*\((?:[^()]{{0,30}})\))?"
    rf"|\b{_AMOUNT}p\b(?=\s+(?:a|per|each)\s+share\b|\s+in cash\b)"
    rf"|{_DIGIT_SUM}",
    re.I,
)
_PERCENT = re.compile(rf"{_QUALIFIER}\d+(?:\.\d+)?\s?(?:%|percent|per cent|pct)", re.I)
_SPLIT = re.compile(
    r"\b\d{1,2}(?:\.\d+)?\s?(?:/|-|:|to)\s?\d{1,2}(?:\.\d+)?\b(?=\s*(?:%\s*)?(?:joint venture|venture|"
    r"split|ownership|stake|basis|partnership|shares?|owned|JV))|\b50-50\b|\bfifty-fifty\b",
    re.I,
)
_CAPACITY = re.compile(
    rf"{_QUALIFIER}\d[\d,]*(?:\.\d+)?\s?(?:gwh|gigawatt[- ]hours?|mwh)\b"
    rf"|{_QUALIFIER}\d[\d,]*(?:\.\d+)?(?:\s(?:million|thousand))?\s+(?:(?:electric|e-)?\s?(?:vehicles|cars|units|EVs|"
    rf"batteries|battery packs|packs|cells|buses|trucks|vans|scooters|motorcycles|two-wheelers|chargers|wafers))"
    rf"\s+(?:a|per|each|every)\s+(?:year|week|month)\b"
    rf"|{_QUALIFIER}\d[\d,]*(?:\.\d+)?(?:\s(?:million|thousand))?\s?(?:tonnes|tons|metric tons|kt|mt)\s+"
    rf"(?:(?:a|per|each|every)\s+year|annually|per annum)\b|{_QUALIFIER}\d[\d,]*(?:\.\d+)?\s?(?:ktpa|tpa|mtpa)\b"
    rf"|\bannual (?:production )?capacity of {_QUALIFIER}\d[\d,]*(?:\.\d+)?\s?(?:[\w-]+)?",
    re.I,
)
_JOBS = re.compile(rf"{_QUALIFIER}\d[\d,]*\s+(?:new\s+)?(?:jobs|workers|employees|positions|people)\b", re.I)
_MODELS = re.compile(
    rf"(?<!\bthe )\b{_QUALIFIER}(?:\d+|{'|'.join(_NUMBER_WORDS)})\s+(?:new\s+)?(?:[\w-]+\s+){{0,3}}?"
    r"(?:models|vehicles|EVs|cars|SUVs)\b(?!\s+(?:a|per|each|every)\s+year)",
    re.I,
)
_TARGET_YEAR = re.compile(
    r"\b(?:by|in|from|until|starting in|starting from|as early as|before|from the end of)\s+"
    r"((?:20)\d\d)\b",
    re.I,
)
_FUTURE = re.compile(
    r"\b(?:will|would|plans?|planned|expected|expects?|aims?|target\w*|due|slated|scheduled|set to|"
    r"start\w*|begin\w*|launch\w*|roll\w* out|go on sale|production|is to|are to)\b",
    re.I,
)
_PLACE = re.compile(
    r"\b(?:plant|factory|facility|site|gigafactory|works|headquarters|hub|campus|complex|"
    r"production base)s?\s+(?:in|at|near|outside)\s+((?:[A-Z][\w.'-]+)(?:[ -][A-Z][\w.'-]+){0,2}"
    r"(?:,\s+[A-Z][\w.'-]+(?: [A-Z][\w.'-]+)?)?)"
)

_ANY_NUMBER = re.compile(
    rf"\d|\b(?:{'|'.join(_NUMBER_WORDS)})\b|[- ]digit\b|\b(?:plant|factory|facility|site|gigafactory|works|"
    r"headquarters|hub|campus|complex|production base)s?\s+(?:in|at|near|outside)\b",
    re.I,
)
_PER_SHARE = re.compile(
    r"\s*(?:a|per|each|for each|for every)\s+(?:(?:outstanding|ordinary|common|(?-i:[A-Z])[\w.-]*)\s+)?"
    r"(?:share|ADS|unit)\b|\s*apiece\b",
    re.I,
)  # "86 cents for each outstanding share", "$3.17 per Cepton share"
_NOT_PLACE = re.compile(
    r"^(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b|['’]s?$"
)
# Context that says a number measures something other than the deal.
_NOT_DEAL = re.compile(
    r"\b(?:revenue|sales|sold|profit|loss|losses|earnings|outlook|guidance|share price|stock|"
    r"market (?:share|value|cap\w*)|per (?:week|day|month)|a (?:week|day|month)|strikes?|fine|penalt\w+|salary|pay package|tariffs?|subsid\w+|"
    r"deliveries|delivered|price[ds]?|cost(?:s)? of (?:the )?strike|rose|fell|grew|growth|"
    r"increase|decrease|(?<!-)up|(?<!-)down)\b",  # "shares up 3%", not a "start-up" or a "top-down" plan
    re.I,
)
_PRICE_MOVE = re.compile(
    r"\b(?:shares|stock|share price)\b[^.;%]{0,50}?\b(?:rose|rise[sn]?|fell|falls?|jump\w*|dropp?\w*|sli[dp]\w*|"
    r"gain\w*|climb\w*|soar\w*|surg\w*|tumbl\w*|plung\w*|slump\w*|rall\w*|sank|sink\w*|rocket\w*|lost|add\w*)\s+"
    r"(?:by\s+)?(?:about\s+|almost\s+|nearly\s+|more than\s+|as much as\s+|up to\s+|some\s+)?$",
    re.I,
)


def moves_the_shares(sentence: str) -> bool:
    """Whether a sentence says how a company's shares moved, by how much: "shares jumped almost 84%"."""
    return any(_PRICE_MOVE.search(sentence[max(0, m.start() - 80) : m.start()]) for m in _PERCENT.finditer(sentence))


_VALUE_CUE = re.compile(
    r"\b(?:for|worth|valu\w+|paid|pay|pays|paying|price tag|deal|acquir\w+|acquisition|buy\w*|"
    r"bought|purchas\w+|takeover|consideration|stake)\b",
    re.I,
)
_INVEST_CUE = re.compile(r"\b(?:invest\w*|inject\w*|funding|fund|capital|put in|pour\w*|commit\w*|convertible)\b", re.I)
_PLANT_CUE = re.compile(r"\b(?:plant|factory|facility|gigafactory|site|build\w*|construct\w*)\b", re.I)
_STAKE_CUE = re.compile(
    r"\b(?:stake|share|shares|holding|interest|own\w*|equity|control|of (?:the )?[A-Z]\w+|"
    r"of (?:the|its|their) (?:new )?(?:company|venture|business|group|firm|carmaker|automaker|unit|subsidiary)|"
    r"joint venture|venture|split|hold\w*|keep\w*|kept|retain\w*)\b",
    re.I,
)
# A percentage of things counted, not of a company: "of its SUVs", "of all new cars", "of the global market".
_PROPORTION = re.compile(
    r"\s+of\s+(?:its|their|the|all|total|global|new)\s+"
    r"(?!(?:new\s+|combined\s+|merged\s+|joint\s+)?(?:company|venture|business|group|firm|carmaker|automaker|unit|"
    r"subsidiary|entity)\b)(?:[\w-]+\s+){0,2}?"
    r"(?!(?:shares|stock|equity|capital|units? of)\b)(?:[a-z][\w-]*s|market|output|production|revenue|fleet|"
    r"portfolio|capacity|demand|supply)\b",
    re.I,
)
# "Envision AESC holds around 80 percent of the new company, and Nissan around 20 percent": a second stake
# told in a clause that leaves its verb out.
_AND_THE_OTHER = re.compile(
    r"\b(?:and|while|with|whereas)\s+(?:the\s+)?[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,2}\s+"
    r"(?:(?:about|around|roughly|nearly|almost|some|approximately|just (?:over|under))\s+)?$"
)

# "lift the investor's holding in the Chinese carmaker to about 20.1%": the stake named well before its size.
_STAKE_TO = re.compile(
    r"\b(?:stake|holding|shareholding|interest|ownership)\b[^.;%]{0,80}?\b(?:to|at)\s+"
    r"(?:about|around|roughly|nearly|almost|some|just (?:over|under)|more than|less than|approximately)?\s*$",
    re.I,
)


@dataclass(frozen=True)
class Figure:
    kind: str
    text: str
    value: float
    start: int = 0  # where the sentence states it

    def as_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "text": self.text, "value": self.value}


def _number(text: str) -> float:
    text = text.lower().replace(",", "")
    if text in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[text])
    match = re.search(r"\d+(?:\.\d+)?", text)
    return float(match.group()) if match else 0.0


def money_value(text: str) -> float:
    """The size of a written sum ("US$5 billion" is 5e9), to compare sums in one currency."""
    by_digits = re.search(_DIGIT_SUM, text, re.I)
    if by_digits:  # the least it can be: "double-digit million" is at least ten million
        return _DIGITS[by_digits["digits"].lower()] * _SCALE[by_digits["scale"].lower()]
    amount = re.search(_AMOUNT, text)
    scale = re.search(
        r"(thousand|million|billion|trillion|mn|bn|tn|lakh crore|crore|cr|lakh|[mbk])\b",
        text[amount.end() :] if amount else "",
        re.I,
    )
    size = 1e12 if scale and scale.group(1).lower() == "lakh crore" else _SCALE[scale.group(1).lower()] if scale else 1
    cents = 0.01 if re.search(r"\b(?:cents|pence)\b|\dp\b", text, re.I) else 1  # "53 cents", "6.5p" a share
    return _number(amount.group() if amount else "0") * size * cents


def _clause_around(sentence: str, start: int, end: int) -> tuple[str, str]:
    """The words of the figure's own clause before and after it."""
    left = max(sentence.rfind(sep, 0, start) for sep in (";", ", while", ", but", " while ", " whereas "))
    right_candidates = [i for i in (sentence.find(sep, end) for sep in (";", ", while", ", but", " while ")) if i >= 0]
    right = min(right_candidates) if right_candidates else len(sentence)
    return sentence[left + 1 if left >= 0 else 0 : start], sentence[end:right]


_COUNT = re.compile(
    rf"\b(?!one\s+of\b){_QUALIFIER}(?:(?!(?:19|20)\d\d\b)\d[\d,]*(?:\.\d+)?|{'|'.join(_NUMBER_WORDS)})(?:\s+(?:million|thousand|billion))?\s+"
    r"(?:[\w'’-]+\s+){0,3}?(?!(?:years|months|days|weeks|hours|minutes|times|percent|companies|firms|partners|sides|"
    r"automakers|carmakers|groups|countries|parties|euros|dollars|pounds|rupees|shares)\b)[a-z-]+s\b"
    r"|\b\d[\d,]*(?:\.\d+)?\s?(?:gwh|mwh|gigawatt[- ]hours?)\b"
    r"|\b\d[\d,]*(?:\.\d+)?\s+(?:(?:new|more)\s+)?(?:people|staff|personnel)\b",
    re.I,
)


_DIGIT_OR_WORD = re.compile(
    rf"\d|\b(?:{'|'.join(_NUMBER_WORDS)}|fifty)\b|[- ]digit\b", re.I
)  # "fifty-fifty" is a split


def states(sentence: str, quantity: str) -> bool:
    """Whether a sentence states a quantity of a kind ("money", "stake", "count") at all, whatever it
    measures: what a question asking "how much" or "how many" needs of a sentence that answers it. A
    number must be there first, so most sentences cost one scan."""
    if not _DIGIT_OR_WORD.search(sentence):
        return False
    if quantity == "money":
        return bool(_MONEY.search(sentence))
    if quantity == "stake":
        return bool(_PERCENT.search(sentence) or _SPLIT.search(sentence))
    return bool(_COUNT.search(sentence))


def sums(text: str) -> set[float]:
    """Every sum of money written in the text, by size ("$625m" and "$625 million" are one)."""
    return {money_value(m.group()) for m in _MONEY.finditer(text)} - {0.0}


@lru_cache(maxsize=512)  # a question's candidate sentences, each asked several times
def figures_in(sentence: str) -> tuple[Figure, ...]:
    """``find_figures(sentence)``, kept for the sentences read last: scoring a fact answer asks it of one
    candidate sentence in several tests (a stake held, a deal's sum, a plant's cost), and the next question
    about the same deal reads the same sentences."""
    return tuple(find_figures(sentence))


def find_figures(sentence: str, published_year: int | None = None) -> list[Figure]:
    """The labelled figures a sentence states, each with the words that state it."""
    figures: list[Figure] = []
    taken: list[tuple[int, int]] = []
    if not _ANY_NUMBER.search(sentence):
        return figures

    def add(kind: str, match: re.Match[str], value: float, group: int = 0) -> None:
        start, end = match.start(group), match.end(group)
        if any(s < end and start < e for s, e in taken):
            return
        taken.append((start, end))
        figures.append(Figure(kind, match.group(group).strip().rstrip(",."), value, start))

    for m in _CAPACITY.finditer(sentence):
        add("capacity", m, _number(m.group(0)))
    for m in _SPLIT.finditer(sentence):
        add("split", m, 0.0)
    for m in _MONEY.finditer(sentence):
        before, after = _clause_around(sentence, m.start(), m.end())
        if _PER_SHARE.match(after) or re.match(r"\s*each\b", after) and re.search(r"\bshares?\b", before[-80:]):
            continue  # a share price ("shares at HK$64.03 each"), not what the deal is worth
        near = before[-60:] + " " + after[:60]
        if (_NOT_DEAL.search(before[-40:] + " " + after[:25]) or _PRICE_MOVE.search(before[-80:])) and not (
            _INVEST_CUE.search(near)
        ):
            continue  # "shares rose $2", "revenue of $3 billion": not what the deal is worth
        if _PLANT_CUE.search(near) and not _VALUE_CUE.search(before[-25:]):
            kind = "plant_cost"
        elif _INVEST_CUE.search(near):
            kind = "investment"
        elif _VALUE_CUE.search(near):
            kind = "deal_value"
        else:
            continue
        add(kind, m, money_value(m.group(0)))
    percents = [m for m in _PERCENT.finditer(sentence)]
    for m in percents:
        before, after = _clause_around(sentence, m.start(), m.end())
        if _PROPORTION.match(after):
            continue  # "20 to 30 percent of its SUVs", "30 percent of its total investments": a proportion
        if _PRICE_MOVE.search(before[-80:]):
            continue  # "shares of Piedmont Lithium jumped almost 84%": the market, not a stake
        if _NOT_DEAL.search(before[-30:] + " " + after[:20]) or not (
            _STAKE_CUE.search(before[-40:] + " " + after[:40]) or _STAKE_TO.search(before[-100:])
        ):
            continue
        add(
            "split"
            if len(percents) > 1 and re.search(r"\b(?:other|rest|remaining|remainder|each)\b", sentence, re.I)
            else "stake",
            m,
            _number(m.group(0)),
        )
    if any(f.kind == "stake" for f in figures):
        for m in percents:
            if _AND_THE_OTHER.search(sentence[max(0, m.start() - 60) : m.start()]):
                add("stake", m, _number(m.group(0)))
    for m in _JOBS.finditer(sentence):
        add("jobs", m, _number(m.group(0)))
    for m in _MODELS.finditer(sentence):
        if not re.search(r"\d{4}", m.group(0)):
            add("models", m, _number(m.group(0)))
    if _FUTURE.search(sentence):
        for m in _TARGET_YEAR.finditer(sentence):
            year = int(m.group(1))
            if published_year is None or year >= published_year:
                add("target_year", m, float(year))
    for m in _PLACE.finditer(sentence):
        if not _NOT_PLACE.search(m.group(1)):
            add("place", m, 0.0, group=1)
    return sorted(figures, key=lambda f: f.start)
