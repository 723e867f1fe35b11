"""When digests are posted, exactly once per period (the ledger, bot/digests/ledger.py, says what was
posted), and when feeds are polled.

APScheduler's ``AsyncIOScheduler`` drives the times: one cron job per
subscription, in the subscription's time zone, plus a feed-polling job and a
short "sync" job that picks up subscriptions changed through chat. Its
in-memory job store forgets everything at exit, so it is only an alarm clock:
the subscription records in the store are the truth. Every wake-up asks the
store "which scheduled time after the last one handled has passed?", which is
also how runs missed while evbot was down are found at start-up: one catch-up
digest covering everything since the subscription's mark, not one per missed
slot.

Daylight saving (bot/digests/schedule_times.py): ``WallClockCronTrigger`` fires each local wall-clock slot
once: an ambiguous time at its first occurrence, and a time that does not
exist (clocks jump over it) as many minutes after the jump as it would have
been (02:30 becomes 03:30).
"""

from __future__ import annotations

import asyncio
import functools
import logging
import random
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import replace
from datetime import UTC, timedelta
from typing import Any, TypeVar

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.core import EvBot
from bot.digests import subscriptions as subs
from bot.digests.delivery import DeliveryError, Poster, Posters
from bot.digests.ledger import Delivery, begin, failed, interrupted, posted, reconcile
from bot.digests.schedule import Schedule
from bot.digests.schedule_times import latest_due, trigger_for
from bot.feed_commands import feed_options
from knowledge import feeds as feedlib
from knowledge.knowledge_base import KnowledgeBase

log = logging.getLogger(__name__)

T = TypeVar("T")

POST_TIMEOUT_S = 60.0
SYNC_EVERY_S = 15.0


# -- the scheduler -------------------------------------------------------------------


