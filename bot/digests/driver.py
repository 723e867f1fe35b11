"""When digests are posted, exactly once per period, and when feeds are polled.

APScheduler's ``AsyncIOScheduler`` drives the times: one cron job per
subscription, in the subscription's time zone, plus a feed-polling job and a
short "sync" job that picks up subscriptions changed through chat. Its
in-memory job store forgets everything at exit, so it is only an alarm clock:
the subscription records in the store are the truth. Every wake-up asks the
store "which scheduled time after the last one handled has passed?", which is
also how runs missed while evbot was down are found at start-up: one catch-up
digest covering everything since the subscription's mark, not one per missed
slot.

Every item once. A period's digest may take several messages (bot/digests/compose.py
splits a long one; nothing is cut). Its delivery record (keyed by
subscription id and period: the scheduled slot's local date and wall-clock
time) is a ledger of those messages: each is written as ``sending``, with the
items it tells, before it is posted, and as ``sent`` after; the same write
records its items as told in the subscription (``told``) and the next message
as ``sending``. After the last message the period is ``sent`` and the
subscription's mark moves past all of it. Any run of the period composes
what is left (everything after the mark that ``told`` does not hold), so a
continuation never repeats what arrived. The rules:

- A period whose record is ``sent`` is never posted again. That covers a slot
  firing twice (an ambiguous local time at the end of summer time) and a
  restart.
- A post the platform refused (``DeliveryError``: channel gone, no
  permission) definitely did not arrive: the period's rest is retried with
  back-off, and after EVBOT_DIGEST_PAUSE_AFTER refusals in a row the
  subscription is paused with the reason logged. Other channels are never
  held up.
- A post that may or may not have arrived (it timed out, the connection
  dropped, or evbot stopped between the post and its record, found as
  ``sending`` at start-up) counts its items as posted once: the period
  resumes (after a back-off; at once after a restart) with them listed once
  more and then the rest. An item in two such posts is told and not listed a
  third time, so an interruption repeats a line at most once; the cost is
  that news in two posts that both failed to arrive is not sent again.
- A period left unfinished (a paused subscription) is not lost: the next
  period's digest holds what it did not tell.

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
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.core import EvBot
from bot.digests import subscriptions as subs
from bot.digests.compose import Message
from bot.digests.delivery import DeliveryError, Poster, Posters
from bot.digests.schedule_times import latest_due, period_key, trigger_for
from bot.feed_commands import feed_options
from bot.registry import utcnow
from bot.settings import Settings
from knowledge import feeds as feedlib
from knowledge.knowledge_base import KnowledgeBase

log = logging.getLogger(__name__)

T = TypeVar("T")

DELIVERIES = "deliveries"
POST_TIMEOUT_S = 60.0
RETRY_DELAYS = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=15), timedelta(hours=1))
SYNC_EVERY_S = 15.0
KEEP_RECORDS = 60  # delivery records kept per subscription


# -- the delivery records (pure store work, run with the knowledge base to ourselves) ---------

# A period whose record is in one of these states is not posted (again): "sending" is being posted by
# another run; "uncertain", a whole digest interrupted, as recorded by an evbot that did not record each
# message; "stopped", unsubscribed while it was being posted.
FINISHED = frozenset({"sent", "sending", "uncertain", "stopped"})


@dataclass(frozen=True)
class Delivery:
    """One run of a period's digest: what is left of it, as messages posted in order."""

    sub_key: str
    sub_id: str
    record: str
    channel: str
    platform: str
    messages: tuple[Message, ...]
    fire: datetime
    mark_to: int
    intro: bool  # the period's first post: it may open with the LLM's paragraph


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def _entry(message: Message, now: datetime) -> dict[str, Any]:
    """A message in the ledger, written before it is posted: what it tells."""
    return {"state": "sending", "items": [[item.key, item.version] for item in message.items], "started_at": _iso(now)}


def _ended(record: dict[str, Any], state: str, now: datetime, reason: str | None = None) -> list[dict[str, Any]]:
    """The record's messages with the one in flight (the last) ended in ``state``."""
    *before, last = record.get("messages") or [{}]
    return [*before, {**last, "state": state, "finished_at": _iso(now), **({"reason": reason} if reason else {})}]


