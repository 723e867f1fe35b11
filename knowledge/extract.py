"""Deal extraction: what one article reports about who is dealing with whom.

A deal is found where a clause names two parties and a deal word ("signed a
deal with", "in talks with", "joint venture", "stake in", "supply"). Later
sentences that name both parties, or refer back to "the deal" / "the
partnership", add evidence. Every field keeps the sentences it came from, so
the bot can quote them; a field no sentence supports is never filled.

One article gives one *report* per deal; ``merge_reports`` folds the reports of
all articles into the deal record, so several articles about one deal become
one record and a later article can move it from talks to signed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from knowledge.companies import Company, Mention
from knowledge.dates import find_dates
from knowledge.figures import find_figures

# Deal words, strongest kind first; the kind of a deal is the strongest one its evidence states.
KINDS: list[tuple[str, re.Pattern[str]]] = [
    ("joint venture", re.compile(r"\bjoint[- ]venture", re.I)),
    ("acquisition", re.compile(r"\b(?:acquir\w*|acquisition|takeover|buy(?:s|ing)? out|merger|merg(?:e|es|ing) with)\b", re.I)),
    ("investment", re.compile(r"\b(?:stake|invest(?:s|ed|ing|ment)?\s+(?:[^.]{0,40}?\s)?in(?:to)?\b|funding round|"
                              r"led (?:a|the) [^.]{0,30}round|capital injection)", re.I)),
    ("supply", re.compile(r"\b(?:suppl(?:y|ies|ied|ying)|supplier|offtake|source (?:batteries|cells|chips))\b", re.I)),
    ("licensing", re.compile(r"\blicens\w+", re.I)),
    ("agreement", re.compile(r"\b(?:deal|agreement|memorandum of understanding|mou|contract|pact|accord)s?\b", re.I)),
    ("partnership", re.compile(r"\b(?:partner(?:ship|ing|ed|s)?|team(?:s|ed|ing)? up|tie[- ]?up|alliance|"
                               r"collaborat\w+|cooperat\w+|join(?:s|ed|ing)? forces|work(?:ing)? together|"
                               r"talks|discussions|negotiat\w+)\b", re.I)),
]

_ENDED = re.compile(r"\b(?:terminat\w+|scrap(?:ped|s)?|call(?:ed|s)? off|pull(?:ed|s)? out|walk(?:ed|s)? away|"
                    r"dissolv\w+|abandon\w*|cancel\w*|end(?:ed|s|ing)? (?:the|their|its) (?:partnership|deal|"
                    r"agreement|joint venture|alliance|talks|licen[cs]e|contract)|unwound|collapsed|broke down)\b", re.I)
# Signing verbs that settle the matter, and weaker ones that an article about talks also uses.
_SIGNED_STRONG = re.compile(r"\b(?:signed|signs|inked|inks|sealed|seals|finali[sz]ed|clinched|struck (?:a|an|the)|"
                            r"completed (?:the|its) (?:acquisition|deal|purchase|merger)|closed the (?:deal|acquisition))\b",
                            re.I)
_SIGNED_WEAK = re.compile(r"\b(?:formed|forms|will form|(?:have|has|had) agreed|agreed to|agreed on|agrees|"
                          r"entered into|launched a joint venture|announced (?:a|an|the|their|its) (?:\w+ )?"
                          r"(?:partnership|deal|agreement|joint venture|alliance|investment|collaboration)|"
                          r"(?:are|is) teaming up|teamed up|took a stake|has taken a stake|acquired|has invested|"
                          r"invested|will supply|will invest|under the (?:agreement|deal|contract|terms))\b", re.I)
_PRELIMINARY = re.compile(r"\b(?:memorandum of understanding|mou|non-?binding|letter of intent|preliminary "
                          r"(?:agreement|deal)|framework agreement|heads of agreement|term sheet)\b", re.I)
_DEFINITIVE = re.compile(r"\bdefinitive\b", re.I)
# Words before a status verb that make it not (yet) true: "no agreement has been signed", "once signed".
_HYPOTHETICAL = re.compile(r"\b(?:no|not|never|yet to|n't|without|before|once|if|until|unless|would|could|may|might|"
                           r"expected to|aims? to|plans? to|hopes? to|seeks? to|likely to)\b[^.;,]{0,30}$", re.I)
_TALKS = re.compile(r"\b(?:in talks|talks with|talks between|ongoing talks|held talks|initiated talks|in discussions|"
                    r"discussions with|negotiat\w+|explor\w+ (?:a|the)? ?(?:potential|possible)|potential partnership|"
                    r"possible (?:deal|partnership|tie-up|alliance)|considering|weighing|mulling|could (?:partner|team)|"
                    r"in early[- ]stage|reportedly (?:in|close)|nearing a deal|close to a deal|"
                    r"(?:plans?|aims?|seeks?) to (?:form|sign|partner))\b", re.I)

# A sentence that refers back to a deal already named.
_ANAPHORA = re.compile(r"\b(?:the|this|that|their|its|new|proposed|potential|planned|ongoing)\s+(?:new\s+|strategic\s+|"
                       r"potential\s+|proposed\s+)?(?:deal|agreement|partnership|collaboration|venture|tie-up|"
                       r"alliance|talks|discussions|negotiations|pact|cooperation|joint venture|contract|arrangement|accord|memorandum)\b|\bthe (?:two|both) companies\b|"
                       r"\bboth companies\b|\bthe companies\b", re.I)
_CLAUSE_BREAK = re.compile(r";|,\s+(?:while|whereas|but)\s+|\s+while\s+|,\s+and\s+(?=[a-z])|\.\s")

# Scope: what a deal covers.
_SCOPE_LIST = re.compile(
    r"\b(?:areas|fields|sectors|domains)\s+(?:such as|including|like|of)\s+(?P<list>[^.;:\"]+)"
    r"|\b(?:focus(?:ed|ing)? on|aimed at(?: advancing| developing)?|centred on|centered on|covering|"
    r"(?:cooperation|collaborat\w+|partner(?:ship|ing)?|team(?:ing|ed|s)? up|tie-up|alliance|work(?:ing)? together)"
    r" (?:in|on)|to (?:jointly )?(?:develop|build|produce|make|manufacture|advance|push forward|explore cooperation in))"
    r"\s+(?P<list2>[^.;:\"()]+)", re.I)
_SCOPE_TERMS = re.compile(
    r"\b(?:cloud computing|connectivity|retail|e-commerce|online sales|battery cells?|batteries|battery packs|"
    r"solid-state batteries|charging(?: network| stations)?|autonomous driving|self-driving|driver assistance|"
    r"software|chips|semiconductors|mapping|artificial intelligence|infotainment|smart cockpits?|"
    r"ride-hailing|robotaxis?|lithium|raw materials|recycling|hydrogen|fuel cells|digital services|"
    r"manufacturing|production|research and development|R&D|vehicle platforms?|EV platforms?|connected cars?)\b",
    re.I)
_LIST_STOP = re.compile(r"\s+(?:as per|according to|as well as a|said|which|that will|to help|in order to|"
                        r"while|with the goal|by \d{4}|in \d{4})\b.*", re.I)


@dataclass
class Evidence:
    sentence: int
    text: str
    fields: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"sentence": self.sentence, "text": self.text, "fields": self.fields}


@dataclass
class Report:
    """What one article says about one deal."""

    parties: list[str]
    kind: str = "partnership"
    status: str = "announced"
    date: dict[str, str] | None = None
    scope: list[str] = field(default_factory=list)
    figures: list[dict[str, Any]] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def key(self) -> str:
        return deal_key(self.parties)

    def cite(self, index: int, text: str, name: str) -> None:
        for ev in self.evidence:
            if ev.sentence == index:
                if name not in ev.fields:
                    ev.fields.append(name)
                return
        self.evidence.append(Evidence(index, text, [name]))


def deal_key(parties: list[str]) -> str:
    return "|".join(sorted(p.lower() for p in parties))


def _kind_of(text: str) -> str | None:
    for kind, pattern in KINDS:
        if pattern.search(text):
            return kind
    return None


def _asserted(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    return next((m for m in pattern.finditer(text) if not _HYPOTHETICAL.search(text[:m.start()])), None)


def status_of(text: str) -> str | None:
    """What one sentence says of a deal's progress: ended, preliminary, signed, talks, or nothing."""
    if _asserted(_ENDED, text):
        return "ended"
    if _asserted(_PRELIMINARY, text) and not _DEFINITIVE.search(text):
        return "preliminary"
    if _asserted(_SIGNED_STRONG, text):
        return "signed"
    if _TALKS.search(text):
        return "talks"
    if _asserted(_SIGNED_WEAK, text):
        return "signed"
    return None


