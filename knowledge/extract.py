"""Deal extraction: what one article reports about who is dealing with whom.

A deal starts only where a sentence relates two or more organisations as
parties to one arrangement (knowledge/relations.py). Later sentences that
name the same parties, or refer back to "the deal" / "the venture", add
evidence. Each sentence that says how far the deal has got becomes an event
with its date, so an article recalling an MoU from last year and reporting
today's signing yields two events, in order. Every field keeps the sentence
it came from; a field no sentence supports is never filled.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from knowledge.companies import ArticleCompanies, Mention
from knowledge.dates import find_dates
from knowledge.deal_words import (
    BUYOUT,
    COLLAPSED,
    DEFINITIVE,
    GENERIC_KINDS,
    KIND_NAMES,
    LEAD_SENTENCES,
    STATUS_RANK,
    delay_match,
    firm_status_match,
    kind_of,
    status_match,
    status_of,
)
from knowledge.figures import find_figures
from knowledge.topics import topics_of

# Bumped whenever extraction changes what it finds: stores derived by an older version are re-read.
EXTRACTION_VERSION = 88

# "In December it completed the purchase of shares in XPeng": a pronoun subject that goes on about a partner.
_PRONOUN_SUBJECT = re.compile(
    r"^(?:[^,;]{0,40},\s*|(?:In|By|On|Last|Earlier|Later)\b[^,;]{0,30}?\s)?(?:it|they|the "
    r"(?:company|automaker|carmaker|group|firm)|both)\s+[a-z]+\b",
    re.I,
)
_ANAPHORA = re.compile(
    r"\b(?:the|this|that|their|its|new|proposed|potential|planned|ongoing|such)\s+(?:new\s+|strategic\s+|"
    r"potential\s+|proposed\s+|planned\s+|joint\s+|\d{2}[-/:]\d{2}\s+|three-way\s+)?(?:deal|agreement|"
    r"partnership|collaboration|venture|tie-up|alliance|talks|discussions|negotiations|pact|"
    r"cooperation|joint venture|contract|arrangement|accord|memorandum|mou|merger|project|plan|"
    r"investment|acquisition|transaction|licen[cs]e|licensing deal|supply deal|proposal|offer|bid)\b|"
    r"\bthe (?:two|three|both) (?:[A-Z]\w+ |[a-z]+-based )?(?:companies|firms|automakers|carmakers|partners|"
    r"groups|sides)\b|"
    r"\bboth (?:companies|firms|sides|partners)\b|\bthe (?:companies|partners)\b|"
    r"\bthe (?:new|joint|combined) (?:company|firm|business|entity)\b",  # the venture just formed
    re.I,
)
_YEAR_ONLY = re.compile(r"\b(?:in|since|during|back in|early|late|mid-?|from)\s+((?:19|20)\d\d)\b", re.I)


@dataclass
class Evidence:
    sentence: int
    text: str
    fields: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {"sentence": self.sentence, "text": self.text, "fields": self.fields}


@dataclass
class Event:
    """One step of a deal as one sentence reports it."""

    sentence: int
    text: str
    status: str
    kind: str
    date: str | None  # ISO, possibly only "2023" or "2023-07"; None when neither sentence nor article dates it
    date_text: str | None = None
    delayed: bool = False  # the deal stands, but its work slipped

    def as_dict(self) -> dict[str, object]:
        return {
            "sentence": self.sentence,
            "text": self.text,
            "status": self.status,
            "kind": self.kind,
            "date": self.date,
            "date_text": self.date_text,
            **({"delayed": True} if self.delayed else {}),
        }


@dataclass
class Report:
    """What one article says about one arrangement."""

    parties: list[str]
    kind: str = "partnership"
    events: list[Event] = field(default_factory=list)
    figures: list[dict[str, object]] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    ventures: list[str] = field(default_factory=list)  # the joint venture's name as the article writes it
    # A sentence that names the parties of a deal told before, with a step of it, and relates nothing else:
    # "Rokk, owned by Bexford and Tamlin, is shutting down". It joins every deal of those parties, and makes none.
    update: bool = False

    @property
    def key(self) -> str:
        return deal_key(self.parties)

    @property
    def status(self) -> str:
        return latest(self.events).status if self.events else "signed"

    def cite(self, index: int, text: str, name: str) -> None:
        for ev in self.evidence:
            if ev.sentence == index:
                if name not in ev.fields:
                    ev.fields.append(name)
                return
        self.evidence.append(Evidence(index, text, [name]))

    def as_dict(self) -> dict[str, object]:
        return {
            "key": self.key,
            "parties": self.parties,
            "kind": self.kind,
            "status": self.status,
            "events": [e.as_dict() for e in self.events],
            "figures": self.figures,
            "topics": self.topics,
            "evidence": [e.as_dict() for e in self.evidence],
            "ventures": self.ventures,
            **({"update": True} if self.update else {}),
        }


def deal_key(parties: list[str]) -> str:
    return "|".join(sorted(p.lower() for p in parties))


def event_order(date_iso: str | None, status: str, sentence: int) -> tuple[str, int, int]:
    return (date_iso or "", STATUS_RANK.get(status, 0), sentence)


def latest(events: list[Event]) -> Event:
    return max(events, key=lambda e: event_order(e.date, e.status, e.sentence))


def more_specific(a: str, b: str) -> str:
    return a if KIND_NAMES.index(a) <= KIND_NAMES.index(b) else b


_MONTHS = ("january february march april may june july august september october november december").split()
_MONTH_NAMES = "|".join(_MONTHS)
_RELATIVE = re.compile(
    rf"\b(?:(?P<rel>last|in|since|this|early|late|mid-?)\s+(?P<month>{_MONTH_NAMES})\b(?!\s+\d)|"
    r"(?P<last_year>last year|a year (?:ago|earlier)|the previous year)|(?P<this_month>(?:earlier )?this month))",
    re.I,
)
_DATELINE_END = re.compile(r"\)?\s*(?:-{1,2}|–|—|:)\s")
# "..., ending its earlier deal with Magna": a participle's own clause tells of another deal's step.
_CLAUSE_BREAK = re.compile(
    r";|,\s+(?:while|whereas|but|although)\s+|\s+while\s+|,\s+and\s+(?=[a-z])|\s+-\s+|,\s+(?=\w+ing\s+(?:its|their)\s)"
)


def reference_date(sentences: list[str], published: date | None) -> date | None:
    """The date an article speaks from: its publication date, else the latest full date it states."""
    if published:
        return published
    stated = [m.iso for s in sentences for m in find_dates(s) if len(m.iso) == 10 and not m.iso.startswith("--")]
    return date.fromisoformat(max(stated)) if stated else None


_RECORD_SINCE = re.compile(
    r"\b(?:highest|lowest|biggest|largest|best|worst|strongest|weakest|steepest|sharpest|first time|most|least)\b"
    r"[^.,;]{0,30}\bsince\s+(?:the\s+)?(?:early\s+|late\s+|mid-?)?$",
    re.I,
)


def _dates(sentence: str, today: date | None) -> list[tuple[int, str, str]]:
    """(position, ISO, as written) of every past date the sentence states, relative ones resolved."""
    found = []
    limit = (today + timedelta(days=7)).isoformat() if today else None
    for mention in find_dates(sentence, today):
        at = max(0, sentence.find(mention.text))
        if _DATELINE_END.match(sentence, at + len(mention.text)):
            continue  # "Paris, July 11, 2023 - ...": when the article was written, not when anything happened
        if _RECORD_SINCE.search(sentence[max(0, at - 60) : at]):
            continue  # "their highest level since May 2007": a yardstick, not when anything happened
        if limit is None or not mention.iso.startswith("--") and mention.iso <= limit:
            found.append((at, mention.iso, mention.display()))
    if today:
        for m in _YEAR_ONLY.finditer(sentence):
            if int(m.group(1)) < today.year and not _RECORD_SINCE.search(
                sentence[max(0, m.start(1) - 60) : m.start(1)]
            ):
                found.append((m.start(1), m.group(1), m.group(1)))
        for m in _RELATIVE.finditer(sentence):
            if any(abs(p - m.start()) < 12 for p, _, _ in found):
                continue
            if m.group("month"):
                month = _MONTHS.index(m.group("month").lower()) + 1
                year = today.year - (
                    1 if month > today.month or m.group("rel").lower() == "last" and month == today.month else 0
                )
                found.append((m.start(), f"{year:04d}-{month:02d}", f"{m.group('month').capitalize()} {year}"))
            elif m.group("last_year"):
                found.append((m.start(), str(today.year - 1), str(today.year - 1)))
            elif m.group("this_month") and today.day > 1:
                found.append((m.start(), f"{today:%Y-%m}", f"{today:%B %Y}"))
    return found


_EARLIER_CLAUSE = re.compile(
    r"\b(?:(?:they|that|which|it|who|previously|originally|first|earlier)\s+(?:had\s+|have\s+)?"
    r"\w+ed|(?:transaction|deal|agreement|partnership|plan|pact|contract)\s+(?:first\s+)?"
    r"(?:announced|unveiled|signed|struck|agreed|reached)|,\s*(?:first\s+|originally\s+)?(?:announced|"
    r"unveiled|signed|struck|agreed|reached|inked))\s+(?:\w+\s+)?(?:in|on|last|back in)\s+$",
    re.I,
)


# "... partly unwinding the push it began with a Tesla order in 2021": a date told of an older step, after the news.
_OLDER_STEP_BETWEEN = re.compile(
    r"\b(?:it|they|which|that|who)\s+(?:had\s+|has\s+|have\s+)?(?:first\s+)?(?:began|begun|started|launched|signed|"
    r"struck|agreed|made|placed|announced|unveiled)\b",
    re.I,
)


def _event_date(sentence: str, today: date | None, cue: tuple[int, int] = (0, 0)) -> tuple[str | None, str | None]:
    """The date of what the sentence reports: the stated past date nearest the words that report it,
    else the date the article speaks from."""
    found = _dates(sentence, today)
    current = [
        d
        for d in found
        if not _EARLIER_CLAUSE.search(sentence[max(0, d[0] - 40) : d[0]])
        and not (cue[1] and d[0] > cue[1] and _OLDER_STEP_BETWEEN.search(sentence[cue[1] : d[0]]))
    ]
    if found and not current and today:  # "the MoU replaces the transaction announced on Sept. 8"
        return today.isoformat(), None
    found = current or found  # "replaced the partnership they unveiled in September" dates the partnership
    if found:
        _, iso, text = min(found, key=lambda d: cue[0] - d[0] - len(d[2]) if d[0] < cue[0] else d[0] - cue[1])
        return iso, text
    return (today.isoformat(), None) if today else (None, None)


_AND_THEN = re.compile(r",\s+and\s+(?:is|are|was|were|has|have|will)\s+")


def _clause(sentence: str, at: int) -> str:
    start, end = 0, len(sentence)
    for m in _CLAUSE_BREAK.finditer(sentence):
        if m.end() <= at:
            start = m.end()
        elif m.start() > at:
            end = m.start()
            break
    return sentence[start:end]


def _report_for(reports: list[Report], parties: tuple[str, ...], kind: str | None, status: str) -> Report:
    """The article's report for these parties: one arrangement, unless a different specific kind at a
    different stage says it is another (a signed supply deal beside a plant still in talks)."""
    wanted = set(parties)
    for report in reversed(reports):
        have = set(report.parties)
        if not (wanted <= have or have <= wanted):
            continue
        if (
            kind
            and kind not in GENERIC_KINDS
            and report.kind not in GENERIC_KINDS
            and kind != report.kind
            and report.status != status
        ):
            continue
        for party in parties:
            if party not in report.parties:
                report.parties.append(party)
        return report
    report = Report(parties=list(parties), kind=kind or "partnership")
    reports.append(report)
    return report


def extract_reports(sentences: list[str], named: ArticleCompanies, published: date | None) -> list[Report]:
    """The arrangements one article reports, in the order it first names them.

    ``named`` comes from ``Gazetteer.read_article`` over the same sentences.
    """
    from knowledge.relations import find_relations  # ingestion's: a bot that only answers imports this module
    # for EXTRACTION_VERSION, and so never compiles the relation patterns

    reports: list[Report] = []
    updates: list[Report] = []
    unnamed: list[tuple[int, str, str]] = []  # steps told of one company and a partner it does not name
    lead_endings: list[tuple[int, str, str]] = []  # "Porsche scraps battery production at Cellforce": one party
    raiser = ""  # the company a sentence says raised a round, whose lead investor the next may name
    shared: set[int] = set()  # sentences that relate several deals at once
    current: Report | None = None
    today = reference_date(sentences, published)
    for index, (sentence, mentions) in enumerate(zip(sentences, named.parties)):
        names = {m.name for m in mentions}
        touched: list[Report] = []
        reading = _party_bought(sentence, mentions)
        for relation in find_relations(sentence, mentions):
            clause = _clause(reading, relation.start)
            kind = kind_of(clause) or kind_of(reading)
            parties = named.sides(relation.parties)
            if kind == "acquisition" and len(parties) < len(relation.parties):
                parties = relation.parties  # "Ostra agreed to acquire Lumo", "sold its Lumo network to Zapline":
                # the unit is what changes hands, not its owner's side
            if len(parties) < 2:
                continue
            report = _report_for(reports, parties, kind, status_of(clause) or "signed")
            report.cite(index, sentence, "parties")
            if report not in touched:
                touched.append(report)
        if (
            not touched
            and not reports
            and (_THE_TWO.match(sentence) and status_of(sentence) or _THE_DEAL.match(sentence))
        ):
            pair = _pair_before(named, index)  # "The two companies signed a memorandum of understanding"
            pair = pair if set(pair) >= names else ()
            if pair:
                report = _report_for(reports, pair, kind_of(sentence), status_of(sentence) or "signed")
                report.cite(index, sentence, "parties")
                touched = [report]
        related = bool(touched)
        if len(touched) >= 2:
            shared.add(index)  # "Renault signs battery deals with Envision AESC and Verkor": each deal's own words win
        if not touched:
            touched = [r for r in reports if len(set(r.parties) & names) >= 2]
            if (
                not touched
                and current is not None
                and names <= set(current.parties)
                and (_ANAPHORA.search(sentence) or names and _PRONOUN_SUBJECT.match(sentence))
            ):
                touched = [current]
        vehicles = (
            [sentence[m.start : m.end] for m in named.mentions[index] if m.name in named.vehicles] if related else []
        )  # "BlueOvalSK, the joint venture between Ford and SK": named where they are
        for report in touched:
            others = tuple(m.start for m in named.mentions[index] if m.name not in report.parties)
            _add_fields(report, index, sentence, today, others, reading)
            report.ventures += [v for v in vehicles if v not in report.ventures]
        if not touched and len(names) == 1 and current is not None and not names <= set(current.parties):
            own = [r for r in reports if names <= set(r.parties)]
            current = own[0] if len(own) == 1 else current  # "Under the FedEx agreement, ...": FedEx's deal again
        if touched:
            current = touched[-1]
        elif len(names) >= 2:
            updates += _update(index, sentence, sorted(names), today)
        elif len(names) == 1 and _UNNAMED_PARTNER.search(sentence):
            unnamed.append((index, sentence, next(iter(names))))
        elif len(names) == 1 and index <= LEAD_SENTENCES and (fell := COLLAPSED.search(sentence)):
            # "Arrival's UK arm has gone into administration": every deal Arrival was in, told before, ends
            iso, text = _event_date(sentence, today, fell.span())
            update = Report(
                sorted(names), events=[Event(index, sentence, "ended", "partnership", iso, text)], update=True
            )
            update.cite(index, sentence, "status")
            updates.append(update)
        elif len(names) == 1 and index <= LEAD_SENTENCES and status_of(sentence) == "ended":
            lead_endings.append((index, sentence, next(iter(names))))
        elif len(names) == 1 and raiser and raiser not in names and _LED_THE_ROUND.search(sentence):
            # "Roam has raised $24 million in a Series A round. The round was led by Equator": its lead investor
            report = _report_for(reports, (raiser, *names), "investment", "signed")
            report.cite(index, sentence, "parties")
            _add_fields(report, index, sentence, today)
        if len(names) == 1 and _RAISED.search(sentence):
            raiser = next(iter(names))
    for index, sentence, name in unnamed:  # "Fisker said its talks with a large automaker had ended"
        _step_of_sole_deal(reports, index, sentence, name, today)
    for index, sentence, name in lead_endings:  # ... of the one venture the article tells it set up with a partner
        _step_of_sole_deal(reports, index, sentence, name, today, kind="joint venture", status="ended")
    for report in reports:
        own_days = {e.date for e in report.events if e.sentence not in shared}
        report.events = [e for e in report.events if e.sentence not in shared or e.date not in own_days]
        report.events = [e for e in report.events if not _told_more_exactly(e, report.events)]
        _date_the_news(report, sentences, today)
        if not report.events:  # named as a fact with no word on its progress: it exists
            first = next(ev for ev in report.evidence if "parties" in ev.fields)
            iso, text = _event_date(first.text, today)
            report.events.append(Event(first.sentence, first.text, "signed", report.kind, iso, text))
            report.cite(first.sentence, first.text, "status")
    _mark_delays(reports, sentences, named, today)
    return reports + updates


def _told_more_exactly(event: Event, events: list[Event]) -> bool:
    """A headline's "signs pact" that the lead tells is a memorandum of understanding: the same step, named
    exactly there."""
    return (
        event.sentence == 0
        and event.status == "signed"
        and not DEFINITIVE.search(event.text)
        and any(e.status == "preliminary" and 0 < e.sentence <= LEAD_SENTENCES and e.date == event.date for e in events)
    )


def _mark_delays(reports: list[Report], sentences: list[str], named: ArticleCompanies, today: date | None) -> None:
    """A sentence saying a deal's work slipped ("Piedmont will delay the first shipments to Tesla") is a step of
    its timeline, at the status the deal had: found after the article's deals, since news leads with the slip
    and relates the parties only later. One step per deal and article, quoting its first telling after the
    headline."""
    slips = [(i, m) for i, s in enumerate(sentences) if (m := delay_match(s)) and not status_match(s)]
    for report in reports if slips else ():
        parties, ventures = set(report.parties), {v.lower() for v in report.ventures}
        told = [
            (index, found)
            for index, found in slips
            if _about_the_deal(named, index, sentences[index], parties, ventures, alone=len(reports) == 1)
        ]
        if not told:
            continue
        index, found = next((t for t in told if t[0] > 0), told[0])
        iso, text = _event_date(sentences[index], today, found.span())
        report.events.append(Event(index, sentences[index], report.status, report.kind, iso, text, delayed=True))
        report.cite(index, sentences[index], "status")


def _about_the_deal(
    named: ArticleCompanies, index: int, sentence: str, parties: set[str], ventures: set[str], alone: bool
) -> bool:
    """Whether a sentence speaks of this deal: it names two of its parties or its venture, or, when the article
    reports only this deal, one party in the news's first sentences."""
    names = {m.name for m in named.mentions[index]}
    if len(names & parties) >= 2 or any(sentence[m.start : m.end].lower() in ventures for m in named.mentions[index]):
        return True
    return alone and index <= LEAD_SENTENCES and bool(names & parties)


