"""Digests on the terminal: the terminal's "post this reply" capability, and the scheduler beside the chat.

With no platform configured, ``evbot run`` keeps the terminal chat in the
main thread (it reads the keyboard) and runs the digest scheduler and the
feed polling on an event loop in a background thread. Digests for the
terminal are printed, or appended to EVBOT_DIGEST_FILE when it is set.
"""

from __future__ import annotations

import asyncio
import io
import logging
import threading
from datetime import datetime
from pathlib import Path

from rich.console import Console

from adapters.terminal import render
from bot.core import EvBot
from bot.digests.delivery import DeliveryError, Poster
from bot.digests.driver import DigestScheduler
from bot.models import Reply
from knowledge.controls import strip_controls

log = logging.getLogger(__name__)


def plain_text(reply: Reply, width: int = 100) -> str:
    """The reply as the terminal draws it, without colours: what goes into EVBOT_DIGEST_FILE."""
    buffer = io.StringIO()
    render(reply, Console(file=buffer, width=width, color_system=None, highlight=False, force_terminal=False))
    return buffer.getvalue()


def terminal_poster(console: Console, path: Path | None = None) -> Poster:
    """Print a digest on ``console``, or append it to ``path``: the terminal's way to post to a channel."""
    lock = threading.Lock()

    async def post(channel: str, reply: Reply) -> None:
        stamp = datetime.now().astimezone().isoformat(timespec="seconds")
        if path is None:
            with lock:
                console.print(f"\n[dim]--- digest for {channel}, {stamp} ---[/]")
                render(reply, console)
            return
        text = strip_controls(f"--- digest for {channel}, {stamp} ---\n{plain_text(reply)}\n")
        try:
            with lock, open(path, "a", encoding="utf-8") as fh:
                fh.write(text)
        except OSError as exc:
            raise DeliveryError(f"cannot append to EVBOT_DIGEST_FILE {path}: {exc.strerror}") from None

    return post


class BackgroundScheduler:
    """The digest scheduler and feed polling on their own event loop in a daemon thread."""

    def __init__(self, bot: EvBot, posters: dict[str, Poster]) -> None:
        self.bot, self.posters = bot, posters
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopping: asyncio.Event | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="evbot-scheduler", daemon=True)

    def start(self) -> None:
        self._thread.start()
        self._ready.wait(30)
        if self._error is not None:
            raise self._error

    def stop(self, timeout: float = 10.0) -> None:
        if self._loop is not None and self._stopping is not None and self._thread.is_alive():
            self._loop.call_soon_threadsafe(self._stopping.set)
            self._thread.join(timeout)

    def _run(self) -> None:
        asyncio.run(self._main())

    async def _main(self) -> None:
        self._loop, self._stopping = asyncio.get_running_loop(), asyncio.Event()
        scheduler = DigestScheduler(self.bot, self.posters)
        try:
            await scheduler.start()
        except BaseException as exc:
            self._error = exc
            self._ready.set()
            return
        self._ready.set()
        try:
            await self._stopping.wait()
        finally:
            await scheduler.stop()
