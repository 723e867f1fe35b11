"""The bot core: one request in, one reply out, for every front end."""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import re
import threading
from collections.abc import Callable, Coroutine, Iterable
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from bot import commands, feed_commands, registry  # noqa: F401  (each registers its commands)
from bot.answering.conversation import Conversations
from bot.answering.summariser import Summariser, deal_extractor
from bot.dedupe import AnsweredOnce
from bot.digests import commands as digest_commands  # noqa: F401  (registers the digest command)
from bot.digests.zones import zone_choices
from bot.models import Invocation, Reply, Request
from bot.settings import Settings
from knowledge.knowledge_base import KnowledgeBase

if TYPE_CHECKING:
    from knowledge.ingest import Document, IngestReport

log = logging.getLogger(__name__)
T = TypeVar("T")

# The threads commands do their knowledge work on (EvBot.hold), shared by every bot in the process and kept
# between event loops, so that ``handle``'s loop of its own does not start a thread for each command. The
# work is serialised by each bot's lock; a few threads let one bot's command wait for it while another's runs.
_KNOWLEDGE_WORKERS = concurrent.futures.ThreadPoolExecutor(4, thread_name_prefix="evbot-knowledge")


class EvBot:
    """Holds the knowledge base; front ends await ``respond`` (or, from synchronous code, call ``handle``) and
    render what it returns.

    Commands run on the caller's event loop; their work with the knowledge runs on worker threads
    (``Context.hold``), and background jobs call ``with_kb`` from theirs: one lock keeps the knowledge
    snapshot consistent, and it is never held while anything waits on the network.
    """

    def __init__(
        self,
        kb: KnowledgeBase,
        summariser: Summariser | None = None,
        settings: Settings | None = None,
        clock: Callable[[], datetime] = registry.utcnow,
    ) -> None:
        self.kb = kb
        self.settings = settings or Settings()
        # What every command and the digest scheduler take as now (a subscription's next run, a digest's
        # window), so that a bot opened with a fixed clock answers as of that moment.
        self.clock = clock
        self.summariser = summariser  # optional LLM rewrite of found answers (bot/answering/summariser.py)
        self._lock = threading.Lock()
        self._memory = threading.Lock()  # the conversations, for callers of ``handle`` on several threads
        self._events = AnsweredOnce(kb.store)
        self._conversations = Conversations()

    @classmethod
    def open(
        cls,
        db: str | Path,
        settings: Settings | None = None,
        *,
        answering: bool = True,
        clock: Callable[[], datetime] = registry.utcnow,
    ) -> EvBot:
        """The bot over the store at ``db``, with the LLM summariser (and extractor) when the settings say so.

        ``answering``: read the knowledge to answer from now, so that the first question does not wait for it
        (nor for the store's lock, which an ingest beside it may hold); ``evbot ingest``, which only adds
        articles, leaves it unread. ``clock``: what the bot takes as now (tests fix it)."""
        settings = settings or Settings()
        kb = KnowledgeBase.open(db, seed=settings.samples, index_dir=settings.index_dir)
        kb.deal_extractor = deal_extractor(settings)
        if answering:
            kb.warm()
        return cls(kb, Summariser.from_settings(settings), settings, clock)

    def first_time(self, event_id: str, keep_s: float) -> bool:
        """False for an event already handled within ``keep_s`` seconds (the platform's retry or replay window),
        by this process or, through the store, one before it: a retry, a replay, the same mention sent twice."""
        return self._events.first_time(event_id, keep_s)

    def recall(self, key: str) -> dict | None:
        """Front-end state kept in the store (e.g. the fingerprint of synced commands)."""
        return self.kb.front_end_state.recall(key)

    def remember(self, key: str, value: dict) -> None:
        self.kb.front_end_state.remember(key, value)

    def handle(self, request: Request) -> Reply:
        """``respond``'s extractive reply, for synchronous callers (scripts, tests): the same async path, on an
        event loop of its own."""
        return _run_to_end(self._run(request, _invocation(request)))

    async def respond(self, request: Request) -> Reply:
        """The reply to a request, for every front end: the extractive reply (its knowledge work on a worker
        thread), then, for a found ``ask`` answer or ``deal`` summary, the summariser's grounded rewrite when
        it passes its checks. The command is read once, here: what ran is what the summariser is told."""
        invocation = _invocation(request)
        reply = await self._run(request, invocation)
        if self.summariser is None or not reply.found or not reply.citations or isinstance(invocation, Reply):
            return reply
        return await self.summariser.improve(reply, invocation.command, invocation.words())

    async def _run(self, request: Request, invocation: Invocation | Reply) -> Reply:
        if isinstance(invocation, Reply):
            return invocation
        if invocation.command == "ask":
            with self._memory:
                request = replace(request, about=self._conversations.recall(request.conversation))
        reply = await registry.run(registry.Context(request, self.settings, self.hold, self.clock), invocation)
        # What every deal of the answer shares (also of "the articles don't say"): a deal, or a list's company.
        if reply.deals:
            shared = [p for p in reply.deals[0].parties if all(p in d.parties for d in reply.deals[1:])]
            with self._memory:
                self._conversations.remember(request.conversation, tuple(shared))
        return reply

    async def hold(self, work: Callable[[KnowledgeBase], T]) -> T:
        """``work(kb)`` for a command, on a worker thread (off the event loop) under the lock. A new revision
        still being read is not waited for: the command is answered from the previous one, the new one swapped
        in before a later command."""
        return await asyncio.get_running_loop().run_in_executor(_KNOWLEDGE_WORKERS, _Once(self._locked, work))

    def _locked(self, work: Callable[[KnowledgeBase], T]) -> T:
        with self._lock:
            self.kb.refresh(wait=False)
            return work(self.kb)

    async def digest_intro(self, reply: Reply) -> str | None:
        """A grounded opening paragraph for a digest drawn from ``reply``'s citations; None without an LLM."""
        return await self.summariser.digest_intro(reply) if self.summariser else None

    async def aclose(self) -> None:
        """Release the summariser's connections for the running event loop."""
        if self.summariser:
            await self.summariser.aclose()

    def suggest(self, what: str, typed: str, limit: int) -> list[str]:
        """Autocomplete for a parameter's ``suggest``: time zones (``"zone"``), deal names (``"deal"``) or company
        names, with a word starting with each word typed ("xia", "ford al"); companies that are party to a deal
        come first."""
        if what == "zone":
            return zone_choices(typed, limit)
        with self._lock:
            self.kb.refresh(wait=False)
            if what == "deal":
                names = self.kb.deal_names()
            else:
                in_deals = self.kb.deal_parties()
                names = sorted(self.kb.companies, key=lambda n: (n not in in_deals, n.casefold()))
        typed_words = re.findall(r"\w+", typed.casefold())
        return [
            n for n in names if all(any(w.startswith(t) for w in re.findall(r"\w+", n.casefold())) for t in typed_words)
        ][:limit]

    def ask(self, question: str) -> Reply:
        return self.handle(Request(text=question, invocation=Invocation("ask", values={"question": question})))

    def ingest_paths(
        self,
        paths: Iterable[str],
        url: str | None = None,
        published: str | None = None,
        progress: Callable[[], None] | None = None,
    ) -> IngestReport:
        from knowledge.ingest import iter_paths, read_paths  # not imported by a bot that only answers

        with self._lock:
            return self.kb.ingest(read_paths(iter_paths(paths), url=url, published=published), progress)

    def count_files(self, paths: Iterable[str]) -> int:
        from knowledge.ingest import iter_paths

        return sum(1 for _ in iter_paths(paths))

    def ingest_documents(self, docs: Iterable[tuple[str, Document | Exception]]) -> IngestReport:
        """Ingest documents from elsewhere (feed entries) exactly as files are: same cleaning, same dedupe."""
        with self._lock:
            return self.kb.ingest(docs)

    def with_kb(self, work: Callable[[KnowledgeBase], T]) -> T:
        """Run ``work(kb)`` with the knowledge base (and its store) to itself, on the newest data.

        Background jobs (the digest scheduler, the feed poller) read and write their tables through
        this, so that they never interleave with an answer or an ingestion.
        """
        with self._lock:
            self.kb.refresh()
            return work(self.kb)


