"""Sentences and search tokens: the shared vocabulary of ingestion and retrieval.

Articles and questions go through the same ``tokens()`` so that chat phrasing
("tie-up", "carmakers", "Chinese EV market") meets news phrasing
("partnership", "automakers", "electric vehicles in China").
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

import Stemmer

from knowledge.controls import strip_controls

_STEMMER = Stemmer.Stemmer("english")

# Words whose dot does not end a sentence.
_ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "sr",
    "jr",
    "st",
    "mt",
    "inc",
    "corp",
    "co",
    "ltd",
    "llc",
    "plc",
    "no",
    "vs",
    "etc",
    "e.g",
    "i.e",
    "u.s",
    "u.k",
    "u.n",
    "e.u",
    "approx",
    "est",
    "dept",
    "gov",
    "gen",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "fig",
}

# A sentence ends at . ! ? before a space and a capital, or at Chinese and Japanese full stops, exclamation and
# question marks (。！？, or ! ? after a CJK character), which need no space after them.
CJK_CHARS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"  # kana, hanzi/kanji, hangul
_SENTENCE_END = re.compile(
    r"""(?<=[.!?])["'\u201d\u2019)]*\s+(?=["'\u201c\u2018(]?[A-Z0-9$\u20ac\u00a3])"""
    rf"""|(?:(?<=[\u3002\uff01\uff1f])|(?<=[{CJK_CHARS}][!?]))["'\u201d\u2019)\u300d\u300f\uff09]*\s*(?=\S)"""
)

# Which tokenising a saved search index was built with: raised whenever ``tokens`` changes, so that an old
# index is rebuilt rather than searched with other words than its sentences were.
TOKENS_VERSION = 3

# Multi-word phrases folded into one search token before tokenising.
_PHRASES = [
    (re.compile(r"\b(?:battery[- ]electric|bev|bevs|evs)(?! (?:trucks?|suvs?|bus(?:es)?|vans?)\b)", re.I), " ev "),
    (re.compile(r"\b(?:battery[- ]electric|bev) (truck|suv|bus|van)(?:s|es)?\b", re.I), r" ev \1 "),
    (re.compile(r"\belectric[- ](?:vehicle|car|automobile)s?\b", re.I), " ev "),
    (re.compile(r"\belectric[- ](truck|suv|bus|van)(?:s|es)?\b", re.I), r" ev \1 "),  # "electric trucks": trucks
    (re.compile(r"\b(?:car|auto|vehicle)[- ]?makers?\b", re.I), " automaker "),
    (re.compile(r"\bchief executive(?: officer)?\b", re.I), " ceo "),
    (re.compile(r"\bgigawatt[- ]hours?\b", re.I), " gwh "),
    (re.compile(r"\bmegawatt[- ]hours?\b", re.I), " mwh "),
    (re.compile(r"\bjoint[- ]ventures?\b", re.I), " jointventure "),
    (re.compile(r"\binitial public offerings?\b", re.I), " ipo "),
    (re.compile(r"\bteam(?:s|ed|ing)? up\b", re.I), " partner "),
    (re.compile(r"\btie[- ]?ups?\b", re.I), " partner "),
    (re.compile(r"\bu\.s\.(?:a\.)?", re.I), " usa "),
    (re.compile(r"\bunited states\b", re.I), " usa "),
]
# Any of them: most texts hold none, and one search for all is cheaper than a substitution each (a text none of
# them matches is left as it was by every one, so it needs none of them).
_ANY_PHRASE = re.compile("|".join(f"(?:{pattern.pattern})" for pattern, _ in _PHRASES), re.I)