def _update(index: int, sentence: str, names: list[str], today: date | None) -> list[Report]:
    """The step a sentence tells of whatever deal its companies have, when it relates none of them."""
    found = firm_status_match(sentence)
    if found is None:
        return []
    status, start, end = found
    iso, text = _event_date(sentence, today, (start, end))
    report = Report(names, events=[Event(index, sentence, status, "partnership", iso, text)], update=True)
    report.cite(index, sentence, "status")
    return [report]


# "its talks with a large automaker", "a deal with an unnamed partner": the other side, not named.
_UNNAMED_PARTNER = re.compile(
    r"\b(?:with|from|to|by)\s+(?:an?|one|another)\s+(?:(?:large|major|big|unnamed|undisclosed|unidentified|"
    r"global|foreign|chinese|japanese|european|u\.s\.|american|asian|strategic|potential|prospective)\s+){0,2}"
    r"(?:automaker|carmaker|car maker|partner|investor|company|manufacturer|buyer|backer|suitor|rival|group|firm)\b",
    re.I,
)


# A sentence whose subject is the two companies the sentence before named: "The two companies signed...".
_THE_TWO = re.compile(
    r"^(?:[^,;]{0,40},\s*)?(?:the two (?:companies|firms|groups|sides|automakers|carmakers|partners)|the two|"
    r"both (?:companies|firms|groups|sides)|the pair|the partners)\b",
    re.I,
)