class DigestScheduler:
    """Posts due digests through ``posters`` (platform -> "post this reply to this channel") and polls feeds.

    ``posters`` may be filled in later (a platform registers its poster once connected); a subscription
    whose platform has no poster waits, without failing, until one appears.
    """

    def __init__(
        self,
        bot: EvBot,
        posters: MutableMapping[str, Poster],
        *,
        poll_feeds: bool = True,
        sync_every_s: float = SYNC_EVERY_S,
    ) -> None:
        self.bot = bot
        self.posters = posters
        self.settings = bot.settings  # the feed interval, timeouts and pause threshold the bot was opened with
        self.clock = bot.clock
        self.sync_every_s = sync_every_s
        self.poll_feeds_enabled = poll_feeds
        self.scheduler = AsyncIOScheduler(
            timezone=UTC, job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None}
        )
        self._jobs: dict[str, tuple[Any, ...]] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self._tasks: set[asyncio.Task[Any]] = set()
        self._syncing = self._sync_again = False
        self._missing_platforms: set[str] = set()
        if isinstance(posters, Posters):
            posters.on_add = self._poster_added

    def _poster_added(self, platform: str) -> None:
        self._missing_platforms.discard(platform)
        if self.scheduler.running:  # a sync now (thread-safe: the scheduler wakes its own loop)
            self.scheduler.add_job(self._job(self.sync), id="digest:sync-now", replace_existing=True)

    async def _with_kb(self, work: Callable[[KnowledgeBase], T]) -> T:
        return await asyncio.to_thread(self.bot.with_kb, work)

    # -- life cycle -------------------------------------------------------------
    async def start(self) -> None:
        """Reconcile interrupted deliveries, start the clock, and post any catch-up digests."""
        now = self.clock()
        for record in await self._with_kb(lambda kb: reconcile(kb, now)):
            log.warning(
                "the digest for %s, period %s, was interrupted while posting (evbot stopped before it heard "
                "back): that message may or may not have arrived. It is posted once more, then the rest.",
                record.sub,
                record.period,
            )
        self.scheduler.start()
        self.scheduler.add_job(
            self._job(self.sync), IntervalTrigger(seconds=self.sync_every_s), id="digest:sync", max_instances=2
        )
        if self.poll_feeds_enabled:
            minutes = max(self.settings.feed_interval, 1.0)
            self.scheduler.add_job(
                self._job(self.poll_feeds),
                IntervalTrigger(minutes=minutes, jitter=minutes * 6),
                id="feeds:poll",
                next_run_time=now + timedelta(seconds=random.uniform(5, 30)),
            )
        await self.sync()

    async def stop(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
            await asyncio.sleep(0)  # AsyncIOScheduler shuts down on the loop's next turn
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    def _job(self, work: Callable[..., Awaitable[Any]], *args: Any) -> Callable[[], Awaitable[None]]:
        async def run() -> None:
            task = asyncio.current_task()
            if task is not None:
                self._tasks.add(task)
            try:
                await work(*args)
            except asyncio.CancelledError:
                return  # stop() cancelled it: evbot is stopping, which is no failure for APScheduler to log
            except Exception:
                log.exception("scheduled job %s failed; the next run tries again", getattr(work, "__name__", work))
            finally:
                if task is not None:
                    self._tasks.discard(task)

        return run

    # -- subscriptions -----------------------------------------------------------
    async def sync(self) -> None:
        """Match the cron jobs to the stored subscriptions, then post what is due (catch-up and retries)."""
        if self._syncing:
            self._sync_again = True  # something changed meanwhile (a platform connected): look once more
            return
        self._syncing, self._sync_again = True, False
        try:
            current = await self._with_kb(subs.all_subscriptions)
            active = {s.key: s for s in current if not s.paused}
            for key, sub in active.items():
                job_id, schedule = f"digest:{key}", Schedule.of(sub)
                signature = (sub.id, schedule)
                if self._jobs.get(job_id) != signature:
                    self.scheduler.add_job(
                        self._job(self.deliver_due, key), trigger_for(schedule), id=job_id, replace_existing=True
                    )
                    self._jobs[job_id] = signature
            for job_id in [j for j in self._jobs if j.removeprefix("digest:") not in active]:
                if self.scheduler.get_job(job_id):
                    self.scheduler.remove_job(job_id)
                del self._jobs[job_id]
            now = self.clock()
            due = [key for key, sub in active.items() if latest_due(Schedule.of(sub), sub.last_fire, now) is not None]
            await asyncio.gather(*(self.deliver_due(key) for key in due))
        finally:
            self._syncing = False
        if self._sync_again:
            await self.sync()

    async def deliver_due(self, sub_key: str) -> None:
        """Post the digest of the latest scheduled time that has passed, unless its period was handled."""
        lock = self._locks.setdefault(sub_key, asyncio.Lock())
        async with lock:
            now = self.clock()
            sub = await self._with_kb(lambda kb: kb.subscriptions.get(sub_key))
            if sub is None or sub.paused:
                return
            poster = self.posters.get(sub.platform)
            if poster is None:
                if sub.platform not in self._missing_platforms:
                    self._missing_platforms.add(sub.platform)
                    log.info(
                        "digests for %s channels wait until %s is connected in this process",
                        sub.platform,
                        sub.platform,
                    )
                return
            fire = latest_due(Schedule.of(sub), sub.last_fire, now)
            if fire is None:
                return
            if sub.retry_at and sub.retry_at > now:
                return
            delivery = await self._with_kb(lambda kb: begin(kb, sub_key, fire, now))
            if delivery is None:
                return
            await self._post(poster, delivery)

    async def _post(self, poster: Poster, delivery: Delivery) -> None:
        """Post the delivery's messages in order, each recorded as it arrives; stop at the first that fails."""
        where = f"{delivery.platform} channel {delivery.channel}"
        for index, message in enumerate(delivery.messages):
            reply = message.reply
            if index == 0 and delivery.intro:
                intro = await self.bot.digest_intro(reply)  # None without an LLM; cached per evidence across channels
                if intro:
                    reply = replace(reply, text=f"{intro}\n\n{reply.text}", answered_by="llm")
            try:
                await asyncio.wait_for(poster(delivery.channel, reply), POST_TIMEOUT_S)
            except DeliveryError as exc:
                await self._refused(delivery, where, exc)
                return
            except Exception as exc:  # a timeout, a dropped connection: it may have arrived
                reason = f"{type(exc).__name__}: {exc}".rstrip(": ")
                log.warning(
                    "the digest for %s may or may not have arrived (%s); its lines are posted once more, with "
                    "the rest of the digest, after a pause.",
                    where,
                    reason,
                )
                await self._with_kb(functools.partial(interrupted, delivery=delivery, reason=reason, now=self.clock()))
                return
            # Cancelled (evbot stopping) between the post and here: the record stays "sending" and the next
            # start-up resumes the period, with this message's items once more.
            more = await self._with_kb(functools.partial(posted, delivery=delivery, index=index, now=self.clock()))
            if not more:
                break
        log.info("posted the digest for %s (%s)", where, delivery.record)

    async def _refused(self, delivery: Delivery, where: str, exc: DeliveryError) -> None:
        pause_after, refusal = max(self.settings.digest_pause_after, 1), str(exc)
        count = await self._with_kb(lambda kb: failed(kb, delivery, refusal, self.clock(), pause_after))
        if count >= pause_after:
            log.warning(
                "paused the digest for %s: %d deliveries in a row were refused, the last with: %s. "
                "`digest subscribe ...` in that channel resumes it.",
                where,
                count,
                exc,
            )
        elif count == 1:
            log.warning("could not post the digest to %s: %s; retrying", where, exc)

    # -- feeds ------------------------------------------------------------------------
    async def poll_feeds(self, force: bool = False) -> feedlib.PollReport:
        """Poll the due feeds (every feed with ``force``); new entries are ingested through the core."""

        async def locked(work: Callable[[Any], T]) -> T:
            return await self._with_kb(lambda kb: work(kb.store))

        async def ingest(docs: list[Any]) -> Any:
            return await asyncio.to_thread(self.bot.ingest_documents, docs)

        report = await feedlib.poll(
            locked=locked, ingest=ingest, now=self.clock, options=feed_options(self.settings), force=force
        )
        if report.added:
            log.info("feeds brought %d new articles", report.added)
        return report
