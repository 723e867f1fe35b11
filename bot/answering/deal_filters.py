"""List filters read from vocabularies: status, kind, topic, country or region, sector, company.

"Which EV tie-ups are still only at the talks or study stage?" filters by
status; "Western automakers ... stakes in Chinese EV makers" by kind and by
two sides, one Western automaker and one Chinese company. A word that fits no
vocabulary is ignored: it never becomes a filter that empties the list.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from knowledge.cities import is_city
from knowledge.deal_words import KIND_NAMES, STATUS_RANK
from knowledge.non_orgs import COUNTRY_NAMES, DEMONYMS, is_place
from knowledge.records import Deal, StoredCompany
from knowledge.topics import topics_of

_EU = frozenset(
    {
        "DE",
        "FR",
        "IT",
        "SE",
        "NL",
        "ES",
        "BE",
        "AT",
        "CZ",
        "PL",
        "FI",
        "DK",
        "IE",
        "PT",
        "EU",
        "LU",
        "HU",
        "RO",
        "SK",
        "SI",
        "GR",
    }
)
_EUROPE = _EU | {"GB", "NO", "CH"}
_SOUTH_AMERICA = frozenset({"AR", "BO", "BR", "CL", "CO", "EC", "PE", "PY", "UY", "VE"})
_SOUTHEAST_ASIA = frozenset({"ID", "TH", "VN", "MY", "SG", "PH", "KH", "MM", "LA"})
_AFRICA = frozenset({"ZA", "MA", "EG", "NG", "KE", "CD", "ZM", "ZW", "GH", "ET", "TZ", "NA", "BW", "MZ"})
REGIONS: dict[str, frozenset[str]] = {
    **{w: frozenset({code}) for w, code in {**DEMONYMS, **COUNTRY_NAMES}.items() if code and not w.startswith("the ")},
    "chinese": frozenset({"CN", "HK"}),
    "china": frozenset({"CN", "HK"}),
    "american": frozenset({"US"}),
    "america": frozenset({"US"}),
    "u.s.": frozenset({"US"}),
    "detroit": frozenset({"US"}),
    "japanese": frozenset({"JP"}),
    "japan": frozenset({"JP"}),
    "german": frozenset({"DE"}),
    "germany": frozenset({"DE"}),
    "korean": frozenset({"KR"}),
    "south korean": frozenset({"KR"}),
    "korea": frozenset({"KR"}),
    "french": frozenset({"FR"}),
    "france": frozenset({"FR"}),
    "indian": frozenset({"IN"}),
    "india": frozenset({"IN"}),
    "swedish": frozenset({"SE"}),
    "british": frozenset({"GB"}),
    "uk": frozenset({"GB"}),
    "italian": frozenset({"IT"}),
    "vietnamese": frozenset({"VN"}),
    "taiwanese": frozenset({"TW"}),
    "canadian": frozenset({"CA"}),
    "european": _EUROPE,
    "europe": _EUROPE,
    "asian": frozenset({"CN", "HK", "JP", "KR", "TW", "IN", "VN", "SG", "TH"}),
    "western": _EUROPE | {"US", "CA", "AU"},
    "gulf": frozenset({"SA", "AE", "QA", "KW", "BH", "OM"}),
    "middle eastern": frozenset({"SA", "AE", "QA", "KW", "BH", "OM"}),
    "saudi": frozenset({"SA"}),
    "emirati": frozenset({"AE"}),
    "uae": frozenset({"AE"}),
    "qatari": frozenset({"QA"}),
    "arab": frozenset({"SA", "AE", "QA", "KW", "BH", "OM"}),
    "south america": _SOUTH_AMERICA,
    "south american": _SOUTH_AMERICA,
    "latin america": _SOUTH_AMERICA | {"MX"},
    "latin american": _SOUTH_AMERICA | {"MX"},
    "southeast asia": _SOUTHEAST_ASIA,
    "southeast asian": _SOUTHEAST_ASIA,
    "south-east asia": _SOUTHEAST_ASIA,
    "african": _AFRICA,
    "africa": _AFRICA,
}
SECTORS: dict[str, str] = {
    "tech": "tech",
    "technology": "tech",
    "internet": "tech",
    "software": "tech",
    "battery": "battery",
    "batteries": "battery",
    "battery maker": "battery",
    "battery makers": "battery",
    "cell maker": "battery",
    "automaker": "automaker",
    "automakers": "automaker",
    "carmaker": "automaker",
    "carmakers": "automaker",
    "car maker": "automaker",
    "car makers": "automaker",
    "ev maker": "automaker",
    "ev makers": "automaker",
    "manufacturers": "automaker",
    "startups": "automaker",
    "chip": "semiconductor",
    "chipmaker": "semiconductor",
    "chipmakers": "semiconductor",
    "semiconductor": "semiconductor",
    "supplier": "supplier",
    "suppliers": "supplier",
    "mining": "materials",
    "miner": "materials",
    "miners": "materials",
    "lithium": "materials",
    "charging": "charging",
    "energy": "energy",
    "oil": "energy",
    "utility": "energy",
    "utilities": "energy",
}
_REGION_WORDS = "|".join(sorted(map(re.escape, REGIONS), key=len, reverse=True))
_SECTOR_WORDS = "|".join(sorted(map(re.escape, SECTORS), key=len, reverse=True))
_SIDE = re.compile(
    rf"\b(?:(?P<region>{_REGION_WORDS})\s+(?:ev\s+|electric[- ]vehicle\s+|car\s+)?)?"
    rf"(?P<sector>{_SECTOR_WORDS})\b|\b(?P<alone>{_REGION_WORDS})\b",
    re.I,
)

_ORG_NOUNS = frozenset(
    {
        "automaker",
        "automakers",
        "carmaker",
        "carmakers",
        "car maker",
        "car makers",
        "ev maker",
        "ev makers",
        "manufacturers",
        "startups",
        "chipmaker",
        "chipmakers",
        "supplier",
        "suppliers",
        "miner",
        "miners",
        "battery maker",
        "battery makers",
        "cell maker",
    }
)
_ORG_AFTER = re.compile(
    r"\s+(?:compan(?:y|ies)|firms?|makers?|players?|groups?|giants?|suppliers?|producers?|majors?)\b", re.I
)

_SO_FAR = re.compile(r"\b(?:only|so far|still|yet|just)\b", re.I)
DOWNGRADED = "downgraded"  # a deal whose latest step is a lesser one than an earlier (a stake cut to an MoU)

# Status words, negations first: "not signed yet" wants the deals that are not signed.
_STATUS_FILTERS: list[tuple[frozenset[str], re.Pattern[str]]] = [
    (
        frozenset({"talks", "preliminary"}),
        re.compile(
            r"\b(?:not (?:yet )?(?:signed|final\w*|binding|sealed|done)|unsigned|yet to be signed|not signed yet|"
            r"(?:only|still) (?:at|in) (?:the )?(?:talks|discussion|study|exploratory|early)|study stage|"
            r"(?:talks|study) stage|exploring|exploratory|pending|unconfirmed|proposed|potential)\b",
            re.I,
        ),
    ),
    (
        frozenset({"ended", DOWNGRADED}),
        re.compile(
            r"\b(?:scaled back|scaled down|cut back|downgraded|watered down|"
            r"pared back|reduced|shrunk|narrowed)\b",
            re.I,
        ),
    ),
    (
        frozenset({"ended"}),
        re.compile(
            r"\b(?:called off|cancel\w*|terminat\w*|scrap\w*|ended|collapsed|abandon\w*|"
            r"fell (?:through|apart)|fallen (?:through|apart)|broke down|dead|failed|dropped|shelved|"
            r"pulled out|ditched|unwound|blocked|rejected|turned down|vetoed)\b",
            re.I,
        ),
    ),
    (
        frozenset({"preliminary"}),
        re.compile(
            r"\b(?:preliminary|non-?binding|memorand\w*|mous?|letters? of intent|"
            r"lois?|framework)\b",
            re.I,
        ),
    ),
    (
        frozenset({"talks"}),
        re.compile(
            r"\b(?:in talks|talks|talking (?:to|with)|negotiat\w*|rumou?r\w*|"
            r"under discussion|being discussed|discussions?)\b",
            re.I,
        ),
    ),
    (
        frozenset({"talks", "preliminary", "signed"}),
        re.compile(r"\b(?:still (?:on|active|going|alive|running)|active|ongoing|current|live)\b", re.I),
    ),
    (
        frozenset({"signed"}),
        re.compile(
            r"\b(?:signed|sealed|finali[sz]ed|completed|closed|(?<!non-)(?<!non )binding|definitive|"
            r"struck|inked)\b",
            re.I,
        ),
    ),
]
_KIND_WORDS: list[tuple[str, re.Pattern[str]]] = [
    ("joint venture", re.compile(r"\b(?:joint[- ]ventures?|jvs?)\b", re.I)),
    ("investment", re.compile(r"\b(?:stakes?|invest\w*|equity|shareholdings?|bought into|buy into)\b", re.I)),
    ("acquisition", re.compile(r"\b(?:acquisitions?|acquir\w+|takeovers?|mergers?|bought out|buyouts?)\b", re.I)),
    ("licensing", re.compile(r"\blicen[cs]\w+", re.I)),
    ("supply", re.compile(r"\b(?:supply|supplies|supplier|offtake|sourcing|procurement)\b", re.I)),
]
KIND_FAMILY = {
    "joint venture": {"joint venture"},
    "investment": {"investment", "acquisition"},
    "acquisition": {"acquisition"},
    "licensing": {"licensing"},
    "supply": {"supply"},
}


@dataclass(frozen=True)
class Side:
    """One party a listed deal must have: a region (a set of country codes) and/or a sector."""

    countries: frozenset[str] = frozenset()
    sector: str = ""
    named: str = ""  # "India or Southeast Asia": the words of a side of several areas

    def fits(self, company: StoredCompany | None) -> bool:
        if company is None:
            return False
        if self.countries and company.country not in self.countries:
            return False
        return not self.sector or company.sector == self.sector

    def words(self) -> str:
        region = self.named or next((w for w, codes in REGIONS.items() if codes == self.countries), "").capitalize()
        return " ".join(x for x in (region, self.sector) if x)


@dataclass
class DealFilters:
    statuses: frozenset[str] = frozenset()
    kind: str | None = None
    topics: list[str] = field(default_factory=list)
    sides: list[Side] = field(default_factory=list)
    companies: list[str] = field(default_factory=list)
    any_topic: bool = False  # "raw materials or recycling": either topic, not both
    # "which tie-ups began as an MoU?": the statuses are those of each deal's first step, not of its latest.
    first_step: bool = False
    # The other stored companies a company's typed name can mean ("Volvo": Volvo Cars, Volvo Group): a deal
    # of any of them is a deal of that name.
    same_name: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # "which deals are in Bogota?": towns, states or provinces a deal's own sentences must name.
    places: list[str] = field(default_factory=list)

    def named(self, company: str) -> list[str]:
        return [company, *self.same_name.get(company, ())]

    def __bool__(self) -> bool:
        return bool(self.statuses or self.kind or self.topics or self.sides or self.companies or self.places)

    def describe(self) -> str:
        """'battery deals involving CATL that are in talks': the filters in words, for a reply's title."""
        parts = []
        if self.kind:
            parts.append(self.kind)
        parts.append(" or ".join(self.topics) if self.any_topic else " ".join(self.topics))
        text = " ".join([p for p in parts if p] + ["deals"])
        if self.companies:
            text += " involving " + " and ".join(" or ".join(self.named(c)) for c in self.companies)
        if self.sides:
            text += " with " + " and ".join(s.words() + " companies" for s in self.sides)
        if self.places:
            text += " in " + " or ".join(self.places)
        if self.statuses:
            verb = " that began " if self.first_step else " that are "
            text += verb + " or ".join(sorted(_STATUS_WORDS[s] for s in self.statuses))
        return text


