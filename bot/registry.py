"""The command registry every front end shares: each command declared once, with its parameters, grammar and roles.

A command is one function decorated with ``@command`` in the module of its job (bot/commands.py for the
answering commands, bot/feed_commands.py, bot/digests/commands.py); its docstring is its help text, and its
signature declares its parameters: ``name: Annotated[str, Param("...")]`` for text, ``Annotated[bool, ...]``
for a flag. A command with actions (``digest subscribe``, ``feeds add``) declares each with ``@action``, in the
same way. Slack's manifest, Discord's slash commands and the terminal's help are all drawn from here, so a
command added here exists on every front end.

Two ways in, one way to run: a platform's slash command arrives in parts (an ``Invocation``), a message is read
by ``parse`` into the same ``Invocation``, and ``run`` checks the role an action or a flag declares (``needs``)
before its handler is awaited with the parameters. Handlers are ``async def``: they run on the front end's event
loop and reach the knowledge only through ``await ctx.hold(work)``, which runs the CPU-bound part on a worker
thread with the knowledge base to itself, so that a handler never blocks the loop, not even to wait for the lock.

This module imports no handler: bot/core.py imports the handler modules, and they register themselves here.
"""

from __future__ import annotations

import inspect
import re
import typing
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Protocol, TypeVar

from bot.models import Invocation, Reply, Request, Role, Value
from bot.settings import Settings
from knowledge.knowledge_base import KnowledgeBase

MAX_INPUT_CHARS = 1000
MAX_NAME_CHARS = 100  # a deal's or company's name (and what Discord allows an autocompleted value)

T = TypeVar("T")
Handler = Callable[..., Awaitable[Reply]]
H = TypeVar("H", bound=Handler)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Exclusive(Protocol):
    """Runs ``work(kb)`` on a worker thread with the knowledge base to itself (the core's lock held there)."""

    def __call__(self, work: Callable[[KnowledgeBase], T], /) -> Awaitable[T]: ...


@dataclass(frozen=True)
class Context:
    """Everything a handler may use, handed to it by the core: who asks and where, the settings the bot was
    opened with, the clock (tests set it), and the knowledge, reached only through ``hold``. A handler fetches
    nothing itself."""

    request: Request
    settings: Settings
    exclusive: Exclusive  # the core's (EvBot.hold): its lock, and the newest revision already read
    now: Callable[[], datetime] = utcnow

    async def hold(self, work: Callable[[KnowledgeBase], T]) -> T:
        """``work(kb)`` on a worker thread with the knowledge base to itself. Answering and ingesting are CPU
        work that would stall every other conversation on the event loop; between two holds (a feed awaited
        on the network) the lock is free, so questions are answered meanwhile."""
        return await self.exclusive(work)


@dataclass(frozen=True)
class Param:
    """One parameter, as every front end offers it: Discord's option (its type, description, choices and
    autocomplete), the usage line of the help and of Slack's manifest, and how a message's words are read."""

    description: str
    required: bool = False  # front ends ask for it; the handler still says what is missing in a message
    choices: tuple[str, ...] = ()
    suggest: str = ""  # "deal", "company" or "zone": names offered while one types (EvBot.suggest)
    words: tuple[str, ...] = ()  # a flag: the words that set it in a message ("no-news"); by default its name
    needs: Role | None = None  # a flag only this role may set ("digest list all")
    max_length: int = MAX_INPUT_CHARS
    # Set by the registry from the handler's signature.
    name: str = ""
    kind: type = str

    @property
    def is_flag(self) -> bool:
        return self.kind is bool

    @property
    def placeholder(self) -> str:
        """How a usage line shows it: NAME, [NAME], [all]."""
        shown = (self.words or (self.name,))[0] if self.is_flag else self.name.upper()
        return shown if self.required else f"[{shown}]"


# Reads an action's words from a message into its parameters' values, or says what is wrong with them.
Reader = Callable[[str], "dict[str, Value] | str"]


@dataclass(frozen=True)
class Action:
    """What a command does: the command itself (``name`` empty), or one of its actions (``digest subscribe``)."""

    name: str
    help: str
    handler: Handler
    params: tuple[Param, ...] = ()
    needs: Role | None = None
    read: Reader | None = None  # for words that one text parameter cannot take (``daily 09:00 Europe/Berlin``)
    usage: str = ""


