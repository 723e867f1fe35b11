"""The delivery ledger: what each period's digest posted, so that every item is told once.

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

These functions are pure store work: the driver (bot/digests/driver.py) runs each with the knowledge base
to itself. The records (``DeliveryRecord``) and how they are stored are knowledge/deliveries.py's.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from bot.digests import subscriptions as subs
from bot.digests.compose import Message
from bot.digests.schedule import Schedule
from bot.digests.schedule_times import period_key
from knowledge.deliveries import DeliveryRecord, PostRecord
from knowledge.knowledge_base import KnowledgeBase
from knowledge.subscriptions import Subscription

log = logging.getLogger(__name__)

RETRY_DELAYS = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=15), timedelta(hours=1))
KEEP_RECORDS = 60  # delivery records kept per subscription

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
    period: str
    mark_from: int


def _entry(message: Message, now: datetime) -> PostRecord:
    """A message in the ledger, written before it is posted: what it tells."""
    return PostRecord(state="sending", items=tuple((item.key, item.version) for item in message.items), started_at=now)


def _ended(record: DeliveryRecord, state: str, now: datetime, reason: str | None = None) -> tuple[PostRecord, ...]:
    """The record's messages with the one in flight (the last) ended in ``state``."""
    *before, last = record.messages or (PostRecord(state=""),)
    return (*before, replace(last, state=state, finished_at=now, reason=reason or last.reason))


def _record(kb: KnowledgeBase, delivery: Delivery, now: datetime) -> DeliveryRecord:
    """The delivery's record; should it have gone (removed by hand), a new one for what is known of it."""
    return kb.deliveries.get(delivery.record) or DeliveryRecord(
        key=delivery.record,
        sub=delivery.sub_key,
        sub_id=delivery.sub_id,
        period=delivery.period,
        state="sending",
        fire=delivery.fire,
        mark_from=delivery.mark_from,
        mark_to=delivery.mark_to,
        started_at=now,
        attempts=1,
        messages=None,
    )


def begin(kb: KnowledgeBase, sub_key: str, fire: datetime, now: datetime) -> Delivery | None:
    """Decide whether the period of ``fire`` still needs posting; if so compose what is left of it (all of
    it, or what an earlier run of the period did not tell) and record its first message as ``sending``."""
    with kb.store.transaction():
        sub = kb.subscriptions.get(sub_key)
        if sub is None or sub.paused or fire <= sub.last_fire:
            return None
        period = period_key(Schedule.of(sub), fire)
        record_key = f"{sub.id}@{period}"
        record = kb.deliveries.get(record_key)
        if record is not None and record.state in FINISHED:
            log.info("digest for %s, period %s, is already %s; not posting it again", sub_key, period, record.state)
            kb.subscriptions.put(replace(sub, last_fire=fire))
            return None
        digest = subs.digest_for(kb, sub, now)
        if not digest.messages:  # nothing (left) worth a line: the period is done
            done = replace(subs.complete(sub, digest.mark), last_fire=fire)
            if record is not None and any(m.state == "sent" for m in record.messages or ()):
                done = replace(done, last_sent_at=now)
                kb.deliveries.put(replace(record, state="sent", finished_at=now))
            kb.subscriptions.put(done)
            return None
        if record is None:
            record = DeliveryRecord(record_key, sub_key, sub.id, period, "", fire, 0, 0, now, attempts=0, messages=())
        record = replace(
            record,
            sub=sub_key,
            sub_id=sub.id,
            period=period,
            state="sending",
            fire=fire,
            mark_from=sub.mark,
            mark_to=digest.mark,
            attempts=record.attempts + 1,
            messages=(*(record.messages or ()), _entry(digest.messages[0], now)),
        )
        kb.deliveries.put(record)
        return Delivery(
            sub_key,
            sub.id,
            record_key,
            sub.channel,
            sub.platform,
            digest.messages,
            fire,
            digest.mark,
            intro=not digest.continued,
            period=period,
            mark_from=sub.mark,
        )


