"""Starting the front ends: every configured chat platform in one process over one store.

Each platform package ``adapters.<name>`` offers ``settings.is_configured()``
(its tokens are set; cheap, imports no platform library) and an async
``app.serve(bot, posters=..., ...)`` that runs until cancelled and, once
connected, puts its ``post(channel, reply)`` into ``posters[name]`` for the
digest scheduler. With no platform configured, the terminal chat runs
instead (with the scheduler beside it), so evbot works with no tokens.
"""

from __future__ import annotations

import asyncio
import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.core import EvBot

PLATFORMS = ("slack", "discord")


class FrontEndError(Exception):
    """A front end cannot start; the message says which setting to fix."""


def _module(platform: str, part: str) -> Any:
    if platform not in PLATFORMS:
        raise FrontEndError(f"unknown platform {platform!r}; choose from {', '.join(PLATFORMS)}")
    return importlib.import_module(f"adapters.{platform}.{part}")


def configured_platforms() -> list[str]:
    return [name for name in PLATFORMS if _module(name, "settings").is_configured()]


async def serve(
    bot: EvBot, platforms: list[str], *, posters: dict[str, Any] | None = None, schedule: bool = True, **options: Any
) -> None:
    """Run the named platforms together, with the digest scheduler and the feed polling; the first to fail
    stops the others. Each platform adds its "post this reply to this channel" capability to ``posters``
    once it is connected; the scheduler posts digests through them and knows nothing else of a platform."""
    from bot.digests.delivery import Posters
    from bot.digests.driver import DigestScheduler

    posters = Posters(posters or {})
    scheduler = None
    if schedule:
        scheduler = DigestScheduler(bot, posters)
        await scheduler.start()
    try:
        async with asyncio.TaskGroup() as group:
            for name in platforms:
                group.create_task(_module(name, "app").serve(bot, posters=posters, **options.get(name, {})))
    except BaseExceptionGroup as errors:
        # A TaskGroup wraps failures in a group; surface a front end's one-line error as itself.
        matched = errors.subgroup(FrontEndError)
        if matched is None:
            raise
        first: BaseException = matched
        while isinstance(first, BaseExceptionGroup):
            first = first.exceptions[0]
        raise first from None
    finally:
        if scheduler is not None:
            await scheduler.stop()
