"""What a question asks for, and whether a sentence holds it.

"How much", "what share", "when", "where", "who", "why", "what is it called"
each want a different kind of thing; a sentence that names the companies but
holds no such thing does not answer, however many question words it shares.
One table keeps the three sides of each kind together: the words that ask
for it, the test a sentence must pass, and how to say that the articles do not
give it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from knowledge.cities import is_city
from knowledge.dates import find_dates
from knowledge.figures import figures_in, moves_the_shares, states
from knowledge.non_orgs import COUNTRY_NAMES, DEMONYMS, is_place
from knowledge.topics import areas_of

_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
PERSON = re.compile(
    r"\b(?:[A-Z][a-z]+(?:-[a-z]+)?|[A-Z]{2}(?= [A-Z][a-z]))(?:[- ][A-Z]\.)?(?:\s+(?:de |van |von |da )?[A-Z][a-z]+"
    r"(?:-[A-Z][a-z]+)?)+\b"
)
ROLE = re.compile(
    r"\b(?:chief executive|CEO|chairman|chairwoman|chair|president|founder|head of|general manager|"
    r"executive|director|officer|spokesperson|spokesman|spokeswoman|analyst|minister|boss|"
    r"vice president|CFO|CTO|COO|(?:led|headed|run|chaired|managed) by)\b",
    re.I,  # "Executive Chair Euisun Chung", "Chief Executive Mary Barra": a title before a name is capitalised
)
_PLACE_AFTER = re.compile(
    r"\b(?:in|near|at|on|through|via|outside|into|across|throughout|headquartered in|based in)\s+(?:the\s+)?"
    r"(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|"
    r"August|September|October|November|December)\b)(?P<name>[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+)*)"
)
_PLACE_WORD = re.compile(
    r"\b(?:county|state|province|city|region|plant|factory|site|facility|campus|platform|"
    r"marketplace|website|store|online|e-commerce|port|mine)\b",
    re.I,
)
# "the two Kentucky factories", "its Tennessee plant": a place named as what a plant is called by.
_PLACE_BEFORE = re.compile(
    r"\b(?P<name>[A-Z][a-z]+(?: [A-Z][a-z]+)?) (?:battery |cell |assembly |car |EV )?"
    r"(?:plants?|factor(?:y|ies)|sites?|facilit(?:y|ies)|campus|mines?|works)\b"
)
_COMPANY_LIKE = re.compile(r"\b[A-Z][A-Za-z]+(?:\s+(?:Motors?|Group|Corp|AG))?\b(?=,|\s+and\b|\s+or\b)")
_REASON = re.compile(
    r"\b(?:because|due to|amid|citing|cited|owing to|over concerns?|as a result|so that|in order to|"
    r"reasons?|blamed|prompted|driven by|in response to|aims? to|aimed at|seeks? to|to help|"
    r"to cut|to reduce|to speed|to gain|to secure|to strengthen|to expand|pressure|strategy|"
    r"differences|disagree\w*|failed to|could not agree|changes? in|shift|decided to|decision|focus on|"
    r"instead|after|following|concerns?|allegations?|accus\w+|report|delays?|costs?|demand|"
    r"confidence|on (?:its|their) own|so (?:that|as)|could not|couldn't|unable to|problems?|behind schedule|"
    r"reported|amid|doubts?|scrutiny|resign\w*|considering|given (?:the|that|its|their)|in light of|"
    r"timing|not (?:the right time|appropriate)|pace|slow\w*|cool\w*|weak\w*|reflect\w*|"
    r"realign\w*|no longer|point(?:s|ed|ing)? to|(?:brought on|caused|hit|hurt) by|result of|hurdle\w*|"
    r"did not meet|failed to meet|"
    r"led (?:\w+ ){0,4}to|pandemic|uncertain\w*|factors?|tak(?:ing|e|es|en) into account|in view of|"
    r"on account of|thanks to|conditions|environment|motivat\w*|rationale|since it|as it|"
    r"undervalu\w*|too low|inadequate|in the best interests?|breach\w*|failing to|saying (?:that )?\w+ (?:had|has|was|is|would))\b",
    re.I,
)
NAME = re.compile(
    r"\b(?:called(?! (?:on|for|off|it|the|a|an|his|her|their|its|this|that)\b)|named|dubbed|known as|(?<!-)branded|"
    r"under the (?:name|brand)|"
    r"(?:project|code|brand) ?-?names?|code-?named|renamed|rebranded(?: as)?|(?:operat|run|trad)\w* (?:under the name|as)|"
    r"carr(?:y|ies|ied) (?:a|the) name|"
    r"under (?:a|the) (?:new )?(?-i:[A-Z][\w-]+)(?: (?-i:[A-Z][\w-]+))* (?:division|unit|brand|banner)|"
    r"name[ds]? (?:it|the)|trademark)\b|\bname (?=[A-Z])|"
    r"\b(?:joint venture|venture|JV|company|brand),?\s+(?-i:[A-Z][\w-]+)(?:\s+(?-i:[A-Z][\w-]+))*(?=[\s,.;]|$)|"
    r"\b(?:their|its|the) (?-i:[A-Z][\w-]+)(?: (?-i:[A-Z][\w-]+))* (?:joint venture|venture|JV)\b|\b[A-Z][\w-]+(?: [A-Z][\w-]+)*(?: LLC| Inc\.?| Co\.?)?(?: \([A-Z]{2,6}\))?, (?:the|a|an|their|its) (?:\w+ ){0,3}"
    r"(?:joint venture|venture|company|platform|brand|plant|factory|network)\b|[\"\u201c\u2018][A-Z][^\"\u201d\u2019]{1,40}[\"\u201d\u2019]"
)
_DURATION = re.compile(
    r"\b(?:\w+-year|\w+-month|\d+ (?:years?|months?)|(?:one|two|three|four|five|six|seven|eight|"
    r"nine|ten|several|multi) ?-?(?:years?|months?)|until|through|till|to (?:19|20)\d\d|"
    r"(?:19|20)\d\d\s?(?:-|–|to)\s?(?:19|20)?\d\d|runs?|lasts?|(?<!long-)(?<!short-)(?<!long )term)\b",
    re.I,
)
_FRACTION_STAKE = re.compile(
    r"\b(?:own|owns|owned|hold|holds|held|take|takes|stake of|share of|each (?:own|hold|have)|covers?|covering|"
    r"gets?|buys?|receives?|accounts? for)\s+"
    r"(?:about |roughly |nearly |almost )?(?:(?:a|one|two)[- ])?(?:third|thirds|quarter|fifth|half)\b|"
    r"\b(?:equal|equally|half|a third|one-third)\b[^.]{0,20}\b(?:stakes?|owned|shares?)\b",
    re.I,
)
_MARKET = re.compile(
    r"\b(?:shares? (?:were|was|rose|fell|closed|traded|jumped|dropped|slid|gained|climbed|steady)|"
    r"stock|market (?:value|cap\w*)|revenue|sales|profit|earnings|trading|per share|premarket)\b",
    re.I,
)
_IMPACT = re.compile(r"\b(?:gross domestic product|GDP)\b|\battract\w*\b[^.;]{0,40}\binvestments?\b", re.I)
_DEAL_MONEY = frozenset({"deal_value", "investment", "plant_cost"})
_UNDISCLOSED = re.compile(
    r"\b(?:not (?:been )?disclosed|undisclosed|did not disclose|didn't disclose|"
    r"declined to (?:say|disclose|comment|give|reveal|discuss)|would not say|wouldn't say|"
    r"(?:were|was) not (?:made public|revealed|given|released)|did not (?:say|reveal|give|specify)|"
    r"no (?:financial )?(?:details|terms)|not (?:say|specify)|unspecified|"
    r"(?:will|would|is to|are to) be (?:announced|disclosed|revealed|named|decided) (?:in due course|later|at a later (?:date|stage))|"
    r"(?:has|have) (?:yet to be|not yet been) (?:announced|disclosed|named|decided|chosen)|"
    r"(?:neither|none of the) (?:\w+ ){0,2}?(?:disclosed|revealed|gave|specified|said)|"
    r"(?:gave|give|giving|offered|provided) no (?:\w+ )?(?:details|terms|figures?|price|value)|"
    r"no (?:timeframe|time frame|timetable|timeline|date|price|value|figure|detail)s?(?: \w+){0,3} (?:was|were|has been|have been) "
    r"(?:given|disclosed|set|provided|announced|released))\b",
    re.I,
)


# "Durham, North Carolina", "De Soto, Kansas": a town named with its state or country, with or without "in".
_TOWN_REGION = re.compile(r"\b[A-Z][\w.'-]+(?: [A-Z][\w.'-]+){0,2}, (?P<region>[A-Z][a-z]+(?: [A-Z][a-z]+)?)\b")


# "began mass production on Thursday": the day of the article's week it happened (not "said on Thursday").
_ON_WEEKDAY = re.compile(
    r"(?<!said )(?<!says )(?<!announced )(?<!told )\bon (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
)


_BROAD = re.compile(
    r"\b(?:Europe|Asia|Africa|(?:North|South|Latin) America|(?:the )?Middle East|Southeast Asia|the Americas|"
    r"Oceania|Scandinavia|the Nordics|the world|overseas|abroad)\b"
)


def names_a_town(sentence: str) -> bool:
    """'Graz, Austria', 'Lordstown, Ohio': a town named with its country or state, the most precise place
    news gives short of a street."""
    return any(is_place(m["region"]) and not is_place(m.group().split(",")[0]) for m in _TOWN_REGION.finditer(sentence))


def names_a_city(sentence: str) -> bool:
    """'used in Delhi NCR, Mumbai and Kolkata': a town or city, beyond the report's dateline ('MUMBAI - ')."""
    text = _CAPS_DATELINE.sub("", sentence)
    if any(m["what"] in {"capital", "city", "port", "town"} for m in _COUNTRY_PLACE.finditer(text)):
        return True
    return any(is_city(run) or any(is_city(w) for w in run.split()) for run in _CAPITALISED_RUN.findall(text))


