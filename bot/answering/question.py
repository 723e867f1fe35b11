"""Reading a chat question: which companies it names, what it asks for, and when.

Chat is terse ("alibaba ford?", "xiaomi ford status?"), so the companies
carry most of the meaning; the rest decides the shape of the answer: a list
of deals, a deal's status at some time, a summary, or a fact of a kind
(an amount, a share, a date, a place...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from bot.answering.asked import (
    ASKS_ENDED,
    ASKS_ONLY_PRELIMINARY,
    ASKS_SIGNED,
    ASKS_TALKS,
    TAKES_THE_PLACE,
    WANTED,
    WHEN_CLAUSE,
    Wanted,
    wanted_in,
    without_cues,
)
from bot.answering.deal_filters import REGIONS, DealFilters, kind_named, read_filters
from knowledge.companies import fold
from knowledge.dates import find_dates
from knowledge.knowledge_base import KnowledgeBase
from knowledge.non_orgs import is_place_word
from knowledge.text import QUESTION_WORDS, STOPWORDS, question_tokens, related, tokens

# Tokens (stemmed) that only say "a deal" without saying what about it.
DEAL_WORDS = frozenset(
    tokens(
        "deal deals partner partners partnership agree agreed agreement together sign signed "
        "work team cooperate cooperation tie-up tie-ups collaboration relationship ties link "
        "involve involving between status update news latest happening going ev evs electric "
        "vehicle vehicles joint venture jv jvs mou memorandum tie tieup alliance collaborate "
        "contract contracts pact"
    )
)

# Chat around a question ("help me understand", "give me the rundown on", "digest the news about").
CHAT_WORDS = frozenset(
    tokens(
        "help understand understanding overview background rundown lowdown digest story "
        "briefly brief quick quickly recap basics please thanks hey hi gonna wanna gotta kinda"
    )
)

_LIST_NOUN = re.compile(
    r"\b(?:deals|partnerships|agreements|tie-?ups|alliances|joint ventures|jvs|ventures|"
    r"collaborations|partners|stakes|investments|contracts|mous|acquisitions|takeovers|mergers|buyouts|"
    r"purchases|offtakes|orders|licen[cs]es|licensing)\b",
    re.I,
)
_LIST_CUE = re.compile(
    r"^\s*(?:list|show|which|what|all|any|tell|give|name|summar\w*|how many)\b|\b(?:all|every|"
    r"other|any)\s+(?:the\s+)?(?:deals|partnerships)\b",
    re.I,
)
# "solid-state battery deals?", "catl jvs in europe": a plural deal noun, asked without a question word.
_TERSE_LIST = re.compile(
    r"^\s*(?!(?:what|how|when|where|why|who|whom|whose|is|are|was|were|did|does|do|has|have|had|will|would|can|"
    r"could|should)\b)[^?]*" + _LIST_NOUN.pattern + r"[^?]*\??\s*$",
    re.I,
)
# "Who signed the Arrival contract?": the people who put pen to it, not a list of partners.
_ASKS_DEALS = re.compile(
    r"\b(?:what|which|list|any|all)\s+(?:(?:other|the|of|their)\s+)?(?:deals|partnerships|agreements|tie-?ups|"
    r"ventures|jvs|contracts|investments)\b",
    re.I,
)
_LEGAL_AFTER = re.compile(r"\s+(?:Inc|Corp|Corporation|Ltd|LLC|PLC|Group|Holdings?|AG|SE|SA|NV|GmbH|Co)\b\.?", re.I)
_WHO_SIGNED_IT = re.compile(
    r"^\s*who (?:signed|inked|put (?:pen|their names?) to)\s+(?:the|this|that|their|its)\b", re.I
)
_WHO_WITH = re.compile(
    r"^\s*(?:who|which (?:[\w/-]+ ){0,3}(?:compan\w+|automakers?|carmakers?|firms|makers|"
    r"suppliers|players|brands|start-?ups|networks|operators|businesses))\b.*\b(?:partner\w*|talk\w*|deal\w*|work\w* with|"
    r"acquir\w*|took over|tak\w+ over|"
    r"team\w* up|tied? up|ally|allied|sign\w*|negotiat\w*|discuss\w*|invest\w*|bought|buy\w*|"
    r"joined|join\w* forces|collaborat\w*|cooperat\w*|stakes?|supply|supplies|got (?:\w+ ){0,2}?(?:money|funding|"
    r"backing|investment)|backed|funded)",
    re.I,
)
# "What has Toyota signed up for lately?", "what did Geely agree to this year?": the company's deals.
_WHAT_SIGNED = re.compile(
    r"^\s*what (?:else )?(?:has|have|did|is|are) (?:[\w&.-]+ ){1,3}?(?:signed(?: up)?|agreed|struck|done|"
    r"inked|been (?:up to|doing)|teamed up|partnered|joined|committed to)(?: \w+)?\s*(?:lately|recently|so far|"
    r"this year|last year|in (?:19|20)\d\d)?\s*\??\s*$",
    re.I,
)
_SIGNING_VERB = re.compile(r"\b(?:signed(?: up)?|agreed|struck|inked)\b", re.I)
_YES_NO = re.compile(r"^\s*(?:is|are|was|were|has|have|had|did|does|do|will|would|can|could)\b", re.I)
_STATUS_CUE = re.compile(
    r"\b(?:status|stand(?:s|ing)?|where (?:are|do|does) things|latest on|update on|(?:what|what's|what is|whats) (?:the )?(?:latest|newest|news)\b|any (?:news|updates?)\b|"
    r"what happened (?:to|with)|progress|still|anymore|any more|(?:first|initial|earliest|opening|latest|"
    r"most recent|last|next) (?:step|move|stage|milestone)|(?:get|got|gone|go|move[ds]?|progress\w*) "
    r"(?:past|beyond) (?:the |a |an )?(?:[\w-]+ ){0,3}?(?:stage|step|phase|talks|mou|memorandum|term sheet))\b",
    re.I,
)
_DEAL_NOUN = re.compile(
    r"\b(?:deal|partner\w*|venture|jv|alliance|tie-?up|agreement|mou|memorandum|stake|merger|"
    r"together)\b",
    re.I,
)
_MAIN_YES_NO = re.compile(
    r"(?:^|[,;]\s*)(?:is|was|are|were)\s+(?:that|it|this|the\s+(?:[\w-]+\s+){0,3}?(?:deal|agreement|"
    r"venture|jv|mou|partnership|plan|alliance))\s+(?:a\s+|an\s+)?(?:\w+\s+){0,2}?(?:binding|signed|"
    r"final\w*|done|official|definitive|non-?binding|real|still|complete[d]?|closed|sealed|set up|"
    r"formed|established)\b|"
    r"(?:^|[,;]\s*)(?:had|have|has|did)\s+(?:they|the two|both|the partners|the companies)\s+(?:actually\s+|really\s+|"
    r"already\s+|yet\s+|even\s+|formally\s+)*(?:formed|form|signed|sign|set up|established|establish|closed|close|"
    r"completed|complete|sealed|seal|finali[sz]ed|finali[sz]e)\b",
    re.I,
)
_WHICH_THING = re.compile(
    r"^\s*(?:which|who)\b(?!\s+(?:stage|status|phase|step|point)\b)(?![^?]*\b(?:deals|tie-?ups|"
    r"partnerships|ventures|agreements|alliances|jvs)\b)",
    re.I,
)
_STILL = re.compile(r"\b(?:still|anymore|any more|yet|final|binding|done deal|off|over)\b", re.I)
_TERSE_STATUS = re.compile(
    r"\b(?:binding|signed|sealed|final|official|done(?: deal)?|status|still on|called off|"
    r"cancel\w*|confirmed)\s*(?:yet|now|still|already|or not)?\s*\??\s*$",
    re.I,
)
# "intention or signed contract now?", "binding or just talk?": which of two stages the deal is at.
_PRELIMINARY_STAGE = r"(?:intention|intent|mou|memorandum|letter of intent|talks|talking|preliminary|non-?binding|plan)"
_FINAL_STAGE = r"(?:signed|binding|final|definitive|firm|contract|done deal)"
_STAGE_CHOICE = re.compile(
    rf"\b(?:{_PRELIMINARY_STAGE}\b[^?]{{0,30}}\bor\b[^?]{{0,30}}\b{_FINAL_STAGE}|"
    rf"{_FINAL_STAGE}\b[^?]{{0,30}}\bor\b[^?]{{0,30}}\b{_PRELIMINARY_STAGE})\b",
    re.I,
)
_AGREED = re.compile(
    r"\b(?:agree\w*|sign\w*|announc\w*|strike|struck|deal|plan(?:s|ned|ning)?|set out|start\w*)\b", re.I
)
_LATEST = re.compile(
    r"\b(?:still|now|current(?:ly)?|latest|today|anymore|any more|at the moment|these days|so far|"
    r"most recent(?:ly)?|in the end|eventually|finally|ultimately|end(?:ed)? up|yet|already|by now)\b",
    re.I,
)
_EARLIEST = re.compile(
    r"\b(?:first|originally|original|initial(?:ly)?|start(?:ed)? (?:out|off)|to begin with|"
    r"in the beginning|at the (?:start|outset)|(?<!\bto )(?<!\bwill )(?:began|begin)|"
    r"how did (?:[\w'’-]+ ){1,6}?(?:start|begin|come about|get started))\b",
    re.I,
)
_AT = re.compile(
    r"\b(?:in|as of|by|during|(?:at|by) (?:the )?end of|back in|around|on)\s+(?:the\s+)?"
    r"(?:(?P<part>early|mid|late|spring|summer|autumn|fall|winter)(?:[- ]|\s+of\s+))?"
    r"(?P<when>(?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?\s+(?:\d{1,2},?\s+)?(?:19|20)\d\d|"
    r"(?:19|20)\d\d)\b",
    re.I,
)
# "the may 2023 mou", "the 2021 deal": a step named by its date.
_DATED_DEAL = re.compile(
    r"\bthe\s+(?P<when>(?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?\s+(?:19|20)\d\d|(?:19|20)\d\d)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:mou|memorandum|deal|agreement|pact|offer|proposal|contract|jv|joint venture|venture|investment|stake)\b",
    re.I,
)
# The last month a part of a year reaches: "as of spring 2023" is the state in May 2023.
_PART_OF_YEAR = {"early": 4, "spring": 5, "mid": 7, "summer": 8, "autumn": 11, "fall": 11, "late": 12, "winter": 2}
_VENTURE = re.compile(r"\b(?:joint[- ]venture|venture|JV|jointly owned|equally owned)\b", re.I)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_CAPITALISED = re.compile(r"(?<![\w'<@])(?:[A-Z][\w&-]*[a-z0-9][\w&-]*|[A-Z]{2,}[0-9]*)(?![\w'])")
_NOT_A_NAME = frozenset(
    tokens(
        "ev evs jv jvs ceo mou gwh usd eur bev bevs phev ai suv suvs lfp nmc ipo us uk eu "
        "january february march april may june july august september october november december "
        "jan feb mar apr jun jul aug sep sept oct nov dec "
        "monday tuesday wednesday thursday friday saturday sunday"
    )
)
_PARTY_BEFORE = re.compile(r"(?:\bwith|\band|&|\bbetween|['’]s)\s+$", re.I)
_ACRONYM = re.compile(r"\b[A-Z]{2,5}\b")
_PERSON_BEFORE = re.compile(r"(?:^|\s)(?P<given>[A-Z][a-z]+)\s+(?:[A-Z]\.\s+)*$")
_PERSON_AFTER = re.compile(r"^,?\s+(?:Jr|Sr|III|II)\b")


@dataclass(frozen=True)
class TimePick:
    """Which of a deal's events a status question is about: the latest, the earliest, or the one at a time."""

    which: str = "latest"  # latest, earliest, at
    at: str = ""  # an ISO prefix ("2024-12", "2024") when ``which`` is "at"
    said: str = ""  # the words that asked, for the answer
    month: int = 0  # a month named without its year ("the June deal"): the step of that month


