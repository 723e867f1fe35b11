"""Recognising companies in article text and in chat questions.

A shipped gazetteer (knowledge/data/companies.json) knows automakers, tech,
battery and supply companies with their aliases, country and sector. News
about companies it does not know is caught by two heuristics: a capitalised
name with a corporate suffix ("Voltara Energy", "Kestrel Motors Inc"), and a
capitalised name in a deal slot next to a known party ("Ford and Voltara
signed ...", "a partnership between Kestrel and GM").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import Any

import orjson

from knowledge.non_orgs import COUNTRY_NAMES, DEMONYMS, is_not_an_organisation, is_place_word
from knowledge.text import normalise
from knowledge.topics import topics_of

NON_PARTY_SECTORS = frozenset({"media", "agency"})

# Latin letters beyond ASCII, so that "Koç Holding", "Škoda" and "Gran Américas" are names like any other.
_UP = "A-Z" + "".join(c for c in map(chr, range(0xC0, 0x250)) if c.isupper())
_LETTER = "A-Za-z" + "".join(c for c in map(chr, range(0xC0, 0x250)) if c.isalpha())
_WORD = re.compile(rf"[{_LETTER}0-9][\w&'.-]*[\w&]|[{_LETTER}0-9]")
_WORD_END = re.compile(r"[^\w&]")  # what follows a _WORD match: where a word of an alias can end
_MAX_ALIAS_WORDS = 6

_SUFFIXES = (
    r"Inc|Corp|Corporation|Ltd|LLC|PLC|Group|Motors?|Automotive|Auto|Autos|Technologies|Technology|Tech|"
    r"Energy|Batter(?:y|ies)|Holdings?|AG|SE|SA|NV|GmbH|Mobility|Electric|Power|Materials|Systems|Industries|"
    r"Solutions|Robotics|Semiconductors?|Cells|Charging|Lithium|Cobalt|Nickel|Labs|AI|Capital|Partners|Ventures|Investments?|Funds?|"
    r"Trucks|Cars|Vehicles|Motorcycles|Mining|Metals|Minerals|Resources|Chemicals?|Steel|Engineering|Logistics|"
    r"Heavy Industries|Services|Federation|Sdn\.? Bhd|Bhd|Berhad|Tbk|Pte|Pty|Oyj|ASA|AB|SpA|BV|&\s+Co|Co"
)
_NAME = rf"[{_UP}][{_LETTER}0-9&-]*(?:\s+[{_UP}][{_LETTER}0-9&-]*){{0,3}}"
_GLUED = re.compile(rf"\b([{_UP}][a-z]+\s+[{_UP}][a-z]+(?:Corp|Tech|Motors?|Energy|Power|Auto))\b")
_SUFFIX_AFTER = re.compile(rf"\s+(?P<word>{_SUFFIXES})\b")
_SUFFIXED = re.compile(
    rf"\b((?:{_NAME})\s+(?:{_SUFFIXES})(?:\s+&\s+(?:{_SUFFIXES}))?)\b\.?"
    r"(?!\s+(?:Platform|Architecture|Programme|Program|Initiative|Act|Award|Index|Summit|Conference|Show|Week|"
    r"System|Standard|Vehicle|Infrastructure|Laborator(?:y|ies)|Institute|Association|Agency|Administration)\b)"
)  # "the MEB Electric Platform", "the Combined Charging System", "the National Renewable Energy Laboratory": no
# company  # "Energy & Solutions"

_COUNTRY_WORDS = {
    **{k: v for k, v in DEMONYMS.items() if v},
    **{k: v for k, v in COUNTRY_NAMES.items() if not k.startswith("the ")},
    "u.s.": "US",
    "us": "US",
    "detroit-based": "US",
}
_SECTOR_WORDS = {
    "tech": "tech",
    "technology": "tech",
    "internet": "tech",
    "e-commerce": "tech",
    "smartphone": "tech",
    "software": "tech",
    "electronics": "tech",
    "battery": "battery",
    "cell": "battery",
    "carmaker": "automaker",
    "automaker": "automaker",
    "car maker": "automaker",
    "ev maker": "automaker",
    "ev start-up": "automaker",
    "ev startup": "automaker",
    "chipmaker": "semiconductor",
    "chip": "semiconductor",
    "supplier": "supplier",
    "charging": "charging",
    "mining": "materials",
    "miner": "materials",
    "refiner": "materials",
    "lithium": "materials",
    "oil": "energy",
    "utility": "energy",
    "energy": "energy",
}
# What deals are about, never a company's whole name: "Nickel" of "its Nickel West operation".
_TRADE_GOODS = frozenset(
    "nickel lithium cobalt graphite manganese copper aluminium aluminum steel hydrogen battery batteries cells "
    "charging software chips semiconductors solar".split()
)
# The word of a name that says what a company does: "Talon Metals", "Piedmont Lithium", "Tarn Cells".
_SECTOR_OF_NAME = {
    **dict.fromkeys(("mining", "metals", "minerals", "resources", "lithium", "nickel", "cobalt"), "materials"),
    **dict.fromkeys(("semiconductor", "semiconductors"), "semiconductor"),
    **dict.fromkeys(("battery", "batteries", "cells"), "battery"),
    "charging": "charging",
}
_SECTOR_BEFORE = re.compile(
    r"\b("
    + "|".join(sorted((re.escape(w) for w in _SECTOR_WORDS), key=len, reverse=True))
    + r")\s+(?:[a-z-]+\s+){0,2}?(?:giant|company|firm|group|maker|start-?up|player|supplier|major)?"
    r"\s*$",
    re.I,
)
_DESCRIPTOR = re.compile(
    r"\b(" + "|".join(sorted((re.escape(w) for w in _COUNTRY_WORDS), key=len, reverse=True)) + r")\s+"
    r"((?:[a-z-]+\s+){0,3}?)(?:giant|company|firm|group|maker|start-?up|conglomerate|automaker|carmaker|"
    r"chipmaker|supplier|manufacturer|player|brand)?\s*$",
    re.I,
)

# "South Korea's Tarn Cells", "China's Horon Robotics": the country a company is from, as news writes it.
_COUNTRY_OWNS = re.compile(
    r"\b(" + "|".join(sorted((re.escape(w) for w in COUNTRY_NAMES), key=len, reverse=True)) + r")(?:'s|’s)\s+"
    r"(?:[a-z-]+\s+){0,3}?$",
    re.I,
)

# "Taiwan's Tarnet and ...", "China's Zenvo said": a name a country owns, followed by what a subject does.
_OF_A_COUNTRY = re.compile(
    r"\b(?:" + "|".join(sorted((re.escape(w.title()) for w in COUNTRY_NAMES), key=len, reverse=True)) + r")(?:'s|’s)\s+"
    rf"(?P<name>[{_UP}][\w&-]+(?:\s+[{_UP}][\w&-]+){{0,2}})(?=\s*(?:[,(]|\b(?:and|or|has|have|had|is|are|was|were|will|"
    r"would|said|says|signed|agreed|announced|plans?|struck|formed|reached)\b))"
)
# "Japan's Prime Minister", "China's Commerce Ministry": a country's officials and bodies, no company.
_NOT_A_FIRM = re.compile(
    r"\b(?:Prime|Minister|Ministry|President|Premier|Government|Department|Agency|Commission|Council|"
    r"Parliament|Embassy|Crown|Prince|King|Queen|Province|State|City|Exchange|Bank|Court|Army|Navy)\b"
)

# "CYVN Holdings, an investment vehicle majority owned by the Abu Dhabi government": a state's company.
_STATE_OWNED_AFTER = re.compile(
    r"^,?\s+(?:(?:an?|the)\s+)?(?:[\w-]+\s+){0,4}?(?:owned|backed|controlled)\s+by\s+(?:the\s+)?("
    + "|".join(sorted((re.escape(w) for w in COUNTRY_NAMES if not w.startswith("the ")), key=len, reverse=True))
    + r")(?:n|ese|i|ian)?\s+(?:government|state)",
    re.I,
)

_LEGAL_PREFIXES = frozenset({"PT", "PJSC", "OJSC", "JSC", "AO", "OAO"})

# Capitalised words that are never a company name on their own.
_NOT_NAMES = frozenset(
    """