# "The agreement will roughly double...": the deal the news is about, before any sentence related its parties.
_THE_DEAL = re.compile(
    r"^(?:Under\s+)?(?:the|this|that|their)\s+(?:new\s+)?(?:agreement|deal|partnership|pact|tie-up|alliance|"
    r"accord|collaboration|contract|joint venture|venture)\b",
    re.I,
)


def _pair_before(named: ArticleCompanies, index: int) -> tuple[str, ...]:
    """The two sides the nearest of the two sentences before names, when it names exactly two."""
    for back in (index - 1, index - 2):
        if back < 0:
            break
        sides = named.sides(tuple(dict.fromkeys(m.name for m in named.parties[back])))
        if sides:
            return sides if len(sides) == 2 else ()
    return ()


def _date_the_news(report: Report, sentences: list[str], today: date | None) -> None:
    """Events dated only by the article take the day the article says the news broke ("the companies said
    on Tuesday"), when one of the deal's sentences states a day in the week before publication."""
    if today is None:
        return
    week = {(today - timedelta(days=n)).isoformat() for n in range(8)}
    stated = next(
        (
            (iso, text)
            for ev in sorted(report.evidence, key=lambda e: e.sentence)
            for _, iso, text in _dates(sentences[ev.sentence], today)
            if iso in week
        ),
        None,
    )
    if stated is None:
        return
    for event in report.events:
        if event.date == today.isoformat() and not event.date_text:
            event.date, event.date_text = stated


