"""The `evbot` command line: chat, one-off questions, ingestion and running the front ends.

Start-up imports typer only: rich, the knowledge, the bot and every platform library are imported
by the command that needs them, so that `evbot --help` and `evbot --version` answer at once.
Whatever goes wrong ends as one line on standard error naming what to fix, and an exit status
(cli_help.EXIT_STATUS, also in `evbot --help` and the README).
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from adapters import logs
from adapters.cli_help import EXIT_STATUS, HelpCommand
from adapters.discord import cli as discord_cli
from adapters.slack import cli as slack_cli
from knowledge.controls import strip_controls_in

if TYPE_CHECKING:
    from rich.console import Console

    from bot.core import EvBot
    from bot.models import Reply, Request
    from bot.settings import Settings

FAILED, USAGE, INTERRUPTED = 1, 2, 130  # and 0: answered (adapters/cli_help.py, EXIT_STATUS)
LONGEST_SINCE = timedelta(days=36500)

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    help="evbot answers questions about electric-vehicle business deals, with sources.",
    epilog=EXIT_STATUS,
)


@cache
def out() -> Console:
    """Standard output for what is printed through rich; made, and rich imported, on first use, which
    `evbot ask --json` never makes."""
    from rich.console import Console

    return Console(highlight=False)


@cache
def err() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def fail(message: str, code: int = FAILED) -> NoReturn:
    """Stop with one line on standard error."""
    err().print(f"evbot: {message}", markup=False)
    raise typer.Exit(code)


def usage(message: str) -> NoReturn:
    fail(message, USAGE)


# -- settings, logging and the store ----------------------------------------------------------


class _State:
    """What the global options chose, and the bot, opened by the first command that needs it."""

    def __init__(self, db: Path | None = None, log_level: str | None = None) -> None:
        self.db, self.log_level = db, log_level
        self._settings: Settings | None = None
        self._bot: EvBot | None = None

    def settings(self) -> Settings:
        if self._settings is None:
            from pydantic import ValidationError

            from bot.settings import Settings

            try:
                self._settings = Settings()
            except ValidationError as exc:
                usage(_setting_problem(exc))
            level = (self.log_level or self._settings.log_level).upper()
            if level not in logs.LEVELS:
                usage(f"EVBOT_LOG_LEVEL={self._settings.log_level} is not a log level; use {logs.levels()}")
            self.log_level = level
            logs.configure(level)
        return self._settings

    def open(self, *, answering: bool = True) -> EvBot:
        """The bot over the store; ``answering=False`` for a command that only adds articles."""
        if self._bot is None:
            from bot.core import EvBot
            from knowledge.store import StoreError

            settings = self.settings()
            try:
                self._bot = EvBot.open(self.db or settings.db, settings, answering=answering)
            except StoreError as exc:
                usage(str(exc))
        return self._bot

    @property
    def debug(self) -> bool:
        return self.log_level == "DEBUG"


state = _State()


def _setting_problem(exc: Any) -> str:
    """A pydantic ValidationError of Settings as the variable to fix."""
    problem = exc.errors()[0]
    name = str(problem["loc"][0]).upper() if problem.get("loc") else "a setting"
    variable = name if name.startswith(("OPENAI_", "EVBOT_")) else f"EVBOT_{name}"
    return f"{variable}={problem.get('input')!s} is not valid ({problem['msg']}); fix it in the environment or .env"


def _show_version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            number = version("evbot")
        except PackageNotFoundError:
            number = "(not installed)"
        out().print(f"evbot {number}", markup=False)
        raise typer.Exit()


@app.callback()
def main_options(
    db: Annotated[
        Path | None,
        typer.Option("--db", metavar="PATH", help="The knowledge store file (default: EVBOT_DB)."),
    ] = None,
    log_level: Annotated[
        str | None,
        typer.Option("--log-level", metavar="LEVEL", help=f"{logs.levels()} (default: EVBOT_LOG_LEVEL, else WARNING)."),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", is_eager=True, callback=_show_version, help="Print evbot's version and exit."),
    ] = False,
) -> None:
    global state
    if log_level is not None and log_level.upper() not in logs.LEVELS:
        usage(f"--log-level {log_level} is not a log level; use {logs.levels()}")
    state = _State(db, log_level.upper() if log_level else None)


# -- answers -----------------------------------------------------------------------------------


def _write_json(record: dict[str, Any]) -> None:
    """One JSON line, always UTF-8 whatever the locale says, flushed so that a reader sees it at once."""
    sys.stdout.flush()
    line = json.dumps(strip_controls_in(record), ensure_ascii=False)  # an article's escape codes stay out
    sys.stdout.buffer.write(line.encode("utf-8", "replace") + b"\n")
    sys.stdout.buffer.flush()


def _request(command: str, action: str = "", **values: str) -> Request:
    """A command given on the command line, in its parts: the core reads no text for it."""
    from bot.models import Invocation, Request, Role

    # The command line is the store owner's own tool: an evbot admin (the feeds, every subscription).
    return Request(
        text=" ".join(w for w in (command, action, *values.values()) if w) if command != "ask" else values["question"],
        invocation=Invocation(command, action, values),
        platform="terminal",
        channel="terminal",
        roles=frozenset({Role.ADMIN}),
    )


def _words(words: list[str] | None, where: str = "the command line") -> str:
    """Arguments as typed: the bytes the shell passed, decoded as UTF-8 with any bad byte shown as U+FFFD."""
    import os

    from adapters.terminal import decoded

    return decoded(os.fsencode(" ".join(words or [])), where, lambda message: err().print(f"evbot: {message}"))


@app.command(cls=HelpCommand)
def ask(
    question: Annotated[
        list[str],
        typer.Argument(metavar="QUESTION...", help="The question; '-' reads one question a line from standard input."),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object a line per answer.")] = False,
) -> None:
    """Answer a question, or each line of standard input.

    Lines of standard input are read as UTF-8; a line with bytes that are not is answered with U+FFFD in
    their place, and one line on standard error says which.
    """
    from adapters.terminal import render, respond, stdin_lines

    bot = state.open()
    requests: Iterable[Request]
    if question == ["-"]:
        requests = (_request("ask", question=text) for text in (line.strip() for line in stdin_lines()) if text)
    else:
        requests = [_request("ask", question=_words(question, "the question").strip())]

    def show(request: Request, reply: Reply) -> None:
        if as_json:
            _write_json(reply.as_dict(request.text))
        else:
            render(reply, out())

    respond(bot, requests, show)


def _one(command: str, action: str = "", **values: str) -> Reply:
    """Run one registry command and print its reply; a usage mistake is one line on standard error."""
    from adapters.terminal import render, respond

    replies: list[Reply] = []
    respond(state.open(), [_request(command, action, **values)], lambda _, reply: replies.append(reply))
    reply = replies[0]
    if reply.kind == "usage":
        usage(re.sub(r"\s+", " ", reply.text.replace("`", "'")).strip())
    render(reply, out())
    return reply


@app.command(cls=HelpCommand)
def deal(name: Annotated[list[str], typer.Argument(metavar="NAME...", help="Parties, e.g. 'ford xiaomi'.")]) -> None:
    """Summarise one deal."""
    _one("deal", name=_words(name))


@app.command(cls=HelpCommand)
def deals(
    company: Annotated[
        list[str] | None,
        typer.Argument(metavar="[FILTER...]", help="A company, status, kind or topic, e.g. 'ford', 'called off'."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON Lines, one deal a line.")] = False,
) -> None:
    """List the deals in the store, newest news first."""
    if as_json:
        from knowledge import export

        wanted = _words(company)
        for record in state.open().with_kb(lambda kb: export.deals(kb, wanted)):
            _write_json(record)
        return
    _one("deals", filter=_words(company))


@app.command(cls=HelpCommand)
def sources(
    name: Annotated[
        list[str] | None, typer.Argument(metavar="[DEAL...]", help="A deal, e.g. 'ford alibaba'; default: all.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON Lines, one stored article a line.")] = False,
) -> None:
    """List the articles behind a deal, or every stored article."""
    if as_json:
        from knowledge import export

        wanted = _words(name)
        for record in state.open().with_kb(lambda kb: export.articles(kb, wanted)):
            _write_json(record)
        return
    _one("sources", deal=_words(name))


# -- ingestion ---------------------------------------------------------------------------------


def _iso_date(value: str) -> str:
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
            return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        pass
    usage(f"--published {value!r} is not a date; use YYYY-MM-DD, e.g. --published 2024-03-01")


@contextmanager
def _progress(files: list[Path]) -> Iterator[Callable[[], None]]:
    """A bar on standard error while files are read, when it is a terminal; then the index being updated."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("files"),
        TimeElapsedColumn(),
        console=err(),
        transient=True,
        disable=not err().is_terminal,
    ) as bar:
        size = sum(path.stat().st_size for path in files) / (1024 * 1024)
        task = bar.add_task(f"ingesting {size:.1f} MB", total=len(files))

        def advance() -> None:
            bar.advance(task)
            if bar.tasks[0].completed >= len(files):
                bar.update(task, description="updating the search index")

        yield advance


