"""Deals over time: every article's reports about one arrangement become one deal with its events.

Articles about one relationship arrive months apart (an MoU, a signing, the
talks ending) and may arrive out of order, so a deal is rebuilt from all its
reports each time: reports join a deal when they name the same parties and
their kinds do not say they are different arrangements (a supply contract
and a plant venture between the same two companies stay two deals). The
deal's status is its latest event's, by the date each event happened.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from knowledge.deal_words import GENERIC_KINDS, KIND_NAMES, LEAD_SENTENCES, STATUS_RANK

# Kinds that describe one arrangement seen at different stages: a stake and the venture it funds.
_FAMILY = {
    "joint venture": "venture",
    "investment": "venture",
    "acquisition": "acquisition",
    "licensing": "licensing",
    "supply": "supply",
}
_LABEL = {
    "talks": "in talks (not signed)",
    "preliminary": "preliminary (non-binding)",
    "signed": "signed",
    "ended": "ended",
}
_WHAT = {
    "agreement": "an agreement",
    "partnership": "a partnership",
    "joint venture": "a joint venture",
    "investment": "an investment",
    "supply": "a supply deal",
    "acquisition": "an acquisition or merger",
    "licensing": "a licensing deal",
}


def _family(kind: str) -> str | None:
    return None if kind in GENERIC_KINDS else _FAMILY.get(kind)


def _compatible(parties: set[str], kind: str, deal: dict[str, Any]) -> bool:
    have = set(deal["parties"])
    if len(parties & have) < 2 or not (parties <= have or have <= parties):
        return False
    if parties > have and all(set(r["parties"]) == have for r in deal["reports"]):
        return False  # Ford and SK On's US venture, then a plant in Turkey with Koc as well: another deal
    mine, theirs = _family(kind), {_family(r["kind"]) for r in deal["reports"]} - {None}
    return mine is None or not theirs or mine in theirs


def _when(event: dict[str, Any]) -> str:
    """When an event happened, as a sortable ISO prefix. A date without a year ("on Feb. 29") is the news of
    its article: it takes the publication year (the year before, if the day is later), or sorts after every
    dated event when the article has no date."""
    date, published = event.get("date") or "", event.get("published") or ""
    if not date.startswith("--"):
        return date or published
    if not published:
        return "9999" + date[1:]
    dated = published[:4] + date[1:]
    return dated if dated <= published else f"{int(published[:4]) - 1:04d}{date[1:]}"


def _as_of(event: dict[str, Any]) -> str | None:
    when = _when(event)
    return None if when.startswith("9999") or not when else when


def _event_key(event: dict[str, Any]) -> tuple[str, int, int, int, int]:
    """Events in the order they happened; of one article's events on one day, the one it leads with (its
    headline and first sentences are its news) comes last, so it sets the status. Past its lead, the furthest
    step of the day does: "the board found the offer superior under its merger agreement with Magna ...
    Veoneer terminated the Magna agreement"."""
    rank = STATUS_RANK.get(event["status"], 0)
    lead = event["sentence"] <= LEAD_SENTENCES
    return (_when(event), event["seq"], lead, -event["sentence"] if lead else rank, rank)


def summary(status: str, kind: str, before: str | None, delayed: bool = False) -> str:
    """One line of what an event changed: 'Signed: a joint venture (was in talks (not signed))'."""
    if delayed:
        return f"Delayed: {_WHAT.get(kind, 'a deal')}, still {_LABEL[status]}"
    text = f"{_LABEL[status].capitalize()}: {_WHAT.get(kind, 'a deal')}"
    return text + (f" (was {_LABEL[before]})" if before and before != status else "")