@dataclass(frozen=True)
class Command:
    name: str
    usage: str
    root: Action
    # What may follow the command word in a plain message for it to be this command, not a question:
    # "help me understand the ford deal" and "digest the news about ford" are questions.
    grammar: re.Pattern[str] = re.compile(r".*", re.S)
    # Other words for an action, turned into the action's own before anything reads the arguments
    # ("rm" -> "remove", "now --mark" -> "now mark"), so that the role check and the handler see the same.
    aliases: Mapping[str, str] = field(default_factory=dict)
    actions: dict[str, Action] = field(default_factory=dict)  # filled in by ``@action``

    @property
    def help(self) -> str:
        return self.root.help

    def canonical(self, args: str) -> str:
        """``args`` with a leading alias replaced by its action ("rm URL" -> "remove URL")."""
        words = args.split()
        for alias in sorted(self.aliases, key=lambda a: -len(a.split())):
            size = len(alias.split())
            if [w.lower() for w in words[:size]] == alias.split():
                return " ".join([self.aliases[alias], *words[size:]])
        return args

    def roles(self) -> dict[str, Role]:
        """The role each action, or flag of one, needs ("subscribe", "list all"); the rest are for everyone."""
        declared: dict[str, Role] = {}
        for target in (self.root, *self.actions.values()):
            if target.needs:
                declared[target.name] = target.needs
            for param in target.params:
                if param.needs:
                    declared[f"{target.name} {param.placeholder.strip('[]')}".strip()] = param.needs
        return declared

    def usages(self) -> list[str]:
        """One usage line per action, or the command's own when it has none."""
        return [a.usage for a in self.actions.values()] or [self.usage]


COMMANDS: dict[str, Command] = {}


def _params(handler: Handler) -> tuple[Param, ...]:
    """The parameters a handler's signature declares after its context: ``Annotated[str | bool, Param(...)]``."""
    hints = typing.get_type_hints(handler, include_extras=True)
    found = []
    for name in list(inspect.signature(handler).parameters)[1:]:
        hint = hints.get(name)
        meta = [m for m in getattr(hint, "__metadata__", ()) if isinstance(m, Param)]
        kind = typing.get_args(hint)[0] if meta else None
        if not meta or kind not in (str, bool):
            raise TypeError(f"{handler.__qualname__}: parameter {name} needs Annotated[str or bool, Param(...)]")
        found.append(replace(meta[0], name=name, kind=kind))
    return tuple(found)


def _action(words: str, name: str, handler: Handler, needs: Role | None, read: Reader | None, usage: str) -> Action:
    """Action ``name`` of a handler; ``words`` are what a usage line starts with ("digest subscribe")."""
    if not inspect.iscoroutinefunction(handler):
        raise TypeError(f"{handler.__qualname__}: a handler is `async def` (it runs on the front end's event loop)")
    params = _params(handler)
    if read is None and sum(not p.is_flag for p in params) > 1:
        raise TypeError(f"{handler.__qualname__}: more than one text parameter needs a reader for messages")
    usage = usage or " ".join([words, *(p.placeholder for p in params)])
    return Action(name, (handler.__doc__ or "").strip().splitlines()[0], handler, params, needs, read, usage)


def command(
    name: str,
    usage: str = "",
    *,
    grammar: str = r".*",
    aliases: Mapping[str, str] | None = None,
    needs: Role | None = None,
    read: Reader | None = None,
) -> Callable[[H], H]:
    """Register ``handler`` as command ``name``; it runs when no action of the command is named."""

    def register(handler: H) -> H:
        root = _action(name, "", handler, needs, read, usage)
        COMMANDS[name] = Command(name, root.usage, root, re.compile(grammar, re.S | re.I), dict(aliases or {}))
        return handler

    return register


def action(
    command_name: str, name: str, *, needs: Role | None = None, read: Reader | None = None, usage: str = ""
) -> Callable[[H], H]:
    """Register ``handler`` as action ``name`` of command ``command_name`` (declared before it)."""

    def register(handler: H) -> H:
        COMMANDS[command_name].actions[name] = _action(f"{command_name} {name}", name, handler, needs, read, usage)
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


def _too_long(size: int) -> Reply:
    return usage_reply(f"That is too long ({size} characters); keep it under {MAX_INPUT_CHARS}.")