def names_a_site(sentence: str) -> bool:
    """'in New Carlisle, Indiana', 'in Ohio': a place more precise than a country, as "had they picked a site?"
    needs; 'a factory in the United States' is none."""
    if names_a_city(sentence) or names_a_town(sentence) or _SITED.search(sentence):
        return True
    named = [m["name"].split(",")[0].strip(" .") for m in _PLACE_AFTER.finditer(sentence)]
    named += [m["name"] for m in _PLACE_BEFORE.finditer(sentence)]
    return any(is_place(n) and not _is_country(n) and not _BROAD.fullmatch(n) for n in named)


def _is_country(name: str) -> bool:
    lowered = name.lower().strip(" .,")
    return lowered in COUNTRY_NAMES or f"the {lowered}" in COUNTRY_NAMES or lowered in _COUNTRY_FORMS


_COUNTRY_FORMS = frozenset({"united states", "us", "u.s", "usa", "uk", "united kingdom", "britain", "eu"})


def places_beyond(sentence: str, *areas: str) -> bool:
    """'where in Indonesia?': a place the sentence names besides the ones asked within or about ("Vidalia",
    with its "Louisiana")."""
    for area in areas:
        sentence = re.sub(rf"\b{re.escape(area)}\b(?:,\s*[A-Z][\w.]+(?:\s[A-Z][\w.]+)?)?", " ", sentence, flags=re.I)
    runs = _CAPITALISED_RUN.findall(_CAPS_DATELINE.sub("", sentence))
    named = any(is_place(r) or is_city(r) or any(is_place(w) or is_city(w) for w in r.split()) for r in runs)
    return _places(sentence) and (
        named or bool(_SITED.search(sentence) or _COUNTRY_PLACE.search(sentence) or _MADE_AT.search(sentence))
    )


