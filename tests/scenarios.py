"""The conversations every front end must answer alike: the core, the terminal (`evbot chat`, `evbot ask`), Slack
and Discord. tests/test_scenarios.py drives each front end through every scenario.

A scenario is data: who sends what, turn by turn, and what they must then see. Each front end's driver reduces
its reply to a ``Seen`` (what a reader of that platform sees), and ``problems`` judges every ``Seen`` by the same
rules; ``knows`` is the one way to tell whether the bot claimed to know, read from the words shown. The answers
rest on the two sample articles every new store holds (Ford and Alibaba signed; Ford and Xiaomi in talks).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum


class Sender(Enum):
    """Who sends a scenario: a plain member, a member who manages the channel, an evbot admin (EVBOT_ADMINS)."""

    MEMBER = "member"
    MANAGER = "manager"
    ADMIN = "admin"


@dataclass(frozen=True)
class Say:
    """A message to the bot: a line typed in `evbot chat` or given to `evbot ask`, an @-mention in a Slack or
    Discord channel, a plain message in a direct-message conversation."""

    text: str


@dataclass(frozen=True)
class Slash:
    """A slash command: ``/NAME ARGS`` typed in `evbot chat`; on Slack ``/NAME ARGS`` where the app declares /NAME,
    else ``/ev NAME ARGS``; on Discord /NAME with its subcommand and options. ``options`` are the values a Discord
    user puts in named options where the words alone do not say which is which (``digest subscribe``); without
    them the words after a subcommand fill the command's one text option."""

    name: str
    args: str = ""
    options: Mapping[str, str | bool] = field(default_factory=dict)

    @property
    def typed(self) -> str:
        return f"/{self.name} {self.args}".strip()


Message = Say | Slash


@dataclass(frozen=True)
class Expect:
    """What the sender must see in the reply to one turn. Every reply, on every front end, must also ping no one."""

    shows: tuple[str, ...] = ()  # each appears (case and zero-width characters ignored)
    hides: tuple[str, ...] = ()  # none appears
    knows: bool | None = None  # claims to know (``knows``), or says it does not
    error: bool = False  # one line and nothing else, for the sender's eyes where the front end can do that
    private: bool | None = None  # only the sender sees it, where the front end can tell


@dataclass(frozen=True)
class Scenario:
    id: str
    turns: tuple[tuple[Message, Expect], ...]
    sender: Sender = Sender.MEMBER
    dm: bool = False  # in a direct-message conversation, not a channel
    asked: bool = False  # a one-off question: also given to `evbot ask`
    # Front end -> why the scenario cannot happen there (it is not run there).
    not_on: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Seen:
    """One reply as its reader sees it, whatever the front end drew it with."""

    title: str
    body: str  # the answer's own text, without the fields and sources
    extras: int  # fields and sources shown beside the body
    text: str  # everything shown: title, body, fields, sources
    private: bool | None  # only the sender sees it; None where the front end cannot tell or cannot do it
    pings: bool  # it notifies @everyone, @here or @channel, or is drawn as such a mention


_NOT_KNOWN = re.compile(r"\bI don't know\b|\bthe articles don't say\b", re.I)
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
ERROR_MAX = 400  # an error is a line, not a page


def knows(seen: Seen) -> bool:
    """Whether the reply claims to know: it does unless it says it does not (the title or the text)."""
    return not _NOT_KNOWN.search(seen.text)


def normal(text: str) -> str:
    return " ".join(_INVISIBLE.sub("", text).casefold().split())


