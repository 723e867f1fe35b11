"""Page furniture removal: what a saved web page carries besides its story.

HTML goes through trafilatura, which knows page structure. Plain text and
Markdown copies of pages have lost that structure, so a line-level rule
recognises navigation links, media placeholders, captions, bylines, share
prompts, and "related" / "recommended" / "read more" blocks, whose teasers for
other stories would otherwise become knowledge the article never reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from knowledge.text import normalise

# A whole line that is navigation or a widget label.
_FURNITURE_LINE = re.compile(
    r"^(?:skip to (?:main )?content|skip navigation|menu|search|home|sign in|log in|sign up|subscribe(?: now)?|"
    r"newsletter|share(?: this(?: article| story)?)?|share on \w+|tweet|email|print|comments?|\d+ comments?|"
    r"advertisement|sponsored(?: content)?|related videos?|videos?|watch(?: now)?|listen(?: to this article)?|"
    r"follow us(?: on \w+)?|back to top|close|next|previous|continue reading|read more|see more|view all|"
    r"image|photo|gallery|loading\.*|open in app|cookie settings|accept(?: all)?(?: cookies)?|"
    r"(?:all )?rights reserved.*|\u00a9.*|copyright .*|by [A-Z][\w.'-]+(?: [A-Z][\w.'-]+){0,3}(?:,.{0,60})?|"
    r"[^|]{1,40}(?:\|[^|]{1,40}){2,}|"
    r"(?:updated|published|posted)(?: on)?:? .{0,40}|(?:photo|image|credit|source)s?: .{0,80}|"
    r"\d+ min(?:ute)? read|tags?:.*|filed under:?.*)$",
    re.I,
)

# A heading that opens a block of links to other stories: everything after it is dropped.
_RECOMMENDATIONS = re.compile(
    r"^(?:editors'? (?:recommendations|picks)|recommended(?: for you| stories| articles| reading)?|"
    r"(?:more )?related(?: articles| stories| coverage| content| reading| posts)?|you (?:may|might) also like|"
    r"(?:most )?popular(?: stories| now)?|trending(?: now| stories)?|read (?:next|this next)|more (?:stories|news)|"
    r"more from [\w' ]+|what to read next|further reading|latest (?:news|stories)|don't miss|up next)$",
    re.I,
)

MAX_TEASER_PARAGRAPHS = 2
_READ_MORE = re.compile(r"^(?:read more|continue reading|read the full story|full story)\W*$", re.I)
_END_PUNCT = re.compile(r"[.!?:;\"')\u201d]$")


@dataclass
class CleanPage:
    """An article's title and paragraphs, each paragraph with the heading it sits under."""

    title: str
    paragraphs: list[tuple[str, str]] = field(default_factory=list)


def _is_heading(line: str) -> bool:
    words = line.split()
    if not 1 <= len(words) <= 12 or _END_PUNCT.search(line):
        return False
    capitalised = sum(1 for w in words if w[:1].isupper() or w[:1].isdigit() or w.lower() in _MINOR_WORDS)
    return words[0][:1].isupper() and capitalised >= max(1, len(words) - 1)


_MINOR_WORDS = {"a", "an", "and", "the", "of", "in", "on", "for", "to", "with", "at", "by", "vs.", "vs", "or", "as"}


def _is_caption(line: str) -> bool:
    """A line that is neither a sentence nor a heading: an image caption or alt text."""
    return len(line.split()) <= 25 and not _END_PUNCT.search(line) and not _is_heading(line)


def clean_lines(lines: list[str], title: str | None = None) -> CleanPage:
    """Drop page furniture from the lines of a page; the first story line is the title unless given."""
    page = CleanPage(title=title or "")
    heading = ""
    teaser: list[tuple[str, str]] = []
    for raw in lines:
        line = " ".join(normalise(raw).split())
        if not line:
            continue
        if _RECOMMENDATIONS.match(line):
            break
        if _READ_MORE.match(line):
            # A teaser for another story (a paragraph or two since the last heading) ends here;
            # a longer stretch is the article itself, cut by a "continue reading" link.
            if 0 < len(teaser) <= MAX_TEASER_PARAGRAPHS:
                del page.paragraphs[len(page.paragraphs) - len(teaser):]
            teaser = []
            continue
        if _FURNITURE_LINE.match(line):
            continue
        if not page.title:
            page.title = line
            continue
        if _is_heading(line):
            heading = line
            teaser = []
            continue
        if _is_caption(line):
            continue
        page.paragraphs.append((heading, line))
        teaser.append((heading, line))
    return page


def clean_html(html: str) -> tuple[CleanPage, dict[str, str | None]]:
    """Main text of an HTML page, and its metadata (title, date, url) where the page states them."""
    import trafilatura

    doc = trafilatura.bare_extraction(html, include_comments=False, include_tables=False,
                                      favor_precision=True, with_metadata=True)
    if doc is None:
        return CleanPage(title=""), {}
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = data.get("text") or ""
    page = clean_lines(text.splitlines(), title=data.get("title") or None)
    meta = {"title": data.get("title"), "published": data.get("date"), "url": data.get("url")}
    return page, meta