_STATUS_WORDS = {
    "talks": "in talks",
    "preliminary": "preliminary",
    "signed": "signed",
    "ended": "ended",
    DOWNGRADED: "scaled back",
}


def read_filters(text: str, companies: list[str]) -> DealFilters:
    """The filters a list question states; everything else in it is ignored."""
    negated, *others = _STATUS_FILTERS
    if _ANY_STAGE.search(text):  # "deals or talks": every deal, however far it got
        statuses: frozenset[str] = frozenset()
    elif negated[1].search(text):  # "not signed yet": the signing words say what is not wanted
        statuses = negated[0]
    else:  # "talks, MoUs or non-binding", "called off or scaled back": any of them
        statuses = frozenset().union(*(wanted for wanted, pattern in others if pattern.search(text)))
        if statuses == {"preliminary"} and _SO_FAR.search(text):  # "only MoUs so far": nothing binding yet
            statuses = frozenset({"talks", "preliminary"})
    first_step = bool(statuses and _BEGAN.search(text))  # "began as an MoU": how each deal started
    kind = kind_named(text)
    sides: list[Side] = []
    for m in _SIDE.finditer(text):
        region = (m["region"] or m["alone"] or "").lower()
        said = (m["sector"] or "").lower()
        if said and not region and not (said in _ORG_NOUNS or _ORG_AFTER.match(text, m.end())):
            continue  # "battery deals" is a topic; "battery makers" and "Chinese battery" are a side
        sector = SECTORS.get(said, "")
        countries = REGIONS.get(region, frozenset())
        if countries and not sector and sides and _ONE_AREA.search(text, 0, m.start()) and not sides[-1].sector:
            either = f"{sides[-1].words()} or {region.title()}"
            sides[-1] = Side(sides[-1].countries | countries, "", either)  # "in India and Southeast Asia": one area
            continue
        if countries or sector:
            sides.append(Side(countries, sector))
    if len(sides) > 1:  # "automakers ... automakers" is one side, and a bare sector beside a regional one adds nothing
        sides = list(dict.fromkeys(sides))
    unwanted = _RATHER_THAN.search(text)  # "raw materials or recycling rather than making cells": what is not asked
    wanted_text = text[: unwanted.start()] if unwanted else text
    topics = [t for t in topics_of(wanted_text) if not (t == "manufacturing" and re.search(r"\bmakers?\b", text, re.I))]
    places = _places_named(wanted_text)
    return DealFilters(
        places=places,
        statuses=statuses,
        kind=kind,
        topics=topics,
        sides=sides,
        companies=list(companies),
        any_topic=bool(_EITHER.search(wanted_text)) and len(topics) > 1,
        first_step=first_step,
    )


