"""The one request and the one reply every front end speaks.

An adapter turns a platform event into a ``Request`` and draws the ``Reply``
in its own way (Block Kit, an embed, terminal text); the core never sees a
platform type and never does I/O to users.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import Any


class Role(Enum):
    """What a sender may do, each in its own scope, so that managing one channel grants nothing elsewhere.

    The value is how a refusal names the role.
    """

    # May manage this channel's digests. Each adapter decides by its platform's rules (Discord: Manage
    # Channels or Manage Server where the command was given; Slack: a workspace admin or owner); in a
    # direct message the sender manages that conversation's own digest (``Request.holds``). Anything
    # listed across channels is then limited to the sender's own workspace or server.
    CHANNEL_MANAGER = "a channel manager"
    # An evbot admin: a user listed in EVBOT_ADMINS, the terminal chat or the command line. Holds every
    # role, everywhere: the feeds every workspace reads, and every workspace's subscriptions.
    ADMIN = "an evbot admin"


# A parameter's value: the text of a text parameter, or whether a flag is set.
Value = str | bool


@dataclass(frozen=True)
class Invocation:
    """A command to run, its action (``digest subscribe``) and its parameters by name: what a platform's slash
    command already gives in parts, and what the core reads once from a message (``bot.registry.parse``)."""

    command: str
    action: str = ""
    values: Mapping[str, Value] = field(default_factory=dict)

    def words(self) -> str:
        """The text parameters' values, as one string (the question of ``ask``, the name of ``deal``)."""
        return " ".join(v for v in self.values.values() if isinstance(v, str) and v)


@dataclass(frozen=True)
class Request:
    text: str
    platform: str = "terminal"
    channel: str = ""
    thread: str | None = None
    user: str = ""
    is_dm: bool = False
    is_mention: bool = False
    event_id: str | None = None
    # Set when the platform gave the command in parts (a slash command's name and options); else the core
    # reads ``text``.
    invocation: Invocation | None = None
    roles: frozenset[Role] = frozenset()  # decided by the adapter; see Role
    # The Slack team or Discord server the request came from (the tenant whose channels a channel manager
    # may see together); empty for the terminal, the command line and Discord DMs.
    workspace: str = ""
    # A thread, reply chain or chat session: a question in it that names no company is about the deal the
    # conversation's previous answer was about. Empty for one-off requests (the command line, slash commands).
    conversation: str = ""
    about: tuple[str, ...] = ()  # set by the core: the companies the conversation was last about

    def holds(self, role: Role) -> bool:
        """Whether the sender may act as ``role`` here. An evbot admin holds every role; in a direct
        message the sender is the conversation's only member, so manages its digest like a channel's."""
        return Role.ADMIN in self.roles or role in self.roles or (role is Role.CHANNEL_MANAGER and self.is_dm)


@dataclass(frozen=True)
class Citation:
    """A stored sentence an answer rests on, and the article it comes from."""

    title: str
    url: str | None
    published: str | None
    quote: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Source:
    """An article an answer rests on, once, with every sentence of it the answer quotes. Sources are numbered
    in the order the answer first cites them, and ``[n]`` in an answer's text means the n-th source on every
    front end."""

    title: str
    url: str | None
    published: str | None
    quotes: tuple[str, ...]


def sources_of(citations: tuple[Citation, ...]) -> tuple[Source, ...]:
    grouped: dict[tuple[str, str | None, str | None], list[str]] = {}
    for cite in citations:
        quotes = grouped.setdefault((cite.title, cite.url, cite.published), [])
        quote = " ".join(cite.quote.split())
        if quote and quote not in quotes:
            quotes.append(quote)
    return tuple(Source(title, url, published, tuple(quotes)) for (title, url, published), quotes in grouped.items())


def markers_by_source(text: str, citations: tuple[Citation, ...]) -> str:
    """``text`` with [n] markers that count citations (as the summariser is shown them) turned into the
    numbers of their sources, repeats merged: [1][2] -> [1] when both quotes come from the first article."""
    keys = list(dict.fromkeys((c.title, c.url, c.published) for c in citations))
    number = {i: keys.index((c.title, c.url, c.published)) + 1 for i, c in enumerate(citations, 1)}

    def renumber(match: re.Match[str]) -> str:
        seen = dict.fromkeys(number.get(int(n), int(n)) for n in re.findall(r"\d+", match.group(0)))
        return "".join(f"[{n}]" for n in seen)

    return re.sub(r"(?:\[\d+\])+", renumber, text)


@dataclass(frozen=True)
class Field:
    name: str
    value: str
    inline: bool = True


@dataclass(frozen=True)
class DealView:
    """A deal as shown to users: every value already worded for display."""

    name: str
    parties: tuple[str, ...]
    kind: str
    status: str
    date: str | None
    topics: tuple[str, ...]
    figures: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["parties"], data["topics"], data["figures"] = list(self.parties), list(self.topics), list(self.figures)
        return data


@dataclass(frozen=True)
class Reply:
    title: str
    text: str
    found: bool = True
    fields: tuple[Field, ...] = ()
    citations: tuple[Citation, ...] = ()
    deals: tuple[DealView, ...] = field(default_factory=tuple)
    ephemeral: bool = False  # usage errors go only to the person who typed them
    kind: str = "answer"  # answer, deal, deals, sources, help, usage
    answered_by: str = "extractive"  # "llm" when the text is the summariser's, grounded in these citations

    @property
    def sources(self) -> tuple[Source, ...]:
        return sources_of(self.citations)

    def as_dict(self, question: str) -> dict[str, Any]:
        """The one JSON shape of an answer (``evbot ask --json`` and any API): the text, whether it was found,
        who worded it, each quoted sentence with its article, and the deals it is about."""
        return {
            "question": question,
            "answer": self.text,
            "found": self.found,
            "answered_by": self.answered_by,
            "sources": [c.as_dict() for c in self.citations],
            "deals": [d.as_dict() for d in self.deals],
        }