def _clauses(sentence: str) -> list[tuple[int, str]]:
    pieces, start = [], 0
    for m in _CLAUSE_BREAK.finditer(sentence):
        pieces.append((start, sentence[start:m.start()]))
        start = m.end()
    pieces.append((start, sentence[start:]))
    return [(s, p) for s, p in pieces if p.strip()]


def _pick_parties(clause: str, mentions: list[Mention], trigger_at: int) -> list[str]:
    """The two companies a deal word links: 'between X and Y', 'X ... with Y', else the two nearest."""
    names = list(dict.fromkeys(m.name for m in mentions))
    if len(names) == 2:
        return names
    between = re.search(r"\bbetween\s+", clause)
    if between:
        after = [m for m in mentions if m.start >= between.end()]
        if len(after) >= 2 and after[0].name != after[1].name:
            return [after[0].name, after[1].name]
    ranked = sorted(mentions, key=lambda m: min(abs(m.start - trigger_at), abs(m.end - trigger_at)))
    picked: list[str] = []
    for m in ranked:
        if m.name not in picked:
            picked.append(m.name)
        if len(picked) == 2:
            break
    return picked


_SCOPE_TAIL = re.compile(r"\s+(?:in|by|for|at|across|with|from|that|which|who|to)\s.*$", re.I)
_NOT_SCOPE = re.compile(r"^(?:one|both|each|all|some|this|that|these|those|it|they|\d)\b|\w+ed$|\b(?:said|says)\b", re.I)