@dataclass
class Question:
    text: str
    tokens: list[str]
    companies: list[str] = field(default_factory=list)  # named and present in the store
    missing: list[str] = field(default_factory=list)  # named, known companies the store has nothing on
    unknown: list[str] = field(default_factory=list)  # names no stored article uses ("Ultium Cells")
    names: list[str] = field(default_factory=list)  # other names it uses, which an answer must be about
    intent: str = "fact"  # fact, list, status, summary
    wants: list[Wanted] = field(default_factory=list)
    when: TimePick = field(default_factory=TimePick)
    kind: str | None = None  # the specific kind of deal named ("JV", "stake")
    filters: DealFilters = field(default_factory=DealFilters)
    company_tokens: set[str] = field(default_factory=set)  # every name the companies go by
    followup: bool = False  # the companies come from the conversation, not from this message
    respelled: dict[str, str] = field(default_factory=dict)  # a typed word no article uses -> the stored one
    venture: str = ""  # a venture named in the question and read as its parents ("Sony Honda Mobility")

    @property
    def topic_tokens(self) -> list[str]:
        """What the question asks about besides the companies, the kind wanted and generic deal words."""
        rest = question_tokens(without_cues(self.text, self.wants))
        return [
            t
            for t in dict.fromkeys(self.respelled.get(t, t) for t in rest)
            if t not in self.company_tokens and t not in DEAL_WORDS and t not in CHAT_WORDS
        ]