# "in the Colombian capital", "the Mexican state of Nuevo Leon": a place told by its country and what it is.
_COUNTRY_PLACE = re.compile(
    r"\bthe (?:"
    + "|".join(sorted((re.escape(d.title()) for d in DEMONYMS), key=len, reverse=True))
    + r"|(?:[A-Z][a-z]+ )?[A-Z][a-z]+(?:an|ese|ish|i|ic))"
    r" (?P<what>capital|city|port|town|state|province|region|island|coast)\b"
)
_CAPS_DATELINE = re.compile(r"^[A-Z][A-Z .'/-]+\s+[-\u2013\u2014]\s+")
_CAPITALISED_RUN = re.compile(r"\b[A-Z][a-z][\w'-]*(?: [A-Z][a-z][\w'-]*)*")


def only_broad_places(sentence: str) -> bool:
    """'to build its Ocean SUV in Europe': a continent, no country, state or town, answers 'where' loosely."""
    named = [m["name"] for m in _PLACE_AFTER.finditer(sentence) if is_place(m["name"].split(",")[0])]
    return bool(_BROAD.search(sentence)) and all(_BROAD.fullmatch(n) for n in named) and not names_a_town(sentence)


# "would be located in North Maluku": a place said to be one, though no list knows it.
_SITED = re.compile(
    r"\b(?:located|situated|sited|headquartered|based|be built)\s+(?:in|at|near)\s+(?:the\s+)?[A-Z][a-z]"
)
_PLACE_LIST = re.compile(
    r"\b(?:in|across|including)\s+(?P<items>[A-Z][\w.'-]*(?: [A-Z][\w.'-]*)*"
    r"(?:(?:,\s*(?:and\s+)?|\s+and\s+)[A-Z][\w.'-]*(?: [A-Z][\w.'-]*)*)+)"
)
# "officials in Toronto said": where the news was told, not where anything is.
_SPEAKERS_PLACE = re.compile(r"\s+(?:said|say|says|told)\b")


# "Siro will assemble battery modules and packs at Gemlik": where things are made, in a town no list knows.
_MADE_AT = re.compile(
    r"\b(?:assembl|build|built|mak|made|produc|manufactur|construct)\w*\b[^.;]{0,60}?\b(?:at|in) (?!the\b)"
    r"(?!(?:January|February|March|April|May|June|July|August|September|October|November|December)\b)[A-Z][a-z]{2,}"
)


def _places(sentence: str) -> bool:
    if _MADE_AT.search(sentence) and not _ON_WEEKDAY.search(sentence):
        return True
    if any(
        is_place(n) or is_city(n)
        for m in _PLACE_AFTER.finditer(sentence)
        if (n := m["name"].split(",")[0]) and not _SPEAKERS_PLACE.match(sentence, m.end())
    ):
        return True
    if any(is_place(m["region"]) for m in _TOWN_REGION.finditer(sentence)):
        return True
    if any(is_place(m["name"]) for m in _PLACE_BEFORE.finditer(sentence)):
        return True
    if _SITED.search(sentence) or _COUNTRY_PLACE.search(sentence):
        return True
    for listed in _PLACE_LIST.finditer(sentence):
        items = [i.strip() for i in re.split(r",\s*(?:and\s+)?|\s+and\s+", listed.group("items"))]
        if sum(is_place(i) or is_city(i) or is_city(i.split()[0]) for i in items) >= 2:
            return True  # "used in Delhi NCR, Mumbai, Kolkata and Chennai"
    # "sold online on Tmall's platform" says where; "built on Geely's SEA platform" says on what
    return bool(_PLACE_AFTER.search(sentence) and _PLACE_WORD.search(sentence) and not _BUILT_ON.search(sentence))


_BUILT_ON = re.compile(r"\b(?:built|based|developed|designed|running|runs|underpinned|sit|sits) on\b", re.I)


@dataclass(frozen=True)
class Wanted:
    """One kind of thing a question can ask for."""

    name: str
    asks: re.Pattern[str]  # the question's words for it
    holds: Callable[[str], bool]  # whether a sentence states one
    missing: str  # "how much money is involved": what the articles do not say, in a sentence
    cues: re.Pattern[str] | None = None  # words that, once this kind is asked for, say nothing of the subject


def _holds_quantity(kind: str) -> Callable[[str], bool]:
    return lambda sentence: states(sentence, kind)


def _holds_deal_money(sentence: str) -> bool:
    """A sum put into or paid for something, not a share price, a market value or revenue: every sum in
    a sentence about share prices or sales must be labelled as a deal's money to count. What a project is
    hoped to bring a country ("attract $150 million of investment", "add $8 billion to GDP") is no sum paid."""
    if not states(sentence, "money") or _IMPACT.search(sentence):
        return False
    return not _MARKET.search(sentence) or any(f.kind in _DEAL_MONEY for f in figures_in(sentence))


def _holds_stake(sentence: str) -> bool:
    """A stake or an ownership split, not a share price that moved 2.3%; 'a third of ACC' is one."""
    return any(f.kind in {"stake", "split"} for f in figures_in(sentence)) or bool(_FRACTION_STAKE.search(sentence))


