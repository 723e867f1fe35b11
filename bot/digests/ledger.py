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
to itself.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.digests import subscriptions as subs
from bot.digests.compose import Message
from bot.digests.schedule_times import period_key
from knowledge.knowledge_base import KnowledgeBase

log = logging.getLogger(__name__)

DELIVERIES = "deliveries"
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