def _named_companies(text: str, kb: KnowledgeBase) -> tuple[list[str], list[str], list[tuple[int, int]]]:
    present: list[str] = []
    missing: list[str] = []
    spans: list[tuple[int, int]] = []
    mentions = kb.names_in(text)
    for mention in mentions:
        before, after = text[: mention.start], text[mention.end :]
        given = _PERSON_BEFORE.search(before)
        spans.append((mention.start, mention.end))
        if (
            given
            and given["given"].lower() not in STOPWORDS | QUESTION_WORDS
            and not kb.gazetteer.canonical(given["given"])
            or _PERSON_AFTER.match(after)
        ):
            continue  # part of a person's name, as in "William C. Ford Jr."
        company = kb.company(mention.name)
        if company is not None and not company.is_party:
            continue
        others = [  # "Daimler and Volvo": each typed name stands for any stored company it can mean
            n
            for m in mentions
            if m is not mention
            for n in dict.fromkeys([m.name, *kb.stored_names_for(text[m.start : m.end])])
        ]
        name = _partner_of_the_others(text[mention.start : mention.end], mention.name, kb, others, text)
        if not kb.in_store(name):  # "jsw mg motor india": a venture no article names, typed as the stored names
            first, _, rest = text[mention.start : mention.end].partition(" ")
            inside = [m.name for part in (first, rest) if part for m in kb.names_in(part)]  # "jsw", "mg motor india"
            named_inside = [n for n in dict.fromkeys(inside) if n != name and kb.in_store(n)]
            if named_inside:
                present += [n for n in named_inside if n not in present]
                continue
        target = present if kb.in_store(name) else missing
        if name not in target:
            target.append(name)
    return present, missing, spans