# Single words mapped onto one canonical word (then stemmed).
_SYNONYMS = {
    "carmaker": "automaker",
    "carmakers": "automaker",
    "automakers": "automaker",
    "automaker": "automaker",
    "manufacturer": "automaker",
    "manufacturers": "automaker",
    "oem": "automaker",
    "oems": "automaker",
    "deal": "deal",
    "deals": "deal",
    "agreement": "deal",
    "agreements": "deal",
    "pact": "deal",
    "accord": "deal",
    "mou": "deal",
    "contract": "deal",
    "partnership": "partner",
    "partnerships": "partner",
    "partnering": "partner",
    "partnered": "partner",
    "partners": "partner",
    "alliance": "partner",
    "collaboration": "partner",
    "collaborate": "partner",
    "collaborating": "partner",
    "cooperation": "partner",
    "cooperate": "partner",
    "cooperating": "partner",
    "discussions": "talk",
    "discussion": "talk",
    "discuss": "talk",
    "discussing": "talk",
    "negotiations": "talk",
    "negotiation": "talk",
    "negotiating": "talk",
    "negotiate": "talk",
    "talks": "talk",
    "talking": "talk",
    "acquisition": "acquire",
    "acquires": "acquire",
    "acquired": "acquire",
    "acquiring": "acquire",
    "takeover": "acquire",
    "buyout": "acquire",
    "investment": "invest",
    "investments": "invest",
    "investing": "invest",
    "invested": "invest",
    "invests": "invest",
    "bn": "billion",
    "mn": "million",
    "worth": "value",
    "valued": "value",
    "valuation": "value",
    "chinese": "china",
    "american": "usa",
    "america": "usa",
    "german": "germany",
    "japanese": "japan",
    "korean": "korea",
    "european": "europe",
    "indian": "india",
    "french": "france",
    "swedish": "sweden",
    "british": "uk",
    "britain": "uk",
    "vietnamese": "vietnam",
    "italian": "italy",
    "taiwanese": "taiwan",
    "turkish": "turkey",
    "spanish": "spain",
    "indonesian": "indonesia",
    "mexican": "mexico",
    "brazilian": "brazil",
    "canadian": "canada",
    "hungarian": "hungary",
    "polish": "poland",
    "thai": "thailand",
    "dutch": "netherlands",
    "factory": "plant",
    "factories": "plant",
    "plants": "plant",
    "facility": "plant",
    "facilities": "plant",
    "cars": "car",
    "vehicles": "vehicle",
    "autos": "car",
    "automotive": "car",
    # Irregular past forms the stemmer leaves alone.
    "met": "meet",
    "sold": "sell",
    "bought": "buy",
    "built": "build",
    "took": "take",
    "paid": "pay",
    "began": "begin",
    "led": "lead",
    "held": "hold",
    "struck": "strike",
    "made": "make",
    "won": "win",
    "chose": "choose",
    "brought": "bring",
    "sought": "seek",
    "spent": "spend",
    "grew": "grow",
    "fell": "fall",
    "rose": "rise",
    "ran": "run",
    "went": "go",
    "gave": "give",
    "told": "tell",
    "left": "leave",
    "kept": "keep",
    "became": "become",
    "broke": "break",
    "broken": "break",
    "chosen": "choose",
    "taken": "take",
    "owned": "own",
    "owns": "own",
    "ownership": "own",
}

# Words that news uses for what a question asks in other words ("buy a Ford on a site" is answered by "sold
# through Tmall, its e-commerce platform"). Not folded into one token, because they do not mean the same:
# a question word is only also matched by its relatives, at a lower weight.
_RELATED_GROUPS = [
    "buy sell purchase acquire shop",
    "site website platform marketplace store online e-commerce app",
    "build construct make produce manufacture assemble buildout build-out",
    "develop design engineer create co-develop",
    "spend invest cost fund finance pay commit",
    "compensation damages penalty fine settlement payout compensate",
    "job jobs employ employees worker workers staff hire hiring people",
    "end terminate cancel scrap abandon drop halt dissolve quit",
    "start begin launch open commence kick production operate operation",
    "approve approval clear clearance authorize authorise permit green-light sign-off",
    "complete completion finish close wrap conclude finalize",
    "plan intend aim expect target hope",
    "stake share equity holding piece slice portion chunk stock",
    "price priced pricing",
    "revenue sales turnover",
    "lose reduce lower shrink",
    "final last closing",
    "tranche instalment installment payment",
    "raise fundraising injection proceeds round",
    "passenger rider customer",
    "sell dump offload unload divest",
    "writedown write-down writeoff write-off impairment impaired",
    "venture company firm entity",
    "run lead head manage chief",
    "area field sector scope cover",
    "sale offer available",
    "delay postpone pause suspend",
    "supply provide deliver source ship shipment",
    "cell battery pack",
    "sic carbide",
    "seat member director",
    "ipo listing list float",
    "car vehicle model",
    "self-driving autonomous driverless robotaxi automated",
    "software digital connected connectivity",
    "charge charging charger",
    "sign signature ink pen paper",
    "money cash capital funds funding investment tranche",
    "replace substitute succeed",
    "withdraw exit quit leave pull",
    "headquarter headquarters base hq",
    "restart resume revive restore",
    "subsidy subsidies incentive incentives aid",
    "plant factory gigafactory facility fab works",
]

