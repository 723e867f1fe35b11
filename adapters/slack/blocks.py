"""A core ``Reply`` drawn as Slack Block Kit, within Slack's limits.

Everything in a reply may come from an article (titles, sentences, deal names),
the user or a model, so every string goes through ``escape``, the one rule for
such text: no control characters, Slack's control characters (``&``, ``<``,
``>``) as entities, so that an article cannot produce ``<!channel>``,
``<!here>``, ``<!everyone>``, ``<@U123>`` or a link, and no ``` fence (an odd
one would turn the rest of the message into a code block; mrkdwn has no
escape, so runs of backticks become look-alike grave accents). Links are built
here and only for http(s) URLs.
"""

from __future__ import annotations

import re
from typing import Any

from bot.models import Field, Reply, Source
from knowledge.controls import strip_controls

MAX_BLOCKS = 50
MAX_SECTION = 3000
MAX_HEADER = 150
MAX_FIELD = 2000
MAX_FIELDS_PER_SECTION = 10
MAX_QUOTE = 500
MAX_FALLBACK = 3000

Block = dict[str, Any]

# A plain "@here" is not a mention unless a poster asks Slack to link names; a
# word joiner after the "@" keeps it that way should anyone ever turn that on.
_SPECIAL_MENTION = re.compile(r"@(?=(?:channel|here|everyone)\b)", re.I)
# Two backticks or more: never what the core writes (it quotes commands in single ones), and the start of a fence.
_BACKTICK_RUN = re.compile(r"`{2,}")
GRAVE = "\u02cb"  # MODIFIER LETTER GRAVE ACCENT, which looks like a backtick and means nothing to mrkdwn


def escape(text: str) -> str:
    """Text safe to put in any mrkdwn or plain_text field: no control characters, Slack's control characters
    as entities, mass mentions broken and no ``` fence."""
    text = strip_controls(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _BACKTICK_RUN.sub(lambda m: GRAVE * len(m.group()), text)
    return _SPECIAL_MENTION.sub("@\u2060", text)


def clip(text: str, limit: int) -> str:
    """Escaped text cut to ``limit`` characters with an ellipsis, never inside an entity."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    amp = cut.rfind("&", max(0, len(cut) - 5))
    if amp != -1 and ";" not in cut[amp:]:
        cut = cut[:amp]
    return cut + "\u2026"


def chunks(text: str, limit: int = MAX_SECTION) -> list[str]:
    """Escaped text in pieces of at most ``limit`` characters, split at line ends or spaces."""
    pieces = []
    while len(text) > limit:
        cut = max(text.rfind("\n", 0, limit), text.rfind(" ", 0, limit))
        if cut <= 0:
            head = clip(text, limit + 1)[:-1]  # a hard cut that keeps entities whole
            pieces.append(head)
            text = text[len(head) :]
            continue
        pieces.append(text[:cut])
        text = text[cut + 1 :]
    if text.strip():
        pieces.append(text)
    return pieces


def link(title: str, url: str | None) -> str:
    """A mrkdwn link to an http(s) URL, or the escaped title alone."""
    label = escape(title or url or "source")
    if not url or not re.match(r"https?://", url, re.I):
        return label
    safe = (
        strip_controls(url)
        .replace("&", "&amp;")
        .replace("<", "%3C")
        .replace(">", "%3E")
        .replace("|", "%7C")
        .replace(" ", "%20")
    )
    return f"<{safe}|{label}>"


def _field_sections(fields: tuple[Field, ...]) -> list[Block]:
    texts = [{"type": "mrkdwn", "text": clip(f"*{escape(f.name)}*\n{escape(f.value)}", MAX_FIELD)} for f in fields]
    return [
        {"type": "section", "fields": texts[i : i + MAX_FIELDS_PER_SECTION]}
        for i in range(0, len(texts), MAX_FIELDS_PER_SECTION)
    ]


def _source(number: int, cite: Source) -> Block:
    line = f"*[{number}]* {link(cite.title, cite.url)}"
    if cite.published:
        line += f" ({escape(cite.published)})"
    for quote in cite.quotes:
        line += f"\n\u201c{clip(escape(quote), MAX_QUOTE)}\u201d"
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": clip(line, MAX_SECTION)}]}


def render(reply: Reply) -> dict[str, Any]:
    """``blocks`` and the fallback ``text`` (notifications, screen readers) for one reply."""
    blocks: list[Block] = [
        {
            "type": "header",
            "text": {"type": "plain_text", "emoji": False, "text": clip(escape(reply.title or "evbot"), MAX_HEADER)},
        }
    ]
    blocks += [{"type": "section", "text": {"type": "mrkdwn", "text": piece}} for piece in chunks(escape(reply.text))]
    blocks += _field_sections(reply.fields)
    if reply.citations:
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": "*Sources*"}]})
        blocks += [_source(n, source) for n, source in enumerate(reply.sources, 1)]
    if len(blocks) > MAX_BLOCKS:
        omitted = len(blocks) - (MAX_BLOCKS - 1)
        blocks = blocks[: MAX_BLOCKS - 1] + [
            {"type": "context", "elements": [{"type": "mrkdwn", "text": f"\u2026{omitted} more not shown."}]}
        ]
    return {"blocks": blocks, "text": clip(escape(f"{reply.title}: {reply.text}"), MAX_FALLBACK)}
