"""Which names in one article are a company's own unit, or the vehicle of a joint venture.

"GM and its Cruise unit" is one side, not a deal; "Jidu Auto, the joint
venture between Baidu and Geely" is what the deal made, not a party to it.
An article says so in a few set phrases; what it says holds for that article.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the gazetteer reads ownership; ownership only names its mentions' type
    from knowledge.companies import Mention

_UNIT = r"(?:unit|subsidiary|division|arm|brand|affiliate|business|marque|label|spin-?off|offshoot|network)"
_ORG = r"\uE000(\d+)\uE001"
# (pattern, whether the owner is named first)
_UNIT_PATTERNS: list[tuple[re.Pattern[str], bool]] = [
    (re.compile(p, re.I), owner_first)
    for p, owner_first in [
        # "GM's Cruise unit", "GM's self-driving unit Cruise"
        (rf"{_ORG}(?:'s?|’s?)\s+(?:own\s+|wholly[- ]owned\s+)?(?:[\w-]+\s+){{0,2}}?{_ORG}\s+{_UNIT}\b", True),
        (rf"{_ORG}(?:'s?|’s?)\s+(?:own\s+|wholly[- ]owned\s+)?(?:[\w-]+\s+){{0,3}}?{_UNIT}\s*,?\s+{_ORG}", True),
        # "Cruise, GM's self-driving unit", "Cruise, a unit of GM", "Cruise, owned by GM"
        (rf"{_ORG}\s*,\s+(?:a|an|the)?\s*(?:[\w-]+\s+){{0,3}}?{_UNIT}\s+(?:of|owned by)\s+{_ORG}", False),
        (
            rf"{_ORG}\s*,?\s+(?:which is\s+|is\s+)?(?:wholly[- ]|majority[- ])?owned by\s+(?:[\w-]+-based\s+)?{_ORG}",
            False,
        ),
        # "Electromin, Petromin's e-mobility subsidiary,"
        (rf"{_ORG}\s*,\s+{_ORG}(?:'s?|’s?)\s+(?:[\w-]+\s+){{0,3}}?{_UNIT}\b", False),
        (rf"{_ORG}-owned\s+{_ORG}", True),
        # "MG Motor India is a subsidiary of the Shanghai-based, state-owned SAIC"
        (
            rf"{_ORG}(?:\s+[A-Z][a-z]+)?\s+(?:is|was|has been|became|remains)\s+(?:a|an)\s+(?:[\w-]+\s+)?{_UNIT}\s+"
            rf"(?:of|owned by)\s+(?:the\s+)?(?:[\w-]+,?\s+){{0,4}}?{_ORG}",
            False,
        ),
        # "Hino is a Toyota subsidiary", "Hino, a Toyota unit,"
        (rf"{_ORG}\s*(?:,|\s(?:is|was|has been|became|remains))\s+(?:a|an)\s+(?:[\w-]+\s+)?{_ORG}\s+{_UNIT}\b", False),
        # "Daimler Truck is the majority shareholder in Fuso"
        (
            rf"{_ORG}\s+(?:is|was|remains|became)\s+(?:the\s+)?(?:majority|controlling)\s+(?:shareholder|owner)\s+"
            rf"(?:in|of)\s+{_ORG}",
            True,
        ),
    ]
]
_ITS_UNIT = re.compile(
    rf"{_ORG}[^\uE000.;]{{0,40}}?\bits\s+(?:own\s+)?(?:[\w-]+\s+){{0,2}}?{_ORG}\s+{_UNIT}\b"
    rf"|{_ORG}[^\uE000.;]{{0,40}}?\bits\s+(?:[\w-]+\s+){{0,3}}?{_UNIT}\s*,?\s+{_ORG}",
    re.I,
)
# After "a new joint venture", the companies that make it: "a new joint venture Ford and SK intend to form".
_MAKERS = (
    r"\s*,?\s+(?:and|&)\s+[^\uE000.;]{0,30}\uE000|\s+(?:intend|plan|will|would|agreed|signed|has|have|had|are|"
    r"set up|formed|created)\b"
)
_VEHICLE_PATTERNS = [
    re.compile(
        rf"{_ORG}\s*,\s+(?:a|an|the|their|its)\s+(?:new\s+)?"
        rf"(?:[\w/-]+\s+){{0,3}}?(?:joint[- ]venture|(?:venture|partnership|JV)\s+(?:between|of|with|formed|owned|"
        rf"set up|created|that|which|in|based in|at)|(?:their|its)\s+(?:[\w/-]+\s+){{0,2}}?venture)\b",
        re.I,
    ),
    re.compile(
        rf"{_ORG}\s+(?:is|was|will be|became)\s+(?:a|an|the|their)\s+(?:[\w/-]+\s+){{0,3}}?joint[- ]venture\b"
        r"(?![- ](?:partner|parent|owner|shareholder|member)s?\b)",  # "Tianqi is a joint-venture partner of ..."
        re.I,
    ),
    # "GM's Ultium Cells joint venture with LG": the venture a parent names as its own
    re.compile(rf"\uE000\d+\uE001(?:'s?|’s?)\s+{_ORG}\s+(?:joint[- ]venture|venture|JV)\b", re.I),
    re.compile(
        rf"\bjoint[- ]venture\s*,?\s+(?:(?:to be\s+)?(?:called|named|known as|dubbed)\s+)?{_ORG}(?!{_MAKERS})", re.I
    ),
    # "IONNA LLC brings together BMW, General Motors and ...": a company made of the companies it brings together
    re.compile(
        rf"{_ORG}(?:\s+(?:LLC|Inc|Ltd|Corp|GmbH|AG|SA)\.?)?\s+(?:brings?|brought|unites?|united)\s+together\s+"
        rf"(?:the\s+)?(?:[\w-]+\s+){{0,3}}?\uE000",
        re.I,
    ),
    re.compile(
        rf"\b(?:new|joint)\s+(?:company|entity|firm|brand)\s*,?\s+(?:(?:to be\s+)?(?:called|named|known as|"
        rf"dubbed)\s+)?{_ORG}(?!{_MAKERS})",
        re.I,
    ),
]


_NAMED_TOGETHER = re.compile(r"\uE001[\s-]*$")
_PARENT_NEXT = re.compile(r"[\s-]*\uE000")


def masked(sentence: str, mentions: list[Mention]) -> str:
    """The sentence with each mention replaced by a numbered placeholder, and without the full stops of
    abbreviations ("Ford Motor Co. signed", "the U.S. carmaker"), which end no clause."""
    out, last = [], 0
    for i, m in enumerate(mentions):
        out.append(sentence[last : m.start])
        out.append(f"\ue000{i}\ue001")
        last = m.end
        if sentence.startswith(".", last) and _ABBREVIATED.search(sentence[m.start : m.end]):
            last += 1  # "Ford Motor Co. signed": the name's own full stop
    out.append(sentence[last:])
    return _ABBREVIATION.sub(lambda a: a.group().replace(".", "\u2024"), "".join(out))


_ABBREVIATED = re.compile(r"\b(?:Co|Corp|Inc|Ltd|Bros|Cos)$")
_ABBREVIATION = re.compile(r"\b(?:Co|Corp|Inc|Ltd|Bros|Cos|Jr|Sr|St|U\.S|U\.K|E\.U|a\.m|p\.m)\.(?=\s+[a-z]|,)")


def read_ownership(sentences: list[str], mentions: list[list[Mention]]) -> tuple[dict[str, str], set[str]]:
    """(unit -> owner, joint-venture vehicles) as this article states them."""
    owners: dict[str, str] = {}
    vehicles: set[str] = set()
    for sentence, found in zip(sentences, mentions):
        found = sorted(found, key=lambda m: m.start)
        text = masked(sentence, found)
        for pattern, owner_first in _UNIT_PATTERNS:
            for m in pattern.finditer(text):
                first, second = _pair(m)
                owner, child = (first, second) if owner_first else (second, first)
                _own(owners, found[child].name, found[owner].name)
        for m in _ITS_UNIT.finditer(text):
            owner, child = _pair(m)
            _own(owners, found[child].name, found[owner].name)
        for pattern in _VEHICLE_PATTERNS:
            for m in pattern.finditer(text):
                token = f"\ue000{_pair(m, 1)[0]}\ue001"
                at = text.find(token)
                # "JAC Volkswagen", "Valeo Siemens eAutomotive": a venture named after its parents is neither
                if not _NAMED_TOGETHER.search(text[:at]) and not _PARENT_NEXT.match(text[at + len(token) :]):
                    vehicles.add(found[_pair(m, 1)[0]].name)
    return owners, vehicles


def _pair(match: re.Match[str], count: int = 2) -> tuple[int, ...]:
    numbers = [int(g) for g in match.groups() if g is not None and g.isdigit()]
    return tuple(numbers[:count])


def _own(owners: dict[str, str], child: str, owner: str) -> None:
    if child != owner and owners.get(owner) != child:
        owners[child] = owner