The A An In On At For With And Or But As By From Of To Its It This That These Those Their His Her Our We They
He She I Under Over After Before While During Despite Although However Meanwhile Also According Last Next
Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August
September October November December CEO CFO CTO EV EVs China Chinese US USA U.S. America American Europe European
Japan Japanese Germany German Korea Korean India Indian France French UK Britain British Detroit Shanghai Beijing
Tokyo Seoul Munich Stuttgart Paris London California Texas Michigan Asia Asian North South East West New
Company Group Inc Corp Ltd Reuters Bloomberg President Chairman Chief Executive Officer Minister Government
""".split()
)

_PRONOUNS = frozenset("We Our It Its They Their He She His Her I This That".split())

_DEMONYM = "|".join(
    sorted((re.escape(w.title()) for w in _COUNTRY_WORDS if not w.endswith("-based")), key=len, reverse=True)
)
_SLOT_AFTER_KNOWN = re.compile(
    rf"^\s*(?:and|with|between|(?:(?:is|has|have|had|will|to|agreed to|plans to|said it will|said it would)\s+){{0,2}}(?:acquir\w*|buy\w*|bought|take over|"
    rf"took over|invest\w* in|partner\w* with|team\w* up with|in talks with|sign\w* [^.]{{0,30}}? with))\s+(?:(?:{_DEMONYM}|U\.S\.)\s+)?(?:[a-z-]+\s+){{0,3}}?({_NAME})\b"
)

# "Fortescue and Liebherr signed ...": two names joined as the subject of a deal's verb.
_PAIR_SIGNING = re.compile(
    rf"(?:^|(?<=\s))(?P<a>{_NAME})\s+and\s+(?P<b>{_NAME})\s+(?:(?:have|has|had|will|would|on \w+|jointly)\s+)?"
    r"(?:signed|agreed|formed|struck|inked|sealed|announced (?:a|an|the|plans?)|set up|launched|created|"
    r"established|completed|finali[sz]ed|unveiled|plan(?:ned)? to|are (?:in talks|teaming|forming|partnering))\b"
)

# "BENTONVILLE, Ark. - Walmart has signed a definitive agreement": a name opening a clause as the subject of a
# deal's verb.
_SUBJECT_SIGNING = re.compile(
    rf"(?:^|(?<=\s-\s)|(?<=\s—\s)|(?<=\s–\s))(?P<name>{_NAME})(?:,\s+(?:the|a|an)\s+[^,;.()]{{2,100}},)?\s+"
    r"(?:(?:has|have|had|will|on \w+)\s+)?(?:signed|agreed to (?:buy|acquire|invest|take|sell)|ordered|"
    r"placed an order|reserved|struck|inked|sealed|sold|bought|acquired|teamed up|is teaming up|partnered)\b"
)  # "Enercity, the municipal power utility of the German city of Hanover, has sold": past the description too

# "French miner Eramet", "battery recycler Redwood Materials", "Turkish conglomerate Koc": a company's name
# after the words that say what kind of company it is.
_DESCRIBED = re.compile(
    rf"(?:\b(?:{_DEMONYM}|U\.S\.)\s+(?:[a-z-]+\s+){{0,2}}?|\b[a-z-]{{3,}}\s+(?:[a-z-]+\s+)?)(?:miner|maker|group|"
    rf"company|firm|conglomerate|start-?up|supplier|recycler|refiner|producer|manufacturer|giant|developer|"
    rf"operator|utility|specialist|automaker|carmaker|chipmaker|investor|fund|brewer|retailer|airline|insurer|"
    rf"lender|grocer|shipper|carrier)\s+({_NAME})\b"
)

# A public lender or fund named in full and then by the short form the article uses: "the Fund for Export
# Development in Africa (FEDA)", "the African Export-Import Bank (Afreximbank)". The short form must fit the full
# name, its initials or its first letters, so "the Inflation Reduction Act (IRA)" names no one.
_INSTITUTION_WORD = r"(?:Bank|Fund|Corporation|Finance|Company)"
_CAP = rf"[{_UP}][{_LETTER}-]*"
_INSTITUTION_SHORTENED = re.compile(
    rf"\b(?P<name>(?:{_CAP}\s+){{0,4}}{_INSTITUTION_WORD}(?:\s+(?:for|of|in|and)\s+{_CAP}(?:\s+{_CAP}){{0,3}}){{0,2}})"
    rf"\s+\((?P<short>[A-Z][A-Za-z&]{{1,13}})\)"
)


def _shortened(name: str, short: str) -> str | None:
    """The part of ``name`` that ``short`` stands for: "Fund for Export Development in Africa" for "FEDA",
    "International Development Finance Corporation" for "DFC" after "U.S.", "African Export-Import Bank" for
    "Afreximbank"; None when it stands for none."""
    words = name.split()
    capitals = [[p for p in w.split("-") if p[:1].isupper()] for w in words]
    if not short.isupper():
        return name if len(short) > 4 and short[:3].lower() == words[0][:3].lower() else None
    for first in range(len(words)):
        if capitals[first] and "".join(p[0] for ps in capitals[first:] for p in ps) == short.replace("&", ""):
            return " ".join(words[first:])
    return None


# "Argo AI, the Pittsburgh autonomous-vehicle company ...": a name set beside what kind of company it is.
_APPOSED = re.compile(
    rf"(?:^|(?<=\s))(?P<name>{_NAME})(?:\s+\([A-Z][A-Za-z&]{{1,7}}\))?,\s+(?:a|an|the|[A-Z][\w.-]+(?: [A-Z][\w.-]+)?(?:'s|’s))\s+"
    rf"(?:[\w/-]+\s+){{0,4}}?"
    rf"(?:company|start-?up|firm|developer|"
    rf"supplier|maker|automaker|carmaker|manufacturer|operator|provider|pioneer|network|subsidiary|arm|unit)\b(?!\s+(?:said|says|added|told|announced|reported|noted|stated|"
    rf"confirmed|expects|expected))"
)

# A joint venture's own name: "Ohiocell, a new joint venture ...".
_VENTURE_NAMED = re.compile(
    rf"(?:^|(?<=\s))(?P<name>{_NAME}),\s+(?:a|an|the|their|its)\s+(?:new\s+|planned\s+)?(?:[\w/-]+\s+){{0,3}}?"
    rf"joint[- ]venture\b"
)


_SUFFIX_ALONE = re.compile(_SUFFIXES)
_ROMAN = re.compile(r"[IVX]{1,4}")

# Words a heuristic's pattern cannot match without (each is case-sensitive): a sentence with none of them is
# not searched with it. Most sentences lack most of them, and a substring test costs a fraction of a search.
_CUES: dict[re.Pattern[str], tuple[str, ...]] = {
    _GLUED: ("Corp", "Tech", "Motor", "Energy", "Power", "Auto"),
    _PAIR_SIGNING: ("and",),
    _SUBJECT_SIGNING: (
        *("signed", "agreed to", "ordered", "placed an order", "struck", "inked", "sealed", "sold", "bought"),
        *("acquired", "teamed up", "teaming up", "partnered", "reserved"),
    ),
    _VENTURE_NAMED: ("joint",),
    _APPOSED: (",",),
    _DESCRIBED: (
        *("miner", "maker", "group", "company", "firm", "conglomerate", "start", "supplier", "recycler"),
        *("refiner", "producer", "manufacturer", "giant", "developer", "operator", "utility", "specialist"),
        *("investor", "fund", "brewer", "retailer", "airline", "insurer", "lender", "grocer", "shipper", "carrier"),
    ),
    _OF_A_COUNTRY: ("'s", "\u2019s"),
}


def _matches(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, skipped when ``text`` has none of the pattern's cues."""
    cues = _CUES.get(pattern)
    if cues is not None and not any(cue in text for cue in cues):
        return iter(())
    return pattern.finditer(text)


