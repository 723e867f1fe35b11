"""`evbot slack ...`: Slack chores that do not need the bot running.

Imports the bot only when a command runs, so that `evbot --help` stays fast.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None, help="Slack front end chores.")


@app.command()
def manifest(
    url: Annotated[
        str,
        typer.Option(
            "--url", metavar="URL", help="HTTP mode: the https address Slack posts to (events and slash commands)."
        ),
    ] = "",
) -> None:
    """Print the Slack app manifest, every evbot command a slash command (for Socket Mode unless --url)."""
    from adapters.slack.commands import manifest as render

    if url and not url.startswith("https://"):
        typer.echo("evbot: --url must be an https:// address; Slack posts only to https", err=True)
        raise typer.Exit(2)
    sys.stdout.write(render(url))
