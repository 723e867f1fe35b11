"""The numbers a deal is measured by: money, stakes, counts of models or units, target years."""

from __future__ import annotations

import re
from dataclasses import dataclass

_NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
_NUMBER_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "hundred": 100})
_SCALE = {"thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "b": 1e9,
          "trillion": 1e12, "tn": 1e12}

_QUALIFIER = r"(?:(?:more than|over|about|around|nearly|almost|up to|roughly|at least|some|approximately)\s+)?"
_AMOUNT = r"\d[\d,]*(?:\.\d+)?"
_SCALE_WORD = r"(?:\s*(?:thousand|million|billion|trillion|mn|bn|tn|[mbk])\b)?"
_MONEY = re.compile(
    rf"{_QUALIFIER}(?:(?:US|C|A|HK)?\$|€|£|¥|USD\s?|EUR\s?|RMB\s?)\s?{_AMOUNT}{_SCALE_WORD}"
    rf"|{_QUALIFIER}{_AMOUNT}{_SCALE_WORD}\s+(?:dollars|euros|yuan|renminbi|yen|won|pounds|rupees)\b",
    re.I,
)
_STAKE = re.compile(rf"{_QUALIFIER}\d+(?:\.\d+)?\s?(?:%|percent|per cent)(?:\s+(?:stake|share|interest|holding))?", re.I)
_COUNT = re.compile(
    rf"(?<!\bthe )(?<!\bboth )(?<!\ball )(?<!\beach )\b{_QUALIFIER}(?P<n>\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?|{'|'.join(_NUMBER_WORDS)})\s+(?:new\s+)?"
    r"(?:[\w-]+\s+){0,3}?"
    r"(?P<unit>gwh|gigawatt-hours|mwh|(?!(?:years|months|days|weeks|hours|minutes|times|percent|its|his|has|was|is|as|this|thus|plus|us|less|across|versus)\b)[a-z-]+s)\b",
    re.I,
)
_TARGET_YEAR = re.compile(r"\b(?:by|in|from|until|starting in|as early as|before)\s+((?:19|20)\d\d)\b", re.I)


@dataclass(frozen=True)
class Figure:
    kind: str  # money, stake, count, target_year
    text: str
    value: float


def _number(text: str) -> float:
    text = text.lower().replace(",", "")
    if text in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[text])
    match = re.match(r"\d+(?:\.\d+)?", text)
    return float(match.group()) if match else 0.0


def _money_value(text: str) -> float:
    amount = re.search(_AMOUNT, text)
    scale = re.search(r"(thousand|million|billion|trillion|mn|bn|tn|[mbk])\b", text[amount.end():] if amount else "",
                      re.I)
    return _number(amount.group() if amount else "0") * (_SCALE[scale.group(1).lower()] if scale else 1)


def find_figures(sentence: str) -> list[Figure]:
    """Figures a sentence states, each with the words that state it."""
    figures: list[Figure] = []
    taken: list[tuple[int, int]] = []

    def add(kind: str, match: re.Match[str], value: float) -> None:
        if any(s < match.end() and match.start() < e for s, e in taken):
            return
        taken.append((match.start(), match.end()))
        text = match.group(0).strip()
        if kind == "target_year":
            text = text[0].lower() + text[1:]  # "By 2025," opening a sentence reads "by 2025" in a list
        figures.append(Figure(kind, text, value))

    for m in _MONEY.finditer(sentence):
        add("money", m, _money_value(m.group(0)))
    for m in _STAKE.finditer(sentence):
        add("stake", m, _number(re.search(r"\d+(?:\.\d+)?", m.group(0)).group()))
    for m in _COUNT.finditer(sentence):
        if re.fullmatch(r"(?:19|20)\d\d", m.group("n")):
            continue
        add("count", m, _number(m.group("n")))
    for m in _TARGET_YEAR.finditer(sentence):
        add("target_year", m, float(m.group(1)))
    return figures