# A clause that tells another story: "just a month after a planned sale of the same business to GSR collapsed".
_ASIDE_CLAUSE = re.compile(
    r"(?:,\s+|\s+)(?:just\s+|only\s+|shortly\s+|weeks?\s+|months?\s+|days?\s+|a (?:week|month|year)\s+|"
    r"\w+ (?:weeks|months|years)\s+)?(?:after|following|since|before)\b[^;]*$|,\s+\w+ing\s+(?:its|their)\b[^;]*$",
    re.I,
)  # or "..., ending its earlier deal with Magna"


def _step_of_sole_deal(
    reports: list[Report],
    index: int,
    sentence: str,
    name: str,
    today: date | None,
    kind: str = "",
    status: str = "",
) -> None:
    """A step a sentence tells of one company alone, added to the article's one deal of that company (of that
    kind, and only a step of that status, when given)."""
    theirs = [r for r in reports if name in r.parties and (not kind or r.kind == kind)]
    found = firm_status_match(sentence) if len(theirs) == 1 else None
    if found is None or status and found[0] != status:
        return
    iso, text = _event_date(sentence, today, found[1:])
    theirs[0].events.append(Event(index, sentence, found[0], theirs[0].kind, iso, text))
    theirs[0].cite(index, sentence, "status")


def _party_bought(sentence: str, mentions: list[Mention]) -> str:
    """The sentence as its kind and step are read: "to take full control of Pod Point", a party itself, is the
    rest of a company bought, not a partner's exit from a venture (which "full control of Voltline Energy", the
    venture, is). The words are replaced by "acquire" padded to their length, so that positions hold."""
    read = sentence
    rest = any(  # "agreed to acquire the rest of Cepton, ... turning a minority investment into full ownership"
        any(x.start == r.end() for x in mentions) for r in _THE_REST_OF.finditer(sentence)
    )
    for m in BUYOUT.finditer(sentence):
        of = _OF.match(sentence, m.end())
        if rest or of and any(x.start == of.end() for x in mentions):
            read = read[: m.start()] + "acquire".ljust(m.end() - m.start()) + read[m.end() :]
    return read


