"""Page furniture removal: what a saved web page carries besides its story.

HTML goes through trafilatura, which knows page structure; its result is read
as blocks (paragraphs, headings, list items). Plain text and Markdown copies of
pages have lost that structure, so their lines are grouped into blocks first: a
sentence wrapped across lines is joined again, and a line starting with a
bullet or a number is a list item. Then a block-level rule recognises
navigation links, media placeholders, captions, bylines, share prompts, and
"related" / "recommended" / "read more" blocks, whose teasers for other stories
would otherwise become knowledge the article never reported.

Furniture is removed as blocks, never by cutting the page: a "Most popular"
label opens a run of teaser links that ends where the article's prose
resumes, so a label at the top of a page, or between two paragraphs, costs the
article nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lxml.etree import _Element

from knowledge.text import CJK_CHARS, normalise, split_sentences

if TYPE_CHECKING:
    from trafilatura.settings import Document as TrafilaturaDocument

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
    r"(?:photo |image |picture )?captions?: .{0,200}|"
    r"\d+ min(?:ute)? read|tags?:.*|filed under:?.*)$",
    re.I,
)

# A label that opens a run of links to other stories; the run ends where the article's prose resumes.
_RECOMMENDATIONS = re.compile(
    r"^(?:editors'? (?:recommendations|picks)|recommended(?: for you| stories| articles| reading)?|"
    r"(?:more )?related(?: articles| stories| coverage| content| reading| posts)?|you (?:may|might) also like|"
    r"(?:most )?popular(?: stories| now)?|most (?:read|viewed|shared|commented|emailed)(?: stories| articles)?|trending(?: now| stories)?|read (?:next|this next)|more (?:stories|news)|"
    r"more from [\w' ]+|what to read next|further reading|latest (?:news|stories)|don't miss|up next)\W*$",
    re.I,
)

MAX_TEASER_PARAGRAPHS = 2
# The link that ends a teaser for another story. ("Continue reading" is not one: the article goes on after it.)
_READ_MORE = re.compile(r"^(?:read more|read the full story|full story)\W*$", re.I)
_END_PUNCT = re.compile(r"[.!?:;\"')\u201d\u3002\u300d\u300f\u3011]$")
_SENTENCE_PUNCT = re.compile(r"[.!?\u3002][\"')\u201d\u300d\u300f\u3011]*$")
# A heading that ends with a full stop is a sentence set in large type (a standfirst), not a heading.
_FULL_STOP = re.compile(r"[.\u3002][\"')\u201d\u300d\u300f]*$")
_BULLET = re.compile(r"^\s*(?:[-*+\u2022\u00b7\u25aa\u25cf\u2023]|\d{1,2}[.)])\s+(?=\S)")
_CLOSING = ",.;:)]%\u3001\u3002"  # what a wrapped line may start with when it finishes a sentence
_CJK = re.compile(f"[{CJK_CHARS}]")
# A line this long that stops mid-sentence, the next line not fitting on it, is wrapped prose, not a caption.
WRAPPED_WORDS, WRAPPED_CJK_CHARS = 12, 25
# A block this long (and ending a sentence), or of two sentences, is article prose, not a teaser's summary.
PROSE_WORDS, PROSE_CJK_CHARS = 20, 40
# Chinese and Japanese prose often ends a line without a full stop; a line this long is no caption.
CAPTION_CJK_CHARS = 15
_MINOR_WORDS = {"a", "an", "and", "the", "of", "in", "on", "for", "to", "with", "at", "by", "vs.", "vs", "or", "as"}


@dataclass
class CleanPage:
    """An article's title and paragraphs, each paragraph with the heading it sits under."""

    title: str
    paragraphs: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Block:
    """One paragraph-like unit of a page; ``kind`` is what the markup says it is: text, heading or item."""

    text: str
    kind: str = "text"


def _cjk_chars(line: str) -> int:
    return len(_CJK.findall(line))


def _is_heading(line: str) -> bool:
    """A short line in title case, a question one included ("Is Kestrel About to Cut Prices?")."""
    words = line.split()
    if not 1 <= len(words) <= 12 or _END_PUNCT.search(line.rstrip("?")):
        return False
    capitalised = sum(1 for w in words if w[:1].isupper() or w[:1].isdigit() or w.lower() in _MINOR_WORDS)
    return words[0][:1].isupper() and capitalised >= max(1, len(words) - 1)


def _is_caption(line: str) -> bool:
    """A short line that is neither a sentence nor a heading: an image caption or alt text."""
    short = len(line.split()) <= 25 and _cjk_chars(line) < CAPTION_CJK_CHARS
    return short and not _END_PUNCT.search(line) and not _is_heading(line)


def _is_prose(line: str) -> bool:
    """A paragraph of an article, not a headline, caption or teaser summary: it ends a sentence and is long,
    or holds several sentences."""
    if not _SENTENCE_PUNCT.search(line):
        return False
    long = len(line.split()) >= PROSE_WORDS or _cjk_chars(line) >= PROSE_CJK_CHARS
    return long or len(split_sentences(line)) >= 2