def build_deals(
    reports: Iterable[dict[str, Any]], owner: Callable[[str], str] = lambda name: name
) -> list[dict[str, Any]]:
    """The deals that these reports (each with ``article``, ``published`` and ``seq``) describe. ``owner``
    gives a unit's owner: a report about SK On's venture with Ford that matches only a larger deal (Ford, SK On
    and Koc) belongs to the deal of exactly Ford and SK On's owner, SK Innovation, if there is one."""
    deals: list[dict[str, Any]] = []
    near = _Near(owner)
    for report in sorted(reports, key=lambda r: (r.get("published") or "", r["seq"])):
        parties = set(report["parties"])
        nearby = near.deals(parties)  # a deal can match below only if it shares an owner with the report
        if report.get("update"):  # a later step of deals told before: it joins each, and makes none
            owners = {owner(p) for p in parties}
            told = {e["status"] for e in report["events"]}
            for deal in nearby:
                collapse = len(parties) == 1 and bool(owners & {owner(p) for p in deal["parties"]})
                if not (collapse or set(deal["parties"]) <= parties or {owner(p) for p in deal["parties"]} <= owners):
                    continue
                if not any(
                    r["article"] == report["article"] and told <= {e["status"] for e in r["events"]}
                    for r in deal["reports"]
                ):  # the article already told this step
                    deal["reports"].append(report)
            continue
        matching = [d for d in nearby if _compatible(parties, report["kind"], d)] or [
            d
            for d in nearby
            if _compatible(
                {owner(p) for p in parties}, report["kind"], {**d, "parties": [owner(p) for p in d["parties"]]}
            )
        ]
        if matching and not any(set(d["parties"]) == parties for d in matching):
            owners = {owner(p) for p in parties}
            matching = [
                d
                for d in nearby
                if {owner(p) for p in d["parties"]} == owners and _compatible(set(d["parties"]), report["kind"], d)
            ] or matching
        if matching:  # the deal of exactly these parties, else the latest one
            deal = max(matching, key=lambda d: (set(d["parties"]) == parties, d["reports"][-1]["seq"]))
            joining = [p for p in report["parties"] if p not in deal["parties"] and owner(p) not in deal["parties"]]
            deal["parties"] += joining  # SK On joins as its owner SK Innovation
            near.add(deal, joining)
            deal["reports"].append(report)
        else:
            deals.append({"parties": list(report["parties"]), "reports": [report]})
            near.add(deals[-1], report["parties"])
    keys: dict[str, int] = {}
    built = []
    for deal in deals:
        base = "|".join(sorted(p.lower() for p in deal["parties"]))
        keys[base] = keys.get(base, 0) + 1
        built.append(
            _deal_record(base if keys[base] == 1 else f"{base}#{keys[base]}", deal["parties"], deal["reports"])
        )
    return built


class _Near:
    """The deals built so far by the owners of their parties: the deals a report can join all share an owner
    with it (or, like a report, name no party), so it is compared with those, not with every deal (a store's
    deals derived again were each report against every deal: 35,000 reports by 23,000 deals at 30,000
    articles)."""

    def __init__(self, owner: Callable[[str], str]) -> None:
        self._owner = owner
        self._built: list[dict[str, Any]] = []  # in the order built
        self._place: dict[int, int] = {}  # id of a deal -> its place in ``_built``
        self._by_owner: dict[str, set[int]] = {}
        self._partyless: set[int] = set()

    def add(self, deal: dict[str, Any], parties: Iterable[str]) -> None:
        """A deal just built, or one that has these parties too."""
        at = self._place.get(id(deal))
        if at is None:
            at = self._place[id(deal)] = len(self._built)
            self._built.append(deal)
        if not deal["parties"]:
            self._partyless.add(at)
        for party in parties:
            self._by_owner.setdefault(self._owner(party), set()).add(at)

    def deals(self, parties: Iterable[str]) -> list[dict[str, Any]]:
        """The deals sharing an owner with these parties, or naming none, in the order they were built."""
        found = set(self._partyless)
        for party in parties:
            found.update(self._by_owner.get(self._owner(party), ()))
        return [self._built[at] for at in sorted(found)]


def _deal_record(key: str, parties: list[str], reports: list[dict[str, Any]]) -> dict[str, Any]:
    kind = min((r["kind"] for r in reports if not r.get("update")), key=KIND_NAMES.index)
    unique = {
        (r["article"], e["sentence"], e["status"]): {
            **e,
            "article": r["article"],
            "published": r.get("published"),
            "seq": r["seq"],
        }
        for r in reports
        for e in r["events"]
    }
    events = sorted(unique.values(), key=_event_key)
    before: str | None = None
    for event in events:
        if event.get("delayed"):  # a slip changes no status: the deal stands as far as it had got
            event["status"] = before or event["status"]
        event["summary"] = summary(event["status"], event["kind"], before, event.get("delayed", False))
        before = event["status"]
    status = events[-1]["status"] if events else "signed"
    run_start = len(events)
    while run_start > 0 and events[run_start - 1]["status"] == status:
        run_start -= 1
    stated = next((e for e in events[run_start:] if e.get("date_text")), None)
    topics: list[str] = []
    figures: list[dict[str, Any]] = []
    evidence: list[dict[str, Any]] = []
    articles: list[str] = []
    ventures: list[str] = []
    for r in reports:
        topics += [t for t in r["topics"] if t not in topics]
        ventures += [v for v in r.get("ventures", ()) if v.lower() not in {w.lower() for w in ventures}]
        for f in r["figures"]:
            if (f["kind"], f["text"]) not in {(g["kind"], g["text"]) for g in figures}:
                figures.append({**f, "article": r["article"]})
        evidence += [{**ev, "article": r["article"]} for ev in r["evidence"]]
        if r["article"] not in articles:
            articles.append(r["article"])
    return {
        "key": key,
        "parties": parties,
        "kind": kind,
        "status": status,
        "date": {"iso": stated["date"], "text": stated["date_text"]} if stated else None,
        "as_of": _as_of(events[-1]) if events else None,
        "topics": topics,
        "ventures": ventures,
        "figures": figures,
        "events": events,
        "evidence": evidence,
        "articles": articles,
        "first_seen": min(r["seq"] for r in reports if not r.get("update")),
        "updated": max(r["seq"] for r in reports),
        "reports": reports,
    }