_COMMAND_WORD = re.compile(r"^\s*[/!]?(?P<name>[A-Za-z_-]+)\b\s*(?P<args>.*)$", re.S)


def parse(text: str) -> Invocation | Reply:
    """The command a message asks for, with its parameters; plain questions become ``ask``."""
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
            return read(name, args)
        if slashed:
            return _unknown_command(name)
    return Invocation("ask", values={"question": text})


def read(name: str, args: str) -> Invocation | Reply:
    """Command ``name`` with the words ``args`` that follow it in a message (or a Slack slash command's text)."""
    chosen = COMMANDS.get(name)
    if chosen is None:
        return _unknown_command(name)
    if len(args) > MAX_INPUT_CHARS:
        return _too_long(len(args))
    args = chosen.canonical(args).strip()
    target = chosen.root
    if chosen.actions:
        word, *rest = args.split(maxsplit=1) or [""]
        if word.lower() in chosen.actions:
            target, args = chosen.actions[word.lower()], "".join(rest)
        elif args:
            return usage_reply(f"`{name}` commands: " + ", ".join(f"`{u}`" for u in chosen.usages()) + ".")
    values = target.read(args) if target.read else _words(target, args)
    if isinstance(values, str):
        return usage_reply(values)
    return Invocation(name, target.name, values)


def _words(target: Action, args: str) -> dict[str, Value] | str:
    """The values that words give an action's parameters: a flag's word sets it, and the rest is the text
    parameter's. Words after an action with no parameters are not read (``help me``)."""
    if not target.params:
        return {}
    flags = {word.lower(): p for p in target.params if p.is_flag for word in (p.words or (p.name,))}
    text = next((p for p in target.params if not p.is_flag), None)
    values: dict[str, Value] = {p.name: True for p in (flags.get(w.lower()) for w in args.split()) if p}
    left = [w for w in args.split() if w.lower() not in flags]
    if text is not None:
        values[text.name] = args if not values else " ".join(left)
    elif left:
        return f"I don't understand {' '.join(left)!r} there: `{target.usage}`. {target.help}"
    return values


def needed(invocation: Invocation) -> tuple[str, Role] | None:
    """What an invocation does that needs a role ("digest list all"), and the role; None when anyone may."""
    chosen = COMMANDS.get(invocation.command)
    if chosen is None:
        return None
    target = chosen.actions.get(invocation.action) if invocation.action else chosen.root
    if target is None:
        return None
    what = " ".join(w for w in (chosen.name, target.name) if w)
    for param in target.params:
        if param.needs and invocation.values.get(param.name) is True:
            return f"{what} {param.placeholder.strip('[]')}", param.needs
    return (what, target.needs) if target.needs else None


async def run(ctx: Context, invocation: Invocation) -> Reply:
    """Run an invocation; the role its action declares is checked here, so no handler can forget it."""
    chosen = COMMANDS.get(invocation.command)
    if chosen is None:
        return _unknown_command(invocation.command)
    target = chosen.actions.get(invocation.action) if invocation.action else chosen.root
    if target is None:
        return usage_reply(f"`{chosen.name}` has no `{invocation.action}`: " + ", ".join(chosen.usages()) + ".")
    values = _checked(target, invocation.values)
    if isinstance(values, Reply):
        return values
    needs = needed(invocation)
    if needs and not ctx.request.holds(needs[1]):
        return _refusal(*needs)
    return await target.handler(ctx, **values)


def _checked(target: Action, given: Mapping[str, Value]) -> dict[str, Value] | Reply:
    """Every parameter's value (an empty text, an unset flag when not given), or why ``given`` is wrong."""
    unknown = set(given) - {p.name for p in target.params}
    if unknown:
        return usage_reply(f"`{target.usage}` takes no {', '.join(sorted(unknown))}.")
    values: dict[str, Value] = {}
    for param in target.params:
        value = given.get(param.name, False if param.is_flag else "")
        if not isinstance(value, param.kind):
            return usage_reply(f"`{param.name}` is {'yes or no' if param.is_flag else 'text'}: `{target.usage}`.")
        if isinstance(value, str):
            if len(value) > param.max_length:
                return _too_long(len(value))
            if param.choices and value and value.lower() not in param.choices:
                return usage_reply(f"`{param.name}` is one of {', '.join(param.choices)}.")
        values[param.name] = value
    return values
