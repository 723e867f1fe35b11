"""The terminal front end: replies drawn as text, the chat loop, and lines read from the keyboard or a pipe.

Input is read as bytes and decoded here, not by the locale: under a strict UTF-8 locale one bad byte
would be an exception that loses every line after it, under a lenient one it would be passed through
and echoed into output that is then not UTF-8. Here it becomes U+FFFD, visibly, and one line on
standard error says where.
"""

from __future__ import annotations

import asyncio
import codecs
import os
import sys
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import suppress
from typing import TYPE_CHECKING, BinaryIO, NoReturn

from bot.models import Reply, Request, Role
from knowledge.controls import strip_controls

if TYPE_CHECKING:
    from rich.console import Console

    from bot.core import EvBot

PROMPT = "you> "
INTERRUPTED = 130  # what a shell reports for a command stopped by Ctrl-C: 128 + SIGINT
QUIT = {"/quit", "/exit", "quit", "exit"}


def shown(text: str) -> str:
    """Text from an article, a user or a model as the terminal prints it: no control characters (a terminal
    obeys them), no rich markup."""
    from rich.markup import escape  # rich is imported by what prints through it, not by `evbot ask --json`

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


def say(message: str) -> None:
    """One line on standard error, beside the answers on standard output."""
    print(f"evbot: {message}", file=sys.stderr, flush=True)


def decoded(raw: bytes, where: str, warn: Callable[[str], None] = say) -> str:
    """``raw`` as UTF-8 without control characters; bytes that are not UTF-8 become U+FFFD, and ``warn``
    is told ``where`` that happened."""
    text = raw.decode("utf-8", "replace")
    if text.count("\ufffd") > raw.count("\ufffd".encode()):
        warn(f"{where} is not valid UTF-8; read with U+FFFD (\ufffd) in place of the bad bytes")
    return strip_controls(text)


def stdin_lines(stream: BinaryIO | None = None, warn: Callable[[str], None] = say) -> Iterator[str]:
    """Standard input one line at a time (lazily: a line is answered before the next is read)."""
    source = stream if stream is not None else sys.stdin.buffer
    for number, raw in enumerate(source, 1):
        if number == 1:
            raw = raw.removeprefix(codecs.BOM_UTF8)
        yield decoded(raw.rstrip(b"\r\n"), f"line {number} of standard input", warn)


def interrupted() -> NoReturn:
    """Ctrl-C while evbot works: one line, status 130, at once.

    An answer's knowledge work runs in a worker thread (``EvBot.hold``), which Python cannot stop and
    would wait for at exit (a large ingest of a feed poll), so the process ends here without waiting. The
    store is never half written: every write is a temporary file renamed over the old one.
    """
    for last_words in (sys.stdout.flush, lambda: say("interrupted")):
        with suppress(Exception):
            last_words()
    os._exit(INTERRUPTED)


def respond(bot: EvBot, requests: Iterable[Request], show: Callable[[Request, Reply], None]) -> None:
    """Answer each request with ``EvBot.respond`` (the LLM summary when one is configured) on one event
    loop, showing each reply as soon as it is ready. ``requests`` may be lazy (standard input, the
    prompt): it is read between answers, outside the loop, where Ctrl-C is an ordinary interrupt."""
    from bot.core import quiet_cancellation_races  # loaded already: ``bot`` is an EvBot

    runner = asyncio.Runner()
    quiet_cancellation_races(runner.get_loop())
    try:
        try:
            for request in requests:
                show(request, runner.run(bot.respond(request)))
        finally:
            runner.run(bot.aclose())
    except KeyboardInterrupt:
        interrupted()
    finally:
        runner.close()


def prompt_lines(prompt: str = PROMPT) -> Iterator[str]:
    """Lines typed at ``prompt``, with readline's editing and history (arrow keys, Ctrl-R, Tab for a
    /command). Ctrl-C drops the line being typed, as a shell does; Ctrl-D on an empty line ends."""
    _use_readline()
    while True:
        try:
            line = input(prompt)
        except KeyboardInterrupt:
            print()  # the dropped line stays on screen with its ^C; a fresh prompt follows
            continue
        except UnicodeDecodeError:
            say("that line was not valid UTF-8; type it again")
            continue
        except EOFError:
            print()
            return
        yield strip_controls(line)


def _use_readline() -> None:
    """Turn on line editing for ``input``, with Tab completing slash commands at the start of a line."""
    try:
        import readline
    except ImportError:  # a Python built without it: plain input still works
        return
    from bot.registry import COMMANDS

    words = sorted({f"/{name}" for name in COMMANDS} | {"/quit"})

    def complete(text: str, state: int) -> str | None:
        options = [w for w in words if w.startswith(text)] if readline.get_begidx() == 0 else []
        return options[state] if state < len(options) else None

    readline.set_completer(complete)
    readline.set_completer_delims(" \t\n")
    readline.parse_and_bind("bind ^I rl_complete" if "libedit" in (readline.__doc__ or "") else "tab: complete")


def _scripted(lines: Iterable[str], console: Console) -> Iterator[str]:
    """Piped messages, each shown after the prompt as if typed, so that the answers read as a conversation."""
    for line in lines:
        console.print(f"{PROMPT}{shown(line)}", soft_wrap=True)
        yield line


def chat(bot: EvBot, console: Console, lines: Iterable[str] | None = None) -> None:
    """Questions and slash commands until end of input or `/quit`: typed at a prompt when standard input is
    a terminal, else one message a line."""
    console.print("[bold]evbot[/] - ask about EV deals, or type [cyan]/help[/]. [dim]/quit or Ctrl-D to leave.[/]")
    conversation = f"terminal:{uuid.uuid4().hex}"  # follow-ups in this chat are about the previous answer's deal
    if lines is None:
        lines = prompt_lines() if sys.stdin.isatty() else _scripted(stdin_lines(), console)

    def requests() -> Iterator[Request]:
        for line in lines:
            text = line.strip()
            if text.lower() in QUIT:
                return
            if text:
                # Whoever types here runs evbot over its own store: an evbot admin.
                yield Request(
                    text=text,
                    platform="terminal",
                    channel="terminal",
                    is_dm=True,
                    roles=frozenset({Role.ADMIN}),
                    conversation=conversation,
                )

    def show(_: Request, reply: Reply) -> None:
        render(reply, console)
        console.print()

    respond(bot, requests(), show)
