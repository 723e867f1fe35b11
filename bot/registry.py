"""The command registry every front end shares: each command declared once, with its grammar and roles.

A command is one function decorated with ``@command`` in the module of its job (bot/commands.py for the
answering commands, bot/feed_commands.py, bot/digests/commands.py); its docstring is its help text. This
module imports no handler: bot/core.py imports the handler modules, and they register themselves here.
``run`` checks the role an action declares (``needs``) before its handler is called.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

from bot.models import Reply, Request, Role
from bot.settings import Settings
from knowledge.knowledge_base import KnowledgeBase

MAX_INPUT_CHARS = 1000

T = TypeVar("T")


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Context:
    """Everything a handler may use, handed to it by the core: the knowledge, who asks and where, the
    settings the bot was opened with, and the clock (tests set it). A handler fetches nothing itself."""

    kb: KnowledgeBase
    request: Request
    settings: Settings
    now: Callable[[], datetime] = utcnow
    # Runs work with the knowledge base to itself, on the newest data (EvBot.with_kb): set for a command
    # declared ``locks_itself``, which the core runs without its lock. Without it, the caller holds the lock.
    exclusive: Callable[[Callable[[KnowledgeBase], Any]], Any] | None = None

    def hold(self, work: Callable[[KnowledgeBase], T]) -> T:
        """``work(kb)`` with the knowledge base to itself: how a ``locks_itself`` handler reads and writes."""
        return self.exclusive(work) if self.exclusive is not None else work(self.kb)


Handler = Callable[[Context, str], Reply]


@dataclass(frozen=True)
class Command:
    name: str
    usage: str
    help: str
    handler: Handler
    # What may follow the command word in a plain message for it to be this command, not a question:
    # "help me understand the ford deal" and "digest the news about ford" are questions.
    grammar: re.Pattern[str] = re.compile(r".*", re.S)
    # Other words for an action, turned into the action's own before anything reads the arguments
    # ("rm" -> "remove"), so that the role check and the handler see the same action.
    aliases: Mapping[str, str] = field(default_factory=dict)
    # The role an action needs ("add" -> Role.ADMIN): arguments that start with the action's words. The
    # core refuses before the handler runs; actions not named here are for everyone.
    needs: Mapping[str, Role] = field(default_factory=dict)
    # The handler waits on the network (polling feeds): the core runs it without its lock, and the handler
    # touches the knowledge only through ``Context.hold``, so questions are answered meanwhile.
    locks_itself: bool = False

    def canonical(self, args: str) -> str:
        """``args`` with a leading alias replaced by its action ("rm URL" -> "remove URL")."""
        words = args.split()
        for alias in sorted(self.aliases, key=lambda a: -len(a.split())):
            size = len(alias.split())
            if [w.lower() for w in words[:size]] == alias.split():
                return " ".join([self.aliases[alias], *words[size:]])
        return args

    def needed(self, args: str) -> tuple[str, Role] | None:
        """The action ``args`` asks for and the role it needs, or None when anyone may."""
        words = [w.lower() for w in args.split()]
        for action in sorted(self.needs, key=lambda a: -len(a.split())):
            if words[: len(action.split())] == action.split():
                return action, self.needs[action]
        return None


COMMANDS: dict[str, Command] = {}


def command(
    name: str,
    usage: str,
    *,
    grammar: str = r".*",
    aliases: Mapping[str, str] | None = None,
    needs: Mapping[str, Role] | None = None,
    locks_itself: bool = False,
) -> Callable[[Handler], Handler]:
    """Register ``handler`` as command ``name``; ``needs`` declares the role each of its actions needs."""

    def register(handler: Handler) -> Handler:
        COMMANDS[name] = Command(
            name,
            usage,
            (handler.__doc__ or "").strip().splitlines()[0],
            handler,
            re.compile(grammar, re.S | re.I),
            dict(aliases or {}),
            dict(needs or {}),
            locks_itself,
        )
        return handler

    return register


def usage_reply(message: str) -> Reply:
    return Reply(title="Usage", text=message, found=False, ephemeral=True, kind="usage")


# Who holds each role, as a refusal says it.
_HOLDERS = {
    Role.CHANNEL_MANAGER: "someone who manages this channel, or an evbot admin",
    Role.ADMIN: "a user in EVBOT_ADMINS, the terminal or the command line",
}


def _refusal(what: str, role: Role) -> Reply:
    """One line saying which role ``what`` (a command and its action) needs and who holds it."""
    return Reply(
        title="Not allowed",
        text=f"`{what}` needs {role.value}: {_HOLDERS[role]}.",
        found=False,
        ephemeral=True,
        kind="refused",
    )


def _unknown_command(name: str) -> Reply:
    return usage_reply(f"Unknown command `{name}`. Commands: " + ", ".join(f"`{c}`" for c in COMMANDS) + ".")


_COMMAND_WORD = re.compile(r"^\s*[/!]?(?P<name>[A-Za-z_-]+)\b\s*(?P<args>.*)$", re.S)


def parse(text: str) -> tuple[str, str] | Reply:
    """The command and its arguments in a message; plain questions become ``ask``."""
    text = text.strip()
    if not text:
        return usage_reply("Ask me about EV deals, or type `help` to see the commands.")
    if len(text) > MAX_INPUT_CHARS:
        return usage_reply(f"That message is too long ({len(text)} characters); keep it under {MAX_INPUT_CHARS}.")
    match = _COMMAND_WORD.match(text)
    slashed = text.lstrip().startswith(("/", "!"))
    if match:
        name, args = match.group("name").lower(), match.group("args").strip()
        if name in COMMANDS and (slashed or COMMANDS[name].grammar.fullmatch(args)):
            return name, args
        if slashed:
            return _unknown_command(name)
    return "ask", text


def run(ctx: Context, name: str, args: str) -> Reply:
    """Run command ``name``; the role its action declares is checked here, so no handler can forget it."""
    if name not in COMMANDS:
        return _unknown_command(name)
    if len(args) > MAX_INPUT_CHARS:
        return usage_reply(f"That is too long ({len(args)} characters); keep it under {MAX_INPUT_CHARS}.")
    chosen = COMMANDS[name]
    args = chosen.canonical(args)
    needed = chosen.needed(args)
    if needed and not ctx.request.holds(needed[1]):
        return _refusal(f"{name} {needed[0]}", needed[1])
    return chosen.handler(ctx, args)