def _partner_of_the_others(typed: str, name: str, kb: KnowledgeBase, others: list[str], question: str) -> str:
    """'stellantis-lg': of the stored companies "LG" can mean (LG Electronics, LG Energy Solution), the one
    that has a deal with the other company named; named alone, the one with the most deals."""
    candidates = kb.stored_names_for(typed)
    if len(candidates) < 2:
        return name
    if not others:  # "lg deals?": the one with deals, the most of them
        counts = {c: len(kb.deals_with(c)) for c in candidates}
        best = max(candidates, key=lambda c: (counts[c], c == name))
        return best if counts[best] else name
    deals = {c: [d for other in others if other != c for d in kb.deals_with(c, other)] for c in candidates}
    asked = set(tokens(question)) - set(tokens(typed))

    def told(c: str) -> int:  # "GM's Lansing plant stake sale to LG": the LG whose deal with GM says so
        return len(asked & {t for d in deals[c] for ev in d.evidence for t in tokens(ev.text)})

    best = max(candidates, key=lambda c: (bool(deals[c]), told(c), len(deals[c]), len(kb.articles_naming(c))))
    return best if deals[best] else name


def _names_beyond_companies(text: str, kb: KnowledgeBase, taken: list[tuple[int, int]]) -> tuple[list[str], list[str]]:
    """Capitalised names in the question besides its companies: those no stored article contains (a company
    or product the store has never heard of), and those it does (a place or plant an answer must be about,
    "Kaiserslautern"). Runs of them are one name ("Ultium Cells")."""
    runs: list[list[str]] = []
    spans_of: list[tuple[int, int]] = []
    last_end = -2
    asking = [(a.start(), a.end()) for kind in WANTED for a in kind.asks.finditer(text)]  # "where's HQ?"
    for m in _CAPITALISED.finditer(text):
        word = m.group()
        if m.start() == 0 and not word.isupper() or any(s <= m.start() < e for s, e in taken + asking):
            last_end = -2
            continue
        words = tokens(word)
        if (
            not words
            or word.lower() in STOPWORDS | QUESTION_WORDS
            or set(words) & _NOT_A_NAME
            or word.lower() in REGIONS
            or find_dates(word)
        ):
            last_end = -2
            continue
        if runs and m.start() - last_end <= 1:
            runs[-1].append(word)
            spans_of[-1] = (spans_of[-1][0], m.end())
        else:
            runs.append([word])
            spans_of.append((m.start(), m.end()))
        last_end = m.end()
    unknown, known = [], []
    for run, (start, end) in zip(runs, spans_of):
        # "SiC" is no unknown company when the articles say "silicon carbide"
        if all(not kb.index.docs_with(r).size for w in run for t in tokens(w) for r in {t} | related(t)):
            acronym = len(run) == 1 and run[0].isupper() and len(run[0]) <= 5  # "the NYSE": an exchange, an agency
            party = bool(_PARTY_BEFORE.search(text[:start]))  # "Nio's deal with Saudi Arabia's PIF": a party
            if not any(is_place_word(w) for w in run) and not (acronym and taken and not party):
                unknown.append(" ".join(run))
        elif not any(abs(start - e) <= 1 or abs(s - end) <= 1 for s, e in taken):
            known.append(" ".join(run))  # not part of a person named after a company ("Bill Ford Jr.")
    return unknown, known