def _resumes(line: str, after_headline: bool) -> bool:
    """Whether a block inside a run of teaser links is the article's prose again.

    Prose is; so is a single short sentence, unless it follows a teaser's headline: then it is that
    teaser's summary.
    """
    return _is_prose(line) or (not after_headline and bool(_SENTENCE_PUNCT.search(line)))


def _continues(previous: str, line: str, one_paragraph: bool) -> bool:
    """Whether ``line`` carries on the sentence ``previous`` broke off (a wrapped line, not a new paragraph).

    Lines that markup puts in ``one_paragraph`` (split by <br>) join unless one ends a sentence or is a
    heading-like or furniture line. In plain text a line may also be a caption, so a wrap is recognised by a
    lower-case start, or by a long unfinished line that was full: the next one, its first word included,
    would not have fitted on it (a caption is followed by a paragraph longer than itself).
    """
    if (
        _END_PUNCT.search(previous)
        or _BULLET.match(line)
        or _FURNITURE_LINE.match(previous)
        or _FURNITURE_LINE.match(line)
    ):
        return False
    if line[:1].islower() or line[:1] in _CLOSING:
        return True
    if _is_heading(previous):
        return False
    if one_paragraph:
        return True
    long = len(previous.split()) >= WRAPPED_WORDS or _cjk_chars(previous) >= WRAPPED_CJK_CHARS
    return long and len(line) <= len(previous) + len(line.split()[0]) + 1


def _join(previous: str, line: str) -> str:
    """Two pieces of a wrapped line; CJK text has no spaces between words to put back, nor does "(2026" + ")."."""
    cjk = _CJK.match(previous[-1:]) and _CJK.match(line[:1])
    return previous + line if cjk or line[:1] in _CLOSING else f"{previous} {line}"


def _unwrap(
    lines: Iterable[str], kind: str = "text", keep_first: bool = False, one_paragraph: bool = False
) -> Iterator[Block]:
    """Lines grouped into blocks: blank lines and bullets start one, wrapped lines join the one before.

    With ``keep_first`` the first line stays on its own, as a heading: a plain-text file's first line is its title.
    """
    current: Block | None = None
    first = keep_first
    for raw in lines:
        line = " ".join(normalise(raw).split())
        bullet = _BULLET.match(line)
        if current and line and not first and _continues(current.text, line, one_paragraph):
            current.text = _join(current.text, line)
            continue
        if current:
            yield current
            first = False
        current = None
        if bullet:
            current = Block(line[bullet.end() :], "item")
        elif line:
            current = Block(line, "heading" if first else kind)
    if current:
        yield current


def clean_blocks(blocks: Iterable[Block], title: str | None = None) -> CleanPage:
    """Drop page furniture from the blocks of a page; the first story block is the title unless given.

    A recommendations label, or a "Read more" link, opens a run of teaser links, skipped until the
    article's prose resumes. A "Read more" link also ends a teaser: the paragraphs since the last heading
    (once a label or link was seen, since the last of those, whatever headings and captions a teaser
    carries), if they are not more than MAX_TEASER_PARAGRAPHS of prose.
    """
    page = CleanPage(title=title or "")
    heading = ""
    teaser: list[str] = []  # the paragraphs a "Read more" link would end
    in_teasers = False  # a label or "Read more" link was seen: teasers run from one to the next
    run = ""  # inside a run of links to other stories: what opened it, a "label" or a "link"
    headline = ""  # in such a run, the last line shaped like a headline: a teaser's, or an untitled page's own
    for block in blocks:
        line = block.text
        if line == page.title:
            headline = ""
            continue
        if _RECOMMENDATIONS.match(line):
            run, in_teasers, headline, teaser = "label", True, "", []
            continue
        if run:
            # Teasers under a label may have no "Read more" link to end them: a short sentence after a
            # headline is one's summary. After a link, the next teaser's own link would end it.
            after_headline = bool(headline and page.title and run == "label")
            if block.kind == "item" or not _resumes(line, after_headline):
                if not _FURNITURE_LINE.match(line):  # a list of links has no summaries: only a headline line has
                    headline = "" if block.kind == "item" or _SENTENCE_PUNCT.search(line) else line
                continue
            run = ""
            page.title = page.title or headline
        if _READ_MORE.match(line):
            if teaser and sum(map(_is_prose, teaser)) <= MAX_TEASER_PARAGRAPHS:
                del page.paragraphs[len(page.paragraphs) - len(teaser) :]
            run, in_teasers, headline, teaser = "link", True, "", []
            continue
        if _FURNITURE_LINE.match(line):
            continue
        if not page.title:
            # The title, unless a page without one starts with a paragraph: then its first sentence stands for one.
            first, *rest = split_sentences(line) if block.kind == "text" else [line]
            page.title = first
            if not rest:
                continue
            line = " ".join(rest)
        elif (block.kind == "heading" and not _FULL_STOP.search(line)) or (block.kind == "text" and _is_heading(line)):
            heading = line
            teaser = teaser if in_teasers else []
            continue
        elif block.kind == "text" and _is_caption(line):
            continue
        page.paragraphs.append((heading, line))
        teaser.append(line)
    return page


