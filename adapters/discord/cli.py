"""`evbot discord ...`: Discord chores that do not need the bot running.

Imports discord.py, rich and the bot only when a command runs, so that `evbot --help` stays fast.
"""

from __future__ import annotations

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None, help="Discord front end chores.")


@app.command()
def sync(ctx: typer.Context) -> None:
    """Register the slash commands with Discord now, changed or not (DISCORD_GUILD_ID when set, else globally)."""
    import asyncio

    from rich.console import Console

    from adapters.discord.app import sync_now
    from adapters.runner import FrontEndError
    from bot.core import EvBot
    from bot.settings import Settings
    from knowledge.store import StoreError

    err = Console(stderr=True, highlight=False)
    settings = Settings()  # read once, and the bot opened with them
    db = ctx.find_root().params.get("db") or settings.db  # `evbot --db PATH discord sync`
    try:
        count, where = asyncio.run(sync_now(EvBot.open(db, settings)))
    except (FrontEndError, StoreError) as exc:
        err.print(f"evbot: {exc}", markup=False)
        raise typer.Exit(2) from None
    Console(highlight=False).print(f"Synced {count} slash commands {where}.", markup=False)