STOPWORDS = frozenset(
    """
a about above after again against all also am an and any are aren't as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have having he her
here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not of off
on once only or other our ours ourselves out over own same she should so some such than that the their theirs them
themselves then there these they this those through to too under until up very was we were what when where which
while who whom why will with would you your yours yourself yourselves s t don now ever yet still already
tell know say said says let us please show give list any anything something thing things get got
""".split()
)

# Words a question uses to ask, not to name its subject.
QUESTION_WORDS = frozenset(
    """
what when who whom which where why how much many whose is are was were do does did can could will would should
tell me about know you list show give please any anything happened happen going on latest news info information
details detail summary summarize explain time
""".split()
)

_TOKEN = re.compile(r"[a-z0-9]+(?:[.'][a-z0-9]+)*")


def normalise(text: str) -> str:
    """Unicode-normalised text with typographic quotes and dashes made plain, and no control characters
    (every line of an article passes here, after HTML and Markdown entities are decoded)."""
    text = unicodedata.normalize("NFKC", strip_controls(text))
    return (
        text.replace("\u2019", "'")
        .replace("\u2018", "'")
        .replace("\u201c", '"')
        .replace("\u201d", '"')
        .replace("\u2013", "-")
        .replace("\u2014", " - ")
        .replace("\u00a0", " ")
    )


def content_hash(text: str) -> str:
    """Identity of an article's text regardless of spacing and case, for de-duplication."""
    folded = " ".join(_TOKEN.findall(normalise(text).lower()))
    return hashlib.sha256(folded.encode()).hexdigest()[:32]


def split_sentences(paragraph: str) -> list[str]:
    """Split a paragraph into sentences, keeping abbreviations and initials intact.

    Line breaks inside the paragraph are spaces: a sentence wrapped across lines is one sentence.
    """
    paragraph = " ".join(paragraph.split())
    if not paragraph:
        return []
    pieces: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(paragraph):
        before = paragraph[start : match.start()].rstrip("\"')\u201d\u2019")
        last_word = before.rsplit(" ", 1)[-1].lower().rstrip(".")
        if before.endswith(".") and (last_word in _ABBREVIATIONS or re.fullmatch(r"[a-z]", last_word)):
            continue
        closers = match.group().rstrip()  # a closing quote or bracket after the stop ends the sentence too
        pieces.append(paragraph[start : match.start() + len(closers)].strip())
        start = match.end()
    pieces.append(paragraph[start:].strip())
    return [p for p in pieces if p]


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return _STEMMER.stemWord(word)


def without_accents(text: str) -> str:
    """Accents dropped, so that a question typed "Bogota" or "Koc" finds the article's "Bogotá" and "Koç"."""
    if text.isascii():
        return text
    text = text.translate(_UNDECOMPOSED)
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


# Letters Unicode keeps whole rather than as a letter and its accent: "Łódź" is typed "Lodz".
_UNDECOMPOSED = str.maketrans(
    {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "ı": "i"}
)


def words(text: str) -> list[str]:
    """Lower-cased words with phrases and synonyms folded, before stemming."""
    text = without_accents(normalise(text).lower())
    if _ANY_PHRASE.search(text):
        for pattern, replacement in _PHRASES:
            text = pattern.sub(replacement, text)
    out = []
    for word in _TOKEN.findall(text):
        word = word.replace("'s", "").replace("'", "")
        out.append(_SYNONYMS.get(word, word))
    return out


def tokens(text: str) -> list[str]:
    """Stemmed search tokens without stopwords."""
    return [_stem(w) for w in words(text) if w not in STOPWORDS]


def question_tokens(text: str) -> list[str]:
    """Search tokens of a question, without the words that only make it a question."""
    stems = (_stem(w) for w in words(text) if w not in STOPWORDS and w not in QUESTION_WORDS)
    return [t for t in stems if t not in STOPWORDS]  # "gets" is no stopword, but its stem "get" is


@lru_cache(maxsize=1)
def _relatives() -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for group in _RELATED_GROUPS:
        stems = {t for word in group.split() for t in tokens(word) if len(t) > 2}
        for stem in stems:
            out.setdefault(stem, set()).update(stems - {stem})
    return {stem: frozenset(others) for stem, others in out.items()}


def related(token: str) -> frozenset[str]:
    """The search tokens news uses for what ``token`` asks, besides itself."""
    return _relatives().get(token, frozenset())