@app.command(cls=HelpCommand)
def ingest(
    paths: Annotated[
        list[Path], typer.Argument(metavar="PATH...", help=".txt, .md or .html files, or folders of them.")
    ],
    url: Annotated[
        str | None,
        typer.Option("--url", metavar="URL", help="The article's URL, where the file does not say (one file only)."),
    ] = None,
    published: Annotated[
        str | None,
        typer.Option("--published", metavar="YYYY-MM-DD", help="The publication date, where the files do not say."),
    ] = None,
) -> None:
    """Add articles to the knowledge store.

    Articles already stored (same URL or same text) are left as they are; binary, empty and oversized files
    are skipped, each with a one-line reason. Nothing is ingested when a path does not exist.
    """
    from knowledge.ingest import iter_paths

    day = _iso_date(published) if published is not None else None
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        fail(f"{', '.join(missing)} {'does' if len(missing) == 1 else 'do'} not exist; nothing was ingested")
    files = list(iter_paths(paths))
    if not files:
        fail(f"no .txt, .md or .html files in {', '.join(str(p) for p in paths)}")
    if url and len(files) > 1:
        usage(f"--url is the URL of one article, but {len(files)} files were given; give --url with one file")
    bot = state.open(answering=False)
    with _progress(files) as advance:
        report = bot.ingest_paths([str(p) for p in paths], url=url, published=day, progress=advance)
    for label, note in report.notes:
        err().print(f"evbot: {label}: {note}", markup=False)
    for label, reason in report.skipped:
        err().print(f"skipped {label}: {reason}", markup=False)
    out().print(
        f"{len(report.added)} added, {len(report.duplicates)} already stored, "
        f"{len(report.skipped)} skipped; {report.deals_touched} deals new or updated.",
        markup=False,
    )
    if report.skipped and not report.added and not report.duplicates:
        raise typer.Exit(FAILED)