def _plausible_scope(part: str) -> bool:
    """A short noun phrase ('cloud computing', 'battery cells'), not a clause caught by the pattern."""
    if _SCOPE_TERMS.search(part):
        return len(part.split()) <= 5
    return 2 <= len(part) <= 40 and len(part.split()) <= 3 and not _NOT_SCOPE.search(part)


def _scope_of(sentence: str) -> list[str]:
    items: list[str] = []
    for m in _SCOPE_LIST.finditer(sentence):
        text = _LIST_STOP.sub("", m.group("list") or m.group("list2") or "")
        for part in re.split(r",\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+", text):
            part = _SCOPE_TAIL.sub("", part).strip(" ,\"'()")
            part = re.sub(r"^(?:the|a|an|new|its|their)\s+", "", part, flags=re.I)
            if _plausible_scope(part):
                items.append(part)
    if not items:
        items = [m.group(0) for m in _SCOPE_TERMS.finditer(sentence)]
    seen, unique = set(), []
    for item in items:
        if item.lower() not in seen:
            seen.add(item.lower())
            unique.append(item)
    return unique


def extract_reports(sentences: list[str], mentioned: list[list[Mention]], companies: dict[str, Company],
                    published: date | None) -> list[Report]:
    """The deals one article reports, in the order it first names them.

    ``mentioned`` and ``companies`` come from ``Gazetteer.read_article`` over the same sentences.
    """
    reports: dict[str, Report] = {}
    current: Report | None = None
    for index, (sentence, found) in enumerate(zip(sentences, mentioned)):
        mentions = [m for m in found if (company := companies.get(m.name)) is None or company.is_party]
        touched: list[Report] = []
        for offset, clause in _clauses(sentence):
            in_clause = [Mention(m.name, m.start - offset, m.end - offset, m.known) for m in mentions
                         if offset <= m.start < offset + len(clause)]
            kind = _kind_of(clause)
            if kind is None or len({m.name for m in in_clause}) < 2:
                continue
            trigger = next(p.search(clause) for k, p in KINDS if k == kind)
            parties = _pick_parties(clause, in_clause, trigger.start())
            if len(parties) < 2:
                continue
            key = deal_key(parties)
            report = reports.setdefault(key, Report(parties=parties, kind=kind))
            report.cite(index, sentence, "parties")
            touched.append(report)
        if not touched:
            names = {m.name for m in mentions}
            both = [r for r in reports.values() if set(r.parties) <= names]
            if both:
                touched = both
            elif current is not None and _ANAPHORA.search(sentence) and (
                    not names or names & set(current.parties)):
                touched = [current]
        names = {m.name for m in mentions}
        for report in touched:
            _add_fields(report, index, sentence, published, bool(names & set(report.parties)))
        if touched:
            current = touched[-1]
    return list(reports.values())


