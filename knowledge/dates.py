"""Dates in news sentences, resolved against the article's own date.

News writes "on Thursday, December 7" and leaves the year to the page's
dateline, so a date without a year takes the year that puts it on or shortly
before the publication date; with no publication date the year stays unknown
rather than guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {
    m.lower(): i
    for i, m in enumerate(
        "January February March April May June July August September October November December".split(), 1
    )
}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS = {d.lower(): i for i, d in enumerate("Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split())}

_MONTH = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_WEEKDAY = r"(?:(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?P<year>(?:19|20)\d\d))?"

_PATTERNS = [
    re.compile(rf"\b{_WEEKDAY}{_MONTH}\s+{_DAY}\b{_YEAR}"),
    re.compile(rf"\b{_WEEKDAY}(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}{_YEAR}\b"),
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<monthnum>[01]\d)-(?P<day>[0-3]\d)\b"),
    re.compile(
        rf"\b(?:in|since|from|until|by|to|of|during|before|after|around|through|till)\s+{_MONTH}\s+(?P<year>(?:19|20)\d\d)\b"
    ),
]
_RELATIVE_WEEKDAY = re.compile(
    r"\b(?:on|last)\s+(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
)


@dataclass(frozen=True)
class DateMention:
    text: str
    iso: str  # "2017-12-07", "2017-12" or "--12-07" when the year is unknown

    def display(self) -> str:
        """The date as the article wrote it, with the year added where it was resolved."""
        if self.iso.startswith("--") or re.search(r"\b(?:19|20)\d\d\b", self.text):
            return self.text
        return f"{self.text}, {self.iso[:4]}"


def _resolve_year(month: int, day: int, published: date | None) -> int | None:
    if published is None:
        return None
    year = published.year
    try:
        if date(year, month, day) > published + timedelta(days=7):
            year -= 1
        date(year, month, day)
    except ValueError:
        return None
    return year


def find_dates(sentence: str, published: date | None = None) -> list[DateMention]:
    """Calendar dates a sentence states, most specific first."""
    found: list[tuple[int, DateMention]] = []
    for pattern in _PATTERNS:
        for m in pattern.finditer(sentence):
            groups = m.groupdict()
            month = int(groups["monthnum"]) if groups.get("monthnum") else MONTHS[groups["month"].lower().rstrip(".")]
            day = int(groups["day"]) if groups.get("day") else 0
            if day and not 1 <= day <= 31:
                continue
            year = (
                int(groups["year"]) if groups.get("year") else (_resolve_year(month, day, published) if day else None)
            )
            if not day:
                iso = f"{year:04d}-{month:02d}"
            elif year:
                try:
                    date(year, month, day)
                except ValueError:
                    continue
                iso = f"{year:04d}-{month:02d}-{day:02d}"
            else:
                iso = f"--{month:02d}-{day:02d}"
            text = m.group(0).strip()
            text = re.sub(r"^(?:in|since|from|until|by|to|of|during|before|after|around|through|till)\s+", "", text)
            found.append((m.start(), DateMention(text=text, iso=iso)))
    if published is not None and not found:
        for m in _RELATIVE_WEEKDAY.finditer(sentence):
            back = (published.weekday() - WEEKDAYS[m.group("weekday").lower()]) % 7
            then = published - timedelta(days=back)
            text = f"{m.group('weekday')}, {then:%B} {then.day}"
            found.append((m.start(), DateMention(text=text, iso=then.isoformat())))
    seen: set[str] = set()
    unique = []
    for _, mention in sorted(found, key=lambda p: p[0]):
        if mention.iso not in seen:
            seen.add(mention.iso)
            unique.append(mention)
    return unique


def parse_published(value: str | None) -> date | None:
    """A publication date given as ISO (2017-12-08, 2017-12-08T10:00Z) or as news prose."""
    if not value:
        return None
    value = value.strip()
    m = re.match(r"((?:19|20)\d\d)-(\d\d)-(\d\d)", value)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    for mention in find_dates(value):
        if len(mention.iso) == 10 and not mention.iso.startswith("--"):
            return date.fromisoformat(mention.iso)
    return None


_BYLINE_CUE = re.compile(
    r"^(?:by|published|posted|updated|first published)\b|[|\u00b7\u2014\u2013/]|\s-\s|"
    r"\b\d{1,2}[:.]\d\d\b|\b(?:ET|EST|EDT|CST|CDT|PST|PDT|GMT|UTC|BST|CET|CEST|JST|KST|IST)\b|"
    r"\bmin read\b",
    re.I,
)
_PLACE_DATELINE = re.compile(r"^[A-Z]{3,}(?:[ /,][A-Z]{2,})*\b")  # "TOKYO", "AMSTERDAM/TAIPEI"
_UPDATED = re.compile(r"\b(?:updated|modified|edited)\b", re.I)
_NUMERIC = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.]((?:19|20)\d\d)\b")
_TWELVE_HOUR = re.compile(r"\b(?:a\.?m\.?|p\.?m\.?)(?!\w)", re.I)


def _numeric_date(segment: str, line: str) -> date | None:
    """'05/24/2022' is month first, '20/06/2024' day first; when both could be either, a 24-hour clock
    on the line ('16:20') says day first, as in Europe, and a.m./p.m. month first."""
    m = _NUMERIC.search(segment)
    if not m:
        return None
    a, b, year = int(m[1]), int(m[2]), int(m[3])
    day_first = a > 12 or (b <= 12 and not _TWELVE_HOUR.search(line) and bool(re.search(r"\b\d{1,2}:\d\d\b", line)))
    day, month = (a, b) if day_first else (b, a)
    try:
        return date(year, month, day)
    except ValueError:
        return None


def byline_date(line: str) -> date | None:
    """The publication date a byline or dateline states ('By Dana Holt | March 12, 2024', 'Nov 30, 2020 ·
    4 min read', 'Updated: 20/06/2024 18:10 CEST'); a published date wins over an updated one."""
    line = line.strip()
    cue = bool(_BYLINE_CUE.search(line) or _PLACE_DATELINE.match(line))
    if not line or len(line) > 140 or len(line.split()) > 16 or line.endswith(".") and not cue:
        return None
    whole = parse_published(line) if len(line) <= 40 else None
    if whole is None and not cue:
        return None
    segments = re.split(r"\s*(?:[|\u00b7]|\s/\s|\s[\u2014\u2013-]\s)\s*", line)
    found: list[tuple[bool, date]] = []
    for segment in segments:
        day = parse_published(segment) or _numeric_date(segment, line)
        if day is not None:
            found.append((bool(_UPDATED.search(segment)), day))
    if whole is not None and not found:
        return whole
    return min(found, key=lambda f: f[0])[1] if found else None


# "SEOUL, Aug. 28, 2024 - Samsung SDI said...", "DETROIT (Reuters) March 3, 2024 --": a wire dateline opening
# the first paragraph, however long the paragraph goes on.
_WIRE_DATELINE = re.compile(
    r"^(?:[A-Z][A-Z.'’]+(?:[ /-][A-Z][A-Z.'’]+)*,?\s+)?(?:\([^)]{1,30}\)\s*)?(?P<when>[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+"
    r"(?:19|20)\d\d|\d{1,2}\s+[A-Z][a-z]{2,8}\.?\s+(?:19|20)\d\d)\s*(?:\([^)]{1,30}\)\s*)?(?:[-\u2013\u2014:]|\s-)"
)


def dateline_date(line: str) -> date | None:
    """The date a wire dateline at the start of a paragraph states, with its year."""
    m = _WIRE_DATELINE.match(line.strip())
    return parse_published(m["when"]) if m else None


# "Mumbai, Jun 20 (PTI) - EKA Mobility on Thursday said ...": a wire dateline that leaves out the year.
_YEARLESS_DATELINE = re.compile(
    rf"^(?:[A-Z][\w.'’/ -]{{1,30}},?\s+)?{_MONTH}\s+{_DAY}\s*(?:\([^)]{{1,30}}\)\s*)?(?:[-\u2013\u2014:]|\s-)\s"
)
_ON_WEEKDAY = re.compile(r"\b(?:on|last|this)\s+(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
# A year the story tells of as past or present, not a target: not "by 2030", "to 2027", "until 2026".
_TOLD_YEAR = re.compile(
    r"(?<!\bby )(?<!\bto )(?<!\buntil )(?<!\btill )(?<!\bthrough )(?<!\bbefore )\b((?:19|20)\d\d)\b"
)


def weekday_dated(lines: list[str]) -> date | None:
    """The date of a yearless dateline, from the weekday its story gives ("on Thursday") and the years the
    article tells of (not its targets, "by 2030"): the first year, from the latest of them, on which that day was
    that weekday."""
    for line in lines[:12]:
        m = _YEARLESS_DATELINE.match(line.strip())
        if m is None:
            continue
        weekday = _ON_WEEKDAY.search(line[m.end() :])
        years = [int(y) for y in _TOLD_YEAR.findall(" ".join(lines))]
        if weekday is None or not years:
            return None
        month, day = MONTHS[m["month"].lower().rstrip(".")], int(m["day"])
        for year in range(max(years), max(years) + 7):
            try:
                when = date(year, month, day)
            except ValueError:
                continue
            if when.weekday() == WEEKDAYS[weekday.group(1).lower()]:
                return when
        return None
    return None


def without_dateline(sentence: str) -> str:
    """The sentence after its wire dateline: "GOTHENBURG, Feb. 4, 2022 - ..." dates the report, not what it
    tells of."""
    m = _WIRE_DATELINE.match(sentence.strip())
    return sentence.strip()[m.end() :] if m else sentence