# "still needs clearance from the bankruptcy court", "subject to regulatory approvals": what a deal waits on.
_CONDITION = re.compile(
    r"\b(?:approv(?:al|als|e|ed)|clearance|clear(?:ed)? by|subject to|conditional (?:on|upon)|contingent (?:on|upon)|"
    r"conditions?|consent|sign[- ]?off|regulators?|antitrust|court|needs? (?:the )?(?:\w+ )?(?:go-ahead|nod|backing))\b",
    re.I,
)
# "will be used in the power electronics inside GM's drive units": what a thing goes into.
_USED_IN = re.compile(
    r"\b(?:(?:be|are|is|was|were|being) used (?:in|for|to)|go(?:es|ing)? into|for use in|will (?:power|go into)|"
    r"power(?:s|ing)? (?:the|its|their)|destined for|(?:use|uses|using) (?:the )?(?:money|funds|proceeds|cash|capital|"
    r"investment)|to (?:fund|finance|pay for|bankroll)|(?:money|funds|proceeds|investment|cash) (?:will|would) (?:go|help|be|pay|fund|"
    r"finance|cover))\b",
    re.I,
)
# The words news uses for a kind of battery, chip or vehicle: what "what kind of cells?" is answered by.
_TYPE_WORDS = re.compile(
    r"\b(?:LFP|NMC|NCA|NCM|NCMA|LMFP|lithium[- ]iron[- ](?:manganese[- ])?phosphate|nickel[- ](?:rich|based|manganese|"
    r"cobalt)\w*|high[- ]nickel|prismatic|cylindrical|pouch|solid[- ]state|semi[- ]solid|sodium[- ]ion|lithium[- ]ion|"
    r"lithium[- ]metal|46\d\d|silicon carbide|SiC|gallium nitride|fuel[- ]cells?|hydrogen|plug-in hybrids?|"
    r"hybrids?|battery[- ]electric|fully electric|all-electric|SUVs?|sedans?|pickups?|crossovers?|hatchbacks?|"
    r"minivans?|vans?|trucks?|buses|robotaxis?|two-wheelers?|three-wheelers?|scooters?|motorcycles?|"
    r"level [2-5]|L[2-5]\+?)\b"
)
# "VDL Groep will provide technological support", "Pro-Net will be responsible for providing the sites": what a
# party does under a deal, told by its verb.
ROLE_TOLD = re.compile(
    r"\b(?:will|would|is to|are to|shall)\s+(?:also\s+)?(?:be\s+responsible\s+for|provide|supply|handle|operate|"
    r"contribute|bring|manage|oversee|transfer|take care of|be in charge of|give|lend|offer)\b|\bresponsible for\b|"
    r"\bin charge of\b",
    re.I,
)
# "at an interest rate of 4.5%", "a coupon of 250 basis points over SOFR": a rate stated, not a share of something.
_RATE = re.compile(
    r"\b(?:rates?|interest|coupon|tariffs?|royalt(?:y|ies)|discount)\b[^.;]{0,60}?\d+(?:\.\d+)?\s?(?:%|percent|per cent|"
    r"basis points|bps)|\d+(?:\.\d+)?\s?(?:%|percent|per cent|basis points|bps)[^.;]{0,30}?\b(?:rates?|interest|coupon|"
    r"tariffs?|royalt(?:y|ies)|discount)\b",
    re.I,
)
# "Infracapital, the infrastructure investment arm of M&G", "wholly owned by Petromin": whose a company is.
_OWNED = re.compile(
    r"\b(?:arm|unit|subsidiary|division|affiliate|offshoot|spin-?off) of\b|\b(?:owned|controlled) by\b|\bbelong\w* to\b|"
    r"\bparent\b|['’]s (?:[\w-]+ ){0,3}(?:arm|unit|subsidiary|division)\b",
    re.I,
)
_IN_EXCHANGE = re.compile(
    r"\bin (?:return|exchange)\b|\bexchange for\b|\bin return for\b|\bin a swap\b|\bas consideration\b|"
    r"\bwill (?:receive|get)\b",
    re.I,
)