def begin(kb: KnowledgeBase, sub_key: str, fire: datetime, now: datetime) -> Delivery | None:
    """Decide whether the period of ``fire`` still needs posting; if so compose what is left of it (all of
    it, or what an earlier run of the period did not tell) and record its first message as ``sending``."""
    with kb.store.transaction():
        sub = kb.store.get(subs.TABLE, sub_key)
        if sub is None or sub.get("paused") or fire <= datetime.fromisoformat(sub["last_fire"]):
            return None
        period = period_key(sub, fire)
        record_key = f"{sub['id']}@{period}"
        record = kb.store.get(DELIVERIES, record_key) or {}
        if record.get("state") in FINISHED:
            log.info("digest for %s, period %s, is already %s; not posting it again", sub_key, period, record["state"])
            kb.store.put(subs.TABLE, {**sub, "last_fire": _iso(fire)})
            return None
        digest = subs.digest_for(kb, sub, now)
        if not digest.messages:  # nothing (left) worth a line: the period is done
            done = {**subs.complete(sub, digest.mark), "last_fire": _iso(fire)}
            if any(m.get("state") == "sent" for m in record.get("messages", [])):
                done["last_sent_at"] = _iso(now)
                kb.store.put(DELIVERIES, {**record, "state": "sent", "finished_at": _iso(now)})
            kb.store.put(subs.TABLE, done)
            return None
        kb.store.put(
            DELIVERIES,
            {
                **record,
                "key": record_key,
                "sub": sub_key,
                "sub_id": sub["id"],
                "period": period,
                "state": "sending",
                "fire": _iso(fire),
                "mark_from": sub["mark"],
                "mark_to": digest.mark,
                "started_at": record.get("started_at", _iso(now)),
                "attempts": record.get("attempts", 0) + 1,
                "messages": [*record.get("messages", []), _entry(digest.messages[0], now)],
            },
        )
        return Delivery(
            sub_key,
            sub["id"],
            record_key,
            sub["channel"],
            sub["platform"],
            digest.messages,
            fire,
            digest.mark,
            intro=not digest.continued,
        )


def posted(kb: KnowledgeBase, delivery: Delivery, index: int, now: datetime) -> bool:
    """Message ``index`` arrived: record what it told and, in the same write, the next message as
    ``sending``. After the last one the period is ``sent`` and the mark moves past it. Returns whether
    there is a next message to post."""
    with kb.store.transaction():
        record = kb.store.get(DELIVERIES, delivery.record) or {"key": delivery.record}
        messages = _ended(record, "sent", now)
        sub = kb.store.get(subs.TABLE, delivery.sub_key)
        if sub is None or sub["id"] != delivery.sub_id:  # unsubscribed meanwhile: nobody to tell the rest
            kb.store.put(DELIVERIES, {**record, "messages": messages, "state": "stopped", "finished_at": _iso(now)})
            return False
        told = [(item.key, item.version) for item in delivery.messages[index].items]
        sub = {**subs.tell(sub, told, confirmed=True), "failures": 0, "interruptions": 0, "retry_at": None}
        if index + 1 < len(delivery.messages):
            kb.store.put(DELIVERIES, {**record, "messages": [*messages, _entry(delivery.messages[index + 1], now)]})
            kb.store.put(subs.TABLE, sub)
            return True
        kb.store.put(DELIVERIES, {**record, "messages": messages, "state": "sent", "finished_at": _iso(now)})
        last_fire = max(delivery.fire, datetime.fromisoformat(sub["last_fire"]))
        kb.store.put(
            subs.TABLE,
            {**subs.complete(sub, delivery.mark_to), "last_sent_at": _iso(now), "last_fire": _iso(last_fire)},
        )
        _prune(kb, sub["id"])
        return False


def _interrupt(kb: KnowledgeBase, record: dict[str, Any], reason: str, now: datetime) -> dict[str, Any] | None:
    """The message in flight may or may not have arrived: its items count as posted once, so the period's
    next run lists them once more, and never a third time. Returns the subscription, updated."""
    kb.store.put(
        DELIVERIES,
        {**record, "messages": _ended(record, "uncertain", now, reason), "state": "interrupted", "reason": reason},
    )
    sub = kb.store.get(subs.TABLE, record["sub"])
    if sub is None or sub.get("id") != record.get("sub_id"):
        return None
    items = [(key, version) for key, version in (record.get("messages") or [{}])[-1].get("items", [])]
    sub = subs.tell(sub, items, confirmed=False)
    kb.store.put(subs.TABLE, sub)
    return sub


def interrupted(kb: KnowledgeBase, delivery: Delivery, reason: str, now: datetime) -> None:
    """The post failed in a way that may have posted it (a timeout, a dropped connection): the rest of the
    period, with that message's items once more, is tried again after a back-off."""
    with kb.store.transaction():
        record = kb.store.get(DELIVERIES, delivery.record) or {"key": delivery.record, "sub": delivery.sub_key}
        sub = _interrupt(kb, record, reason, now)
        if sub is not None:
            count = sub.get("interruptions", 0) + 1
            retry_at = now + RETRY_DELAYS[min(count, len(RETRY_DELAYS)) - 1]
            kb.store.put(subs.TABLE, {**sub, "interruptions": count, "retry_at": _iso(retry_at)})


