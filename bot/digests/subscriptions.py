"""Digest subscriptions: the records, one per channel, and how a post or a digest changes them.

A channel has at most one subscription (key ``platform:channel``): a cadence
(daily, or weekly on a day), a local time and an IANA time zone, whether to
post "no news" when a period is empty, the high-water mark of what it has
been told (the ``seq`` of the newest article its last complete digest
covered) and, above the mark, each item a digest posted since (``told``: key
-> [version, posts], see bot/digests/compose.py), so that a digest posted in several
messages, or interrupted, goes on where it stopped. The driver and the
ledger (bot/digests/driver.py, ledger.py) read these records; they are the
truth, not the scheduler's memory.

A subscription also records the workspace (Slack team, Discord server) it
was made in: ``digest list all`` shows a channel manager only their own
workspace's subscriptions, and every one only to evbot admins. Subscriptions
stored before the workspace was recorded keep working; until someone
subscribes again in their channel, which records it, only evbot admins see
them in that list.

The ``digest`` command that makes and shows them is bot/digests/commands.py.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.digests.compose import MAX_POSTS, Digest, Told, compose, mark_before
from bot.digests.schedule import Schedule
from bot.digests.zones import local
from bot.models import Request, Role
from knowledge.knowledge_base import KnowledgeBase

TABLE = "subscriptions"
DEFAULT_WINDOW = timedelta(days=7)  # what `digest now` covers in a channel with no subscription


def channel_of(request: Request) -> tuple[str, str]:
    platform = request.platform or "terminal"
    return platform, request.channel or ("terminal" if platform == "terminal" else "")


def key_for(platform: str, channel: str) -> str:
    return f"{platform}:{channel}"


def find(kb: KnowledgeBase, request: Request) -> dict[str, Any] | None:
    return kb.store.get(TABLE, key_for(*channel_of(request)))


def all_subscriptions(kb: KnowledgeBase) -> list[dict[str, Any]]:
    return sorted(kb.store.all(TABLE), key=lambda s: s["key"])


def visible_to(request: Request, subs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The subscriptions a listing across channels may show ``request``'s sender, so that managing a
    channel in one workspace reveals nothing of another: every one to an evbot admin; to a channel
    manager, this channel's and those recorded with their own platform and workspace; to anyone else
    (in their own direct messages) this channel's own."""
    if Role.ADMIN in request.roles:
        return subs
    platform, channel = channel_of(request)
    here = key_for(platform, channel)
    workspace = request.workspace if Role.CHANNEL_MANAGER in request.roles else ""
    return [
        s
        for s in subs
        if s["key"] == here or (workspace and s["platform"] == platform and s.get("workspace") == workspace)
    ]


def newest_seq(kb: KnowledgeBase) -> int:
    return max((a["seq"] for a in kb.articles), default=0)


def subscribe(
    kb: KnowledgeBase, request: Request, schedule: Schedule, no_news: bool, now: datetime
) -> tuple[dict[str, Any], bool]:
    """Create or change this channel's subscription; returns it and whether it is new.

    A new subscription starts at the newest article (it does not replay the archive). Changing one
    keeps its mark, so nothing is skipped or repeated; its schedule starts counting from now.
    """
    platform, channel = channel_of(request)
    key = key_for(platform, channel)
    with kb.store.transaction():
        old = kb.store.get(TABLE, key)
        doc = dict(
            old
            or {
                "key": key,
                "id": uuid.uuid4().hex[:12],
                "platform": platform,
                "channel": channel,
                "mark": newest_seq(kb),
                "created_at": iso(now),
                "created_by": request.user,
            }
        )
        # A subscription stored before workspaces were recorded learns its workspace here.
        doc.update(
            schedule.as_doc(),
            workspace=doc.get("workspace") or request.workspace,
            no_news=no_news,
            last_fire=iso(now),
            updated_at=iso(now),
            updated_by=request.user,
            paused=False,
            pause_reason=None,
            failures=0,
            interruptions=0,
            retry_at=None,
        )
        kb.store.put(TABLE, doc)
    return doc, old is None


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def told_of(sub: dict[str, Any]) -> dict[str, Told]:
    return {key: Told(version, posts) for key, (version, posts) in (sub.get("told") or {}).items()}


def tell(sub: dict[str, Any], items: Iterable[tuple[str, int]], *, confirmed: bool) -> dict[str, Any]:
    """The subscription after a post of ``items`` (key, version): told if the post was ``confirmed``, else
    counted once more, so that it is listed again at most once."""
    told = dict(sub.get("told") or {})
    for key, version in items:
        version_before, posts = told.get(key, (0, 0))
        posts = posts if version_before >= version else 0
        told[key] = [version, MAX_POSTS if confirmed else posts + 1]
    return {**sub, "told": told}


def complete(sub: dict[str, Any], mark: int) -> dict[str, Any]:
    """The subscription after a digest was told in full: the mark moves past it, and what ``told`` held at
    or below the new mark is no news any more."""
    mark = max(sub["mark"], mark)
    told = {key: entry for key, entry in (sub.get("told") or {}).items() if entry[0] > mark}
    return {**sub, "mark": mark, "told": told}


def digest_for(kb: KnowledgeBase, sub: dict[str, Any] | None, now: datetime) -> Digest:
    """What a digest for this subscription (or, with none, for the last 7 days) would say now: everything
    after its mark that it has not been told."""
    if sub is None:
        return compose(
            kb.articles,
            kb.deals,
            mark_before(kb.articles, now - DEFAULT_WINDOW),
            period="in the last 7 days",
            no_news=True,
        )
    since = sub.get("last_sent_at")
    period = f"since {local(since, sub['tz'])} ({sub['tz']})" if since else "since the subscription started"
    return compose(
        kb.articles, kb.deals, sub["mark"], told=told_of(sub), period=period, no_news=sub.get("no_news", False)
    )