def problems(expect: Expect, seen: Seen) -> list[str]:
    """What is wrong with ``seen`` as an answer expected to be ``expect``; empty when nothing is."""
    found: list[str] = []
    shown = normal(seen.text)
    found += [f"does not show {s!r}" for s in expect.shows if normal(s) not in shown]
    found += [f"shows {s!r}" for s in expect.hides if normal(s) in shown]
    if expect.knows is not None and knows(seen) != expect.knows:
        found.append("claims to know" if expect.knows is False else "says it does not know")
    if expect.error:
        if "\n" in seen.body.strip() or seen.extras or len(seen.body) > ERROR_MAX:
            found.append("is not a one-line error")
        if seen.private is False:
            found.append("shows the error to everyone")
    if expect.private is not None and seen.private is not None and seen.private != expect.private:
        found.append("is private" if seen.private else "is shown to everyone")
    if seen.pings:
        found.append("pings @everyone or @here")
    return found


def turn(
    message: Message,
    *,
    shows: tuple[str, ...] = (),
    hides: tuple[str, ...] = (),
    knows: bool | None = None,
    error: bool = False,
    private: bool | None = None,
) -> tuple[Message, Expect]:
    return message, Expect(shows, hides, knows, error, private)


def scenario(
    id: str,
    *turns: tuple[Message, Expect],
    sender: Sender = Sender.MEMBER,
    dm: bool = False,
    asked: bool = False,
    not_on: Mapping[str, str] | None = None,
) -> Scenario:
    return Scenario(id, turns, sender, dm, asked, not_on or {})


FEED = "https://feeds.example/ev-news.xml"  # never fetched: adding and listing a feed reads nothing
TERMINAL_ADMIN = "whoever types at the terminal is an evbot admin"
NO_FEEDS = "read no feeds"
NO_DIGEST = "has no digest"
BOTH_DEALS = ("Ford & Xiaomi", "Ford & Alibaba")
EVERY_COMMAND = ("ask", "deal", "deals", "sources", "help", "feeds", "digest")
SUBSCRIBE_WEEKLY = Slash(
    "digest",
    "subscribe weekly mon 17:30 America/New_York",
    {"schedule": "weekly", "day": "mon", "time": "17:30", "timezone": "America/New_York"},
)

