"""The terminal front end: replies drawn as text, and the interactive chat loop."""

from __future__ import annotations

import asyncio
import sys
import uuid
from collections.abc import Callable, Iterable

from rich.console import Console
from rich.markup import escape

from bot.core import EvBot
from bot.models import Reply, Request, Role
from knowledge.controls import strip_controls

PROMPT = "you> "


def shown(text: str) -> str:
    """Text from an article, a user or a model as the terminal prints it: no control characters (a terminal
    obeys them), no rich markup."""
    return escape(strip_controls(text))


def render(reply: Reply, console: Console) -> None:
    """Title, answer, deal fields and numbered sources, readable in any terminal."""
    style = "bold" if reply.found else "bold yellow"
    console.print(f"[{style}]{shown(reply.title)}[/]")
    console.print(shown(reply.text), soft_wrap=False)
    for field in reply.fields:
        console.print(f"  [cyan]{shown(field.name)}:[/] {shown(field.value)}")
    if reply.citations:
        console.print("[dim]Sources:[/]")
        for number, source in enumerate(reply.sources, 1):
            where = ", ".join(x for x in (source.published, source.url) if x)
            console.print(f"  [dim][{number}] {shown(source.title)}{' (' + shown(where) + ')' if where else ''}[/]")
            for quote in source.quotes:
                console.print(f"      [italic dim]\u201c{shown(quote)}\u201d[/]")


def respond(bot: EvBot, requests: Iterable[Request], show: Callable[[Request, Reply], None]) -> None:
    """Answer each request with ``EvBot.respond`` (the LLM summary when one is configured) in one event
    loop, showing each reply as soon as it is ready; ``requests`` may be a lazy stream such as stdin."""

    async def run() -> None:
        try:
            for request in requests:
                show(request, await bot.respond(request))
        finally:
            await bot.aclose()

    asyncio.run(run())


def chat(bot: EvBot, console: Console, read: Callable[[str], str] = input) -> None:
    """Read questions and slash commands until end of input or `/quit`."""
    console.print("[bold]evbot[/] - ask about EV deals, or type [cyan]/help[/]. [dim]/quit or Ctrl-D to leave.[/]")
    conversation = f"terminal:{uuid.uuid4().hex}"  # follow-ups in this chat are about the previous answer's deal
    piped = read is input and not sys.stdin.isatty()
    while True:
        try:
            line = read(PROMPT)
        except (EOFError, KeyboardInterrupt):
            console.print()
            return
        if piped:  # a scripted conversation: show each message beside its answer
            console.print(shown(line))
        if line.strip().lower() in {"/quit", "/exit", "quit", "exit"}:
            return
        if not line.strip():
            continue
        # Whoever types here runs evbot over its own store: an evbot admin.
        respond(
            bot,
            [
                Request(
                    text=line,
                    platform="terminal",
                    channel="terminal",
                    is_dm=True,
                    roles=frozenset({Role.ADMIN}),
                    conversation=conversation,
                )
            ],
            lambda _, reply: render(reply, console),
        )
        console.print()
