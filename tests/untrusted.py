"""Articles that try to take over what a reader sees, and what each platform would show a reader.

The articles carry a masked link to a phishing page (in the title and in the
text), an odd ``` fence, terminal escape sequences (a screen clear, an OSC 52
clipboard write, an OSC 8 link hidden under innocent words, BEL) and a bidi
override. The readers follow each platform's own markup rules, written from
the platforms' parsers, not from the adapters: a test asserts on what a user
would see, not on how the adapter escaped it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

EVIL = "https://evil.example/login"
ARTICLE_URL = "https://example.com/news/rivian-volkswagen-terms"
TITLE = f"Rivian and Volkswagen sign a [software deal]({EVIL})"
ARTICLE = (
    f"{TITLE}\n"
    "Volkswagen will invest up to $5 billion in a joint venture with Rivian, the companies said on Tuesday. "
    f"Investors can read the terms on [the login page]({EVIL}) today.\n"
    "The joint venture will build ``` software for electric cars, Rivian said.\n"
    "Volkswagen will pay \x1b]52;c;ZXZpbA==\x07the first $1 billion\x1b[2J in 2024, "
    "\x1b]8;;https://evil.example/\x1b\\according to the filing\x1b]8;;\x1b\\, and the venture is based in "
    "\u202eainrofilaC\u202c, Rivian said.\a\n"
)
# The same tricks as HTML entities, which the HTML parser decodes after any raw-text cleaning.
HTML_ARTICLE = (
    "<html><head><title>Rivian and Volkswagen pick a chip supplier</title></head><body><article>"
    "<h1>Rivian and Volkswagen pick a chip supplier</h1>"
    "<p>The Rivian and Volkswagen joint venture will buy its chips in &#x202e;anihC&#x202c; from a supplier "
    "it did not name, a Rivian spokesperson said on Wednesday, adding that the deal runs for years.</p>"
    "<p>The chips will go into the software platform the two companies are building for electric cars, "
    "Volk&#x200b;swagen said in a statement on Wednesday.</p>"
    "</article></body></html>"
)
# Questions whose answers quote the sentences above.
ASK_PAYMENT = "how much will volkswagen pay rivian?"
ASK_BUILD = "what will the rivian volkswagen joint venture build?"
ASK_DEAL = "rivian volkswagen?"
# What a user types, echoed back in "I don't know of a deal matching ...".
TYPED = f"[the login page]({EVIL}) ```"

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def controls_in(text: str) -> list[str]:
    """The control, bidi and zero-width characters in ``text`` (tabs and newlines are fine)."""
    return CONTROL.findall(text)


# -- Discord --------------------------------------------------------------------------------------------------

# Discord's inline rules (simple-markdown's, as Discord uses them), in the order tried at each position.
_DISCORD_RULES = [
    ("escape", re.compile(r"\\([^0-9A-Za-z\s])")),
    ("fence", re.compile(r"```(?:[a-z0-9_+\-.#]+?\n)?\n*([^\n][\s\S]*?)\n*```", re.I)),
    ("autolink", re.compile(r"<([^: >]+:/[^ >]+)>")),
    ("url", re.compile(r"((?:https?|steam)://[^\s<]+[^<.,:;\"')\]\s])")),
    (
        "link",
        re.compile(
            r"\[((?:\[[^\]]*\]|[^\[\]]|\](?=[^\[]*\]))*)\]\(\s*<?((?:\([^)]*\)|[^\s\\]|\\.)*?)>?"
            r"(?:\s+['\"]([\s\S]*?)['\"])?\s*\)"
        ),
    ),
    ("mention", re.compile(r"<(?:@[!&]?|#)\d+>|@(?:everyone|here)")),
    ("code", re.compile(r"(`+)([\s\S]*?[^`])\1(?!`)")),
]


@dataclass
class DiscordView:
    """A Discord message field as a reader sees it."""

    text: str = ""  # the characters shown
    masked_links: list[tuple[str, str]] = field(default_factory=list)  # (label shown, where it goes)
    bare_links: list[str] = field(default_factory=list)
    code_blocks: list[str] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)

    @property
    def deceptive_links(self) -> list[tuple[str, str]]:
        """Masked links whose label is not the host they go to."""
        return [(label, url) for label, url in self.masked_links if label != urlsplit(url).netloc]

    @property
    def targets(self) -> list[str]:
        return [url for _, url in self.masked_links] + self.bare_links


def discord_view(markdown: str) -> DiscordView:
    """What Discord draws from ``markdown``: the first rule that matches at a position wins, else one character
    is text (line-level rules, headings and quotes, are left out: they link and ping nothing)."""
    view = DiscordView()
    at = 0
    while at < len(markdown):
        name, match = next(((n, m) for n, rule in _DISCORD_RULES if (m := rule.match(markdown, at))), ("text", None))
        if match is None:
            view.text += markdown[at]
            at += 1
            continue
        if name == "escape":
            view.text += match.group(1)
        elif name == "fence":
            view.code_blocks.append(match.group(1))
            view.text += match.group(1)
        elif name in ("autolink", "url"):
            view.bare_links.append(match.group(1))
            view.text += match.group(1)
        elif name == "link":
            label = discord_view(match.group(1)).text
            view.masked_links.append((label, match.group(2)))
            view.text += label
        elif name == "mention":
            view.mentions.append(match.group())
        else:
            view.text += match.group(2)
        at = match.end()
    return view


def embed_strings(embed: dict) -> list[str]:
    """Every string of an embed Discord renders markdown in."""
    strings = [embed.get("title") or "", embed.get("description") or ""]
    for f in embed.get("fields", []):
        strings += [f["name"], f["value"]]
    return [s for s in strings if s]


def discord_shown(payload: dict) -> str:
    """Every string of a message's embeds as a reader sees it (the footer shows no markdown)."""
    shown = [payload.get("content") or ""]
    for embed in payload.get("embeds") or []:
        shown += [discord_view(s).text for s in embed_strings(embed)] + [(embed.get("footer") or {}).get("text", "")]
    return "\n".join(s for s in shown if s)


# -- Slack ----------------------------------------------------------------------------------------------------

_SLACK_LINK = re.compile(r"<((?:https?|mailto):[^|>]*)(?:\|([^>]*))?>")
_SLACK_SPECIAL = re.compile(r"<[@#!][^>]*>")


@dataclass
class SlackView:
    links: list[tuple[str, str]]  # (where it goes, label shown)
    specials: list[str]  # user, channel and @here/@channel mentions
    fences: int  # ``` that open or close a preformatted block

    @property
    def balanced(self) -> bool:
        return self.fences % 2 == 0


def slack_view(mrkdwn: str) -> SlackView:
    """What Slack reads in ``mrkdwn``: ``<url|label>`` links, ``<@U1>``/``<!here>`` mentions, ``` fences."""
    return SlackView(
        links=[(m.group(1), m.group(2) or m.group(1)) for m in _SLACK_LINK.finditer(mrkdwn)],
        specials=_SLACK_SPECIAL.findall(mrkdwn),
        fences=mrkdwn.count("```"),
    )