def _add_fields(report: Report, index: int, sentence: str, published: date | None, names_party: bool) -> None:
    report.cite(index, sentence, "mention")
    kind = _kind_of(sentence) if names_party else None
    # A generic "deal" becomes what a later sentence says it is; a joint venture is always said outright.
    if kind and kind != report.kind and (report.kind in _GENERICKINDS and kind not in _GENERICKINDS
                                         or kind == "joint venture"):
        report.kind = kind
        report.cite(index, sentence, "kind")
    status = status_of(sentence)
    if status and _STATUS_RANK[status] > _STATUS_RANK[report.status]:
        report.status = status
        report.cite(index, sentence, "status")
    if status == "signed" or report.date is None:
        dates = find_dates(sentence, published)
        if dates and (report.date is None or status == "signed" and not report.date.get("signed")):
            report.date = {"iso": dates[0].iso, "text": dates[0].display(), "signed": status == "signed"}
            report.cite(index, sentence, "date")
    for item in _scope_of(sentence):
        if item.lower() not in {s.lower() for s in report.scope}:
            report.scope.append(item)
            report.cite(index, sentence, "scope")
    for figure in find_figures(sentence):
        if figure.text not in {f["text"] for f in report.figures}:
            report.figures.append({"kind": figure.kind, "text": figure.text, "value": figure.value})
            report.cite(index, sentence, "figures")


# Within one article, "signed" outranks "in talks" outranks a bare mention; "ended" outranks all.
_STATUS_RANK = {"announced": 0, "talks": 1, "preliminary": 2, "signed": 3, "ended": 4}
_GENERICKINDS = {"agreement", "partnership"}


def merge_reports(reports: list[dict[str, Any]]) -> dict[str, Any]:
    """One deal record from every article's report, the newest article deciding the status."""
    ordered = sorted(reports, key=lambda r: (r.get("published") or "", r["seq"]))
    newest = ordered[-1]
    first = ordered[0]
    deal: dict[str, Any] = {
        "key": deal_key(first["parties"]),
        "parties": first["parties"],
        "kind": next((r["kind"] for r in reversed(ordered) if r["kind"] not in _GENERICKINDS), newest["kind"]),
        "status": newest["status"],
        "date": None,
        "scope": [],
        "figures": [],
        "evidence": [],
        "articles": [],
        "status_history": [],
        "first_seen": min(r["seq"] for r in ordered),
        "updated": max(r["seq"] for r in ordered),
    }
    for report in ordered:
        if report["article"] not in deal["articles"]:
            deal["articles"].append(report["article"])
        if not deal["status_history"] or deal["status_history"][-1]["status"] != report["status"]:
            deal["status_history"].append({"status": report["status"], "article": report["article"],
                                           "published": report.get("published")})
        if report.get("date") and (deal["date"] is None or report["date"].get("signed")):
            deal["date"] = report["date"]
        for item in report["scope"]:
            if item.lower() not in {s.lower() for s in deal["scope"]}:
                deal["scope"].append(item)
        for figure in report["figures"]:
            if figure["text"] not in {f["text"] for f in deal["figures"]}:
                deal["figures"].append(figure)
        for ev in report["evidence"]:
            deal["evidence"].append({"article": report["article"], **ev})
    return deal
