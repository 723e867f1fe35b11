"""The words news uses for a deal's kind and its progress.

Kinds come from a fixed set, so that a list filter or an answer never meets
a phrase fragment; statuses are four (talks, preliminary, signed, ended),
read with negation and hypotheticals ("no agreement has been signed", "once
signed") taken into account.
"""

from __future__ import annotations

import re

KIND_NAMES = ("joint venture", "acquisition", "investment", "licensing", "supply", "agreement", "partnership")
STATUSES = ("talks", "preliminary", "signed", "ended")

# Deal words, most specific kind first; the kind of a deal is the most specific one its evidence states.
KINDS: list[tuple[str, re.Pattern[str]]] = [
    (
        "joint venture",
        re.compile(
            r"\bjoint[- ]venture(?!s? partners?\b)|\b\d{2}[-/:]\d{2} venture\b|\bventure (?:between|of)\b", re.I
        ),
    ),
    (
        "acquisition",
        re.compile(
            r"\b(?:acquir\w*|acquisition|takeover|take over|buy(?:s|ing)? out|buyout|"
            r"(?:sell|sells|selling|sold|sale of) (?:its|their|a|the|his|her) (?:\w+ ){0,3}(?:stake|share|holding|interest)s?|"
            r"(?:sell|sells|selling|sold|sale of) [\"“]?(?:(?:a|an|its|their|the|all|most|part|some) )?[^.;]{0,60}?"
            r"\b(?:firm|company|business|unit|division|subsidiary|arm|network|operator|maker|start-?up)\b"
            r"(?=[^.;]{0,60}?\bto\b)|"
            r"merger|merg(?:e|es|ed|ing) with|merge|integrat\w+ (?:their|the two)|"
            r"(?:bought|buys?|buying|purchas\w+) (?:the |all |control)(?![^.]{0,30}\bstake))\b",
            re.I,
        ),
    ),
    (
        "investment",
        re.compile(
            r"\b(?:stakes?|equity|invest(?:s|ed|ing|ment)?\s+(?:(?:[^.]|\.(?=\d)){0,40}?\s)?in(?:to)?\b|"
            r"(?:purchas\w*|bought|buy\w*|acquir\w+|subscrib\w+)(?: of| to| for)? (?:\w+ ){0,3}shares\b|"
            r"funding round|led (?:a|the) [^.]{0,30}round|capital injection|convertible note|"
            r"cross-shareholding)",
            re.I,
        ),
    ),
    ("licensing", re.compile(r"\blicen[cs]\w+", re.I)),
    (
        "supply",
        re.compile(
            r"\b(?:suppl(?:y|ies|ied|ying)|supplier|offtake|procure\w*|source (?:batteries|cells|chips)|"
            r"order(?:s|ed)? (?:for|of)\b|(?:buy|buys|buying|bought|purchas\w*) (?:up to |about |around |some )?"
            r"[\d,.]+ (?:million |thousand )?(?:tonnes|tons|metric tons|gwh|gigawatt[- ]hours|units|cells)\b)",
            re.I,
        ),
    ),
    (
        "agreement",
        re.compile(
            r"\b(?:deal|agreement|memorandum of understanding|mou|contract|pact|accord|"
            r"letters? of intent)s?\b",
            re.I,
        ),
    ),
    (
        "partnership",
        re.compile(
            r"\b(?:partner(?:ship|ing|ed|s)?|team(?:s|ed|ing)? up|tie[- ]?up|alliance|"
            r"collaborat\w+|co-?operat\w+|join(?:s|ed|ing)? forces|work(?:ing)? together|"
            r"co-?develop\w*|jointly develop\w*|talks|discussions|negotiat\w+)\b",
            re.I,
        ),
    ),
]
KIND_PATTERN = dict(KINDS)
GENERIC_KINDS = frozenset({"agreement", "partnership"})