# "How much anode material", "how much lithium carbonate": a quantity of goods, not a sum of money.
_QUANTITY_NOUNS = (
    r"capacity|output|power|energy|gwh|production|volume|lithium|nickel|cobalt|graphite|manganese|copper|"
    r"aluminium|aluminum|steel|hydrogen|electricity|ore|concentrate|carbonate|hydroxide|anode|cathode|materials?|"
    r"spodumene|brine|precursors?|feedstock|sulphate|sulfate|"
    r"cells?|batter(?:y|ies)|tonnes|tons"
)
# First match wins: "how many years" is a duration, "how much of X does Y own" a share.
# What "which ..." names when it asks for companies: "which chipmaker's", "which cell suppliers".
COMPANY_NOUN = (
    r"(?P<noun>compan\w+|firms?|brands|players|rivals|competitors|\w*makers?|manufacturers?|suppliers?|"
    r"investors|backers|buyers|banks?)"
)
_MONEY_VERBS = re.compile(
    r"\b(?:invest\w*|spend\w*|spent|pa(?:y|id|ying|ys)|fund\w*|financ\w*|contribut\w*|commit\w*|"
    r"pledg\w*|(?:put|putting|puts|pour\w*|inject\w*|plough\w*|plow\w*)(?: in| into)?|"
    r"money|cash|costs?|capital)\b",
    re.I,
)
# "who leads development of the van?": which party does a part of the work, not who its chief is.
_WORK = r"(?:development|production|work|design|engineering|manufacturing|assembly|sourcing|software)\b"
_LEADS_WORK = re.compile(
    r"\b(?:lead|leads|led|leading|handle|handles|oversee|oversees|(?:be|is|are) responsible for|take charge of|"
    r"in charge of)\b",
    re.I,
)
_CUES = {
    "amount": _MONEY_VERBS,
    "person": re.compile(r"\b(?:quoted|quote|title|role|position|job|spoke|speaking|comment\w*|her|his)\b", re.I),
    "duration": re.compile(r"\b(?:last|lasts|lasting|run|runs|running|term|valid|meant|supposed|expected)\b", re.I),
}
WANTED: tuple[Wanted, ...] = tuple(
    Wanted(name, re.compile(asks, re.I), holds, missing, _CUES.get(name))
    for name, asks, holds, missing in [
        (
            "market",
            r"(?<!per-)(?<!per )\b(?:share|stock)[- ]price(?:\s+(?:reaction|react\w*|move\w*|jump|rise|fall|drop|change))?\b|\b(?:shares?|stock|market|investors?)\s+(?:\w+\s+)?react\w*|"
            r"\b(?:market|share|stock|investor)s?\s+reaction\b|\bhow did (?:the )?(?:shares|stock)\b",
            moves_the_shares,
            "how the shares moved",
        ),
        (
            "duration",
            r"\bhow long\b|\b(?:over|for|in) what (?:period|timeframe|time frame|span|term)\b|\bfor how many (?:years|months)\b|\bhow many years\b|\bduration\b|\bwhat term\b",
            lambda s: bool(_DURATION.search(s)),
            "how long it runs",
        ),
        (
            "measure",
            r"\bhow much(?= (?:wiring|cabling|weight|mass|range|space|room|volume|area|land|emissions|carbon|co2|water|"
            r"waste|scrap|time|distance|mileage|floor space|heat|noise)\b)",
            lambda s: states(s, "count") or states(s, "stake"),
            "how much",
        ),  # "how much wiring does the wireless system remove?": a quantity or a share of something, not money
        (
            "rate",
            r"\b(?:interest|coupon|lending|borrowing|tax|tariff|royalty|discount|subsidy) rates?\b|\b(?:at )?what rate\b|"
            r"\bhow much interest\b",
            lambda s: bool(_RATE.search(s)),
            "what the rate is",
        ),
        (
            "owner",
            r"\bbelong\w* to(?: (?:which|what|whose) (?:group|company|firm|parent|owner)s?)?\b|"
            r"\b(?:which|what) (?:group|company|firm)(?= [^?]*\bbelong)|\b(?:parent|owner)(?: company| group)?\b(?! of)|\bwhose (?:unit|arm|subsidiary|division)\b|"
            r"\b(?:unit|arm|subsidiary|division|part) of (?:which|what)\b|\b(?:which|what) (?:group|company|firm) "
            r"(?:owns|controls|is behind|stands behind)\b",
            lambda s: bool(_OWNED.search(s)),
            "who owns it",
        ),
        (
            "share",
            r"\bhow much (?:of (?:it|the [\w-]+|[\w-]+) )?(?:do|does|did|will|would) (?:[\w'-]+ ){1,3}?(?:keep|retain|control|end up with)\b|"
            r"\bhow much of (?:[\w'’-]+ ){1,3}?(?:output|production|supply|capacity|volume)s? (?:do|does|did|will|would) "
            r"(?:[\w'-]+ ){1,3}?(?:get|take|buy|receive|secure)\b|"
            r"(?<![\w%])%(?!\w)|\b(?:percentage|percent|per cent|stakes?|split|ownership|(?<!its )(?<!their )(?<!my )owns?|owned|(?<!on )holds?|holding|"
            r"shares? (?:of|in)|who holds what|what (?:share|stake|portion|cut)\b|how big (?:is|was) the stake|how (?:big|large) (?:a|an|of a) (?:\w+ )?"
            r"(?:stake|share|holding|piece|slice|portion|chunk))\b",
            _holds_stake,
            "what the shares or stakes are",
        ),
        (
            "amount",
            rf"\bhow much\b(?!\s+of\b)(?!\s+(?:\w+\s+)?(?:{_QUANTITY_NOUNS})\b)|\bper (?:[A-Z][\w.-]* )?share\b|\bworth\b|\bvalued?\b|\bcost\b|\bprice(?: tag)?\b|\bamount\b|\bpaid\b|\bpay\b|\bpaying\b|"
            r"\bhow (?:big|large) (?:is|was|were|are) (?:the |a |an |its |their )?(?:[\w'’-]+ ){0,4}?(?:deal|investment|"
            r"loan|grant|round|funding|financing|fine|bid|offer|subsidy|payment|bond|facility|package|raise|hit|"
            r"markdown|mark-down|loss|charge|writedown|write-down|"
            r"injection)s?\b|\b(?=(?:writedowns?|write-downs?|write-offs?|impairments?)\b)|"
            r"\bhow (?:big|large) (?:a |an |the |was the |is the )?(?:writedown|write-down|write-off|charge|impairment|"
            r"loss|fine|investment|payment|bid|offer|check|cheque|deal)\b|\bhow (?:big|large) (?:is|was|were|are) (?:it|that|they)\b|"
            r"\bfunding\b|\bsums?\b|\b(?:revenues?|turnover|profits?|earnings)\b|\b(?:initial|starting|registered|paid-in|share|jv|venture'?s?|company'?s?|its|their|the) capital\b(?! city)|\bvaluations?\b|\b(?:deal|investment|transaction) size\b|\bsize of the (?:deal|investment)\b|"
            r"\bhow much of (?:the |that |this )?(?:[\w.$,-]+ ){0,3}?(?:money|cash|sum|investment|funding|rs|\$|"
            r"€|£|billion|million|crore)\b|"
            r"\b(?:most|least|total|maximum)\b[^?]*\b(?:invest\w*|spend\w*|pay\w*|put\w*|commit\w*)\b|"
            r"\b(?:investment|spending|price tag|deal value)(?=\s*(?:and\b|,|\?|$))|"
            r"\bwhat (?:was|is|were|are) (?:[\w'’-]+ ){0,3}(?:commitment|investment|outlay|price)\b|"
            r"^\W*what (?:did|does|do|will|would|has|have|had) (?:[\w'’-]+ ){1,6}?(?:invest|spend|pay|put in|commit|"
            r"contribute|pledge)\b|"
            r"^\W*what (?:did|does|do|will|would) (?:[\w'’-]+ ){1,3}?(?:get|receive|fetch|make|earn) (?:for|from)\b",
            _holds_deal_money,
            "how much money is involved",
        ),
        (
            "count",
            r"\bhow many\b|\bnumber of\b|\bcapacity\b|\bhow big\b|\b(?:job|head) ?count\b|\bjobs\?|\bvolumes?\b|"
            r"\b(?:production|output|sales|delivery|deliveries|capacity|volume) (?:targets?|goals?|plans?|aims?)\b|"
            rf"\bhow much\s+(?:\w+\s+)?(?:{_QUANTITY_NOUNS})\b",
            _holds_quantity("count"),
            "how many",
        ),
        (
            "date",
            r"^\W*when\b|(?:[,;]|\band|\bor|\bbut)\s+when\b|\bwhen\s*(?:[,&+/]|\b(?:and|or)\b)|\bwhen (?:did|does|do|will|is|was|are|were|would|should|"
            r"can|could|has|have|had)\b|\bwhen\s*(?:\?|$)|"
            r"\b(?:what|which) (?:exact |precise |specific )?(?:date|day|year|month)\b|\bwhat time\b|\bhow soon\b|\btimeline\b",
            lambda s: bool(find_dates(s) or _YEAR.search(s) or _ON_WEEKDAY.search(s)),
            "when",
        ),
        (
            "place",
            r"\bwhere(?:'s|\b)(?!.*\b(?:headed|heading|stands?|things)\b)|\b(?:which|what) (?:city|state|country|province|region|town|location|site|plant|factory|facility)\b|"
            r"\blocated\b|\b(?:exact |precise )?location\b|\bhq\b|\bheadquarter\w*|\bbased\b|\b(?:which|what) (?:cities|states|countries|provinces|"
            r"regions|towns|locations|sites|markets|plants|factories|facilities)\b|"
            r"\b(?:pick\w*|chos\w*|choose|select\w*|decided on|settled on|found) (?:a |the |its |their )?(?:site|location)\b",
            _places,
            "where",
        ),
        (
            "reason",
            r"^\s*why\b|\bwhy (?:did|does|do|is|are|was|were|has|have|had|would|will)\b|\bwhat reasons?\b|\bwhat (?:was|is|were) the reasons?\b|\bhow come\b|\breasons? (?:for|behind)\b|"
            r"\bwhat (?:led|drove|prompted|caused)\b|\bmotivat\w+\b|\bwhat for\b",
            lambda s: bool(_REASON.search(s)),
            "why",
        ),
        (
            "party",
            rf"\bwho (?:will |is going to |is to )?(?:lead|leads|led|handles?|oversees?|is responsible for|takes? charge of)"
            rf"(?: on)? (?:the )?{_WORK}",
            lambda s: bool(_LEADS_WORK.search(s)),
            "which of them does it",
        ),
        (
            "person",
            r"\bwho\b[^?]{0,20}\b(?:signed|inked|put (?:pen|their names?|signatures?) to)\b|"
            r"^\s*who\b[^?]{0,30}\b(?:quoted|spoke|commented|was speaking)\b|"
            r"^\s*who (?:is|was|will|said|says|founded|signed for)\b(?![^?]*\b(?:partner|supplier|investor|backer|"
            r"buyer|customer|acquirer|rival)s?\b)(?!(?: \w+){0,2}? (?:replac|substitut|step\w* in|tak\w+ over|sell|sold|buy|bought|acquir))|\bwho\b[^?]{0,20}\b(?:run(?:s|ning)?|lead(?:s|ing)?(?! (?:partner|investor|role|supplier|backer|shareholder)s?\b)(?!(?: on)? (?:the )?(?:development|production|work|design|engineering|manufacturing|assembly)\b)|"
            r"head(?:s|ing)?|chair(?:s|ing)?|manag(?:e|es|ing))\b|\bwho (?:did|will|would) [^?]{0,50}?\b(?:pick|choose|chose|name|appoint|hire|tap)\w* (?:to )?"
            r"(?:run|lead|head|chair|manage)\b|\bwho (?:runs|leads|heads|chairs|manages|"
            r"took|will (?:lead|run|head)|is in charge)\b(?!(?: on)? (?:the )?(?:development|production|work|design|engineering|"
            r"manufacturing|assembly)\b)|\bceo\b|\bchief executive\b|\bled by\b|\bheaded by\b|"
            r"\bwhich (?:\w+ )?(?:executive|exec|official|person|boss|manager|ceo)\b|\bwho(?:'s| is| will be| was)?"
            r"(?: going to be| to be| named| appointed| picked as)? (?:the |its )?(?:new |first )?(?:ceo|boss|"
            r"head|chair\w*|president|chief)\b|\b(?:ceo|chief executive|chairman|boss) of\b",
            lambda s: (
                bool(PERSON.search(s) and ROLE.search(s))
                or bool(re.search(r"\bsaid\b|\bsays\b", s) and PERSON.search(s))
            ),
            "who",
        ),
        (
            "name",
            r"\bwhat(?:'s| is| was| are) (?:it|they|the \w+(?: \w+)?) (?:called|named)\b|\bcalled\b\??$|"
            r"\bname of\b|\bwhat(?:'s| is) the name\b|\bwhat name\b|\bwhich brand\b|\bwhat brand\b|"
            r"\bcode ?-?names?\b|\bproject name\b|\bbrand name\b|"
            r"\b(?:jv|venture|company|entity|brand|business|plant|factory|model)(?:'s)? name\b",
            lambda s: bool(NAME.search(s)),
            "what it is called",
        ),
        (
            "exchange",
            r"\b(?:get|gets|got|receive\w*|gain\w*)\b[^?]{0,30}\bin (?:return|exchange)\b|\bin (?:return|exchange) for\b|"
            r"\bwhat (?:is|was|are|were) (?:\w+ )?(?:given|offered) in (?:return|exchange)\b",
            lambda s: bool(_IN_EXCHANGE.search(s)),
            "what is given in return",
        ),
        (
            "conditions",
            r"\b(?:approvals?|clearances?|conditions|sign-?offs?|consents?|preconditions)\b(?! (?:in|of) the market)|"
            r"\bsubject to\b|\bwhat (?:else )?(?:does|do|did|will) (?:[\w'’-]+ ){1,6}?(?:still )?need\b|\bstill needs?\b",
            lambda s: bool(_CONDITION.search(s)),
            "what it still needs",
        ),
        (
            "use",
            r"\b(?:going|go|goes|went) into\b|\bput into (?:the |its |their )?(?!\w+\?)|\bused (?:in|for)\b|\bwhat (?:is|are|will|would) (?:[\w'’-]+ ){1,5}?"
            r"(?:be )?used\b|\bwhat (?:is|are) (?:it|they|the [\w-]+) for\b|\buse (?:the |its |their )?(?:[\w'’-]+ ){0,3}?for\b",
            lambda s: bool(_USED_IN.search(s)),
            "what it is used for",
        ),
        (
            "type",
            r"\bwhat (?:kinds?|types?|sorts?) of\b|\bwhich (?:kinds?|types?|chemistr(?:y|ies)|formats?) of\b|"
            r"\bwhat (?:chemistry|chemistries|cell formats?)\b",
            lambda s: bool(_TYPE_WORDS.search(s)),
            "what kind it is",
        ),
        (
            "scope",
            r"\bwhat (?:areas?|fields?|business(?:es)?|parts?|aspects?) \b|\bwhich (?:areas?|fields?|business"
            r"(?:es| areas)?|parts?)\b|\bcover(?:s|ing)?\b|\bscope\b|\bwhat (?:are|is|will) (?:they|the \w+) "
            r"(?:building|making|developing|doing|working on|produc\w+|mak\w+|build\w*|develop\w*)\b|"
            r"\bsupposed to (?:develop|build|make|do|produce)\b|\bwhat (?:does|did|will|would) \w+(?: \w+)? "
            r"(?:bring|get|gain|contribute|provide|supply|offer)\b|\bwhat (?:is|was) (?:it|the \w+) (?:for|about)\b|"
            r"\bwhat (?:is|are|was|were|will) [\w'’-]+(?: [\w'’-]+)? (?:be )?(?:supplying|providing|selling|delivering|"
            r"bringing|contributing|licensing|supply|provide|sell|deliver|license)\b(?! (?:per|a|for) )|"
            r"\bwhat (?:will|would|does|do|did) (?:the |its |their )?(?:[\w'’-]+ ){0,4}?(?:produce|make|build|develop|"
            r"manufacture|supply|sell)\s*\??$|"
            r"\bwhat (?:exactly )?(?:are|is|will|would|do|does) (?:[\w'’/-]+ ){1,5}?(?:going to )?(?:work(?:ing)? on|"
            r"cooperat\w+ on|collaborat\w+ on|focus(?:ing)? on|develop(?:ing)? together|do together)\b|"
            r"\bwhat (?:will|would|does|do|did) (?:[\w'’/-]+ ){1,4}?do (?:under|in|as part of|within)\b|"
            r"\bwhat (?:is|was|will be|are|were) (?:[\w'’/-]+ ){1,3}?roles?\b",
            lambda s: bool(areas_of(s) or ROLE_TOLD.search(s)),
            "what it covers",
        ),
        (
            "companies",
            rf"\b(?:which|what)(?= (?:\w+ ){{0,2}}{COMPANY_NOUN}(?:'s|’s)?(?:\W|$))|"
            r"^\s*who(?:'s|’s)?(?: \w+){0,3}? (?:buy|buys|bought|buying|sell\w*|sold|acquir\w+|took over|tak\w+ over|invest\w*|"
            r"suppl(?:y|ies|ied|ying)|fund\w*|back\w*|replac\w*|substitut\w*|step\w* in|won|win\w*|"
            r"partner\w*|team\w* up|led|co-led|leads|leading|financ\w*)\b|\bwho (?:\w+ ){0,3}?(?:work\w*|partner\w*|team\w* up|ally|cooperat\w*) with\b|"
            r"^\s*who (?:is|was|were|are|will be)\b(?=[^?]*\b"
            r"(?:partner|supplier|investor|backer|buyer|customer|acquirer|rival)s?\b)",
            lambda s: len(_COMPANY_LIKE.findall(s)) >= 2,
            "which companies",
        ),
    ]
)

