"""The bot core: one request in, one reply out, for every front end."""

from __future__ import annotations

import asyncio
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from bot import commands, feed_commands, registry  # noqa: F401  (each registers its commands)
from bot.answering.conversation import Conversations
from bot.answering.summariser import Summariser, deal_extractor
from bot.dedupe import AnsweredOnce
from bot.digests import commands as digest_commands  # noqa: F401  (registers the digest command)
from bot.digests.zones import zone_choices
from bot.models import Invocation, Reply, Request
from bot.settings import Settings
from knowledge.ingest import Document, IngestReport, iter_paths, read_paths
from knowledge.knowledge_base import KnowledgeBase

T = TypeVar("T")


class EvBot:
    """Holds the knowledge base; front ends call ``handle`` and render what it returns.

    Front ends may call from worker threads (an async adapter hands the work to
    ``asyncio.to_thread``); one lock keeps the knowledge snapshot consistent.
    """

    def __init__(
        self, kb: KnowledgeBase, summariser: Summariser | None = None, settings: Settings | None = None
    ) -> None:
        self.kb = kb
        self.settings = settings or Settings()
        self.summariser = summariser  # optional LLM rewrite of found answers (bot/answering/summariser.py)
        self._lock = threading.Lock()
        self._events = AnsweredOnce(kb.store)
        self._conversations = Conversations()

    @classmethod
    def open(cls, db: str | Path, settings: Settings | None = None, *, answering: bool = True) -> EvBot:
        """The bot over the store at ``db``, with the LLM summariser (and extractor) when the settings say so.

        ``answering``: read the knowledge to answer from now, so that the first question does not wait for it
        (nor for the store's lock, which an ingest beside it may hold); ``evbot ingest``, which only adds
        articles, leaves it unread."""
        settings = settings or Settings()
        kb = KnowledgeBase.open(db, seed=settings.samples)
        kb.deal_extractor = deal_extractor(settings)
        if answering:
            kb.warm()
        return cls(kb, Summariser.from_settings(settings), settings)

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
        return self._run(request, _invocation(request))

    def _run(self, request: Request, invocation: Invocation | Reply) -> Reply:
        if isinstance(invocation, Reply):
            return invocation
        chosen = registry.COMMANDS.get(invocation.command)
        if chosen is not None and chosen.locks_itself:  # it takes the lock only while it reads or writes
            return registry.run(registry.Context(self.kb, request, self.settings, exclusive=self.with_kb), invocation)
        with self._lock:
            self.kb.refresh(wait=False)  # a new revision still being read: answered from the previous one
            if invocation.command == "ask":
                request = replace(request, about=self._conversations.recall(request.conversation))
            reply = registry.run(registry.Context(self.kb, request, self.settings), invocation)
            if reply.found and reply.deals:  # what every deal of the answer shares: a deal, or a list's company
                shared = [p for p in reply.deals[0].parties if all(p in d.parties for d in reply.deals[1:])]
                self._conversations.remember(request.conversation, tuple(shared))
            return reply

    async def respond(self, request: Request) -> Reply:
        """``handle`` for async front ends: the extractive reply (in a worker thread), then, for a found
        ``ask`` answer or ``deal`` summary, the summariser's grounded rewrite when it passes its checks. The
        command is read once, here: what ran is what the summariser is told."""
        invocation = _invocation(request)
        reply = await asyncio.to_thread(self._run, request, invocation)
        if self.summariser is None or not reply.found or not reply.citations or isinstance(invocation, Reply):
            return reply
        return await self.summariser.improve(reply, invocation.command, invocation.words())

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
                in_deals = {party for deal in self.kb.deals for party in deal.parties}
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
        with self._lock:
            return self.kb.ingest(read_paths(iter_paths(paths), url=url, published=published), progress)

    def count_files(self, paths: Iterable[str]) -> int:
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


def _invocation(request: Request) -> Invocation | Reply:
    """The command a request runs and its parameters: a slash command's own, else read from the text."""
    return request.invocation or registry.parse(request.text)