_ENDED = re.compile(
    r"\b(?:terminat\w+|scrapp(?:ed|ing)|scraps? (?:the|their|its|a|an|plans?|talks|(?:[\w-]+ )?(?:talks|deal|merger|plans?|venture|partnership))|call(?:ed|s|ing)? off|pull(?:ed|s|ing)? out|"
    r"walk(?:ed|s|ing)? away|wind(?:s|ing)? up|wound up|liquidat\w+|"
    r"no longer (?:expects? to |plans? to |intends? to |wants? to )?(?:build|make|produce|manufacture|"
    r"supply|buy|work with|partner|invest|fund)|pull(?:ed|s|ing)? the plug|"
    r"(?:shut|shuts|shutting|close|closes|closing|closed|wind|winds|winding|wound) down|"
    r"stop(?:ped|ping|s)? (?:funding|investing)|(?:stop(?:ped|ping|s)?|halt(?:ed|ing|s)?|paus(?:ed|ing|es)) (?:all )?"
    r"(?:construction|building|work) (?:at|on)|(?:withdr(?:ew|aws?|awn|awing)|pull(?:ed|s|ing)?) (?:its|the|their|a)? ?(?:[\w$.,-]+ ){0,3}?(?:offer|proposal|bid|plan)|"
    r"drop(?:s|ped|ping)? (?:the|its|their|a)? ?(?:[\w$.,-]+ ){0,2}?(?:plan|bid|offer|proposal|talks|deal|idea)|dissolv\w+|break(?:s|ing)? up|broke up|split(?:s|ting)? up|abandon\w*|cancel\w*|unwound|unwind\w*|collaps\w+(?! (?:in|of) (?:\w+\W*){0,3}(?:price|prices|shares?|sales|demand|value|market))|"
    r"broke down|broken off|fell (?:apart|through)|ditch\w*|shelv\w+|put on hold|on hold|"
    r"revok(?:ed|es|ing)|rescind\w*|clos(?:e|es|ed|ing) the book on|never (?:gets? |got |was |were |been )?built|"
    r"(?:withdr(?:ew|aws?|awn|awing)|strip(?:s|ped|ping)?) (?:[\w$.,\"'-]+ ){0,4}?(?:status|approval|licen[cs]e|permit|"
    r"privilege|concession|quota)|"
    r"(?:talks|negotiations|discussions) (?:[\w,$.-]+ ){0,10}?(?:had |have |has )?(?:ended|collapsed|failed)(?! (?:in|with) (?:a|an)\b)|"
    r"(?:reject(?:ed|s|ing)?|block(?:ed|s|ing)?|turn(?:ed|s|ing)? down|veto(?:ed|es|ing)?) (?:a|an|the|its|their)? ?"
    r"(?:[\w$.,()'-]+ ){0,8}?(?:offer|proposal|bid|plan|application|deal|merger|takeover|investment)|"
    r"suspend(?:ed|s|ing)? (?:the|their|its|negotiations|talks|work|cooperation)|"
    r"end(?:ed|s|ing)? (?:(?:the|their|its|a|an|all|this|that) (?:[\w-]+ ){0,2}?)?(?:merger|partnership|talks|discussions|"
    r"negotiations|cooperation|collaboration|alliance|deal|agreement|(?:joint )?venture|relationship|tie-?up|"
    r"development|work|project|plans?|contract|pact|accord)s?)\b",
    re.I,
)
# A party's collapse ends its deals: "Arrival's UK arm has gone into administration", "filed for bankruptcy".
COLLAPSED = re.compile(
    r"\b(?:(?:went|gone|goes|go|going|fell|falls|collapsed|collapses|placed|entered|enters|entering|put) into "
    r"(?:administration|receivership|liquidation|insolvency)|filed for (?:bankruptcy|chapter (?:11|7)|insolvency|"
    r"creditor protection)|declared (?:itself )?(?:bankrupt|insolvent)|went (?:bankrupt|bust)|"
    r"(?:insolvency|bankruptcy) proceedings|ceased trading)\b",
    re.I,
)
# One partner buying the other out of their venture ends it as a joint venture: "leaving Volvo as the sole
# owner", "to acquire Northvolt's shares in NOVO Energy, the battery joint venture".
BUYOUT = re.compile(
    r"\b(?:(?:sole|full) owner(?:ship)?|take (?:full|sole) (?:control|ownership)|wholly[- ]owned by|"
    r"buy(?:s|ing)? out (?:its|their|the) (?:partner|stake)|buyout of (?:its|their|the) partner|"
    r"(?:acquire|buy|take|purchase)\w* (?:the |its |their )?(?:remaining|rest of the|entire|whole|100%|all (?:of )?(?:the )?|"
    r"(?-i:[A-Z])[\w&-]*(?:'s|’s) )[^.;]{0,30}(?:shares?|stake) in (?:[\w-]+ ){0,3}?(?:the|their|its)? ?"
    r"(?:[\w-]+ )?(?:joint )?venture)\b",
    re.I,
)
# Signing verbs that settle the matter, and weaker ones that an article about talks also uses.
_SIGNED_STRONG = re.compile(
    r"\b(?:signed|signs|sign|inked|inks|sealed|seals|finali[sz]ed|clinched|"
    r"struck (?:a|an|the)|(?:completed|closed|concluded) (?:the|its|their|a)\b|"
    r"formally (?:established|launched|set up|formed)|"
    r"(?:awarded|won|wins|secured|landed) (?:an? |the )?(?:[\w-]+ ){0,3}?(?:contract|order|tender)s?|"
    r"resum(?:e|es|ed|ing) (?:building|construction|work)|(?:restart|restarted|restarts|restarting) (?:building|"
    r"construction|work))\b",
    re.I,
)
_SIGNED_WEAK = re.compile(
    r"\b(?:formed|forms|form|will form|set up|sets up|established|establish|launched|"
    r"(?:have|has|had) agreed|agreed(?! by| upon| on by)|agree|agrees|reached (?:a|an)|entered into|"
    r"announced (?:a|an|the|their|its) (?:\w+ ){0,3}(?:partnership|deal|agreement|"
    r"joint venture|alliance|investment|collaboration|tie-up)|"
    r"(?:are|is) (?:teaming|partnering|joining)|teamed up|partnered|took a stake|"
    r"(?:has|have) taken|acquired|bought|has invested|invested|invests|will supply|supplies|"
    r"will invest|will licen[cs]e|licen[cs]es|licen[cs]ed|will co-?develop|co-?develops|"
    r"under the (?:agreement|deal|contract|terms))\b",
    re.I,
)
_PRELIMINARY = re.compile(
    r"\b(?:memorandum of understanding|mou|non-?binding|letters? of intent|memorand(?:um|a)|mous|basic agreement|preliminary "
    r"(?:agreement|deal|accord|pact|contract)|framework agreement|heads of (?:agreement|terms)|term sheet|"
    r"feasibility study|agreed to (?:study|explore|consider)|intend(?:s|ed)? to (?:form|create|set up|establish)|"
    r"(?:subject to|contingent on|pending) (?:[^.]{0,40}\b)?(?:approval|negotiation|"
    r"feasibility|definitive|final agreement|due diligence))\b",
    re.I,
)
_CONDITIONAL = re.compile(r"(?:subject to|contingent on|pending)\b", re.I)
DEFINITIVE = re.compile(r"\b(?:definitive|(?<!non-)(?<!non )binding (?:agreement|deal|contract))\b", re.I)
# Words before a status verb that make it not (yet) true: "no agreement has been signed", "once signed".
_HYPOTHETICAL = re.compile(
    r"\b(?:no|not|nothing|none|neither|nor|never|yet to|n't|without|before|once|if|until|unless|would|could|may|might|"
    r"expected to|aims? to|plans? to|intend(?:s|ed)? to|hopes? to|seeks? to|likely to|whether|denied|"
    r"rumou?rs?|reportedly|considering|weighing|no longer)\b[^.;,]{0,30}$",
    re.I,
)
_TALKS = re.compile(
    r"\b(?:(?:began|begin|begun|start\w*|open\w*|launch\w*|enter\w*|resum\w+|hold|held|"
    r"continu\w+) (?:\w+ )?(?:talks|discussions|negotiations)|in talks|talks with|talks between|talks on|talks about|talks over|talks to|ongoing talks|"
    r"held talks|hold talks|holding talks|initiated talks|resum\w+ talks|merger talks|"
    r"(?:merger|takeover|tie-up) (?:proposal|offer|bid)|propos\w+ (?:a|an) (?:[\w/-]+ )?(?:merger|tie-up|combination)|"
    r"in (?:early |advanced |preliminary )?discussions|discussions with|discussing|negotiat\w+|"
    r"explor\w+ (?:a|an|the)? ?(?:potential|possible|partnership|tie-up|alliance|deal|cooperation|"
    r"collaboration|merger|ways)|potential (?:partnership|deal|tie-up|merger)|"
    r"possible (?:deal|partnership|tie-up|alliance|merger|cooperation)|"
    r"(?:considering|weighing|mulling) (?:a |an |the |its |their )?(?:possible |potential )?(?:[\w-]+ )?"
    r"(?:deal|partnership|tie-?up|alliance|merger|investment|stake|bid|offer|sale|purchase|venture|"
    r"acquisition|takeover|options?)|"
    r"could (?:partner|team)|in early[- ]stage|reportedly (?:in|close)|nearing a deal|"
    r"close to a deal|(?:plans?|aims?|seeks?) to (?:form|sign|partner)|studying|evaluating|"
    r"bid(?:s|ding)? for (?:a |the |an )?(?:[\w-]+ )?(?:stake|holding|share|slice)|in the race for|"
    r"rounds? of bidding|talks (?:are|were|remain) (?:continuing|ongoing|under way))\b",
    re.I,
)

