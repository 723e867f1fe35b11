"""A core ``Reply`` drawn as one Discord embed, within Discord's size limits.

Title, the answer as the description, the deal fields (parties, status, date,
money, topics...), then one field per source article: its title, a link, its
date and the sentences quoted. What does not fit is cut with an ellipsis or, for
sources, counted in the footer; Discord rejects an embed over any limit.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import discord

from bot.models import Reply, Source

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


def clip(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, ending in an ellipsis when cut."""
    if len(text) <= limit:
        return text
    return text[: max(limit - 1, 0)].rstrip() + ELLIPSIS if limit > 0 else ""


def _link_label(text: str) -> str:
    # Square brackets would end a masked link early; markdown would restyle it.
    return discord.utils.escape_markdown(text.replace("[", "(").replace("]", ")"))


def _safe_url(url: str) -> str:
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def source_field(number: int, cite: Source) -> tuple[str, str]:
    """An article as an embed field: its title, a link with its date, then the sentences quoted."""
    name = clip(f"{number}. {cite.title or 'Untitled article'}", FIELD_NAME_MAX)
    where = []
    parts = urlsplit(cite.url) if cite.url else None
    if parts and parts.scheme in {"http", "https"}:
        where.append(f"[{_link_label(parts.netloc or 'link')}]({_safe_url(cite.url or '')})")
    if cite.published:
        where.append(cite.published)
    lines = [" \u00b7 ".join(where)] if where else []
    for quote in cite.quotes:
        room = FIELD_VALUE_MAX - sum(len(x) + 1 for x in lines) - 2
        if room < 40:
            break
        lines.append("> " + clip(discord.utils.escape_markdown(quote), room))
    return name, clip("\n".join(lines), FIELD_VALUE_MAX) or EMPTY


def colour_of(reply: Reply) -> discord.Colour:
    if reply.kind == "usage":
        return COLOUR_USAGE
    return COLOUR_FOUND if reply.found else COLOUR_UNKNOWN


def reply_embed(reply: Reply) -> discord.Embed:
    """The reply as an embed no larger than Discord accepts (``len(embed) <= 6000``)."""
    title = clip(reply.title or "evbot", TITLE_MAX)
    facts = [
        (clip(f.name, FIELD_NAME_MAX) or EMPTY, clip(f.value, FIELD_VALUE_MAX) or EMPTY, f.inline) for f in reply.fields
    ][:FIELDS_MAX]
    budget = TOTAL_MAX - FOOTER_RESERVE - len(title)
    while facts and sum(len(n) + len(v) for n, v, _ in facts) > budget:
        facts.pop()  # only a pathological reply gets here: keep the answer rather than every fact
    budget -= sum(len(n) + len(v) for n, v, _ in facts)
    description = clip(reply.text.strip(), min(DESCRIPTION_MAX, budget))
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
        embed.set_footer(text=clip(f"{left} more source{'s' if left > 1 else ''} not shown.", FOOTER_RESERVE))
    return embed
