"""Governments and public bodies that sign: a country's government, one of its ministries, or a public body
such as a school district is a party to a deal in a sentence where it signs, awards or agrees something with a
company ("Gotion signed an investment agreement with the government of Morocco", "awarded a contract by
Montgomery County Public Schools"). Elsewhere a government approves, funds or regulates, and is no party: it
becomes one only in such a sentence beside a company, and is then a party wherever its storyline names it again
(knowledge/companies.py, _signing_governments).

A country's government is named after the country, whatever the article calls it ("the Moroccan government",
"Morocco's government" and "the government of Morocco" are all "Morocco (government)"), so that a storyline
told over several articles keeps one party."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from knowledge.non_orgs import COUNTRY_NAMES, DEMONYMS, is_place
from knowledge.text import without_accents

SECTOR = "government"
_TAIL = " (government)"

# What a signatory does: signs, agrees, awards a contract, takes an MoU or a letter of intent.
_SIGNS = re.compile(
    r"\b(?:sign(?:s|ed|ing)?(?! off)|ink(?:s|ed)?|agreed|agreements?|memorand(?:um|a)|MoUs?|contracts?|awarded|"
    r"letters? of intent|convention|framework deal|partnership|joint venture)\b",
    re.I,
)
_PLACE = r"[A-Z][\w.-]*(?: [A-Z][\w.-]*){0,2}"
_LEVEL = r"(?:(?:federal|national|central|state|regional|provincial) )?"
_GOVERNMENT_OF = re.compile(rf"\bthe {_LEVEL}government of (?P<place>{_PLACE})")
_PLACE_GOVERNMENT = re.compile(rf"\b(?P<place>{_PLACE})(?:['’]s)? {_LEVEL}government\b")
_KINGDOM_OF = re.compile(rf"\bthe (?:Kingdom|Republic|State|Sultanate|Emirate) of (?P<place>{_PLACE})")
_MINISTRY = re.compile(rf"\b(?P<place>{_PLACE})(?:['’]s)? Ministry of [A-Z]\w+(?:(?:,| and| of| for)? [A-Z]\w+)*")
# "The UAE signed a memorandum with Einride", "Chile and Halvo Energy have signed": the country as the subject.
_COUNTRY_SIGNS = re.compile(
    rf"(?:^|(?<=\s-\s)|(?<=\s\u2014\s))(?:The )?(?P<place>{_PLACE})(?: and [^.;]{{1,60}}?)? (?:has |have )?"
    r"(?:signed|inked|agreed|awarded)\b"
)
# "signed an investment agreement with Morocco": the country itself as the other side.
_WITH_COUNTRY = re.compile(
    rf"\b(?:sign(?:s|ed)?|ink(?:s|ed)?|agreed|concluded|struck|reached)\b[^.;]{{0,50}}?\bwith (?:the )?"
    rf"(?P<place>{_PLACE})\b(?!['’]s\b|\s+[A-Z])"
)
_PUBLIC_BODY = re.compile(
    r"\b(?P<body>(?:[A-Z][\w.-]+ ){1,4}(?:Public Schools|School District|School Board|Transit Authority|"
    r"Transport(?:ation)? Authority|City Council|County Council|Municipal Corporation|Metropolitan Government))\b"
)
# What a government gives a deal it is no party to: "approval by", "subsidies from", "backing of".
_APPROVER = re.compile(
    r"\b(?:approv\w*|clearance|consent|permission|blessing|review|sign-off|backing|support|subsid\w*|incentives?|"
    r"grants?|funding|loans?|licen[cs]es?|permits?)\s+(?:\w+\s+){0,2}?(?:from|by|of)\s+(?:the\s+)?(?:\w+\s+)?$",
    re.I,
)
# How news writes a country that pycountry spells otherwise.
_COMMON = {
    "czechia": "Czech Republic",
    "turkiye": "Turkey",
    "korea, republic of": "South Korea",
    "viet nam": "Vietnam",
    "russian federation": "Russia",
    "united kingdom": "Britain",
}


@dataclass(frozen=True)
class Signatory:
    """A government or public body a sentence names: its party name, its country code, where it is, and
    whether the sentence has it sign something."""

    name: str
    country: str
    start: int
    end: int
    signs: bool


def signatories(sentence: str, taken: list[tuple[int, int]]) -> list[Signatory]:
    """The governments and public bodies a sentence names, outside the spans taken by companies found; each
    says whether the sentence is one where something is signed."""
    signs = bool(_SIGNS.search(sentence))
    found: list[Signatory] = []

    def add(name: str, country: str, start: int, end: int) -> None:
        if any(s < end and start < e for s, e in taken) or any(f.start < end and start < f.end for f in found):
            return
        if _APPROVER.search(sentence[max(0, start - 40) : start]):
            return  # "subject to approval by the Chinese government": it clears the deal, it is no party
        found.append(Signatory(name, country, start, end, signs))

    for pattern in (_GOVERNMENT_OF, _KINGDOM_OF, _MINISTRY, _PLACE_GOVERNMENT, _COUNTRY_SIGNS, _WITH_COUNTRY):
        for match in pattern.finditer(sentence):
            place = match["place"] or ""
            whole = pattern not in (_COUNTRY_SIGNS, _WITH_COUNTRY)  # "with Chinese supplier Shanshan" is no China
            country = _country(place, adjective=whole)
            if country is not None:  # the words that name it: all of "the government of Morocco", "Morocco" of
                # "signed an agreement with Morocco"
                start, end = (match.start(), match.end()) if whole else (match.start("place"), match.end("place"))
                add(f"{country[0]}{_TAIL}", country[1], start, end)
    for match in _PUBLIC_BODY.finditer(sentence):
        add(match["body"], "", match.start("body"), match.end("body"))
    return found


def _country(place: str, adjective: bool = True) -> tuple[str, str] | None:
    """A place's name as a government's party name, and its country's code: "Moroccan" (unless ``adjective``
    is false) and "Morocco" are ("Morocco", "MA"); a state or province ("Saarland") keeps its own name."""
    lowered = without_accents(re.sub(r"^the\s+", "", place.strip(" .,"), flags=re.I).lower())
    if not lowered:
        return None
    by_name = _countries()
    if lowered in by_name:
        return by_name[lowered]
    code = (
        (DEMONYMS.get(lowered) if adjective else None)
        or COUNTRY_NAMES.get(lowered)
        or COUNTRY_NAMES.get(f"the {lowered}")
    )
    if code:
        return next((v for v in by_name.values() if v[1] == code), None)
    if not adjective:
        return None
    for cut in ("ian", "an", "ese", "ish", "i", ""):  # "Moroccan", "Chilean", "Czech": a people's adjective
        stem = lowered[: len(lowered) - len(cut)]
        if lowered.endswith(cut) and len(stem) >= 4:
            matches = {v for k, v in by_name.items() if k.startswith(stem)}
            if len(matches) == 1:
                return matches.pop()
    if is_place(lowered):
        return place.strip(" .,"), ""  # "Saarland", "Maharashtra": a state's or a province's government
    return None


def country_named(government: str) -> str:
    """The country a government's party name names ("Chile" of "Chile (government)"), or "" for a public body."""
    return government.removesuffix(_TAIL) if government.endswith(_TAIL) else ""


@lru_cache(maxsize=1)
def _countries() -> dict[str, tuple[str, str]]:
    """Every country's names, lower-cased, to its name as news writes it and its code. Ingestion's only:
    pycountry is read when a sentence first names a government."""
    import pycountry

    names: dict[str, tuple[str, str]] = {}
    for country in pycountry.countries:
        spelled = getattr(country, "common_name", None) or country.name
        spelled = _COMMON.get(without_accents(spelled.lower()), spelled)
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                names[without_accents(value.lower())] = (spelled, country.alpha_2)
        names[without_accents(spelled.lower())] = (spelled, country.alpha_2)
    return names