# -- chat and the front ends -------------------------------------------------------------------


@app.command(name="chat", cls=HelpCommand)
def chat_command() -> None:
    """Talk to evbot in the terminal: questions and /commands.

    At a terminal: line editing and history (arrow keys, Ctrl-R, Tab completes a /command); Ctrl-C drops the
    line being typed; Ctrl-D or /quit leaves. Piped: one message a line.
    """
    from adapters.terminal import chat

    chat(state.open(), out())


@app.command(cls=HelpCommand)
def run(
    platform: Annotated[
        str | None,
        typer.Argument(metavar="[PLATFORM]", help="slack or discord; default: every configured one."),
    ] = None,
    http: Annotated[bool, typer.Option("--http", help="Slack: serve HTTP events instead of Socket Mode.")] = False,
    port: Annotated[int, typer.Option("--port", metavar="PORT", help="Slack HTTP mode: the port to listen on.")] = 3000,
    host: Annotated[
        str | None,
        typer.Option(
            "--host",
            metavar="ADDRESS",
            help="Slack HTTP mode: the address to listen on (default: SLACK_HTTP_HOST, 127.0.0.1).",
        ),
    ] = None,
) -> None:
    """Run the chat front ends, with digests and feed polling.

    Every platform whose token is set, or with none configured, the terminal chat over the store; the digest
    schedule and the feed polling run beside them. Ctrl-C stops evbot.
    """
    import asyncio

    from adapters.runner import FrontEndError, configured_platforms, serve

    try:
        platforms = [platform] if platform else configured_platforms()
        from adapters.terminal import chat
        from adapters.terminal_digests import BackgroundScheduler, terminal_poster  # the scheduler only where it runs

        settings = state.settings()
        posters = {"terminal": terminal_poster(out(), settings.digest_file)}  # digests subscribed in the terminal
        if not platforms:
            err().print(
                "No chat platform is configured (see README); starting the terminal chat, with digests "
                "and feed polling beside it.",
                style="dim",
            )
            background = BackgroundScheduler(state.open(), posters)
            background.start()
            try:
                chat(state.open(), out())
            finally:
                background.stop()
            return
        asyncio.run(serve(state.open(), platforms, posters=posters, slack={"http": http, "port": port, "host": host}))
    except FrontEndError as exc:
        usage(str(exc))
    except KeyboardInterrupt:
        err().print("evbot: stopped", markup=False)


