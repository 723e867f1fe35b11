"""A core ``Reply`` drawn as one Discord embed, within Discord's size limits.

Title, the answer as the description, the deal fields (parties, status, date,
money, topics...), then one field per source article: its title, a link, its
date and the sentences quoted. What does not fit is cut with an ellipsis or, for
sources, counted in the footer; Discord rejects an embed over any limit.

Every string of a reply may come from an article, the user or a model, and
Discord renders markdown in titles, descriptions and fields: ``literal`` is the
one rule that makes such text show as written (no masked link, heading, quote,
spoiler, code block or mention). Only the source links are built here, from URLs.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import discord

from bot.models import Reply, Source
from knowledge.controls import strip_controls

TITLE_MAX = 256
DESCRIPTION_MAX = 4096
FIELDS_MAX = 25
FIELD_NAME_MAX = 256
FIELD_VALUE_MAX = 1024
TOTAL_MAX = 6000  # title + description + every field name and value + footer
FOOTER_RESERVE = 80  # kept free for the "sources not shown" note

COLOUR_FOUND = discord.Colour(0x2E8B57)
COLOUR_UNKNOWN = discord.Colour(0x99AAB5)
COLOUR_USAGE = discord.Colour(0xE67E22)

ELLIPSIS = "\u2026"
EMPTY = "\u200b"  # Discord refuses empty field values


# Backslash-escaped wherever they stand (Discord shows a backslash and a character as the character): what opens
# emphasis, underline, strike, spoilers, quotes, headings and subtext; "[" of a masked link "[label](url)";
# "<" of mentions, timestamps and <url> links; and the ":" of "scheme://" that starts a bare link. Discord
# reads a masked or bare link before code spans, so either could reach past a backtick into a span.
_MARKDOWN = re.compile(r"[\\*_~|<>#\[]|(?<=\w):(?=//)")
_MASS_MENTION = re.compile(r"@(?=(?:everyone|here)\b)", re.I)
_BACKTICKS = re.compile(r"(`+)")


def literal(text: str) -> str:
    """Untrusted text that Discord shows as written: no control characters, every markdown character
    escaped, @everyone and @here broken by a zero-width space. A run of backticks (an odd ``` fence
    would swallow the rest of the embed) is escaped too; a pair of single backticks around one line stays
    a code span, whose content Discord shows as it is (the core's replies quote commands that way)."""
    pieces = _BACKTICKS.split(_MASS_MENTION.sub("@\u200b", strip_controls(text)))  # text, run, text, ...
    out: list[str] = []
    i = 0
    while i < len(pieces):
        piece = pieces[i]
        if i % 2 == 0:
            out.append(_MARKDOWN.sub(lambda m: "\\" + m.group(), piece))
        elif piece == "`" and i + 2 < len(pieces) and pieces[i + 2] == "`" and "\n" not in pieces[i + 1]:
            out.append(f"`{pieces[i + 1]}`")
            i += 2
        else:
            out.append("\\`" * len(piece))
        i += 1
    return "".join(out)


def fit(text: str, limit: int) -> str:
    """``literal(text)`` in at most ``limit`` characters, ending in an ellipsis when cut. The text is cut
    before it is escaped: a cut through a code span would turn its content into live markdown."""
    text = strip_controls(text)
    shown = literal(text)
    while len(shown) > limit:
        if limit <= len(ELLIPSIS):
            return ELLIPSIS[:limit]
        text = text[: max(len(text) - (len(shown) - limit) - len(ELLIPSIS), 0)].rstrip()
        shown = literal(text) + ELLIPSIS
    return shown


def clip(text: str, limit: int) -> str:
    """``text`` (the bot's own) cut to at most ``limit`` characters, ending in an ellipsis when cut."""
    if len(text) <= limit:
        return text
    return text[: max(limit - 1, 0)].rstrip() + ELLIPSIS if limit > 0 else ""


def _link_label(text: str) -> str:
    # A square bracket in the label would end the masked link early.
    return literal(text.replace("[", "(").replace("]", ")"))


def _safe_url(url: str) -> str:
    url = strip_controls(url).replace(" ", "%20").replace("(", "%28").replace(")", "%29")
    return url.replace("<", "%3C").replace(">", "%3E").replace("\n", "%0A")


def source_field(number: int, cite: Source) -> tuple[str, str]:
    """An article as an embed field: its title, a link with its date, then the sentences quoted."""
    prefix = f"{number}. "
    name = prefix + fit(cite.title or "Untitled article", FIELD_NAME_MAX - len(prefix))
    where = []
    parts = urlsplit(cite.url) if cite.url else None
    if parts and parts.scheme in {"http", "https"}:
        where.append(f"[{_link_label(parts.netloc or 'link')}]({_safe_url(cite.url or '')})")
    if cite.published:
        where.append(literal(cite.published))
    lines = [" \u00b7 ".join(where)] if where else []
    for quote in cite.quotes:
        room = FIELD_VALUE_MAX - sum(len(x) + 1 for x in lines) - 2
        if room < 40:
            break
        lines.append("> " + fit(quote, room))
    return name, clip("\n".join(lines), FIELD_VALUE_MAX) or EMPTY


def colour_of(reply: Reply) -> discord.Colour:
    if reply.kind == "usage":
        return COLOUR_USAGE
    return COLOUR_FOUND if reply.found else COLOUR_UNKNOWN


def reply_embed(reply: Reply) -> discord.Embed:
    """The reply as an embed no larger than Discord accepts (``len(embed) <= 6000``)."""
    title = fit(reply.title or "evbot", TITLE_MAX)
    facts = [
        (fit(f.name, FIELD_NAME_MAX) or EMPTY, fit(f.value, FIELD_VALUE_MAX) or EMPTY, f.inline) for f in reply.fields
    ][:FIELDS_MAX]
    budget = TOTAL_MAX - FOOTER_RESERVE - len(title)
    while facts and sum(len(n) + len(v) for n, v, _ in facts) > budget:
        facts.pop()  # only a pathological reply gets here: keep the answer rather than every fact
    budget -= sum(len(n) + len(v) for n, v, _ in facts)
    description = fit(reply.text.strip(), min(DESCRIPTION_MAX, budget))
    budget -= len(description)

    embed = discord.Embed(title=title, description=description or None, colour=colour_of(reply))
    for name, value, inline in facts:
        embed.add_field(name=name, value=value, inline=inline)
    articles = reply.sources
    shown = 0
    for number, cite in enumerate(articles, 1):
        name, value = source_field(number, cite)
        if len(embed.fields) >= FIELDS_MAX or len(name) + len(value) > budget:
            break
        embed.add_field(name=name, value=value, inline=False)
        budget -= len(name) + len(value)
        shown += 1
    if shown < len(articles):
        left = len(articles) - shown
        # The footer is the bot's own words, and Discord renders no markdown there.
        embed.set_footer(text=clip(f"{left} more source{'s' if left > 1 else ''} not shown.", FOOTER_RESERVE))
    return embed