# "in Bogota", "near Chennai", "in Ohio or Kentucky": where the deals asked for are, after the word that says so.
_TYPED_WORD = r"(?!(?:and|or)\b)[\w'.-]+"
_IN_PLACE = re.compile(
    rf"\b(?:in|at|near|around|outside)\s+(?:the\s+)?(?P<items>{_TYPED_WORD}(?:\s+{_TYPED_WORD}){{0,2}}"
    rf"(?:\s*(?:,|\bor\b|\band\b)\s*{_TYPED_WORD}(?:\s+{_TYPED_WORD}){{0,2}})*)",
    re.I,
)


def _places_named(text: str) -> list[str]:
    """Towns, cities, states and provinces a list question asks about (any of them); countries and regions
    are sides."""
    out = []
    for m in _IN_PLACE.finditer(text):
        for item in re.split(r"\s*(?:,|\bor\b|\band\b)\s*", m["items"], flags=re.I):
            words = item.split()
            for n in range(len(words), 0, -1):
                name = " ".join(words[:n]).strip(" ?.,!")
                lowered = name.lower()
                if lowered in REGIONS or lowered in COUNTRY_NAMES or f"the {lowered}" in COUNTRY_NAMES:
                    break
                if is_city(name) or is_place(name):
                    out.append(name if name[:1].isupper() else name.title())
                    break
    return list(dict.fromkeys(out))


