"""The command grammar every front end shares: ask, deal, deals, sources, help.

A command is one decorated function here; its docstring is its help text, so
adding a command means writing one function and every front end gets it. The
decorator also declares the role each of its actions needs (``needs``), which
``run`` checks before the handler is called.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from bot import deal_views
from bot.answer import answer
from bot.deal_filters import read_filters
from bot.deal_list import deal_list_reply, filtered_deals
from bot.models import Field, Reply, Request, Role
from bot.question import analyse
from knowledge.knowledge_base import KnowledgeBase, deal_name

MAX_INPUT_CHARS = 1000
MONEY_FIGURES = frozenset({"deal_value", "investment", "stake", "split", "plant_cost"})

# A handler takes (kb, args); one that depends on who asks and where (digest subscriptions, feeds) is
# registered with_request and also gets the Request.
AnyHandler = Callable[..., Reply]


@dataclass(frozen=True)
class Command:
    name: str
    usage: str
    help: str
    handler: AnyHandler
    with_request: bool = False
    # What may follow the command word in a plain message for it to be this command, not a question:
    # "help me understand the ford deal" and "digest the news about ford" are questions.
    grammar: re.Pattern[str] = re.compile(r".*", re.S)
    # Other words for an action, turned into the action's own before anything reads the arguments
    # ("rm" -> "remove"), so that the role check and the handler see the same action.
    aliases: Mapping[str, str] = field(default_factory=dict)
    # The role an action needs ("add" -> Role.ADMIN): arguments that start with the action's words. The
    # core refuses before the handler runs; actions not named here are for everyone.
    needs: Mapping[str, Role] = field(default_factory=dict)

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
    with_request: bool = False,
    grammar: str = r".*",
    aliases: Mapping[str, str] | None = None,
    needs: Mapping[str, Role] | None = None,
) -> Callable[[AnyHandler], AnyHandler]:
    """Register ``handler`` as command ``name``; ``needs`` declares the role each of its actions needs."""

    def register(handler: AnyHandler) -> AnyHandler:
        COMMANDS[name] = Command(
            name,
            usage,
            (handler.__doc__ or "").strip().splitlines()[0],
            handler,
            with_request,
            re.compile(grammar, re.S | re.I),
            dict(aliases or {}),
            dict(needs or {}),
        )
        return handler

    return register


# A deal or company name: a few words, no question.
NAME_ARGS = r"[^?]{1,80}"
OPTIONAL_NAME_ARGS = r"(?:[^?\s]+(?:\s+[^?\s]+){0,5})?"


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


@command("ask", "ask QUESTION", with_request=True)
def ask(kb: KnowledgeBase, args: str, request: Request) -> Reply:
    """Answer a question about EV deals from the stored articles, with sources."""
    if not args.strip():
        return usage_reply("Ask me a question, for example: `ask who is Ford talking to?`")
    bare = args.strip().strip("?!. ").lower()
    if bare != "ask" and bare in COMMANDS and COMMANDS[bare].grammar.fullmatch(""):
        return run(kb, bare, "", request)  # `ask help` wants the help, not a sentence that says "help"
    return answer(args, kb, list(request.about))


@command("deal", "deal NAME", grammar=NAME_ARGS)
def deal(kb: KnowledgeBase, args: str) -> Reply:
    """Summarise one deal: parties, status, date, topics, figures, with the sentences they come from."""
    if not args.strip():
        return usage_reply("Name the deal, for example: `deal ford xiaomi`. `deals` lists them.")
    found = kb.find_deal(args)
    if not found:
        return Reply(
            title="No such deal",
            text=f"I don't know of a deal matching \u201c{args.strip()}\u201d. "
            "Try `deals` to see the deals I know about.",
            found=False,
            kind="deal",
        )
    chosen = found[0]
    view = deal_views.view(chosen)
    fields = [Field("Parties", ", ".join(view.parties)), Field("Kind", view.kind), Field("Status", view.status)]
    if view.date:
        fields.append(Field("Date", view.date))
    money = [deal_views.figure_text(f) for f in chosen["figures"] if f["kind"] in MONEY_FIGURES]
    if money:
        fields.append(Field("Money", "; ".join(money)))
    if view.topics:
        fields.append(Field("Topics", ", ".join(view.topics), inline=False))
    others = [deal_views.figure_text(f) for f in chosen["figures"] if f["kind"] not in MONEY_FIGURES]
    if others:
        fields.append(Field("Figures", "; ".join(others), inline=False))
    if len(chosen["events"]) > 1:
        fields.append(Field("Timeline", deal_views.timeline(chosen), inline=False))
    if len(found) > 1:
        fields.append(Field("Also matching", ", ".join(deal_name(d) for d in found[1:4]), inline=False))
    text = deal_views.sentence(chosen)
    return Reply(
        title=view.name,
        text=text,
        fields=tuple(fields),
        citations=tuple(deal_views.citations(kb, chosen, ("status", "date", "topics", "figures"), limit=4)),
        deals=(view,),
        kind="deal",
    )


@command("deals", "deals [FILTER]", grammar=OPTIONAL_NAME_ARGS)
def deals(kb: KnowledgeBase, args: str) -> Reply:
    """List the deals I know about, newest first; filter by company, kind of company, status, kind or topic."""
    if not args.strip():
        if not kb.deals:
            return Reply(
                title="Deals",
                text="I don't know of any deals yet. Add articles with `evbot ingest`.",
                found=False,
                kind="deals",
            )
        return deal_list_reply(kb, kb.deals, title="Deals I know about")
    question = analyse(args, kb)
    if question.missing and not question.companies:
        return Reply(
            title="Deals",
            text=f"I don't know of any deals involving {' and '.join(question.missing)}.",
            found=False,
            kind="deals",
        )
    filters = read_filters(args, question.companies)
    if not filters:
        return Reply(
            title="Deals", text=f"I don't know of any deals involving {args.strip()}.", found=False, kind="deals"
        )
    return filtered_deals(kb, filters)


@command("sources", "sources [DEAL]", grammar=OPTIONAL_NAME_ARGS)
def sources(kb: KnowledgeBase, args: str) -> Reply:
    """List the articles behind a deal, or every stored article."""
    if args.strip():
        found = kb.find_deal(args)
        if not found:
            return Reply(
                title="No such deal",
                text=f"I don't know of a deal matching \u201c{args.strip()}\u201d.",
                found=False,
                kind="sources",
            )
        chosen = found[0]
        articles = [a for a in (kb.article(k) for k in chosen["articles"]) if a]
        title = f"Sources for {deal_name(chosen)}"
        cites = deal_views.citations(kb, chosen, ("parties", "status", "date", "topics"), limit=len(articles) + 3)
    else:
        articles = list(reversed(kb.articles))
        title = "Articles I know"
        cites = [
            deal_views.cite(a, a["sentences"][1] if len(a["sentences"]) > 1 else a["title"]) for a in articles[:10]
        ]
    lines = [f"- {a['title']}" + (f" ({a['published']})" if a.get("published") else "") for a in articles[:10]]
    if len(articles) > 10:
        lines.append(f"...and {len(articles) - 10} more.")
    return Reply(title=title, text="\n".join(lines), citations=tuple(cites), kind="sources")


@command("help", "help", grammar=r"\s*(?:[a-z]+)?\s*")
def help_(kb: KnowledgeBase, args: str) -> Reply:
    """Show what I can do."""
    lines = [f"`{c.usage}`: {c.help}" for c in COMMANDS.values()]
    lines.append("Or just ask a question, like \u201cwho is Ford talking to?\u201d or \u201calibaba ford?\u201d.")
    return Reply(title="evbot help", text="\n".join(lines), kind="help")


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


def run(kb: KnowledgeBase, name: str, args: str, request: Request | None = None) -> Reply:
    """Run command ``name``; the role its action declares is checked here, so no handler can forget it."""
    if name not in COMMANDS:
        return _unknown_command(name)
    if len(args) > MAX_INPUT_CHARS:
        return usage_reply(f"That is too long ({len(args)} characters); keep it under {MAX_INPUT_CHARS}.")
    chosen = COMMANDS[name]
    request = request or Request(text=f"{name} {args}".strip(), command=name, args=args)
    args = chosen.canonical(args)
    needed = chosen.needed(args)
    if needed and not request.holds(needed[1]):
        return _refusal(f"{name} {needed[0]}", needed[1])
    if chosen.with_request:
        return chosen.handler(kb, args, request)
    return chosen.handler(kb, args)


# Commands defined in their own modules register themselves on import; every front end gets them.
from bot import feed_commands, subscriptions  # noqa: E402,F401  (after the registry they register into)