def failed(kb: KnowledgeBase, delivery: Delivery, reason: str, now: datetime, pause_after: int) -> int:
    """The platform refused the post (nothing was posted): retry later, or pause after ``pause_after``
    refusals in a row. Returns the number of refusals in a row."""
    with kb.store.transaction():
        record = kb.store.get(DELIVERIES, delivery.record) or {"key": delivery.record}
        messages = _ended(record, "refused", now, reason)
        kb.store.put(
            DELIVERIES,
            {**record, "messages": messages, "state": "failed", "reason": reason, "finished_at": _iso(now)},
        )
        sub = kb.store.get(subs.TABLE, delivery.sub_key)
        if sub is None:
            return 0
        count = sub.get("failures", 0) + 1
        sub.update(
            failures=count, last_error=reason, retry_at=_iso(now + RETRY_DELAYS[min(count, len(RETRY_DELAYS)) - 1])
        )
        if count >= pause_after:
            sub.update(
                paused=True,
                retry_at=None,
                pause_reason=f"{count} deliveries in a row were refused, the last with: {reason}",
            )
        kb.store.put(subs.TABLE, sub)
        return count


def reconcile(kb: KnowledgeBase, now: datetime) -> list[dict[str, Any]]:
    """At start-up: a delivery left ``sending`` by a stopped process was interrupted in its last message.
    Its period resumes at once, with that message's items once more."""
    reason = "evbot stopped between posting and recording the post"
    with kb.store.transaction():
        stuck = [r for r in kb.store.all(DELIVERIES) if r.get("state") == "sending"]
        for record in stuck:
            if "messages" in record:
                _interrupt(kb, record, reason, now)
                continue
            # Recorded by an evbot that did not record messages: the old rule, not posted again.
            kb.store.put(DELIVERIES, {**record, "state": "uncertain", "finished_at": _iso(now), "reason": reason})
            sub = kb.store.get(subs.TABLE, record["sub"])
            if sub is not None and sub.get("id") == record.get("sub_id"):
                fire = datetime.fromisoformat(record["fire"])
                if fire > datetime.fromisoformat(sub["last_fire"]):
                    kb.store.put(subs.TABLE, {**sub, "last_fire": _iso(fire)})
    return stuck


def _prune(kb: KnowledgeBase, sub_id: str) -> None:
    mine = sorted(
        (r for r in kb.store.all(DELIVERIES) if r.get("sub_id") == sub_id), key=lambda r: r.get("started_at", "")
    )
    for record in mine[:-KEEP_RECORDS]:
        kb.store.delete(DELIVERIES, record["key"])


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
        settings: Settings | None = None,
        poll_feeds: bool = True,
        sync_every_s: float = SYNC_EVERY_S,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.bot = bot
        self.posters = posters
        self.settings = settings or Settings()
        self.clock = clock
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
                record["sub"],
                record["period"],
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
            active = {s["key"]: s for s in current if not s.get("paused")}
            for key, sub in active.items():
                job_id = f"digest:{key}"
                signature = (sub["id"], sub["cadence"], sub.get("day"), sub["time"], sub["tz"])
                if self._jobs.get(job_id) != signature:
                    self.scheduler.add_job(
                        self._job(self.deliver_due, key), trigger_for(sub), id=job_id, replace_existing=True
                    )
                    self._jobs[job_id] = signature
            for job_id in [j for j in self._jobs if j.removeprefix("digest:") not in active]:
                if self.scheduler.get_job(job_id):
                    self.scheduler.remove_job(job_id)
                del self._jobs[job_id]
            now = self.clock()
            due = [key for key, sub in active.items() if latest_due(sub, now) is not None]
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
            sub = await self._with_kb(lambda kb: kb.store.get(subs.TABLE, sub_key))
            if sub is None or sub.get("paused"):
                return
            poster = self.posters.get(sub["platform"])
            if poster is None:
                if sub["platform"] not in self._missing_platforms:
                    self._missing_platforms.add(sub["platform"])
                    log.info(
                        "digests for %s channels wait until %s is connected in this process",
                        sub["platform"],
                        sub["platform"],
                    )
                return
            fire = latest_due(sub, now)
            if fire is None:
                return
            if sub.get("retry_at") and datetime.fromisoformat(sub["retry_at"]) > now:
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