app.add_typer(discord_cli.app, name="discord")
app.add_typer(slack_cli.app, name="slack")

feeds_app = typer.Typer(
    no_args_is_help=True,
    rich_markup_mode=None,
    help="The RSS and Atom feeds evbot reads news from. `evbot run` polls them.",
)
app.add_typer(feeds_app, name="feeds")


@feeds_app.command("add", cls=HelpCommand)
def feeds_add(url: Annotated[str, typer.Argument(metavar="URL", help="The feed's http(s) URL.")]) -> None:
    """Read a feed from now on."""
    _one("feeds", "add", url=url)


@feeds_app.command("list")
def feeds_list() -> None:
    """List the feeds: when each was last read, or why it fails."""
    _one("feeds", "list")


@feeds_app.command("remove", cls=HelpCommand)
def feeds_remove(url: Annotated[str, typer.Argument(metavar="URL", help="The feed's URL, as listed.")]) -> None:
    """Stop reading a feed (its articles stay in the store)."""
    _one("feeds", "remove", url=url)


@feeds_app.command("poll")
def feeds_poll() -> None:
    """Poll every feed once, now, and report what was new.

    Exits 1 when no feed could be read (every one failed, or there are none).
    """
    state.settings()
    if not state.debug:  # the reply lists each failing feed; the poller's log line would say it again
        logging.getLogger("knowledge.feeds").setLevel(logging.ERROR)
    if not _one("feeds", "poll").found:
        raise typer.Exit(FAILED)


@app.command(cls=HelpCommand)
def digest(
    since: Annotated[str, typer.Option("--since", metavar="DURATION", help="How far back: 7d, 24h, 2w, 90m.")] = "7d",
) -> None:
    """Print a digest of what the store learnt recently.

    New deals, status changes and other news added in the window given by --since.
    """
    from bot.digests.since import digest_since, parse_duration

    try:
        window = parse_duration(since)
    except OverflowError:
        window = LONGEST_SINCE * 2
    except ValueError as exc:
        usage(str(exc))
    if window > LONGEST_SINCE:
        usage(f"--since {since} is too far back; the longest is {LONGEST_SINCE.days}d (100 years)")
    from adapters.terminal import render

    bot = state.open()
    render(bot.with_kb(lambda kb: digest_since(kb, window, bot.clock())), out())


def main() -> None:
    """The console script: a Ctrl-C or an error nobody foresaw is one line too, never a traceback."""
    try:
        app()
    except SystemExit as exc:
        if exc.code == INTERRUPTED:  # typer turns Ctrl-C into a silent exit 130
            err().print("evbot: interrupted", markup=False)
        raise
    except KeyboardInterrupt:
        err().print("evbot: interrupted", markup=False)
        sys.exit(INTERRUPTED)
    except Exception as exc:
        store = sys.modules.get("knowledge.store")  # loaded if the error can be one of its
        if store is not None and isinstance(exc, store.StoreError):  # a write that failed: its message says why
            err().print(f"evbot: {exc}", markup=False)
            sys.exit(FAILED)
        logging.getLogger(__name__).debug("unexpected error", exc_info=True)
        hint = "" if state.debug else "; --log-level DEBUG shows where"
        err().print(f"evbot: unexpected error: {type(exc).__name__}: {exc}{hint}", markup=False)
        sys.exit(FAILED)


if __name__ == "__main__":
    main()