@dataclass(frozen=True)
class Company:
    name: str
    aliases: tuple[str, ...] = ()
    country: str = ""
    sector: str = ""
    parent: str = ""  # a unit or brand is its owner's side in any deal

    @property
    def is_party(self) -> bool:
        """Media, public agencies, places and associations are named in deal news, never parties to a deal.
        A name with a sector (the gazetteer's, or the article's "battery maker X") is known to be a company."""
        return self.sector not in NON_PARTY_SECTORS and (bool(self.sector) or not is_not_an_organisation(self.name))


@dataclass(frozen=True)
class Mention:
    name: str
    start: int
    end: int
    known: bool = True


class Gazetteer:
    """Alias lookup by word n-grams: linear in the text, whatever the number of aliases."""

    def __init__(self, companies: Iterable[Company]) -> None:
        self.companies: dict[str, Company] = {}
        self._alias: dict[str, str] = {}
        self._lowercase: set[str] = set()  # names a company writes in lower case ("bp"), matched as written
        # Every alias's leading words ("general", "general motors" of "general motors co"): a word of the text
        # that is none of them starts no alias of two words or more, so it costs one lookup, not six.
        self._heads: set[str] = set()
        self._fresh: set[str] | None = None  # in a copy ``extended`` made: the keys set since (see read_article)
        for company in companies:
            self.add(company)

    def _set_alias(self, key: str, name: str) -> None:
        self._alias[key] = name
        self._heads.update(key[: m.start()] for m in _WORD_END.finditer(key) if m.start())
        if self._fresh is not None:
            self._fresh.add(key)

    def _alias_default(self, key: str, name: str) -> None:
        if key not in self._alias:
            self._set_alias(key, name)

    def add(self, company: Company) -> None:
        self.companies[company.name] = company
        for alias in (company.name, *company.aliases):
            self._alias_default(alias.lower(), company.name)
            if alias == alias.lower() and alias[:1].isalpha():
                self._lowercase.add(alias)
                if self._fresh is not None:
                    self._fresh.add(alias)
        for alias in (company.name, *company.aliases):
            for short in (fold(alias), _without_trade_word(alias)):
                self._add_short(alias, short, company.name)

    def _add_short(self, alias: str, short: str, name: str) -> None:
        """A shorter form people write, unless it is a word that names something else as well."""
        if (
            short != alias.lower()
            and (len(short.split()) > 1 or len(short) >= 4)
            and short not in COMMON_WORDS
            and short not in _COUNTRY_WORDS  # "Indonesia Battery Corporation" is not called "Indonesia"
            and not topics_of(short)  # "Lithium Power" is not called "lithium": that is what deals are about
        ):
            self._alias_default(short, name)

    def extended(self, companies: Iterable[Company]) -> Gazetteer:
        """A copy that also knows ``companies`` (unknown names found in one article)."""
        child = Gazetteer(())
        child.companies, child._alias, child._lowercase = dict(self.companies), dict(self._alias), set(self._lowercase)
        child._heads, child._fresh = set(self._heads), set()
        added: dict[str, Company] = {}
        for company in companies:
            if company.name not in child.companies:
                child.add(company)
                added[company.name] = company
            elif company.name in added and set(company.aliases) - set(added[company.name].aliases):
                merged = replace(  # named bare in the headline, "(BII)" beside it in the text
                    added[company.name], aliases=tuple(dict.fromkeys(added[company.name].aliases + company.aliases))
                )
                child.add(merged)
                added[company.name] = merged
        return child

    def state(self) -> dict[str, Any]:
        """What the gazetteer has learned, as JSON values: ``restored`` makes the same gazetteer again without
        learning every company's aliases over (see knowledge/summary.py)."""
        return {
            "companies": [[c.name, list(c.aliases), c.country, c.sector, c.parent] for c in self.companies.values()],
            "alias": self._alias,
            "lowercase": sorted(self._lowercase),
            "heads": sorted(self._heads),
        }

    @classmethod
    def restored(cls, state: dict[str, Any]) -> Gazetteer:
        """The gazetteer ``state()`` describes; a ValueError, TypeError or KeyError for what is none."""
        found = cls(())
        found.companies = {
            name: Company(name, tuple(aliases), country, sector, parent)
            for name, aliases, country, sector, parent in state["companies"]
        }
        alias, lowercase, heads = state["alias"], state["lowercase"], state["heads"]
        if not (
            isinstance(alias, dict)
            and set(map(type, alias.values())) <= {str}
            and all(isinstance(v, list) and set(map(type, v)) <= {str} for v in (lowercase, heads))
            and all(
                set(map(type, (c.name, c.country, c.sector, c.parent, *c.aliases))) <= {str}
                for c in found.companies.values()
            )
        ):
            raise ValueError("not a gazetteer")
        found._alias, found._lowercase, found._heads = alias, set(lowercase), set(heads)
        return found

    def adopt_owners(self, companies: Iterable[Company]) -> None:
        """An owner the articles told of a company the gazetteer ships without one ("Hino Motors, a Toyota
        subsidiary")."""
        for company in companies:
            shipped = self.companies.get(company.name)
            if company.parent and shipped is not None and not shipped.parent:
                self.add(replace(shipped, parent=company.parent))

    def get(self, name: str) -> Company | None:
        return self.companies.get(name)

    def canonical(self, surface: str) -> str | None:
        surface = normalise(surface).lower()
        return self._alias.get(surface) or self._alias.get(fold(surface))

    def find_known(self, text: str, *, any_case: bool = False) -> list[Mention]:
        """Known companies named in ``text``, longest alias first, left to right.

        An alias of several words starts with the first word's own text, lower-cased, followed by what ends a
        word, so a word that is no alias's leading words is only looked up alone. (A capital sigma lower-cases
        by its neighbours, so a text with one is looked up at every length.)"""
        words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
        heads = self._heads if "\u03a3" not in text else None
        found: list[Mention] = []
        i = 0
        while i < len(words):
            longest = min(_MAX_ALIAS_WORDS, len(words) - i)
            if heads is not None and text[words[i][0] : words[i][1]].lower() not in heads:
                longest = 1
            for n in range(longest, 0, -1):
                start, end = words[i][0], words[i + n - 1][1]
                surface = text[start:end].rstrip(".'").removesuffix("'s").removesuffix("'")
                name = self._alias.get(surface.lower())
                if name and (any_case or surface[:1].isupper() or surface[:1].isdigit() or surface in self._lowercase):
                    found.append(Mention(name, start, start + len(surface)))
                    i += n
                    break
            else:
                i += 1
        return found

    def find(self, text: str) -> list[Mention]:
        """Known companies, plus unknown ones the heuristics recognise (not in headline-case text)."""
        known = [m for m in self.find_known(text) if not self._other_of_same_word(text, m)]
        if _is_headline_case(text):
            return known
        taken = [(m.start, m.end) for m in known]
        extra: list[Mention] = []

        def add(name: str, start: int) -> None:
            name = name.strip()
            if _VEHICLE.search(text[max(0, start - 40) : start]):
                return  # the joint venture's own name: the vehicle of a deal, not a party to it
            if not name or (name.split()[0] in _NOT_NAMES and len(name.split()) == 1) or _ADJECTIVAL.search(name):
                return
            if _ROMAN.fullmatch(name):
                return  # the "III" of "Spartan Acquisition Corp. III": a number, not a company
            if _SUFFIX_ALONE.fullmatch(name) or name.lower() in _TRADE_GOODS:
                return  # "Investment" of "Committee on Foreign Investment", "Nickel" of "Nickel West": no one
            if any(s <= start < e for s, e in taken):
                return
            known_as = self.canonical(name)
            if known_as:
                extra.append(Mention(known_as, start, start + len(name)))
                taken.append((start, start + len(name)))
                return
            extra.append(Mention(name, start, start + len(name), known=False))
            taken.append((start, start + len(name)))

        for match in _SUFFIXED.finditer(text):
            name = match.group(1)
            if name.split()[0] in _DESCRIBING:  # "Rival Panasonic Energy"
                name = name.split(" ", 1)[1]
            first = name.split()[0]
            rest = name.split()[1:2]
            if first in _NOT_NAMES and not (
                first.lower() in _COUNTRY_WORDS and rest and rest[0].lower() in COMMON_WORDS
            ):
                name = name[len(first) :].strip()  # but "British International Investment" is one name
                if len(name.split()) < 2:
                    continue
            add(name, match.start(1) + (len(match.group(1)) - len(name)))
        for match in _matches(_GLUED, text):  # "Hero MotoCorp": the suffix written into the last word
            add(match.group(1), match.start(1))
        for match in _matches(_PAIR_SIGNING, text):
            for side in ("a", "b"):
                candidate = _trim_name(match.group(side))
                if candidate:
                    add(candidate, match.start(side) + match.group(side).find(candidate))
        for match in _matches(_SUBJECT_SIGNING, text):
            candidate = _trim_name(match.group("name"))
            if candidate:
                add(candidate, match.start("name") + match.group("name").find(candidate))
        for match in _matches(_INSTITUTION_SHORTENED, text):
            name = _shortened(match.group("name"), match.group("short"))
            if name:
                add(name, match.end("name") - len(name))
        for match in _matches(_VENTURE_NAMED, text):
            add(match.group("name"), match.start("name"))
        for match in _matches(_APPOSED, text):
            candidate = _trim_name(match.group("name"))
            if candidate:
                add(candidate, match.start("name"))
        for match in _matches(_DESCRIBED, text):
            candidate = _trim_name(match.group(1), after_a_noun=True)
            if candidate:
                add(candidate, match.start(1) + match.group(1).find(candidate))
        for match in _matches(_OF_A_COUNTRY, text):
            candidate = _trim_name(match.group("name"))
            if candidate and not _NOT_A_FIRM.search(candidate):
                add(candidate, match.start("name") + match.group("name").find(candidate))
        for mention in known:
            slot = _SLOT_AFTER_KNOWN.match(text[mention.end :])
            if slot:
                candidate = _trim_name(slot.group(1))
                if candidate:
                    add(candidate, mention.end + slot.start(1))
        return sorted(known + extra, key=lambda m: m.start)

    def _other_of_same_word(self, text: str, mention: Mention) -> bool:
        """'Orvane Energy' where 'Orvane' is the short form of a known 'Orvane Capital': another company that
        shares its first word, named in full with its own trade word."""
        surface = text[mention.start : mention.end]
        suffix = _SUFFIX_AFTER.match(text, mention.end)
        if suffix is None or len(surface.split()) != 1 or len(mention.name.split()) < 2:
            return False  # "Tesla Energy" is Tesla's: a one-word name has no trade word to differ by
        return fold(f"{surface} {suffix['word']}") != fold(mention.name) and not self.canonical(
            f"{surface} {suffix['word']}"
        )

    def read_article(self, sentences: list[str]) -> ArticleCompanies:
        """Every sentence's company mentions, the companies they name, and the parties among them.

        A name first recognised by a heuristic ("Kestrel Motors") is then known for the whole article,
        short form included ("Kestrel"), so a second pass finds it wherever it recurs.
        """

        found_first = [self.find(s) for s in sentences]
        text = "\n".join(sentences)
        described: dict[str, Company] = {}  # each new name as its first description, with what later ones add
        for s, found in zip(sentences, found_first):
            for m in found:
                if m.known or _a_surname(m.name, text):
                    continue
                this = self.describe(s, m)
                first = described.setdefault(this.name, this)
                if first is not this and (not first.country or not first.sector):
                    described[this.name] = replace(
                        first, country=first.country or this.country, sector=first.sector or this.sector
                    )  # the headline names "Tarn Cells"; the first paragraph says it is South Korea's
        for name in [n for n in described if _shorter_form(n, described)]:
            del described[name]  # "Rock Tech" in the headline is the "Rock Tech Lithium" of the text
        learned = self.extended(described.values())
        for sentence, found in zip(sentences, found_first):  # "Mahindra & Mahindra Ltd (M&M)": M&M, in this article
            for m in found:
                known_as = m.name if m.known else learned.canonical(m.name)
                acronym = _short_form_after(sentence[m.end :], known_as or m.name)
                if known_as and acronym and not learned.canonical(acronym):
                    learned._set_alias(acronym.lower(), known_as)
        mentions = learned._find_again(sentences, found_first)
        # "LG" alone does not name LG Electronics in an article about LG Energy Solution; "GM" beside its
        # "GM Cruise" unit still names GM, the unit's owner.
        longer = [
            learned.companies.get(m.name) or Company(m.name)
            for found in mentions
            for m in found
            if len(m.name.split()) > 1
        ]
        short = {c.name.split()[0].lower(): c.parent for c in longer}
        named_fully = {
            m.name
            for sentence, found in zip(sentences, mentions)
            for m in found
            if sentence[m.start : m.end].lower() not in short or short[sentence[m.start : m.end].lower()] == m.name
        }
        local = learned.local_short_names(named_fully)
        if local:
            learned._fresh = set()
            for key, name in local.items():
                learned._set_alias(key, name)
            mentions = learned._find_again(sentences, mentions)
        governments = _signing_governments(sentences, mentions, learned)
        companies: dict[str, Company] = {}
        for found in mentions:
            for mention in found:
                companies.setdefault(
                    mention.name,
                    governments.get(mention.name) or learned.companies.get(mention.name) or Company(mention.name),
                )
        # ingestion's, imported here: a bot that only answers never compiles its patterns
        from knowledge.ownership import read_ownership

        owners, vehicles = read_ownership(sentences, mentions)
        for name in companies:
            company = learned.companies.get(name)
            if company and company.parent and name not in owners:
                owners[name] = company.parent
        for sentence, found in zip(sentences, mentions):
            for m in found:
                if not companies[m.name].is_party and _signs_itself(sentence, m):
                    companies[m.name] = replace(companies[m.name], sector=SIGNING_BODY)
        parties = [[m for m in found if m.name not in vehicles and companies[m.name].is_party] for found in mentions]
        return ArticleCompanies(mentions, parties, companies, owners, frozenset(vehicles))

    def _find_again(self, sentences: list[str], found: list[list[Mention]]) -> list[list[Mention]]:
        """``find`` over each sentence, given what a gazetteer without this copy's fresh keys found there.

        Every key ``find`` looks up is a piece of the sentence, lower-cased: the words at each length, and a
        heuristic's name (normalised, and folded, which only cuts it). In a printable ASCII sentence, then, a
        fresh key that is no substring of the lower-cased sentence changes nothing, and what was found stands."""
        fresh = self._fresh
        if not fresh:
            return list(found)  # the same keys: the same finds
        again = []
        for sentence, before in zip(sentences, found):
            lowered = sentence.lower()
            changed = not (sentence.isascii() and sentence.isprintable()) or any(k in lowered for k in fresh)
            again.append(self.find(sentence) if changed else before)
        return again

    def local_short_names(self, named: set[str]) -> dict[str, str]:
        """Short names that mean, in this article, the one company it names by a longer name: "LG" for
        the LG Energy Solution an article is about, not the LG Electronics the gazetteer knows as "LG"."""
        by_first: dict[str, set[str]] = {}
        for name in named:
            if len(name.split()) > 1:
                by_first.setdefault(name.split()[0].lower(), set()).add(name)
        return {
            first: next(iter(names))
            for first, names in by_first.items()
            if len(names) == 1 and self._alias.get(first) not in (None, *names) and self._alias[first] not in named
        }

    def describe(self, text: str, mention: Mention) -> Company:
        """The company as the gazetteer knows it, or as the words before its name describe it."""
        company = self.companies.get(mention.name)
        if company:
            return company
        before = text[max(0, mention.start - 60) : mention.start]
        country, sector = "", ""
        match = _DESCRIPTOR.search(before)
        if match:
            country = _COUNTRY_WORDS.get(match.group(1).lower(), "")
        owned = _COUNTRY_OWNS.search(before) or _STATE_OWNED_AFTER.match(text[mention.end : mention.end + 120])
        if owned and not country:
            country = COUNTRY_NAMES[owned.group(1).lower()]
        described = _SECTOR_BEFORE.search(before)
        if described:
            sector = _SECTOR_WORDS[described.group(1).lower()]
        words = mention.name.split()
        if not sector:  # "Talon Metals Corp" mines, whatever the words before it say
            sector = next((_SECTOR_OF_NAME[w.lower()] for w in reversed(words) if w.lower() in _SECTOR_OF_NAME), "")
        if len(words) > 2 and words[0] in _LEGAL_PREFIXES:  # "PT TBS Energi Utama" is called TBS
            words = words[1:]
        first = words[0]
        short: tuple[str, ...] = (
            (first,)
            if len(words) > 1
            and first not in _NOT_NAMES
            and len(first) > 2
            and not self.canonical(first)
            and not topics_of(first)  # "Lithium Power International" is not called "Lithium"
            and first.lower() not in _COUNTRY_WORDS  # nor "Indonesia Battery Corporation" "Indonesia"
            and first.lower() not in DEMONYMS  # nor "African Export-Import Bank" "African"
            and first.lower() not in COMMON_WORDS  # nor "International Development Finance Corporation" "International"
            and not is_trade_word(first)  # nor "Energy Vantage Corp" "Energy"
            and not any(w.islower() for w in words)  # nor "Fund for Export Development in Africa" "Fund"
            else ()
        )
        acronym = _short_form_after(text[mention.end :], mention.name)  # "British International Investment (BII)"
        if acronym and not self.canonical(acronym):
            short += (acronym,)
        unit = _REGIONAL_UNIT.match(mention.name)
        parent = (self.canonical(unit["owner"]) or unit["owner"]) if unit else ""  # "Arrival UK Ltd": Arrival's arm
        return Company(name=mention.name, aliases=short, country=country, sector=sector, parent=parent)