_ANY_STAGE = re.compile(
    r"\b(?:deals?|agreements?|partnerships?|tie-?ups?)\s+(?:or|and|&|/)\s+(?:talks|discussions|negotiations)\b|"
    r"\b(?:talks|discussions|negotiations)\s+(?:or|and|&|/)\s+(?:deals?|agreements?|partnerships?|tie-?ups?)\b",
    re.I,
)
_BEGAN = re.compile(r"\b(?:began|begun|started|start(?:ed)? (?:out|off)|originally|initially|at first|first)\b", re.I)
_RATHER_THAN = re.compile(r"\b(?:rather than|instead of|other than|but not|and not|excluding|except)\b", re.I)
_EITHER = re.compile(r"\bor\b|/|,", re.I)  # "trucks, buses, mining gear": examples, any of them


def kind_named(text: str) -> str | None:
    """The specific kind of deal a message names ("JV", "stake", "licence"), if any."""
    return next((kind for kind, pattern in _KIND_WORDS if pattern.search(text)), None)


_ONE_AREA = re.compile(r"\bin (?:the )?[A-Z][\w -]{1,30}? (?:and|or) $")


def _fits_sides(sides: list[Side], parties: Sequence[str], companies: dict[str, StoredCompany]) -> bool:
    """Each side fits a different party ("a Western automaker with a Chinese one")."""

    def assign(i: int, used: frozenset[str]) -> bool:
        if i == len(sides):
            return True
        return any(p not in used and sides[i].fits(companies.get(p)) and assign(i + 1, used | {p}) for p in parties)

    return assign(0, frozenset()) if len(sides) <= len(parties) else False


