"""The `evbot` command line: chat, one-off questions, ingestion and running the front ends."""

from __future__ import annotations

import asyncio
import json
import logging
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from adapters.discord import cli as discord_cli
from adapters.runner import FrontEndError, configured_platforms, serve
from adapters.terminal import chat, render, respond
from bot.core import EvBot
from bot.models import Reply, Request, Role
from bot.settings import Settings
from bot.subscriptions import digest_since, parse_duration
from knowledge import export
from knowledge.store import StoreError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    help="evbot answers questions about electric-vehicle business deals, with sources.",
)
out = Console(highlight=False)
err = Console(stderr=True, highlight=False, soft_wrap=True)


class _State:
    db: Path
    bot: EvBot | None = None

    def open(self) -> EvBot:
        if self.bot is None:
            try:
                self.bot = EvBot.open(self.db)
            except StoreError as exc:
                err.print(f"evbot: {exc}", markup=False)
                raise typer.Exit(2) from None
        return self.bot


state = _State()


@app.callback()
def main_options(
    db: Annotated[Path | None, typer.Option("--db", help="Knowledge store file (default: EVBOT_DB).")] = None,
    log_level: Annotated[str | None, typer.Option("--log-level", help="DEBUG, INFO, WARNING or ERROR.")] = None,
) -> None:
    settings = Settings()
    state.db = db or settings.db
    level = (log_level or settings.log_level).upper()
    logging.basicConfig(level=level, stream=sys.stderr, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if level != "DEBUG":  # libraries speak at WARNING (trafilatura's notes on each page are not news)
        for library in ("trafilatura", "apscheduler", "httpx", "openai", "discord", "slack_bolt", "aiohttp"):
            logging.getLogger(library).setLevel(max(logging.WARNING, logging.getLevelName(level)))


def _as_json(question: str, reply: Reply) -> str:
    return json.dumps(reply.as_dict(question), ensure_ascii=False)


@app.command()
def ask(
    question: Annotated[list[str], typer.Argument(help="The question; '-' reads one question per line from stdin.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object per answer.")] = False,
) -> None:
    """Answer a question (or, with '-', every line of standard input)."""
    bot = state.open()
    lines = sys.stdin if question == ["-"] else [" ".join(question)]
    texts = (line.strip() for line in lines)
    requests = (Request(text=text, command="ask", args=text) for text in texts if text or question != ["-"])

    def show(request: Request, reply: Reply) -> None:
        if as_json:
            print(_as_json(request.args, reply), flush=True)
        else:
            render(reply, out)

    respond(bot, requests, show)


def _one(command: str, args: str) -> None:
    replies: list[Reply] = []
    # The command line is the store owner's own tool: an evbot admin (the feeds, every subscription).
    respond(
        state.open(),
        [
            Request(
                text=f"{command} {args}",
                command=command,
                args=args,
                platform="terminal",
                channel="terminal",
                roles=frozenset({Role.ADMIN}),
            )
        ],
        lambda _, reply: replies.append(reply),
    )
    reply = replies[0]
    render(reply, out)
    if reply.kind == "usage":
        raise typer.Exit(1)


@app.command()
def deal(name: Annotated[list[str], typer.Argument(help="Parties, e.g. 'ford xiaomi'.")]) -> None:
    """Summarise one deal."""
    _one("deal", " ".join(name))


def _json_lines(records: list[dict]) -> None:
    for record in records:
        print(json.dumps(record, ensure_ascii=False), flush=True)


@app.command()
def deals(
    company: Annotated[list[str] | None, typer.Argument(help="Only this company's deals.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON Lines, one deal a line.")] = False,
) -> None:
    """List the deals in the store."""
    if as_json:
        _json_lines(state.open().with_kb(lambda kb: export.deals(kb, " ".join(company or []))))
        return
    _one("deals", " ".join(company or []))


@app.command()
def sources(
    name: Annotated[list[str] | None, typer.Argument(help="A deal, e.g. 'ford alibaba'.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON Lines, one stored article a line.")] = False,
) -> None:
    """List the articles behind a deal, or all stored articles."""
    if as_json:
        _json_lines(state.open().with_kb(lambda kb: export.articles(kb, " ".join(name or []))))
        return
    _one("sources", " ".join(name or []))


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help=".txt, .md or .html files, or folders of them.")],
    url: Annotated[str | None, typer.Option(help="The article's URL, where the file does not say.")] = None,
    published: Annotated[
        str | None, typer.Option(help="Publication date (YYYY-MM-DD), where the file does not say.")
    ] = None,
) -> None:
    """Add articles to the knowledge store; already stored articles are left as they are."""
    bot = state.open()
    total = bot.count_files(str(p) for p in paths)
    with Progress(
        TextColumn("ingesting"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err,
        transient=True,
        disable=total < 20 or not err.is_terminal,
    ) as progress:
        task = progress.add_task("ingest", total=total)
        report = bot.ingest_paths(
            [str(p) for p in paths], url=url, published=published, progress=lambda: progress.advance(task)
        )
    for label, reason in report.skipped:
        err.print(f"skipped {label}: {reason}", markup=False)
    out.print(
        f"{len(report.added)} added, {len(report.duplicates)} already stored, "
        f"{len(report.skipped)} skipped; {report.deals_touched} deals new or updated.",
        markup=False,
    )
    if report.skipped and not report.added and not report.duplicates:
        raise typer.Exit(1)


@app.command(name="chat")
def chat_command() -> None:
    """Talk to evbot in the terminal: plain questions and /commands."""
    chat(state.open(), out)


@app.command()
def run(
    platform: Annotated[str | None, typer.Argument(help="slack or discord; default: every configured one.")] = None,
    http: Annotated[bool, typer.Option("--http", help="Slack: serve HTTP events instead of Socket Mode.")] = False,
    port: Annotated[int, typer.Option("--port", help="Slack HTTP mode: the port to listen on.")] = 3000,
) -> None:
    """Run the chat front ends; with no platform configured, the terminal chat over the store."""
    try:
        platforms = [platform] if platform else configured_platforms()
        from adapters.digests import BackgroundScheduler, terminal_poster  # the scheduler only where it runs

        settings = Settings()
        posters = {"terminal": terminal_poster(out, settings.digest_file)}  # digests subscribed in the terminal
        if not platforms:
            err.print(
                "No chat platform is configured (see README); starting the terminal chat, with digests "
                "and feed polling beside it.",
                style="dim",
            )
            background = BackgroundScheduler(state.open(), posters, settings)
            background.start()
            try:
                chat(state.open(), out)
            finally:
                background.stop()
            return
        asyncio.run(serve(state.open(), platforms, posters=posters, slack={"http": http, "port": port}))
    except FrontEndError as exc:
        err.print(f"evbot: {exc}", markup=False)
        raise typer.Exit(2) from None
    except KeyboardInterrupt:
        pass


app.add_typer(discord_cli.app, name="discord")

feeds_app = typer.Typer(
    no_args_is_help=True,
    rich_markup_mode=None,
    help="The RSS and Atom feeds evbot reads news from (polled while `evbot run` runs).",
)
app.add_typer(feeds_app, name="feeds")


@feeds_app.command("add")
def feeds_add(url: Annotated[str, typer.Argument(help="The feed's http(s) URL.")]) -> None:
    """Read a feed from now on."""
    _one("feeds", f"add {url}")


@feeds_app.command("list")
def feeds_list() -> None:
    """The feeds, with when each was last read or why it is failing."""
    _one("feeds", "list")


@feeds_app.command("remove")
def feeds_remove(url: Annotated[str, typer.Argument(help="The feed's URL, as listed.")]) -> None:
    """Stop reading a feed (its articles stay in the store)."""
    _one("feeds", f"remove {url}")


@feeds_app.command("poll")
def feeds_poll() -> None:
    """Poll every feed once, now, and report what was new."""
    _one("feeds", "poll")


@app.command()
def digest(
    since: Annotated[str, typer.Option("--since", help="How far back: 7d, 24h, 2w, 90m.")] = "7d",
) -> None:
    """Print a digest of what was added to the store recently: new deals, status changes, other news."""
    try:
        window = parse_duration(since)
    except ValueError as exc:
        err.print(f"evbot: {exc}", markup=False)
        raise typer.Exit(2) from None
    render(state.open().with_kb(lambda kb: digest_since(kb, window)), out)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