_BY_NAME = {w.name: w for w in WANTED}

# What a status question asks about: whether it was signed (or final, done...), ended, or is in talks.
ASKS_SIGNED = re.compile(
    r"\b(?:sign\w*|seal\w*|final\w*|binding|official|done deal|closed|complet\w*|conclud\w*|"
    r"definitive|off the ground|go(?:ne)? ahead|happen\w*|real|confirm\w*|formali[sz]ed|agreed|"
    r"inked|struck|established|set up|formed|launched)\b",
    re.I,
)
ASKS_ENDED = re.compile(
    r"\b(?:call(?:ed|ing|s)? (?:it |the \w+ )?off|cancel\w*|ended|terminat\w*|scrap\w*|dead|collapsed|fell through|"
    r"dropped|abandon\w*|shelv\w*|pull(?:ed|ing|s)? (?:out|the plug)|walk(?:ed|ing|s)? away)\b|\b(?:is|it|deal|venture|partnership|tie-?up|pact|agreement|alliance|"
    r"collaboration|co-?operation|talks|plan|project|merger) (?:off|over)\b(?! the ground)",
    re.I,
)
# "still only an MoU?", "binding or just a letter of intent?": whether it has got past a preliminary step.
ASKS_ONLY_PRELIMINARY = re.compile(
    r"\b(?:only|just|merely|still)\s+(?:an?\s+)?(?:mou|memorandum|letter of intent|loi|non-?\s?binding|preliminary|"
    r"framework|intention|heads of terms|term sheet)\b",
    re.I,
)
ASKS_TALKS = re.compile(r"\b(?:in talks|talks|talking|negotiat\w*|discuss\w*)\b", re.I)
# Words that point back to something said before: "and when was it signed?", "how much will that cost?".
POINTS_BACK = re.compile(
    r"\b(?:it|its|they|them|their|this|that|those|these|there|the deal|the two|"
    r"the (?:plant|factory|facility|site|venture|project|company|mine))\b",
    re.I,
)
# A sentence about the deal without naming its parties: "the venture", "this transaction", "the two".
REFERS_TO_DEAL = re.compile(
    r"\b(?:the|this|that|their|its) (?:new |planned |proposed )?(?:joint venture|venture|deal|"
    r"partnership|agreement|tie-?up|alliance|jv|contract|pact|collaboration|transaction|"
    r"company|plan|project|acquisition|investment|sale|purchase|plant|factory|gigafactory|facility)s?\b|"
    r"\bthe (?:two|partners|parties|(?:two )?companies|(?:two )?groups)\b|\b(?:neither|both) (?:company|side|partner)s?\b",
    re.I,
)