STATUS_RANK = {"talks": 1, "preliminary": 2, "signed": 3, "ended": 4}
LEAD_SENTENCES = 2  # the headline and the first sentences tell what kind of deal the news is, and its step


_NOT_KIND = re.compile(r"\b(?:not|no|never|rather than|instead of|isn't|is not|without|nor)\s+(?:\w+\s+){0,2}$", re.I)


def kind_of(text: str) -> str | None:
    """The most specific kind of deal a sentence states ("not a joint venture" states none)."""
    if BUYOUT.search(text):
        return "joint venture"
    for kind, pattern in KINDS:
        if any(not _NOT_KIND.search(text[max(0, m.start() - 30) : m.start()]) for m in pattern.finditer(text)):
            return kind
    return None


def _asserted(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    return next((m for m in pattern.finditer(text) if not _HYPOTHETICAL.search(text[: m.start()])), None)


def _ending(text: str) -> re.Match[str] | None:
    """An ending the sentence reports, not one threatened or ordered on a condition ("told officials to cancel
    the contract if the company fails to deliver")."""
    ending = _asserted(_ENDED, text) or _asserted(BUYOUT, text) or _asserted(COLLAPSED, text)
    if ending is None:
        return None
    before = text[: ending.start()]
    if _THREATENED.search(before) or (_ORDERED_TO.search(before) and _ON_CONDITION.match(text[ending.end() :])):
        return None
    return ending


_THREATENED = re.compile(r"\b(?:threat\w*|warn\w*|vow\w*)\s+(?:\w+\s+){0,2}?to\s+$", re.I)
_ORDERED_TO = re.compile(r"\b(?:told|asked|ordered|instructed|urged|demanded)\b[^.;]{0,100}\bto\s+$", re.I)
_ON_CONDITION = re.compile(r"(?:[^.;]|\.(?=\s*[a-z\d])){0,120}?\b(?:if|unless|should)\b", re.I)  # "from X Inc. if"


def status_match(text: str) -> tuple[str, int, int] | None:
    """What one sentence says of a deal's progress (ended, preliminary, signed, talks), and where it says it."""
    preliminary = _asserted(_PRELIMINARY, text)
    if preliminary and DEFINITIVE.search(text) and not _CONDITIONAL.match(preliminary.group()):
        preliminary = None  # "a definitive agreement replaces the MoU"; but "subject to definitive documents"
    checks = [
        ("ended", _ending(text)),
        ("preliminary", preliminary),
        ("signed", _asserted(_SIGNED_STRONG, text)),
        ("talks", _TALKS.search(text)),
        ("signed", _asserted(_SIGNED_WEAK, text)),
    ]
    return next(((status, m.start(), m.end()) for status, m in checks if m), None)


def firm_status_match(text: str) -> tuple[str, int, int] | None:
    """``status_match`` without the weak signs of signing ("agreed to", "will"): what a sentence that relates
    no parties to each other must say to be a step of a deal told before ("Rokk is shutting down")."""
    found = status_match(text)
    if found and found[0] == "signed" and not _asserted(_SIGNED_STRONG, text):
        return None
    return found


def status_of(text: str) -> str | None:
    """What one sentence says of a deal's progress: ended, preliminary, signed, talks, or nothing."""
    found = status_match(text)
    return found[0] if found else None


# A deal that stands but whose work slips: "will delay the first shipments", "postponed its plan", "now expected
# around 2030". Not a status: the deal is still as signed (or as far as it got); its timeline says it slipped.
_DELAYED = re.compile(
    r"\b(?:delay(?:s|ed|ing)?\b(?! in\b)|postpon\w+|push(?:es|ed|ing)? back|pushed back|defer(?:s|red|ring)?\b|"
    r"behind schedule|later than (?:planned|expected|scheduled|first planned)|no (?:firm|definitive|new) "
    r"(?:start |target )?date|slipp?(?:ed|ing|s)? (?:to|into|back)|revised (?:its |the )?timeline)",
    re.I,
)
_NO_DELAY = re.compile(r"\b(?:no|without|avoid\w*|any)\s+(?:further\s+)?$", re.I)


def delay_match(text: str) -> re.Match[str] | None:
    """Where a sentence says the work of a deal slipped ("no delay" and "to avoid delays" say it did not)."""
    return next(
        (m for m in _DELAYED.finditer(text) if not _NO_DELAY.search(text[max(0, m.start() - 20) : m.start()])), None
    )