_RAISED = re.compile(
    r"\b(?:rais(?:ed|es|ing)|secur(?:ed|es)|clos(?:ed|es))\b[^.;]{0,60}\b(?:round|funding|financing)\b", re.I
)
_LED_THE_ROUND = re.compile(
    r"\b(?:the|this|that) (?:new )?(?:round|funding|financing|raise)\b[^.;]{0,20}\b(?:was |is |has been )?(?:co-)?led by\b|"
    r"\b(?:co-)?led the (?:new )?(?:round|funding|financing|raise)\b",
    re.I,
)
_OF = re.compile(r"\s+(?:of|in)\s+(?:the\s+)?")
_THE_REST_OF = re.compile(
    r"\b(?:acquir|buy|bought|purchas)\w*\s+(?:the\s+)?(?:rest|remainder|remaining\s+(?:shares|stake)|part|all)\s+"
    r"(?:of\s+)?(?:(?:the\s+)?[\w-]+\s+){0,4}?",
    re.I,
)
_THE_SAME_DOCUMENT = re.compile(
    r"(?:The|This|That) (?:agreement|deal|document|accord|pact|memorandum),? signed\b|"
    r"Under (?:the|this|that) (?:agreement|deal|document|accord|pact|memorandum)\b"
)


def _add_fields(
    report: Report, index: int, sentence: str, today: date | None, others: tuple[int, ...] = (), reading: str = ""
) -> None:
    """Fields the sentence adds to the report; ``others`` are where it names companies not party to it;
    ``reading`` is the sentence as its kind and step are read (see _party_bought)."""
    reading = reading or sentence
    report.cite(index, sentence, "mention")
    kind = kind_of(reading)
    kind_told = report.kind not in GENERIC_KINDS and index > LEAD_SENTENCES
    if kind and more_specific(kind, report.kind) == kind and kind != report.kind and not kind_told:
        report.kind = (
            kind  # but "BMW also holds a stake in Northvolt", late in a story of a supply order, is background
        )
        report.cite(index, sentence, "kind")
    found = status_match(reading)
    if found and found[0] == "talks":
        # "FedEx has agreed to take 2,000 more vans from BrightDrop, and is negotiating a deal for 20,000 more":
        # the deal agreed, then the talks about more of it
        joined = next((m for m in _AND_THEN.finditer(reading) if m.end() <= found[1]), None)
        agreed = status_match(reading[: joined.start()]) if joined else None
        found = agreed if agreed and agreed[0] == "signed" else found
    if found and found[0] == "ended" and report.kind == "acquisition" and BUYOUT.search(reading):
        # "full ownership would give Pod Point stability": the buyer of a company owning all of it ends nothing
        found = status_match(BUYOUT.sub(lambda m: " " * len(m.group()), reading))
    if found and others:
        aside = _ASIDE_CLAUSE.search(sentence)  # "..., a month after a planned sale to GSR Capital collapsed"
        if aside and aside.start() <= found[1] and any(aside.start() <= at < aside.end() for at in others):
            found = status_match(sentence[: aside.start()])
    if (
        found
        and found[0] == "signed"
        and _THE_SAME_DOCUMENT.match(sentence)
        and not DEFINITIVE.search(sentence)
        and any(e.status == "preliminary" for e in report.events)
    ):  # "The agreement, signed in Abu Dhabi", "Under the agreement, ...", of the memorandum the lead reported: the
        # same step, not a binding one
        found = ("preliminary", found[1], found[2])
    if found:
        status, start, end = found
        iso, text = _event_date(sentence, today, (start, end))
        same = next((e for e in report.events if e.status == status and e.date == iso), None)
        if same is None or text and not same.date_text:  # the sentence that states the date is the better quote
            if same is not None:
                report.events.remove(same)
            report.events.append(
                Event(index, sentence, status, more_specific(kind, report.kind) if kind else report.kind, iso, text)
            )
            report.cite(index, sentence, "status")
            if text:
                report.cite(index, sentence, "date")
    for topic in topics_of(sentence):
        if topic not in report.topics:
            report.topics.append(topic)
        report.cite(index, sentence, "topics")
    for figure in find_figures(sentence, today.year if today else None):
        if (figure.kind, figure.text) not in {(f["kind"], f["text"]) for f in report.figures}:
            report.figures.append({**figure.as_dict(), "sentence": index})
            report.cite(index, sentence, "figures")
