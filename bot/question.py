"""Reading a chat question: which companies it names, what it asks for, how it filters.

Chat is terse ("alibaba ford?", "xiaomi ford status?"), so the companies
carry most of the meaning; the rest decides the shape of the answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from knowledge.knowledge_base import KnowledgeBase
from knowledge.text import QUESTION_WORDS, STOPWORDS, question_tokens, tokens

# Tokens (stemmed) that only say "a deal" without saying what about it.
DEAL_WORDS = frozenset(tokens("deal partner agree agreed together sign signed work team cooperate tie-up "
                              "collaboration relationship ties link involve involving between status update news "
                              "latest happening going"))

_LIST_DEALS = re.compile(r"\b(?:deals|partnerships|agreements|tie-ups|alliances|joint ventures)\b", re.I)
_LIST_CUE = re.compile(r"\b(?:list|show|which|what|all|any|known?|tell|give|how many|summar\w*)\b", re.I)
_WHO_PARTNERS = re.compile(r"\b(?:who|which compan\w+|what compan\w+|whom)\b.*\b(?:partner\w*|talk\w*|deal\w*|"
                           r"work\w* with|team\w* up|ally|allied|sign\w*|negotiat\w*|discuss\w*)", re.I)
_STATUS = re.compile(r"\b(?:status|done deal|official|finali[sz]ed|confirmed|sealed|still in talks|closed|"
                     r"completed|is it signed|been signed|signed yet|happening|real|definite|where do|stand)\b"
                     r"|^\s*(?:is|are|has|have|did)\b.*\b(?:signed|agreed|deal|partner\w*|talks)\b", re.I)
_WHEN = re.compile(r"^\s*(?:when|what date|on what day|which day)\b", re.I)
_DEAL_EVENT = re.compile(r"\b(?:sign\w*|announc\w*|agree\w*|form\w*|struck|strike|inked|seal\w*|deal|agreement|"
                         r"partnership|joint venture)\b", re.I)
_WANTS = [
    ("stake", re.compile(r"\b(?:owned|ownership|stakes?|split|shares?|holds?|own|percent|%)\b", re.I)),
    ("money", re.compile(r"\bhow much\b|\bworth\b|\bvalue[ds]?\b|\bcost\b|\bprice\b|\bamount\b|\binvest\w*\b", re.I)),
    ("count", re.compile(r"\bhow many\b|\bnumber of\b|\bcapacity\b", re.I)),
    ("date", re.compile(r"\b(?:when|what date|what year|which year|by when)\b", re.I)),
    ("reason", re.compile(r"^\s*why\b|\bwhat (?:was|is) the reason\b|\bhow come\b", re.I)),
    ("person", re.compile(r"^\s*who\b(?!.*\b(?:partner|talk|deal)\w*)", re.I)),
    ("place", re.compile(r"\bwhere\b", re.I)),
    ("companies", re.compile(r"\b(?:which|what) (?:other )?(?:compan\w+|automakers?|carmakers?|firms|brands|"
                             r"players|rivals|competitors|makers)\b", re.I)),
]
_COUNTRIES = {"chinese": "CN", "china": "CN", "american": "US", "u.s.": "US", "japanese": "JP",
              "german": "DE", "korean": "KR", "french": "FR", "indian": "IN", "swedish": "SE", "british": "GB",
              "european": "EU", "vietnamese": "VN", "taiwanese": "TW", "italian": "IT"}
_EU = {"DE", "FR", "IT", "SE", "NL", "ES", "BE", "AT", "CZ", "PL", "FI", "DK", "IE", "PT", "EU"}
_SECTORS = {"tech": "tech", "technology": "tech", "battery": "battery", "batteries": "battery",
            "automaker": "automaker", "automakers": "automaker", "carmaker": "automaker", "carmakers": "automaker",
            "chip": "semiconductor", "chipmaker": "semiconductor", "semiconductor": "semiconductor",
            "supplier": "supplier", "suppliers": "supplier", "charging": "charging"}
# "Who runs X?": the article says "chief executive", so the verb becomes a group of role words.
_ROLE = re.compile(r"\bwho (?:runs|leads|heads|manages|founded|is in charge of|is the (?:boss|head|leader) of)\b|"
                   r"\b(?:boss|leader)\b", re.I)
ROLE_WORDS = tuple(dict.fromkeys(tokens("ceo chief executive head founder president chairman")))
_STATUS_WORDS = [
    ("ended", re.compile(r"\b(?:called off|cancel\w*|terminat\w*|scrapped|ended|collapsed|abandoned|fell through)\b", re.I)),
    ("preliminary", re.compile(r"\b(?:preliminary|non-?binding|memorand\w*|mous?)\b", re.I)),
    ("talks", re.compile(r"\b(?:in talks|talks|negotiat\w*|rumou?red|under discussion|being discussed)\b", re.I)),
    ("signed", re.compile(r"\b(?:signed|sealed|finali[sz]ed|completed|closed)\b", re.I)),
]
_PERSON_BEFORE = re.compile(r"(?:^|\s)(?P<given>[A-Z][a-z]+)\s+(?:[A-Z]\.\s+)*$")
_PERSON_AFTER = re.compile(r"^,?\s+(?:Jr|Sr|III|II)\b")


@dataclass
class Question:
    text: str
    tokens: list[str]
    companies: list[str] = field(default_factory=list)  # named and present in the store
    missing: list[str] = field(default_factory=list)  # named, known companies the store has nothing on
    intent: str = "fact"  # fact, list_deals, who_partners, status, date, summary
    wants: str | None = None
    country: str | None = None
    sector: str | None = None
    groups: list[tuple[str, ...]] = field(default_factory=list)  # any one word of a group will do
    status: str | None = None  # "which deals were called off?" narrows a list to one status
    company_tokens: set[str] = field(default_factory=set)  # every name the companies go by

    @property
    def topic_tokens(self) -> list[str]:
        """What the question asks about besides the companies and generic deal words."""
        return [t for t in self.tokens if t not in self.company_tokens and t not in DEAL_WORDS] + \
            [t for group in self.groups for t in group]


def _named_companies(text: str, kb: KnowledgeBase) -> tuple[list[str], list[str]]:
    present, missing = [], []
    for mention in kb.names_in(text):
        before, after = text[:mention.start], text[mention.end:]
        given = _PERSON_BEFORE.search(before)
        if given and given["given"].lower() not in STOPWORDS | QUESTION_WORDS \
                and not kb.gazetteer.canonical(given["given"]) or _PERSON_AFTER.match(after):
            continue  # part of a person's name, as in "William C. Ford Jr."
        company = kb.company(mention.name)
        if company is not None and not company.is_party:
            continue
        target = present if kb.in_store(mention.name) else missing
        if mention.name not in target:
            target.append(mention.name)
    return present, missing


def analyse(text: str, kb: KnowledgeBase) -> Question:
    present, missing = _named_companies(text, kb)
    question = Question(text=text, tokens=question_tokens(text), companies=present, missing=missing)
    for name in present + missing:
        company = kb.company(name)
        for alias in (name, *(company.aliases if company else ())):
            question.company_tokens.update(tokens(alias))
    if _ROLE.search(text):
        verbs = set(question_tokens(_ROLE.search(text).group(0)))
        question.tokens = [t for t in question.tokens if t not in verbs]
        question.groups.append(ROLE_WORDS)
    lowered = text.lower()
    for word, code in _COUNTRIES.items():
        if re.search(rf"\b{re.escape(word)}\b", lowered):
            question.country = code
            break
    for word, sector in _SECTORS.items():
        if re.search(rf"\b{word}\b", lowered):
            question.sector = sector
            break
    for wants, pattern in _WANTS:
        if pattern.search(text):
            question.wants = wants
            break
    named = len(present) + len(missing)
    if _LIST_DEALS.search(text) and _LIST_CUE.search(text) and named < 2:
        question.intent = "list_deals"
        question.status = next((status for status, pattern in _STATUS_WORDS if pattern.search(text)), None)
    elif named == 1 and _WHO_PARTNERS.search(text):
        question.intent = "who_partners"
    elif named and _WHEN.search(text) and _DEAL_EVENT.search(text):
        question.intent = "date"
    elif named and _STATUS.search(text):
        question.intent = "status"
    elif named and not question.topic_tokens:
        question.intent = "summary"
    return question


def matches_filter(company: dict | None, country: str | None, sector: str | None) -> bool:
    """Whether a stored company fits 'Chinese', 'tech', 'European battery' and the like."""
    if company is None:
        return False
    if country and not (company.get("country") == country or country == "EU" and company.get("country") in _EU):
        return False
    return not sector or company.get("sector") == sector


_LIST_FILLER = frozenset(tokens("company companies firm firms involve involving list show known deals deal types kind "
                                "kinds all every other called off cancelled terminated scrapped ended collapsed "
                                "abandoned preliminary nonbinding memorandum talks negotiations rumoured signed "
                                "sealed finalised finalized completed closed been have has"))


def list_topic(question: Question) -> list[str]:
    """What a list question narrows the deals to ("battery", "charging"), besides companies and filters."""
    filters = set(tokens(" ".join(w for w in list(_COUNTRIES) + list(_SECTORS)
                                  if re.search(rf"\b{re.escape(w)}\b", question.text.lower()))))
    return [t for t in question.topic_tokens if t not in filters and t not in _LIST_FILLER]