# A deal with a chipmaker is a chip deal, whatever its sentences are about (a wireless battery system).
TOPIC_OF_SECTOR = {"semiconductor": "chips", "charging": "charging"}


def apply(
    filters: DealFilters, deals: Sequence[Deal], companies: dict[str, StoredCompany], about: dict[str, set[str]]
) -> list[Deal]:
    """The deals that pass every filter; ``about`` maps each topic to the keys of the deals whose evidence
    sentences use its head word (a deal's topics are only those its extraction labelled)."""
    out = []
    for deal in deals:
        if filters.companies and not all(set(filters.named(c)) & set(deal.parties) for c in filters.companies):
            continue
        if (
            filters.statuses
            and not (filters.first_step and _began(deal) & filters.statuses)
            and (filters.first_step or deal.status not in filters.statuses)
            and not (DOWNGRADED in filters.statuses and _downgraded(deal))
        ):
            continue
        if filters.kind and not _of_kind(deal, filters.kind):
            continue
        has = [
            t in deal.topics
            or deal.key in about.get(t, ())
            or any(TOPIC_OF_SECTOR.get(getattr(companies.get(p), "sector", "")) == t for p in deal.parties)
            for t in filters.topics
        ]
        if has and not (any(has) if filters.any_topic else all(has)):
            continue
        if filters.sides and not _fits_sides(filters.sides, deal.parties, companies):
            continue
        if filters.places and not any(deal.key in about.get(place, ()) for place in filters.places):
            continue
        out.append(deal)
    return out


def _began(deal: Deal) -> set[str]:
    """The statuses of a deal's first day ("signed a non-binding agreement" is a signing and an MoU)."""
    dated = [e for e in deal.events if e.date] or deal.events
    first = min((e.date or "" for e in dated), default="")
    return {e.status for e in dated if (e.date or "") == first}


def _downgraded(deal: Deal) -> bool:
    ranks = [STATUS_RANK.get(e.status, 0) for e in deal.events if e.status != "ended"]
    return bool(ranks) and deal.status != "ended" and ranks[-1] < max(ranks)


def _of_kind(deal: Deal, kind: str) -> bool:
    """The deal is of the kind, or one of its steps was, or (for stakes) it records a stake bought."""
    if deal.kind in KIND_FAMILY.get(kind, {kind}) or kind in {e.kind for e in deal.events} & set(KIND_NAMES):
        return True
    return kind == "investment" and any(f.kind == "stake" for f in deal.figures)