def _same_name(
    text: str, spans: list[tuple[int, int]], companies: list[str], kb: KnowledgeBase
) -> dict[str, tuple[str, ...]]:
    """For a list: the other stored companies with deals that each typed name can mean ("Volvo")."""
    out: dict[str, tuple[str, ...]] = {}
    for start, end in spans:
        candidates = kb.stored_names_for(text[start:end])
        chosen = [c for c in companies if c in candidates]
        if chosen:
            out[chosen[0]] = tuple(c for c in candidates if c != chosen[0] and kb.deals_with(c))
    return {c: others for c, others in out.items() if others}


def _time_pick(text: str) -> TimePick:
    pick = _time_of(text)
    month = _MONTH_ONLY.search(text)
    if month and pick.which != "at":
        said = (month["month"] or month["may"]).lower()
        pick = replace(pick, month=next(i for i, name in enumerate(_MONTHS, 1) if said.startswith(name)))
    return pick


# "in the June deal", "after the december deal", "back in March": a month without a year ("May" only as a
# month: "in May", "the May deal", not "may have").
_MONTH_ONLY = re.compile(
    r"(?:\b(?P<month>january|february|march|april|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\b|\b(?:in|the|of|late|early|mid|since|until|last)\s+"
    r"(?P<may>may)\b)(?!\.?\s+(?:\d{1,2},?\s+)?(?:19|20)\d\d)",
    re.I,
)