_REGIONAL_UNIT = re.compile(
    r"(?P<owner>.+?)\s+(?:UK|U\.K\.|US|U\.S\.|USA|Europe|Germany|France|India|China|Japan|Korea|Canada|Mexico|Brazil|"
    r"North America|Asia|Australia)(?:\s+(?:Ltd|Limited|Inc|LLC|GmbH|SA|SAS|BV|Pvt|Private|Co))?\.?$"
)
_ACRONYM_AFTER = re.compile(r",?\s*(?:(?:Ltd|Inc|Corp|Co|LLC|PLC|AG|SE|SA|NV)\.?\s*)?\(([A-Z][A-Za-z&]{1,13})\)")


def _short_form_after(after: str, name: str) -> str | None:
    """The short form a name is given in brackets after it: "(M&M)", "(BII)", or a word that fits the name
    ("African Export-Import Bank (Afreximbank)")."""
    match = _ACRONYM_AFTER.match(after)
    if match is None:
        return None
    short = match.group(1)
    return short if (short.isupper() and len(short) <= 7) or _shortened(name, short) else None


@dataclass(frozen=True)
class ArticleCompanies:
    """What one article names: every mention, the mentions that can be parties, the companies named, and
    which of them belong to another (unit -> owner)."""

    mentions: list[list[Mention]]
    parties: list[list[Mention]]
    companies: dict[str, Company]
    owners: dict[str, str]
    vehicles: frozenset[str] = frozenset()  # joint ventures' own names ("BlueOvalSK"): what deals made

    def owned_by(self, name: str) -> set[str]:
        """Every organisation above ``name``: its owner, the owner's owner, ..."""
        above: set[str] = set()
        while name in self.owners and self.owners[name] not in above:
            name = self.owners[name]
            above.add(name)
        return above

    def sides(self, parties: tuple[str, ...]) -> tuple[str, ...]:
        """The parties without those whose owner is also a party ("GM and its Cruise unit" is one side); units
        of different owners stand for their owners ("Fuso and Hino would merge" is Daimler Truck's and
        Toyota's deal, when the article says whose they are)."""
        sides = tuple(p for p in parties if not self.owned_by(p) & set(parties))
        tops = tuple(dict.fromkeys(self._top(p) for p in sides))
        return tops if len(tops) == len(sides) and all(self.owned_by(p) for p in sides) else sides

    def _top(self, name: str) -> str:
        seen = {name}
        while name in self.owners and self.owners[name] not in seen:
            name = self.owners[name]
            seen.add(name)
        return name