# "When they first announced the plant, had they picked a site?": a time the main question is asked at.
WHEN_CLAUSE = re.compile(
    r"^\s*when\b[^?,]{3,80},\s*(?=(?:is|was|were|are|had|has|have|did|does|do|will|would|could|can)\b)", re.I
)


def wanted_in(question: str) -> list[Wanted]:
    """The kinds of thing a question asks for ("where and how much?" asks for two), first kinds first.

    A duration's "how many years" is not also a count, nor a share's "how much of X" an amount."""
    found: list[Wanted] = []
    rest = WHEN_CLAUSE.sub(" ", question)  # "When they first announced it, had they picked a site?" asks no date
    for kind in WANTED:
        if kind.asks.search(rest):
            found.append(kind)
            rest = kind.asks.sub(" ", rest)
    if BREAKDOWN.search(question) and (_NAMED_SUM.search(question) or _MONEY_NOUN.search(question)):
        # "how was the $650m structured?", "how did they split the investment?": the sum's parts
        found = [w for w in found if w.name not in {"share", "amount"}]
        found.insert(0, _BY_NAME["amount"])
    if asks_price_of_holding(question):  # "how much did JSW pay for the stake?": its price, not its size
        found = [w for w in found if w.name not in {"share", "amount"}]
        found.insert(0, _BY_NAME["amount"])
    if _WHY_FIRST.match(question) and any(w.name == "reason" for w in found):
        return [w for w in found if w.name == "reason"]  # "why is Volvo taking over Northvolt's stake?" asks why
    return found