# "still on track to start shipping in 2022?": the year the work was planned for, not a time the deal is asked at.
_PLANNED_FOR = re.compile(
    r"\b(?:on track|on schedule|scheduled|planned|expected|due|aim\w*|target\w*|to (?:start|begin|open|launch|"
    r"ship|deliver|produce|build|make|supply|complete|finish))\b[^,;?]*$",
    re.I,
)


def _time_of(text: str) -> TimePick:
    at = _AT.search(text) or _DATED_DEAL.search(text)
    if at and _PLANNED_FOR.search(text[: at.start()]):
        at = None
    if at:
        year = at["when"][-4:]
        month = next(
            (i for i, name in enumerate(_MONTHS, 1) if at["when"].lower().startswith(name)), None
        ) or _PART_OF_YEAR.get((at.groupdict().get("part") or "").lower())
        said = at.group(0).strip() if at.re is _AT else f"in {at['when']}"
        return TimePick("at", f"{year}-{month:02d}" if month else year, said)
    asked = re.split(r"\s[-–—]\s|[;:]\s|,\s(?=(?:is|was|are|were|has|have|did|does|do)\b)", text)[-1]
    late = _LATEST.search(asked)
    if late and asked != text:  # "GM originally planned a second tranche - is that still happening?"
        return TimePick("latest", "", late.group(0))
    early = _EARLIEST.search(text)
    if early:
        return TimePick("earliest", "", early.group(0))
    late = _LATEST.search(text)
    return TimePick("latest", "", late.group(0) if late else "")


def _respelled(question: Question, kb: KnowledgeBase) -> dict[str, str]:
    """'who is replacng LG': each word no stored sentence uses, besides names, read as the stored word
    spelled most like it."""
    names = question.company_tokens | set(tokens(" ".join(question.unknown + question.names)))
    out = {}
    for token in dict.fromkeys(question.tokens):
        if len(token) >= 4 and token.isalpha() and token not in names and not kb.index.df(token) and not related(token):
            stored = kb.index.spelled_like(token)
            if stored:
                out[token] = stored
    return out


def _about_status(text: str) -> bool:
    return any(p.search(text) for p in (ASKS_SIGNED, ASKS_ENDED, ASKS_TALKS, _DEAL_NOUN))


def _venture_to_parents(question: Question, kb: KnowledgeBase) -> None:
    """'Is the BlueOval SK joint venture still going?': a venture is no party to deals, but the deal whose
    sentences name it is its parents'; the question is about them."""
    # "the BlueOval SK breakup" is its parents' story; "who is BlueOval SK's CEO?" is not their chiefs'.
    person = any(w.name == "person" for w in question.wants)
    unknown_venture = [] if question.companies or person else question.names[:1]
    together = bool(kb.deals_with(*question.companies)) if len(question.companies) >= 3 else True
    for name in list(question.companies) + unknown_venture:
        if name in question.companies and kb.deals_with(name) and (len(question.companies) < 3 or together):
            continue  # "are Volvo and Northvolt still partners in NOVO Energy?": no deal has all three
        others = [c for c in question.companies if c != name]
        company = kb.company(name)
        called = [n.lower() for n in (name, *(company.aliases if company else ()))]
        keys = kb.deals_about([fold(name)])  # "Plugwise LLC": the name, not its "LLC"
        naming = [
            d
            for d in kb.deals_keyed(keys)
            if (
                any(any(n in ev.text.lower() for n in called) and _VENTURE.search(ev.text) for ev in d.evidence)
                or any(v.lower() in called for v in d.ventures)
            )
            and all(kb.family(c) & set(d.parties) for c in others)
        ]  # "Ford's BlueOval SK" is Ford's venture
        if naming:
            parents = [p for p in naming[0].parties if not any(p in kb.family(c) for c in others)]
            question.companies = others + parents
            question.venture = name
            return