_LEGAL = re.compile(
    r"(?:[\s,]+(?:inc|incorporated|co|company|corp|corporation|ltd|limited|llc|plc|pte|ag|nv|n\.v|bv|sa|se|oyj|oy|ab|"
    r"asa|as|sdn\.? bhd|bhd|berhad|tbk|pty|kk|"
    r"spa|gmbh|group|holding|holdings|motor|motors|automobile|automobiles|auto|automotive|"
    r"international)\.?)+$",
    re.I,
)
COMMON_WORDS = frozenset(
    {
        "general",
        "american",
        "first",
        "united",
        "international",
        "national",
        "great",
        "new",
        "global",
        "china",
        "japan",
        "asia",
        "europe",
        "the",
        "oil",  # "Indian Oil Corporation" keeps its "Indian"
        "gas",
        "petroleum",
    }
)


_TRADE_WORD = re.compile(rf"(?:{_SUFFIXES})", re.I)


def is_trade_word(word: str) -> bool:
    """ "energy", "motors", "capital": a word of many companies' names, which names none of them alone."""
    return bool(_TRADE_WORD.fullmatch(word)) or word.lower() in _SECTOR_OF_NAME


def _without_trade_word(name: str) -> str:
    """ "Piedmont Lithium" as the news calls it after the first mention: "Piedmont". The trade word of a
    name ("Lithium", "Metals", "Cells") is dropped as a legal suffix is."""
    words = fold(name).split()
    return " ".join(words[:-1]) if len(words) > 1 and words[-1] in _SECTOR_OF_NAME else fold(name)