class _Once:
    """A call that lets go of the bot before its result is handed over: a pool's worker keeps its last work
    item until it takes the next, and that item must not keep a closed bot's store files open."""

    __slots__ = ("_call", "_work")

    def __init__(self, call: Callable[[Callable[[KnowledgeBase], T]], T], work: Callable[[KnowledgeBase], T]) -> None:
        self._call: Callable[[Any], Any] | None = call
        self._work: Callable[[KnowledgeBase], Any] | None = work

    def __call__(self) -> Any:
        call, work = self._call, self._work
        self._call = self._work = None
        assert call is not None and work is not None, "a work item runs once"
        return call(work)


def _run_to_end(coro: Coroutine[Any, Any, T]) -> T:
    """Run ``coro`` to completion from synchronous code, in a fresh thread if this one runs an event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(_quiet_races(coro))
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, _quiet_races(coro)).result()


async def _quiet_races(coro: Coroutine[Any, Any, T]) -> T:
    quiet_cancellation_races(asyncio.get_running_loop())
    return await coro


def quiet_cancellation_races(loop: asyncio.AbstractEventLoop) -> None:
    """Every loop that runs evbot's requests: a Ctrl-C is reported once, by the front end, as one line."""
    loop.set_exception_handler(_cancelled_race)


def _cancelled_race(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    """A socket's callback that finishes a future a Ctrl-C has just cancelled fails with InvalidStateError
    (a race inside asyncio's selector loop): the interrupt is reported once, as one line, not as a traceback."""
    if isinstance(context.get("exception"), asyncio.InvalidStateError):
        log.debug("ignored after a cancellation: %s", context.get("message"))
        return
    loop.default_exception_handler(context)


def _invocation(request: Request) -> Invocation | Reply:
    """The command a request runs and its parameters: a slash command's own, else read from the text."""
    return request.invocation or registry.parse(request.text)
