"""Commands run on the front end's event loop: waiting for the knowledge never stalls it.

Slack and Discord answer every conversation on one event loop; a command that blocked it (waiting for the lock
while an ingest holds it, or reading the knowledge on the loop's own thread) would make every other
conversation, heartbeat and feed wait too.
"""

from __future__ import annotations

import asyncio
import threading

import pytest

from bot import registry
from bot.core import EvBot
from bot.models import Reply, Request


async def test_a_question_waiting_for_an_ingest_leaves_the_event_loop_free(bot: EvBot) -> None:
    holding, release = threading.Event(), threading.Event()
    ingest = threading.Thread(target=bot.with_kb, args=(lambda _: holding.set() or release.wait(10),))
    ingest.start()  # stands for `evbot ingest` or a feed poll storing its articles: the knowledge is taken
    try:
        assert await asyncio.to_thread(holding.wait, 10)
        question = asyncio.ensure_future(bot.respond(Request(text="who is ford talking to?")))
        ticks = 0
        for _ in range(10):
            await asyncio.sleep(0.01)  # the loop goes on serving while the question waits
            ticks += 1
        assert ticks == 10 and not question.done()
    finally:
        release.set()
        ingest.join()
    reply = await asyncio.wait_for(question, 10)
    assert reply.found and "Ford & Xiaomi" in reply.text


async def test_the_same_command_answers_alike_on_a_loop_and_from_synchronous_code(bot: EvBot) -> None:
    for text in ("alibaba ford?", "deal ford xiaomi", "deals ford", "sources", "help", "feeds list"):
        assert await bot.respond(Request(text=text)) == await asyncio.to_thread(bot.handle, Request(text=text))


def test_a_handler_that_is_not_async_is_refused_when_it_is_declared() -> None:
    def blocking(ctx: registry.Context) -> Reply:
        """Would block the event loop."""
        return Reply(title="", text="")

    with pytest.raises(TypeError, match="async def"):
        registry.command("blocking")(blocking)
    assert "blocking" not in registry.COMMANDS