def _shorter_form(name: str, others: Iterable[str]) -> bool:
    """Whether another name found is this one with a trade word more ("Rock Tech Lithium" of "Rock Tech"): one
    company, whose longer name is kept. A legal suffix more is not enough: "Voltline Charging LLC, the venture of
    four carmakers" names the venture, while "Voltline Charging" in the headline can name it as a party."""
    short = fold(name)
    return any(other != name and other.startswith(name) and _without_trade_word(other) == short for other in others)


@lru_cache(maxsize=16384)
def fold(name: str) -> str:
    """A company name without legal suffixes or "Group", "Motor", "Holding": the part people type. Cached: the
    gazetteer folds each alias three times as it learns it, at start-up for every stored company."""
    lowered = normalise(name).lower().strip()
    folded = _LEGAL.sub("", lowered).strip(" ,.")
    return folded or lowered


_VEHICLE = re.compile(
    r"\b(?:new|joint|the) (?:company|venture|entity|subsidiary|firm)\b,?\s*(?:(?:to be )?(?:called|named)\s+)?$|"
    r"\b(?:called|named)\s+$",
    re.I,
)
_ADJECTIVAL = re.compile(r"-(?:based|owned|backed|listed|made|led|born)\b", re.I)


def _is_headline_case(text: str) -> bool:
    """Headlines capitalise every word, which makes capitalisation no sign of a name."""
    words = [w for w in text.split() if w[:1].isalpha()]
    return len(words) >= 4 and sum(w[:1].isupper() for w in words) >= 0.7 * len(words)