def _units_to_owners(question: Question, kb: KnowledgeBase) -> None:
    """'the Hino-Fuso merger': two companies' units with no deal of their own are merged by their owners'
    deal."""
    if len(question.companies) < 2 or kb.deals_with(*question.companies):
        return
    owners = [
        (c.parent if (c := kb.company(name)) and c.parent and kb.in_store(c.parent) else name)
        for name in question.companies
    ]
    if owners != question.companies and len(set(owners)) == len(owners) and kb.deals_with(*owners):
        question.companies = owners


def _to_the_deal_of_most(question: Question, kb: KnowledgeBase) -> None:
    """'Are Bexford and Tamlin still funding Rokk?': no deal has all three, but Tamlin's stake in Rokk has two of
    them; the question is about the newest deal naming the most of the companies, the others are its topic."""
    if len(question.companies) < 3 or kb.deals_with(*question.companies):
        return
    asked = set(question.companies)
    theirs = {d.key: d for c in question.companies for d in kb.deals_with(c)}.values()  # by party, not a scan

    lowered = question.text.lower()
    counterparts = {  # "selling AESC to GSR Capital": the one it is sold to is a party; AESC is what is sold
        c for c in asked if re.search(rf"\b(?:to|with|from)\s+(?:the\s+)?{re.escape(c.split()[0].lower())}\b", lowered)
    }
    best = max(
        (d for d in theirs if len(asked & set(d.parties)) >= 2),
        key=lambda d: (len(asked & set(d.parties)), len(counterparts & set(d.parties)), d.as_of or ""),
        default=None,
    )
    if best is not None:
        question.companies = [c for c in question.companies if c in best.parties]


def _partner_cut_short(question: Question, text: str, kb: KnowledgeBase) -> None:
    """'tess hanwell jv split?': a word no article uses that begins the name of the one company's partner is
    that partner, cut short."""
    unused = [t for t in tokens(text) if len(t) >= 2 and t not in STOPWORDS and not kb.index.docs_with(t).size]
    if not unused:
        return
    partners = {p for d in kb.deals_with(question.companies[0]) for p in d.parties} - set(question.companies)
    for partner in sorted(partners):
        if any(_cuts_short(t, partner) for t in unused):
            question.companies.append(partner)
            return


def _cuts_short(token: str, name: str) -> bool:
    """'st' of STMicroelectronics, 'tess' of Tessaro: a word that begins a name's first word, and is not it."""
    head = tokens(name.split()[0])
    return bool(head) and head[0] != token and head[0].startswith(token)


def _asks_status(text: str, question: Question) -> bool:
    """How far a deal got: "status?", "binding yet?", "is it signed?", "is GM still taking a stake?", and
    "what did they first agree?" (the earliest step of the timeline)."""
    wants = {w.name for w in question.wants}
    if _WHICH_THING.search(text):
        return False  # "which authorities still have to sign off?" asks for them, not for the deal's status
    if _MAIN_YES_NO.search(text):  # "When they first signed in May 2021, was that a binding deal?"
        return True
    if wants - {"share", "amount"}:
        return False
    if wants:  # "is GM still taking a stake?" asks whether, not how much
        return bool(_YES_NO.search(text) and _STILL.search(text))
    if (
        _STATUS_CUE.search(text)
        or _TERSE_STATUS.search(text)
        or ASKS_ONLY_PRELIMINARY.search(text)
        or _STAGE_CHOICE.search(text)
        or _YES_NO.search(text)
        and _about_status(text)
    ):
        return True
    if _YES_NO.search(text) and _LATEST.search(text) and not question.topic_tokens:  # "is Toyota in IONNA now?"
        return True
    return question.when.which in {"earliest", "at"} and bool(_AGREED.search(text))