SCENARIOS: list[Scenario] = [
    # -- questions ---------------------------------------------------------------------------------------------
    scenario(
        "deal-in-two-words",
        turn(Say("alibaba ford?"), shows=("cloud", "connectivity", "retail"), knows=True),
        asked=True,
    ),
    scenario(
        "is-it-a-done-deal",
        turn(Say("Is the Ford and Xiaomi partnership a done deal?"), shows=("talks",), knows=True),
        asked=True,
    ),
    scenario(
        "who-is-ford-talking-to",
        turn(Say("who is ford talking to?"), shows=("Xiaomi",), hides=("Ford & Alibaba",), knows=True),
        asked=True,
    ),
    scenario(
        "when-was-it-signed",
        turn(Say("When did Ford and Alibaba sign their deal?"), shows=("December 7",), knows=True),
        asked=True,
    ),
    scenario("chief-executive", turn(Say("Who is Ford's CEO?"), shows=("Hackett",), knows=True), asked=True),
    scenario(
        "how-much-money",
        turn(Say("How much is Ford investing in EV development?"), shows=("30 billion",), knows=True),
        asked=True,
    ),
    scenario(
        "deals-in-talks",
        turn(Say("which deals are in talks?"), shows=("Ford & Xiaomi",), hides=("Ford & Alibaba",), knows=True),
        asked=True,
    ),
    scenario("every-deal", turn(Say("list all deals"), shows=BOTH_DEALS, knows=True), asked=True),
    scenario(
        "unknowable-product-price",  # the RTX 4080 is only in a sample page's unrelated links
        turn(Say("What is the price of the RTX 4080?"), knows=False),
        asked=True,
    ),
    scenario("deal-that-does-not-exist", turn(Say("Tell me about the Ford and Samsung deal"), knows=False), asked=True),
    scenario(
        "company-without-deals",  # Tesla is named in the samples, party to no deal
        turn(Say("What deals has Tesla made?"), knows=False, hides=BOTH_DEALS),
        asked=True,
    ),
    # -- follow-ups --------------------------------------------------------------------------------------------
    scenario(
        "follow-up-date",
        turn(Say("alibaba ford?"), knows=True),
        turn(Say("when was it signed?"), shows=("December 7",), knows=True),
    ),
    scenario(
        "follow-up-status",
        turn(Say("who is ford talking to?"), knows=True),
        turn(Say("is it a done deal?"), shows=("nothing signed",), knows=True),
    ),
    scenario(
        "follow-up-without-a-conversation",
        turn(Say("when was it signed?"), knows=False, hides=("December 7",)),
        asked=True,
    ),
    # -- commands ----------------------------------------------------------------------------------------------
    scenario("ask-command", turn(Slash("ask", "who is ford talking to?"), shows=("Ford & Xiaomi",), knows=True)),
    scenario("help-in-a-message", turn(Say("help"), shows=EVERY_COMMAND)),
    scenario("help-as-a-command", turn(Slash("help"), shows=EVERY_COMMAND)),
    scenario("deals-command", turn(Slash("deals"), shows=BOTH_DEALS, knows=True)),
    scenario(
        "deals-of-a-company",
        turn(Slash("deals", "alibaba"), shows=("Ford & Alibaba",), hides=("Ford & Xiaomi",), knows=True),
    ),
    scenario("deals-of-an-unknown-company", turn(Slash("deals", "samsung"), knows=False)),
    scenario(
        "deal-command",
        turn(Slash("deal", "ford xiaomi"), shows=("Ford & Xiaomi", "Parties", "in talks"), knows=True, private=False),
    ),
    scenario("deal-command-unknown-deal", turn(Slash("deal", "tesla byd"), shows=("deals",), knows=False)),
    scenario("deal-in-a-message", turn(Say("deal ford alibaba"), shows=("Ford & Alibaba", "December 7"), knows=True)),
    scenario("sources-of-a-deal", turn(Slash("sources", "ford alibaba"), shows=("Sources for Ford & Alibaba",))),
    scenario("every-source", turn(Say("sources"), shows=("Alibaba", "Xiaomi"))),
    scenario("feeds-when-there-are-none", turn(Slash("feeds", "list"), shows=(NO_FEEDS, "feeds add"))),
    scenario(
        "feeds-added-listed-removed",
        turn(Say(f"feeds add {FEED}"), shows=("Added", FEED)),
        turn(Slash("feeds", "list"), shows=(FEED, "not polled yet")),
        turn(Say(f"feeds remove {FEED}"), shows=("Removed", FEED)),
        turn(Slash("feeds", "list"), shows=(NO_FEEDS,)),
        sender=Sender.ADMIN,
    ),
    scenario("feeds-poll-with-none", turn(Slash("feeds", "poll"), shows=("no feeds to poll",)), sender=Sender.ADMIN),
    scenario(
        "digest-by-messages",
        turn(Say("digest subscribe daily 09:00 Europe/Berlin"), shows=("Subscribed", "09:00", "Europe/Berlin")),
        turn(Say("digest list"), shows=("daily at 09:00",)),
        turn(Say("digest preview"), shows=("Preview",), private=True),
        turn(Say("digest unsubscribe"), shows=("Unsubscribed",)),
        turn(Say("digest list"), shows=(NO_DIGEST,)),
        sender=Sender.MANAGER,
    ),
    scenario(
        "digest-by-commands",
        turn(SUBSCRIBE_WEEKLY, shows=("Subscribed", "weekly on Monday at 17:30", "America/New_York")),
        turn(Slash("digest", "list all", {"all": True}), shows=("weekly on Monday at 17:30",)),
        turn(Slash("digest", "unsubscribe"), shows=("Unsubscribed",)),
        turn(Slash("digest", "list"), shows=(NO_DIGEST,)),
        sender=Sender.MANAGER,
    ),
    scenario("digest-now", turn(Slash("digest", "now"), shows=("new deals", *BOTH_DEALS), private=False)),
    scenario("digest-preview", turn(Slash("digest", "preview"), shows=("Preview", *BOTH_DEALS), private=True)),
    scenario("digest-list-without-one", turn(Say("digest list"), shows=(NO_DIGEST, "digest subscribe"))),
    scenario(
        "digest-in-a-direct-message",  # a member manages their own DM's digest
        turn(Say("digest subscribe daily 08:00 UTC"), shows=("Subscribed", "08:00")),
        turn(Say("digest unsubscribe"), shows=("Unsubscribed",)),
        dm=True,
    ),
    # -- roles -------------------------------------------------------------------------------------------------
    scenario(
        "member-cannot-subscribe-a-channel",
        turn(Say("digest subscribe daily 09:00 UTC"), shows=("needs a channel manager",), error=True),
        turn(Say("digest list"), shows=(NO_DIGEST,)),
        not_on={"chat": TERMINAL_ADMIN},
    ),
    scenario(
        "member-cannot-add-a-feed",
        turn(Slash("feeds", f"add {FEED}"), shows=("needs an evbot admin",), error=True),
        turn(Slash("feeds", "list"), shows=(NO_FEEDS,)),
        not_on={"chat": TERMINAL_ADMIN},
    ),
    scenario(
        "channel-manager-cannot-add-a-feed",
        turn(Say(f"feeds add {FEED}"), shows=("needs an evbot admin",), error=True),
        sender=Sender.MANAGER,
        not_on={"chat": TERMINAL_ADMIN},
    ),
    scenario(
        "member-cannot-move-the-digest-marker",
        turn(Say("digest now mark"), shows=("needs a channel manager",), error=True),
        not_on={"chat": TERMINAL_ADMIN},
    ),
    scenario(
        "member-cannot-list-every-digest",
        turn(Slash("digest", "list all", {"all": True}), shows=("needs a channel manager",), error=True),
        not_on={"chat": TERMINAL_ADMIN},
    ),
    # -- bad input ---------------------------------------------------------------------------------------------
    scenario(
        "empty-message",
        turn(Say(""), shows=("ask",), error=True),
        asked=True,
        not_on={"chat": "the chat reads an empty line as no message"},
    ),
    scenario(
        "huge-message", turn(Say("ford " * 300), shows=("too long", "1000"), error=True, hides=BOTH_DEALS), asked=True
    ),
    scenario("unknown-command", turn(Say("/frobnicate now"), shows=("Unknown command", "frobnicate"), error=True)),
    scenario(
        "digest-time-that-does-not-exist",
        turn(Say("digest subscribe daily 25:00"), shows=("not a time of day",), error=True),
        turn(Say("digest list"), shows=(NO_DIGEST,)),
        sender=Sender.MANAGER,
    ),
    scenario(
        "digest-time-zone-that-does-not-exist",
        turn(
            Slash(
                "digest",
                "subscribe daily 09:00 Mars/Olympus",
                {"schedule": "daily", "time": "09:00", "timezone": "Mars/Olympus"},
            ),
            shows=("time zone", "Mars/Olympus"),
            error=True,
        ),
        sender=Sender.MANAGER,
    ),
    scenario(
        "deal-command-without-a-name",
        turn(Slash("deal"), shows=("Name the deal",), error=True),
        not_on={"discord": "Discord's client does not send /deal without its required name"},
    ),
    scenario(
        "feeds-command-with-an-unknown-action",
        turn(Slash("feeds", "frobnicate"), shows=("feeds list",), error=True),
        not_on={"discord": "Discord offers /feeds only with its four subcommands: no other can be sent"},
    ),
    # -- mass mentions -----------------------------------------------------------------------------------------
    scenario("at-here-before-a-question", turn(Say("@here who is ford talking to?"), shows=("Xiaomi",), knows=True)),
    scenario("at-everyone-echoed-back", turn(Say("deal @everyone"), shows=("@everyone",), knows=False)),
    scenario("at-everyone-in-a-command", turn(Slash("deal", "@everyone"), shows=("@everyone",), knows=False)),
]