# "who's replacing LG as lead partner?", "with Huayou taking over LG's role": one company in another's place.
TAKES_THE_PLACE = re.compile(
    r"\b(?:replac\w*|succeed\w*|step\w* in|in place of|instead of|"
    r"tak\w+ (?:over )?(?:[\w'’]+ )?(?:place|role|spot|position))\b",
    re.I,
)
# The verbs of a step of a deal itself ("When did Audi and SAIC announce the deal?"), not of the work it is for.
STEP_VERB = (
    r"(?:announc\w*|sign\w*|agree\w*|ink\w*|seal\w*|strike|struck|form\w*|unveil\w*|team\w* up|"
    r"partner\w*|enter\w*|conclud\w*|establish\w*|set up|tie up|join(?:s|ed|ing)?|reach\w*)"
)
# "How much is Amazon paying for the vans?", "how much did JSW pay for the stake?": what a price is of, which the
# sentence that gives it must name.
ASKS_PAID_FOR = re.compile(
    r"\b(?:pa(?:y|ys|id|ying)|get|gets|got|receiv\w+|fetch\w*)\b[^?]{0,40}?\bfor\s+(?:the\s+|its\s+|their\s+|a\s+|an\s+)?"
    r"(?:[^\s?]+\s+){0,3}?"
    r"(?P<thing>vans|trucks|cars|vehicles|buses|cells|batteries|chargers|robotaxis|chips|units|orders?|plants?|"
    r"factory|licen[cs]e|rights|stakes?|shares?|holdings?)\b",
    re.I,
)
# A holding's price is its own question: its size ("20%") does not answer it.
HOLDINGS = frozenset({"stake", "stakes", "share", "shares", "holding", "holdings"})


def asks_price_of_holding(question: str) -> bool:
    found = ASKS_PAID_FOR.search(question)
    return found is not None and found["thing"].lower() in HOLDINGS


BREAKDOWN = re.compile(
    r"\b(?:split|structured|structure|broken down|break(?:s)?[- ]?down|made up|comprised?|consist\w*|divided|"
    r"tranches?|instal(?:l)?ments?|each)\b",
    re.I,
)
_MONEY_NOUN = re.compile(r"\b(?:investment|money|funding|cash|sum|payment|price|cost|bill)\b", re.I)
_NAMED_SUM = re.compile(r"[$€£]\s?\d[\d,.]*|\b\d[\d,.]*\s?(?:m|bn|million|billion)\b", re.I)
_WHY_FIRST = re.compile(r"^\s*(?:why|how come)\b(?![^?]*\b(?:and|&)\s+(?:how|what|when|where|who|which)\b)", re.I)


def wanted(name: str) -> Wanted:
    return _BY_NAME[name]


def without_cues(question: str, wants: list[Wanted]) -> str:
    """The question without the words that only ask for a kind of thing ("how much", "when")."""
    for kind in wants:
        question = kind.asks.sub(" ", question)
        if kind.cues is not None:
            question = kind.cues.sub(" ", question)
    return question


def says_undisclosed(sentence: str) -> bool:
    """'Financial terms were not disclosed': the article itself says the thing asked for is withheld."""
    return bool(_UNDISCLOSED.search(sentence))


# How far from "not disclosed" the thing withheld is named: "Terms of the deal were not disclosed" and "did not
# say how much it would invest" are close; a site named two clauses before "to an unspecified date" is not withheld.
_WITHHELD_REACH = 70
_WITHHELD_NOUN_REACH = 30


def withholds(sentence: str, terms: re.Pattern[str]) -> bool:
    """The sentence says that a thing of this kind, in particular, is not given: of "an undisclosed sum" or "to
    an unspecified date", only the words that follow."""
    for cue in _UNDISCLOSED.finditer(sentence):
        if cue.group().lower() in {"undisclosed", "unspecified"}:
            start, end = cue.end(), cue.end() + _WITHHELD_NOUN_REACH
        else:
            start, end = max(0, cue.start() - _WITHHELD_REACH), cue.end() + _WITHHELD_REACH
        if terms.search(sentence, start, end):
            return True
    return False