def analyse(text: str, kb: KnowledgeBase, context: list[str] | None = None) -> Question:
    """Read ``text``; ``context`` holds the companies of the conversation's previous answer, for a follow-up
    that names none ("and when was it signed?")."""
    present, missing, spans = _named_companies(text, kb)
    unknown, named = _names_beyond_companies(text, kb, spans)
    question = Question(
        text=text, tokens=question_tokens(text), companies=present, missing=missing, unknown=unknown, names=named
    )
    listing = (
        bool(_LIST_NOUN.search(text) and _LIST_CUE.search(text))
        or bool(_TERSE_LIST.match(text))
        or bool(
            _WHO_WITH.search(text)
            and not TAKES_THE_PLACE.search(text)
            and not _WHO_SIGNED_IT.match(text)
            and not {w.name for w in wanted_in(text)} - {"companies", "person"}  # "who bought it, and for how much?"
        )
        or bool(_WHAT_SIGNED.search(text))
    )
    if not present and not missing and not question.unknown and context and not listing:
        question.companies, question.followup = list(context), True
    question.wants = wanted_in(text)
    if not listing:
        _venture_to_parents(question, kb)
        _to_the_deal_of_most(question, kb)
        _units_to_owners(question, kb)
    dropped = set(present) - set(question.companies)  # a venture read as its parents: its name is the topic
    kin = {k for c in question.companies for k in kb.family(c)}  # "VW's Cariad": VW names Cariad's owner
    for start, end in spans:  # as typed, misspellings included ("hyundia")
        if not {m.name for m in kb.names_in(text[start:end])} & (dropped - kin):
            legal = _LEGAL_AFTER.match(text, end)  # "QZX Holdings", stored as "QZX": its suffix is no topic
            question.company_tokens.update(tokens(text[start : legal.end() if legal else end]))
    for name in question.companies + missing:
        company = kb.company(name)
        for alias in (name, *(company.aliases if company else ())):
            question.company_tokens.update(tokens(alias))
    if len(question.companies) == 1 and not listing:
        _partner_cut_short(question, text, kb)
    question.company_tokens.update(  # "ST" of STMicroelectronics, "Merc" of Mercedes-Benz: a name cut short
        t
        for t in tokens(text)
        if len(t) >= 2 and t not in STOPWORDS and any(_cuts_short(t, name) for name in question.companies)
    )
    if question.companies:  # "what does LAC get?": an acronym no article uses is a ticker of the companies asked
        for acronym in _ACRONYM.findall(text):
            if not any(kb.index.docs_with(t).size for t in tokens(acronym)):
                question.company_tokens.update(tokens(acronym))
    question.respelled = _respelled(question, kb)
    question.tokens = [question.respelled.get(t, t) for t in question.tokens]
    question.when = _time_pick(text)
    question.kind = kind_named(text)
    how_many = len(question.companies) + len(missing)
    if listing and how_many < 2:
        question.intent = "list"
        framed = _WHAT_SIGNED.search(text)  # "what has Toyota signed up for?" asks for its deals, signed or not
        question.filters = read_filters(_SIGNING_VERB.sub(" ", text) if framed else text, question.companies)
        question.filters.same_name = _same_name(text, spans, question.companies, kb)
    elif how_many and _asks_status(WHEN_CLAUSE.sub("", text), question):
        question.intent = "status"
    elif listing and not question.wants and _ASKS_DEALS.search(text):  # "what deals has Koito done with Cepton?"
        question.intent = "summary"
    elif how_many and not question.wants and not question.topic_tokens:
        question.intent = "summary"
    return question
