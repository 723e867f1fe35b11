"""Who a sentence says is dealing with whom.

Two company names in one sentence with a deal word somewhere are not a deal:
news names rivals ("to outsell Tesla"), owners ("Yahoo's stake in
Alibaba"), and lists of others ("rivals Alibaba and Tencent have partnered
with automakers"). A relation is read only from a slot that makes the
companies parties to one arrangement: a coordinated subject before a deal
verb ("GM and Honda are scrapping their plan"), "between X and Y" after a
deal noun, "X signed ... with Y", "X will acquire / invest in / supply /
license to Y", "the X-Y deal".

The sentence is read with each company replaced by a placeholder, so the
patterns see structure, not names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.companies import Mention
from knowledge.deal_words import kind_of, status_of
from knowledge.ownership import masked as _masked


@dataclass(frozen=True)
class Relation:
    parties: tuple[str, ...]
    start: int  # where in the sentence the words that relate them are
    end: int


_ORG = r"\uE000(\d+)\uE001"
# Any character of one clause: no other company, no sentence or clause break ("$4.3" keeps its point).
_SPAN = (
    r"(?:(?!,\s+(?:and|but|while|whereas|although)\b|\s+while\b|"
    r"\s*\band\s+(?:\w+ing|will|has|have|is|was|said)\b)(?:[^\uE000.;]|\.(?=\d)))"
)
# After a subject: a space, or a comma that does not start the next clause ("..., and holds 10% of Daimler").
_AFTER_SUBJECT = r"(?:\s+|,(?!\s*(?:and|but|while|whereas|although)\b)\s*)"
# Words that may stand between a list's commas and a name: "Chinese heavyweights", "South Korea's", "U.S.".
_DESC = r"(?:(?!(?:and|or|with|to|that|which|who|said|says|its|their|rival|rivals)\b)[\w.'’&-]+\s+){0,6}?"
_JOIN = rf"(?:\s*,\s*(?:and\s+|as well as\s+)?|\s*,?\s+(?:and|&|as well as|together with|plus)\s+)(?:the\s+)?{_DESC}"
# A name as lists write it: "Baidu Inc.", "LG Energy Solution (LGES)", "Audi of Germany", "Toyota Motor
# North America".
_REGIONAL_UNIT = r"(?:\s+(?:North America|South America|Latin America|Europe|Asia|China|Japan|Korea|India|USA|U\.S\.))"
# "the Public Investment Fund (PIF), the kingdom's sovereign wealth fund, and ...": a description beside a name.
_DESCRIBED = r"(?:\s*,\s+(?:the|a|an)\s+[^,;.\uE000]{2,60}(?=,\s+(?:and|&)\s))?"
# "Proton New Energy Technology Sdn Bhd", "Gentari Sdn Bhd": a known name inside a longer one with a legal suffix
_LONGER_NAME = re.compile(
    r"(?<=\uE001)(?:\s+[A-Z][\w-]*){0,4}?\s+(?:Sdn\.? Bhd|Bhd|Berhad|Inc|Ltd|LLC|Corp|GmbH|AG|SE|SA|NV|Oyj|AB)\b\.?"
    r"(?:\s*\([^()\uE000]{1,30}\))?"
)
_NAMED = (  # "Adnoc Distribution": a known name and the word of its unit
    rf"{_ORG}(?:\s+(?-i:[A-Z][a-z]{{3,}})(?=[\s,]))?\.?{_REGIONAL_UNIT}?(?:\s*\(\uE000\d+\uE001\))?(?:\s+of\s+[A-Z][\w.]+(?:\s+[A-Z][\w.]+)?)?{_DESCRIBED}"
)
_GROUP = rf"{_NAMED}(?:{_JOIN}{_NAMED})+"

_DEAL_NOUN = (
    r"(?:(?:joint[- ])?ventures?|JVs?|deals?|agreements?|partnerships?|alliances?|tie-?ups?|collaborations?|"
    r"co-?operation|talks|negotiations|discussions|pacts?|contracts?|accords?|mous?|memorand\w+|merger|"
    r"arrangements?|relationship|letters? of intent|orders?|(?:joint|shared|common) (?:plans?|projects?|efforts?|development)|"
    r"(?:joint|shared|common) (?:[\w-]+ ){0,3}?(?:factory|plant|gigafactory|facility|research centre|r&d cent(?:re|er))|"
    r"plans? to (?:co-?develop|jointly|develop|build|form|merge|partner|combine))"
)
_OBJECT_VERB = (
    rf"(?:sign|ink|seal|execut|form|set(?:s|ting)? up|establish|launch|creat|announc|unveil|enter|reach|struck|"
    rf"strike|scrap|end|terminat|call\w* off|abandon|dissolv|finali[sz]|complet|clos|renew|extend|expand|"
    rf"revis|deepen|broaden|upgrad)\w*\s+(?:[^\s\uE000]+\s+){{0,5}}?(?:{_DEAL_NOUN}|plans?\b|projects?\b)"
)
_BARE_VERB = (
    r"(?:agree\w*|team\w* up|partner\w*|join\w* forces|collaborat\w+|co-?operat\w+|co-?develop\w*|"
    r"jointly \w+|work\w* together|(?:are|were|have been|had been|remain) in talks|in talks|hold\w* talks|"
    r"held talks|negotiat\w+|merg\w+|will combine|plan\w* to (?:merge|combine|form|co-?develop|jointly|"
    r"partner)|resum\w+ (?:building|construction|work) (?:on|at)? ?(?:their|the)|restart\w* (?:their|the))"
)
_SUBJECT_VERB = rf"(?:{_OBJECT_VERB}|{_BARE_VERB})"
_AUX = (
    r"(?:(?:have|has|had|will|would|are|is|were|was|to|also|now|jointly|formally|officially|each|both|said (?:they|on \w+)|"
    r"said|say|on \w+|have now|finally|then|previously|initially|last \w+|earlier|started|began|begun|"
    r"continued?|first)\s+){0,4}"
)
_WITH_CUE = (
    r"(?:(?:deal|agreement|pact|partnership|mou|memorandum of understanding|contract|accord|alliance|"
    r"tie-?up|joint venture|venture|collaboration|co-?operation|talks|negotiations|discussions|merger|"
    r"letter of intent|relationship|order)s?|partner\w*|team(?:s|ed|ing)?(?: up)?|join\w* forces|collaborat\w+|co-?operat\w+|"
    rf"merg\w+|co-?develop\w*(?: {_SPAN}{{0,50}}?)?|jointly develop\w*(?: {_SPAN}{{0,50}}?)?|"
    rf"(?:sign\w*|ink\w*|struck|reach\w*|enter\w*(?: into)?|seal\w*) (?:{_SPAN}{{0,80}}?))"
)
_DIRECTED = (
    r"(?:pull\w* the plug on|acquir\w+|buy(?:s|ing)?(?: out)?|bought(?: out)?|purchas\w+|took over|tak\w+ over|(?:offer|bid)s? for|"
    r"(?:biggest |largest |top |main |controlling |major |new )?(?:shareholder|investor|backer) in|"
    rf"(?:invest\w*|pour\w*|inject\w*)(?: {_SPAN}{{0,60}}?)? in(?:to)?|put(?:s|ting)?(?: {_SPAN}{{0,60}}?)? into|"
    r"(?:tak\w+|took|buy\w*|bought|acquir\w+|raise\w*|lift\w*|build\w*|hold\w*|held|purchas\w+)"
    rf"(?: {_SPAN}{{0,40}}?)?\s?(?:stake|%|percent|per cent|shares?|holding|interest|control) (?:in|of)|"
    rf"(?:lead\w*|led|co-?led|join\w*|participat\w+ in)\s+(?:{_SPAN}{{0,40}}?\s)?(?:funding|financing|investment|"
    rf"equity|series [a-z])\s+round(?: {_SPAN}{{0,40}}?)? (?:in|for|of|into)|"
    rf"suppl\w+(?: {_SPAN}{{0,40}}?)? (?:to|for)|suppl(?:y|ies|ied|ying)|"
    rf"(?:sell|sells|selling|sold)(?: {_SPAN}{{0,80}}?)? (?:stake|share|holding|interest)\b(?: {_SPAN}{{0,60}}?)? to|"
    rf"(?:sale|sell|sells|selling|sold) (?:of )?(?:its|their|the|his|her|a|an) {_SPAN}{{0,60}}? to|"
    rf"licen[cs]\w+(?: {_SPAN}{{0,50}}?)? (?:to|from)|"
    rf"(?:source|sourc\w+|buy\w*|bought|procur\w+|order\w*)(?: {_SPAN}{{0,40}}?)? from|"
    rf"(?:tak(?:e|es|ing)|took)\s+(?:delivery\s+of\s+)?(?:(?:up to|about|some|another|more than)\s+)?\d[\d,.]*"
    rf"(?: {_SPAN}{{0,50}}?)? from|"  # "agreed to take 2,000 more electric delivery vans from BrightDrop"
    rf"(?:won|wins|winning)\s+(?:an\s+|the\s+)?(?:auction|bidding|bid)\s+for(?: {_SPAN}{{0,60}}?)? of(?:\s+[\w.'’&-]+){{0,5}}?|"
    rf"(?:winning|successful)\s+(?:bidder|bid)\s+for(?: {_SPAN}{{0,60}}?)? of(?:\s+[\w.'’&-]+){{0,5}}?)"
)
# Deals in the plural, or "two partnerships, one with ...": a deal with each company named.
_SEVERAL_DEALS = re.compile(
    r"\b(?:deals|agreements|partnerships|contracts|pacts|alliances|tie-?ups|(?:two|three|four|separate) "
    r"(?:[\w-]+ )?(?:deals|agreements|partnerships|contracts)[^\uE000]{0,20}?\bone)\s+with\b",
    re.I,
)
# "Hertz has ordered 100,000 Tesla cars": a maker's goods bought by the thousand.
_ORDERED = re.compile(
    rf"{_ORG}{_AFTER_SUBJECT}(?:{_AUX}|{_SPAN}{{0,40}}?\b)(?:order\w*|buy\w*|bought|purchas\w+|reserv\w+)\s+"
    rf"(?:(?:up to|at least|about|around|some|more than|nearly)\s+)?\d[\d,.]*(?:\s+(?:million|thousand))?\s+"
    rf"(?:(?:more|new|electric|fully electric|all-electric)\s+)?{_ORG}",
    re.I,
)
# "Highland has been awarded a contract by Montgomery County Public Schools", "the ministry awarded Tata an
# order": a buyer that gives a contract, and the company that wins it.
_AWARDED = re.compile(
    rf"{_ORG}{_AFTER_SUBJECT}(?:(?:has|have|had|was|were)\s+)?(?:been\s+)?(?:awarded|granted|handed|won|wins|"
    rf"secured|landed|received|receives)\s+(?:an?\s+|the\s+|its\s+)?(?:[\w-]+\s+){{0,4}}?(?:contract|order|"
    rf"tender|letter of intent)s?\s+(?:[\w-]+\s+){{0,3}}?(?:by|from)\s+(?:the\s+)?{_DESC}{_ORG}|"
    rf"{_ORG}\s+(?:has\s+|have\s+)?(?:awarded|granted|handed|gave)\s+{_ORG}\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){{0,4}}?"
    rf"(?:contract|order|tender)s?\b",
    re.I,
)
# "Spiro has raised $100 million in a round led by FEDA", "Roam raised $24 million from Equator": a raiser and
# its investor.
_RAISED_FROM = re.compile(
    rf"{_ORG}{_AFTER_SUBJECT}(?:{_AUX})?(?:rais|secur|clos)\w*\s+{_SPAN}{{0,80}}?(?:\b(?:round|funding|financing|"
    rf"investment)\b{_SPAN}{{0,20}}?\b(?:co-)?led by|\bfrom)\s+(?:the\s+)?{_DESC}{_ORG}",
    re.I,
)
# "Shell has agreed to sell "a substantial portion" of its Volta network to Jolt", "Fortum will sell a majority of
# its charging business, Fortum Recharge AS, to Infracapital": the seller, the buyer, and the company sold.
_SOLD_TO = re.compile(
    rf"{_ORG}{_AFTER_SUBJECT}(?:{_AUX}|{_SPAN}{{0,60}}?\b)?(?:sell|sells|selling|sold)\s+[\"“]?"
    rf"(?:a|an|its|their|the|all|most|part|some|\d)\b[^.;:]{{0,120}}?\bto\s+(?:the\s+)?{_DESC}{_ORG}",
    re.I,
)
# "Stellantis has stopped construction at the plant it is building with LG Energy Solution"
_BUILDING_WITH = re.compile(
    rf"{_ORG}{_SPAN}{{0,120}}?\b(?:plant|factory|facility|gigafactory|venture|project|mine|site)\s+(?:that\s+)?"
    rf"(?:it|they)\s+(?:is|are|was|were|has been|have been|had been)\s+(?:\w+\s+)?(?:building|developing|"
    rf"constructing|running|operating|planning)\s+(?:jointly\s+)?with\s+(?:the\s+)?{_DESC}{_ORG}",
    re.I,
)
_POSSESSIVE_DEAL = (
    r"(?:investment in|acquisition of|purchase of|takeover of|buyout of|merger with|"
    r"(?:partnership|deal|agreement|alliance|tie-?up|joint venture|venture|collaboration|talks|"
    r"contract|pact|cooperation)s? with)"
)
_PASSIVE = r"(?:(?:was|is|were|will be|has been|had been|to be)\s+)(?:acquired|bought|taken over|purchased)\s+by"
# Words that make a name a rival or an example, not a party: "to outsell Tesla", "rivals such as BYD".
_NOT_PARTY_CUE = re.compile(
    r"\b(?:rivals?|competitors?|compet\w+|outsell\w*|outpac\w+|overtak\w+|beat\w*|"
    r"catch(?:ing)? up|than|versus|vs|against|like|unlike|such as|peers?|fellow|"
    r"other (?:automakers|carmakers|companies|firms|players|brands)|trails?|behind|"
    r"ahead of|dominat\w+|leader|outbid\w*|outbidding)\b\W*(?:\w+\W+){0,3}$",
    re.I,
)

_STRONG_NOUN = (
    r"(?:joint[- ]ventures?|JVs?|partnerships?|alliances?|mergers?|tie-?ups?|memorandum of understanding|MoUs?)"
)
_GROUP_SUBJECT = re.compile(
    rf"{_GROUP}(?:'s?|’s?)?\s+(?:{_AUX}(?:(?:that\s+)?(?:the|their|its)\s+(?:own\s+)?(?:[\w-]+\s+){{0,3}}?)?"
    rf"(?:{_SUBJECT_VERB}|{_DEAL_NOUN})|"
    rf"{_SPAN}{{0,80}}?\b{_STRONG_NOUN})\b",
    re.I,
)
# "Kestrel Motors and Voltan SDI to build battery plant", "... intend to put $3 billion into a new factory": two
# companies as one subject of one plant are partners in it (not "both plan to build more plants").
_ONE_PLANT_TOGETHER = re.compile(
    rf"{_GROUP}\s+(?:(?:will|would|are|were|is|have|has)\s+)?(?:(?:intend|plan|aim|agree|set|expect)\w*\s+)?to\s+"
    rf"(?:build|put|invest|spend|open|construct|develop|set up|create)\b(?:\s+[^\s\uE000]+){{0,8}}?\s+"
    r"(?:(?:a|an|the|their|one)\s+)?(?:(?:new|joint|shared|single)\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:plant|factory|gigafactory|facility|mine|refinery)\b",
    re.I,
)
_BETWEEN = re.compile(
    rf"\b{_DEAL_NOUN}\s+(?:{_SPAN}{{0,30}}?\s)?(?:between|among|of|(?<!acquired )(?<!bought )(?<!purchased )(?<!over )by|"
    rf"involving|from)\s+"
    rf"(?:the\s+)?{_DESC}({_GROUP})",
    re.I,
)
_WITH = re.compile(
    rf"{_ORG}(?:'s?|’s?)?{_AFTER_SUBJECT}(?:{_SPAN}{{0,70}}?\b)?{_WITH_CUE}\s*with\s+(?:the\s+)?{_DESC}"
    rf"({_ORG}(?:{_JOIN}{_ORG})*)",
    re.I,
)
_DIRECT = re.compile(
    rf"{_ORG}{_AFTER_SUBJECT}(?:{_AUX}|(?:{_SPAN}{{0,60}}?\b))?{_DIRECTED}\s+(?:the\s+)?{_DESC}{_ORG}", re.I
)
_POSSESSIVE = re.compile(
    rf"{_ORG}(?:'s?|’s?)\s+(?:[\w-]+\s+){{0,4}}?{_POSSESSIVE_DEAL}\s+(?:the\s+)?{_DESC}{_ORG}", re.I
)
# "Veoneer ... signed an agreement to be acquired by Qualcomm and SSW Partners": the buyers together, and the bought.
_BOUGHT_BY_GROUP = re.compile(
    rf"{_ORG}{_AFTER_SUBJECT}{_SPAN}{{0,80}}?\b(?:to be|was|were|is|will be|being|has been)\s+"
    rf"(?:acquired|bought|taken over|purchased)\s+by\s+(?:the\s+)?{_DESC}{_GROUP}",
    re.I,
)
_BY = re.compile(rf"{_ORG}\s+(?:{_SPAN}{{0,20}}?\s)?{_PASSIVE}\s+(?:the\s+)?{_DESC}(?:{_GROUP}|{_ORG})", re.I)
_PURPOSE = re.compile(
    rf"{_ORG}{_AFTER_SUBJECT}{_SPAN}{{0,50}}?\b{_DEAL_NOUN}\s+(?:to|for)\s+(?:use|licen[cs]e|buy|"
    rf"purchase|supply|source|acquire|develop|build|deploy|integrate|install|sell|distribute)\w*\s+"
    rf"(?:the\s+)?{_DESC}{_ORG}",
    re.I,
)
_HYPHENATED = re.compile(rf"{_ORG}\s*[-–/]\s*{_ORG}(?:\s*[-–/]\s*{_ORG})?\s+(?:[\w-]+\s+){{0,3}}?{_DEAL_NOUN}\b", re.I)
# "Ford joins Vale Indonesia and Huayou in a nickel plant": the newcomer is a party beside them.
_JOINS = re.compile(
    rf"{_ORG}{_AFTER_SUBJECT}(?:{_AUX})?(?:joins?|joined|joining)\s+(?:the\s+)?{_DESC}"
    rf"({_ORG}(?:{_JOIN}{_ORG})*)(?:'s?|’s?)?\s+(?:[\w-]+\s+){{0,3}}?(?:in|on|as)\b"
    rf"(?!\s+(?:the\s+)?{_ORG})",
    re.I,
)  # not "joins CATL and Samsung SDI as BMW's suppliers"
# "an agreement that Ford CEO Jim Farley and Tesla CEO Elon Musk announced": the deal named before the
# companies (here, by their chiefs) that made it.
_DEAL_THAT = re.compile(
    rf"\b{_DEAL_NOUN}\s+(?:(?:that|which)\s+)?(?:the\s+)?({_GROUP})\s+(?:{_AUX})?(?:announc|sign|struck|"
    rf"reach|unveil|agre|seal|ink|finali[sz]|(?:intend|plan)\w* to (?:form|create|set up|establish))\w*",
    re.I,
)
# "Ford and its battery partner SK Innovation", "Ford's partner SK Innovation".
_PARTNER_OF = re.compile(
    rf"{_ORG}(?:'s?|’s?|\s+and\s+(?:its|their)|{_AFTER_SUBJECT}{_SPAN}{{0,120}}?\bwith\s+(?:its|their))\s+"
    rf"(?:[\w-]+\s+){{0,3}}?(?:partner|ally)\s+{_ORG}",
    re.I,
)  # "CATL's partner IBC", "CATL broke ground on a plant ... with its joint venture partner IBC"
# "IONNA's owners are BMW, General Motors, ... and Stellantis": a venture's owners are parties to it.
_OWNERS_ARE = re.compile(
    rf"(?:{_ORG}|\b(?-i:[A-Z][\w-]+))(?:'s?|’s?)\s+(?:\w+\s+)?(?:owners|parents|shareholders|backers|members|partners)\s+"
    rf"(?:are|were|include|included)\s+(?:the\s+)?{_DESC}(?P<owners>{_GROUP})",
    re.I,
)
# "IONNA LLC brings together BMW Group, General Motors, ... and Stellantis": the venture's parents are its parties.
_BRINGS_TOGETHER = re.compile(
    rf"(?:{_ORG}|\b(?-i:[A-Z][\w-]+)|\b(?:the|this|that|a|an|their)\s+(?:new\s+)?(?:joint[- ])?(?:venture|JV|company))"
    rf"(?:\s+(?:LLC|Inc|Ltd|Corp|GmbH|AG|SA)\.?)?{_AFTER_SUBJECT}(?:{_AUX})?"
    rf"(?:brings?|brought|bringing|unites?|united|uniting)\s+together\s+"
    rf"(?:the\s+)?{_DESC}(?P<group>{_GROUP})",
    re.I,
)
# "Ford CEO Jim Farley": a company's chief speaks for it.
_CHIEF = re.compile(
    r"(\uE000\d+\uE001)(?:'s?|’s?)?\s+(?:CEO|chief executive|chairman|chairwoman|president|boss|"
    r"head)\s+(?:[A-Z][a-z]+\s?){1,3}(?=\s|,|$)"
)
# "Samsung Ventures", "Toyota Ventures": a company's investing arm, named by a word that is also a deal noun.
_ARM_WORD = re.compile(r"(\uE000\d+\uE001)\s+(?:Ventures|Venture Capital|Capital|Investments?|Fund)\b")
_BRACKETED = re.compile(r"(?<=\uE001)\s*\([^()\uE000\uE001]{1,80}\)")
_SAME_IN_BRACKETS = re.compile(r"(\uE000(\d+)\uE001)(\s*\(\uE000(\d+)\uE001\))")
# "Hyundai and Waymo, the self-driving unit of Google parent Alphabet, on Friday announced...": a description
# between a name and its verb, which the patterns read past.
_APPOSITION = re.compile(
    r"(?:(?<=\uE001)|(?<=\uE001\)))\s*,\s+(?:the|a|an)\s+[^,;.\uE000]{2,120},(?=\s+(?!(?:and|but|while|which|who)\b)[a-z])"
)
# "Adnoc Distribution, the UAE's largest fuel retailer, and Taqa are forming a joint venture": the first of a
# group described between its names.
_APPOSED_IN_GROUP = re.compile(
    r"(?:(?<=\uE001)|(?<=\uE001\)))\s*,\s+(?:the|a|an)\s+[^,;.\uE000]{2,80},(?=\s+and\s+\uE000)"
)
# "X and Y partnered with Z": the group is one side. Not ", with the Japanese automaker agreeing to...".
_WITH_AFTER = re.compile(rf"^(?:(?!,){_SPAN}){{0,40}}?\bwith\b", re.I)
# A relation only imagined: "Apple possibly buying Tesla", "if Ford were to invest in".
_IMAGINED = re.compile(
    r"\b(?:possibl[ey]|potentially|if|whether|rumou?r\w*|speculat\w+|hypothetical\w*|"
    r"considering|considered|weigh\w*|mull\w*)\b",
    re.I,
)

# "... acquired by Qualcomm and SSW Partners, a New York-based partnership, ending its earlier deal with Magna": the
# deal is the sentence subject's, not that of the name before the clause.
# (an aside read past is blanked out, so its commas are gone but its width stays)
_ITS_DEAL_AFTER_A_CLAUSE = re.compile(r"(?:,|\s{3})\s*\w+ing\s+(?:its|their)\b", re.I)
_ORG_IN = re.compile(_ORG)
# A name that is the object of what a third party does: "it is working with X", "the new company will supply X and Y".
_OBJECT_OF_A_THIRD = re.compile(
    r"\b(?:with|and|supply|supplies|supplying|serve|serves|to|for|from)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,2}$", re.I
)
# "it has teamed up with Taiwan's ProLogium ... and signed an MoU with Gotion": the name after "with" is a partner
# of the subject before it, not the subject of the next deal.
_AFTER_WITH = re.compile(r"\bwith\s+(?:the\s+)?(?:[\w'’-]+\s+){0,2}$", re.I)
_LISTED = re.compile(r"\b(?:including|among them|among others|for example|e\.g\.)\s+(?:[\w-]+\s+){0,3}$", re.I)


# Names in an aside about a company's owner, brands or rivals are not the sentence's parties:
# "Stellantis, the group behind Jeep and Citroen, ...", "Samsung SDI, an affiliate of Samsung Electronics, ...".
_BESIDE = re.compile(
    r"\b(?:behind|owner of|parent of|maker of|which owns|that owns|affiliate of|unit of|subsidiary of|"
    r"division of|part of|arm of|spun off from|owned by|backed by|rivals? (?:of|to|such as|like)|"
    r"competitors? (?:of|to|such as|like))\s+[^;.]{0,80}?(?=,\s+(?-i:[a-z])|[;.]|$)",
    re.I,
)
# "According to Automotive News Canada, ...": who reports the news is no party to it.
_SOURCE = re.compile(r"\b(?:according to|as reported by|reported by|citing)\s+[^,;.]{0,60}?(?=,|;|$)", re.I)
# A name used as a modifier is no subject: "new Nio shares", "Ford's pickups".
_MODIFIED = re.compile(
    r"^(?:'s?|’s?)?\s+(?:shares?|stock|investors?|shareholders?|cars?|vehicles?|models?|EVs?|"
    r"brands?|plants?|factor(?:y|ies)|employees|executives|officials|dealers|customers|owners|"
    r"drivers|fans|buyers|bonds|notes|debt|proposals?|offers?|bids?)\b",
    re.I,
)


def _is_example(masked: str, at: int) -> bool:
    return bool(_NOT_PARTY_CUE.search(masked[max(0, at - 60) : at]))


def find_relations(sentence: str, mentions: list[Mention]) -> list[Relation]:
    """The arrangements a sentence states between the companies it names, in sentence order."""
    if len({m.name for m in mentions}) < 2:
        return []
    mentions = sorted(mentions, key=lambda m: m.start)
    masked = _BESIDE.sub(lambda m: _ORG_IN.sub("others", m.group(0)), _masked(sentence, mentions))
    masked = _SOURCE.sub(lambda m: _ORG_IN.sub("others", m.group(0)), masked)
    masked = _SAME_IN_BRACKETS.sub(
        lambda m: m[1] + (" " * len(m[3]) if mentions[int(m[2])].name == mentions[int(m[4])].name else m[3]),
        masked,
    )  # "Automobile Joint Venture Group (TOGG) has signed": the bracket names the same company again
    masked = _LONGER_NAME.sub(lambda m: " " * len(m.group(0)), masked)
    masked = _BRACKETED.sub(lambda m: " " * len(m.group(0)), masked)  # "CAF (Construcciones y ...) has completed"
    masked = _APPOSITION.sub(lambda m: " " * len(m.group(0)), masked)
    masked = _APPOSED_IN_GROUP.sub(lambda m: " " * len(m.group(0)), masked)
    masked = _ARM_WORD.sub(lambda m: m.group(1) + " " * (len(m.group(0)) - len(m.group(1))), masked)
    masked = _CHIEF.sub(lambda m: m.group(1) + " " * (len(m.group(0)) - len(m.group(1)) - 1) + " ", masked)
    found: list[tuple[int, int, tuple[str, ...]]] = []

    def add(match: re.Match[str], span: str, at_least: int = 2, directed: bool = False) -> None:
        indices = [int(i) for i in _ORG_IN.findall(span)]
        if directed and _MODIFIED.match(masked[match.start() + len(f"\ue000{indices[0]}\ue001") :]):
            return
        start = match.start() + match.group(0).find(span) if span in match.group(0) else match.start()
        if _is_example(masked, start):
            return
        if directed and _IMAGINED.search(masked[max(0, match.start() - 30) : match.end()]):
            return
        names = tuple(dict.fromkeys(mentions[i].name for i in indices))
        if len(names) >= at_least:
            found.append((match.start(), match.end(), names))

    for m in _GROUP_SUBJECT.finditer(masked):
        if not _WITH_AFTER.match(masked[m.end() :]) and not _ITS_DEAL_AFTER_A_CLAUSE.search(m.group(0)):
            add(m, m.group(0))
    for m in _ONE_PLANT_TOGETHER.finditer(masked):
        add(m, m.group(0))
    for m in _BETWEEN.finditer(masked):
        add(m, m.group(1))
    for m in _DEAL_THAT.finditer(masked):
        add(m, m.group(1))
    for m in _OWNERS_ARE.finditer(masked):
        if not m.group(0).startswith("\ue000"):  # "IONNA's owners are ...", not "StoreDot's backers include ..."
            add(m, m.group("owners"))
    for m in _BOUGHT_BY_GROUP.finditer(masked):
        add(m, m.group(0))
    for m in _BRINGS_TOGETHER.finditer(masked):
        add(m, m.group("group"))
    for m in _WITH.finditer(masked):
        if _SEVERAL_DEALS.search(m.group(0)):  # "signs battery deals with Envision AESC and Verkor": one each
            subject, *others = [int(i) for i in _ORG_IN.findall(m.group(0))]
            for other in others:
                pair = (mentions[subject].name, mentions[other].name)
                if len(set(pair)) == 2 and not _is_example(masked, m.start()):
                    found.append((m.start(), m.end(), pair))
        elif not _ITS_DEAL_AFTER_A_CLAUSE.search(m.group(0)) and not _AFTER_WITH.search(masked[: m.start()]):
            add(m, m.group(0), directed=True)
    for regex in (
        _DIRECT,
        _POSSESSIVE,
        _BY,
        _PURPOSE,
        _HYPHENATED,
        _JOINS,
        _PARTNER_OF,
        _BUILDING_WITH,
        _ORDERED,
        _AWARDED,
        _RAISED_FROM,
        _SOLD_TO,
    ):
        for m in regex.finditer(masked):
            add(m, m.group(0), directed=regex is not _HYPHENATED)
    if not found:
        found += _pair_in_the_news(masked, mentions)
    relations: list[Relation] = []
    for start, end, names in sorted(found):
        relation = Relation(names, _unmask(masked, sentence, mentions, start), _unmask(masked, sentence, mentions, end))
        if not any(set(r.parties) == set(names) for r in relations):
            relations.append(relation)
    return relations


def _pair_in_the_news(masked: str, mentions: list[Mention]) -> list[tuple[int, int, tuple[str, ...]]]:
    """Two companies, and only two, in a sentence that says how far a deal between them has got
    ("Reuters reported that Nissan was in advanced talks to invest in Fisker"), neither as an example."""
    present = [(i, masked.find(f"\ue000{i}\ue001")) for i in range(len(mentions))]
    present = [(i, at) for i, at in present if at >= 0]  # not hidden in an aside
    names = list(dict.fromkeys(mentions[i].name for i, _ in present))
    if len(names) != 2 or not (status_of(masked) and kind_of(masked)) or _IMAGINED.search(masked):
        return []
    starts = [at for _, at in present]
    if _LISTED.search(masked[max(0, min(starts) - 40) : min(starts)]):
        return []  # "stakes in companies it views as strategic, including Intel and MP Materials"
    if any(_is_example(masked, at) or _MODIFIED.match(masked[at + len(f"\ue000{i}\ue001") :]) for i, at in present):
        return []
    if all(_OBJECT_OF_A_THIRD.search(masked[:at]) for _, at in present):
        return []  # "it agreed a venture with Stellantis ... and is working with Fisker": a third party's partners
    return [(min(starts), max(starts), tuple(names))]


def _unmask(masked: str, sentence: str, mentions: list[Mention], at: int) -> int:
    """A position in the masked text as a position in the sentence."""
    shift = 0
    for i, m in enumerate(mentions):
        token = f"\ue000{i}\ue001"
        token_at = masked.find(token)
        if token_at < 0 or token_at >= at:
            break
        shift += (m.end - m.start) - len(token)
    return max(0, min(len(sentence), at + shift))