def posted(kb: KnowledgeBase, delivery: Delivery, index: int, now: datetime) -> bool:
    """Message ``index`` arrived: record what it told and, in the same write, the next message as
    ``sending``. After the last one the period is ``sent`` and the mark moves past it. Returns whether
    there is a next message to post."""
    with kb.store.transaction():
        record = _record(kb, delivery, now)
        messages = _ended(record, "sent", now)
        sub = kb.subscriptions.get(delivery.sub_key)
        if sub is None or sub.id != delivery.sub_id:  # unsubscribed meanwhile: nobody to tell the rest
            kb.deliveries.put(replace(record, messages=messages, state="stopped", finished_at=now))
            return False
        told = [(item.key, item.version) for item in delivery.messages[index].items]
        sub = replace(subs.tell(sub, told, confirmed=True), failures=0, interruptions=0, retry_at=None)
        if index + 1 < len(delivery.messages):
            kb.deliveries.put(replace(record, messages=(*messages, _entry(delivery.messages[index + 1], now))))
            kb.subscriptions.put(sub)
            return True
        kb.deliveries.put(replace(record, messages=messages, state="sent", finished_at=now))
        last_fire = max(delivery.fire, sub.last_fire)
        kb.subscriptions.put(replace(subs.complete(sub, delivery.mark_to), last_sent_at=now, last_fire=last_fire))
        _prune(kb, sub.id)
        return False


def _interrupt(kb: KnowledgeBase, record: DeliveryRecord, reason: str, now: datetime) -> Subscription | None:
    """The message in flight may or may not have arrived: its items count as posted once, so the period's
    next run lists them once more, and never a third time. Returns the subscription, updated."""
    kb.deliveries.put(
        replace(record, messages=_ended(record, "uncertain", now, reason), state="interrupted", reason=reason)
    )
    sub = kb.subscriptions.get(record.sub)
    if sub is None or sub.id != record.sub_id:
        return None
    sub = subs.tell(sub, record.in_flight.items, confirmed=False)
    kb.subscriptions.put(sub)
    return sub


def interrupted(kb: KnowledgeBase, delivery: Delivery, reason: str, now: datetime) -> None:
    """The post failed in a way that may have posted it (a timeout, a dropped connection): the rest of the
    period, with that message's items once more, is tried again after a back-off."""
    with kb.store.transaction():
        sub = _interrupt(kb, _record(kb, delivery, now), reason, now)
        if sub is not None:
            count = sub.interruptions + 1
            retry_at = now + RETRY_DELAYS[min(count, len(RETRY_DELAYS)) - 1]
            kb.subscriptions.put(replace(sub, interruptions=count, retry_at=retry_at))


def failed(kb: KnowledgeBase, delivery: Delivery, reason: str, now: datetime, pause_after: int) -> int:
    """The platform refused the post (nothing was posted): retry later, or pause after ``pause_after``
    refusals in a row. Returns the number of refusals in a row."""
    with kb.store.transaction():
        record = _record(kb, delivery, now)
        messages = _ended(record, "refused", now, reason)
        kb.deliveries.put(replace(record, messages=messages, state="failed", reason=reason, finished_at=now))
        sub = kb.subscriptions.get(delivery.sub_key)
        if sub is None:
            return 0
        count = sub.failures + 1
        sub = replace(
            sub, failures=count, last_error=reason, retry_at=now + RETRY_DELAYS[min(count, len(RETRY_DELAYS)) - 1]
        )
        if count >= pause_after:
            sub = replace(
                sub,
                paused=True,
                retry_at=None,
                pause_reason=f"{count} deliveries in a row were refused, the last with: {reason}",
            )
        kb.subscriptions.put(sub)
        return count


def reconcile(kb: KnowledgeBase, now: datetime) -> list[DeliveryRecord]:
    """At start-up: a delivery left ``sending`` by a stopped process was interrupted in its last message.
    Its period resumes at once, with that message's items once more."""
    reason = "evbot stopped between posting and recording the post"
    with kb.store.transaction():
        stuck = kb.deliveries.in_state("sending")
        for record in stuck:
            if record.messages is not None:
                _interrupt(kb, record, reason, now)
                continue
            # Recorded by an evbot that did not record messages: the old rule, not posted again.
            kb.deliveries.put(replace(record, state="uncertain", finished_at=now, reason=reason))
            sub = kb.subscriptions.get(record.sub)
            if sub is not None and sub.id == record.sub_id and record.fire > sub.last_fire:
                kb.subscriptions.put(replace(sub, last_fire=record.fire))
    return stuck


def _prune(kb: KnowledgeBase, sub_id: str) -> None:
    for record in kb.deliveries.of_subscription(sub_id)[:-KEEP_RECORDS]:
        kb.deliveries.delete(record.key)