def _a_surname(name: str, text: str) -> bool:
    """'Farley and Musk announced ...': a lone word the article elsewhere writes after a given name ("Jim
    Farley") is a person's surname, not a company."""
    if " " in name:
        return False
    return any(
        m.group(1) not in _NOT_NAMES for m in re.finditer(rf"\b([A-Z][a-z]+)\s+{re.escape(name)}\b(?!\s+[A-Z])", text)
    )


SIGNING_BODY = "association"  # the sector of an association or federation that signs for its members

# "The Canada Infrastructure Bank has signed an agreement with Quebec's Bus Carriers Federation": an
# association, otherwise no party to deals it comments on, signs one itself.
_SIGNED_WITH_BEFORE = re.compile(
    r"\b(?:signed|signs|inked|struck|concluded|reached)\b[^.;]{0,60}\bwith\s+(?:the\s+)?(?:[A-Z][\w.'’-]*\s+){0,2}$"
)
_SIGNS_AFTER = re.compile(
    r"^(?:\s*\([^()]{1,40}\))?(?:,\s+(?:the|a|an)\s+[^,;.]{2,100},)?\s+(?:has\s+|have\s+)?(?:signed|inked)\b"
)


_MEMBERS_BODY = re.compile(r"\b(?:Federation|Association|Alliance|Coalition|Union|Co-?operative|Consortium)\b")