def clean_lines(lines: list[str], title: str | None = None) -> CleanPage:
    """Drop page furniture from the lines of a plain-text page; its first line is the title unless given."""
    return clean_blocks(_unwrap(lines, keep_first=title is None), title)


# -- HTML ---------------------------------------------------------------------------

# trafilatura's block elements; the rest (hi, ref, code, del, lb...) run inline.
_BLOCK_TAGS = {"p", "head", "list", "item", "quote", "table", "row", "cell", "div", "graphic"}
_KINDS = {"head": "heading", "item": "item"}
_SPACES = re.compile(r"\s+")
_TITLE_SEPARATOR = r"\s+[|\u2013\u2014\u2022\u00b7\u00bb:-]+\s+"  # "Headline | Site", "Site - Headline"
# Precision mode keeps little of a page when a layout misleads it; then recall mode's text is taken instead.
MIN_PRECISION_SHARE = 0.7


def _spaced(text: str | None) -> str:
    """Markup text with its source line breaks as spaces: only <br> (trafilatura's <lb>) breaks a line."""
    return _SPACES.sub(" ", text or "")


def _inline_parts(element: _Element) -> Iterator[str]:
    """An inline element's text and tail, its <lb> line breaks as newlines."""
    if element.tag == "lb":
        yield "\n"
    else:
        yield _spaced(element.text)
        for child in element:
            yield from _inline_parts(child)
    yield _spaced(element.tail)


def _xml_blocks(element: _Element) -> Iterator[Block]:
    """trafilatura's body as blocks, in page order; text around nested blocks is a block of its own."""
    kind = _KINDS.get(element.tag, "text")
    parts = [_spaced(element.text)]
    for child in element:
        if child.tag in _BLOCK_TAGS:
            yield from _unwrap("".join(parts).split("\n"), kind, one_paragraph=True)
            yield from _xml_blocks(child)
            parts = [_spaced(child.tail)]
        else:
            parts.extend(_inline_parts(child))
    yield from _unwrap("".join(parts).split("\n"), kind, one_paragraph=True)


def _compact(name: str) -> str:
    """A site name reduced for comparison: "www.EV-Wire.com" and "EV Wire" both become "evwire"."""
    return re.sub(r"^www|com$", "", re.sub(r"\W", "", name.casefold()))


def _headline(title: str | None, sitename: str | None, tree: _Element) -> str | None:
    """The story's headline: the page's only <h1> when the title holds it, else the title without the site name.

    Pages title themselves "Headline | Site Name"; the stored title should say what the story says.
    """
    title = " ".join(normalise(title or "").split())
    h1s = [" ".join(normalise(h.text_content()).split()) for h in tree.iter("h1")]
    if len(h1s) == 1 and h1s[0] and h1s[0] != title and h1s[0] in title:
        return h1s[0]
    parts = re.split(f"({_TITLE_SEPARATOR})", title)  # text, separator, text, ...
    site = _compact(sitename or "")
    if len(parts) > 1 and site:
        if _compact(parts[-1]) and _compact(parts[-1]) in site:
            return "".join(parts[:-2])
        if _compact(parts[0]) and _compact(parts[0]) in site:
            return "".join(parts[2:])
    if " | " in title:  # "Headline | Section | Site": the headline is the longest part
        return max(title.split(" | "), key=len)
    return title or None


def _extract(
    tree: _Element, *, favor_precision: bool = False, favor_recall: bool = False
) -> TrafilaturaDocument | None:
    """trafilatura's reading of a page, tables included (some sites lay articles out in them)."""
    import trafilatura

    found = trafilatura.bare_extraction(
        tree,
        include_comments=False,
        include_tables=True,
        with_metadata=True,
        favor_precision=favor_precision,
        favor_recall=favor_recall,
    )
    return None if isinstance(found, dict) else found  # a dict only when asked for one (as_dict=True)


def clean_html(html: str) -> tuple[CleanPage, dict[str, str | None]]:
    """Main text of an HTML page, and its metadata (title, date, url) where the page states them.

    Precision mode keeps comments and link lists out; when it keeps less than MIN_PRECISION_SHARE of what
    recall mode finds, it missed the story (a layout it misread), and recall mode's text is used.
    """
    import trafilatura

    tree = trafilatura.load_html(html)
    if tree is None:
        return CleanPage(title=""), {}
    doc, wide = _extract(tree, favor_precision=True), _extract(tree, favor_recall=True)
    if wide is not None and (doc is None or len(doc.text or "") < MIN_PRECISION_SHARE * len(wide.text or "")):
        doc = wide
    if doc is None:
        return CleanPage(title=""), {}
    title = _headline(doc.title, doc.sitename, tree)
    page = clean_blocks(_xml_blocks(doc.body), title=title)
    return page, {"title": title, "published": doc.date, "url": doc.url}