def _signs_itself(sentence: str, mention: Mention) -> bool:
    """A body of members (not a ministry or a county, which knowledge/governments.py reads) that signs."""
    return bool(_MEMBERS_BODY.search(mention.name)) and bool(
        _SIGNED_WITH_BEFORE.search(sentence[max(0, mention.start - 100) : mention.start])
        or _SIGNS_AFTER.match(sentence[mention.end : mention.end + 160])
    )


def _signing_governments(sentences: list[str], mentions: list[list[Mention]], known: Gazetteer) -> dict[str, Company]:
    """Adds to each sentence's mentions the governments and public bodies it has signing with a company named
    beside them (knowledge/governments.py), and returns them as companies, each a party there. A government
    that signs in the article, or signed in an earlier one, is a party wherever the article names it again,
    as its country too ("pulled out of a project in Chile", once "the Chilean government" agreed it)."""
    from knowledge.governments import SECTOR, Signatory, country_named, signatories  # ingestion's only

    found_in = [
        signatories(sentence, [(m.start, m.end) for m in found if m.known]) if _GOVERNMENT_CUE.search(sentence) else []
        for sentence, found in zip(sentences, mentions)
    ]
    signing = {g.name: g for named in found_in for g in named if g.signs}
    bare = {  # the country's own name, but not "Chile's first plant"
        name: re.compile(rf"\b{re.escape(country)}\b(?!['’]s\b)")
        for name, g in signing.items()
        if g.country and (country := country_named(name))
    }
    governments: dict[str, Company] = {}
    for i, (sentence, found) in enumerate(zip(sentences, mentions)):
        named = [g for g in found_in[i] if g.name in signing or g.name in known.companies]
        for name, said in bare.items():
            named += [
                Signatory(name, signing[name].country, m.start(), m.end(), False)
                for m in said.finditer(sentence)
                if not any(g.start <= m.start() < g.end for g in named)
                and not any(f.start <= m.start() < f.end for f in found)
            ]
        kept = [m for m in found if not any(g.start <= m.start and m.end <= g.end for g in named)]
        if named and any((known.companies.get(m.name) or Company(m.name)).is_party for m in kept):
            mentions[i] = sorted(
                kept + [Mention(g.name, g.start, g.end, known=False) for g in named], key=lambda m: m.start
            )
            for g in named:
                governments.setdefault(g.name, Company(g.name, country=g.country, sector=SECTOR))
    return governments


# The words a government or public body is named by: most sentences have none, and cost one scan.
_GOVERNMENT_CUE = re.compile(
    r"\b(?:government|Government|Kingdom|Republic|Ministry|Public Schools|School|Authority|Council|Municipal|"
    r"signed|signs|inked|agreed)\b"
)


def _trim_name(name: str, after_a_noun: bool = False) -> str:
    """``after_a_noun``: the name follows what it is ("energy company We Drive Solar"), where a capitalised
    pronoun cannot open a sentence, so it is the name's own first word."""
    words = name.split()
    while words and words[-1] in _NOT_NAMES:
        words.pop()
    if after_a_noun and len(words) > 1 and words[0] in _PRONOUNS:
        return " ".join(words)
    while words and (words[0] in _NOT_NAMES or words[0] in _DESCRIBING):
        words.pop(0)
    if len(words) == 1 and is_place_word(words[0]):
        return ""  # "to buy Swedish ...": a nationality, no company
    return " ".join(words)


# Words that describe a company at the start of a sentence: "Rival Panasonic Energy, a major supplier ...".
# So do the trade nouns news puts before a name ("Carmaker Stellantis has signed ...").
_DESCRIBING = frozenset(
    "Rival Rivals Fellow Former Sister Parent Partner Local Domestic Foreign Compatriot Carmaker Automaker "
    "Chipmaker Miner Supplier Recycler Refiner Startup Start-up Conglomerate Retailer Lender Insurer "
    "Utility Shipper Brewer Airline Grocer".split()
)


@lru_cache(maxsize=1)
def shipped_companies() -> tuple[Company, ...]:
    raw = orjson.loads(resources.files("knowledge").joinpath("data/companies.json").read_bytes())
    return tuple(company_from(c) for c in raw)


def company_from(record: dict[str, Any]) -> Company:
    """A company from its stored or shipped record."""
    return Company(
        name=record["name"],
        aliases=tuple(record.get("aliases", ())),
        country=record.get("country", ""),
        sector=record.get("sector", ""),
        parent=record.get("parent", ""),
    )
