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

The records (``Subscription``) and how they are stored are knowledge/subscriptions.py's; the ``digest``
command that makes and shows them is bot/digests/commands.py.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime, timedelta

from bot.digests.compose import MAX_POSTS, Digest, compose, mark_before
from bot.digests.schedule import Schedule
from bot.digests.zones import local
from bot.models import Request, Role
from knowledge.knowledge_base import KnowledgeBase
from knowledge.subscriptions import Subscription, Told

DEFAULT_WINDOW = timedelta(days=7)  # what `digest now` covers in a channel with no subscription


def channel_of(request: Request) -> tuple[str, str]:
    platform = request.platform or "terminal"
    return platform, request.channel or ("terminal" if platform == "terminal" else "")


def key_for(platform: str, channel: str) -> str:
    return f"{platform}:{channel}"


def find(kb: KnowledgeBase, request: Request) -> Subscription | None:
    return kb.subscriptions.get(key_for(*channel_of(request)))


def all_subscriptions(kb: KnowledgeBase) -> list[Subscription]:
    return kb.subscriptions.all()


def visible_to(request: Request, subs: list[Subscription]) -> list[Subscription]:
    """The subscriptions a listing across channels may show ``request``'s sender, so that managing a
    channel in one workspace reveals nothing of another: every one to an evbot admin; to a channel
    manager, this channel's and those recorded with their own platform and workspace; to anyone else
    (in their own direct messages) this channel's own."""
    if Role.ADMIN in request.roles:
        return subs
    platform, channel = channel_of(request)
    here = key_for(platform, channel)
    workspace = request.workspace if Role.CHANNEL_MANAGER in request.roles else ""
    return [s for s in subs if s.key == here or (workspace and s.platform == platform and s.workspace == workspace)]


def newest_seq(kb: KnowledgeBase) -> int:
    return max((a.seq for a in kb.articles), default=0)


def subscribe(
    kb: KnowledgeBase, request: Request, schedule: Schedule, no_news: bool, now: datetime
) -> tuple[Subscription, bool]:
    """Create or change this channel's subscription; returns it and whether it is new.

    A new subscription starts at the newest article (it does not replay the archive). Changing one
    keeps its mark, so nothing is skipped or repeated; its schedule starts counting from now.
    """
    platform, channel = channel_of(request)
    key = key_for(platform, channel)
    with kb.store.transaction():
        old = kb.subscriptions.get(key)
        sub = old or Subscription(
            key=key,
            id=uuid.uuid4().hex[:12],
            platform=platform,
            channel=channel,
            workspace="",
            cadence=schedule.cadence,
            day=schedule.day,
            at=schedule.at,
            tz=schedule.tz,
            no_news=no_news,
            mark=newest_seq(kb),
            told={},
            last_fire=now,
            created_at=now,
            created_by=request.user,
            updated_at=now,
            updated_by=request.user,
        )
        # A subscription stored before workspaces were recorded learns its workspace here.
        sub = replace(
            sub,
            cadence=schedule.cadence,
            day=schedule.day,
            at=schedule.at,
            tz=schedule.tz,
            workspace=sub.workspace or request.workspace,
            no_news=no_news,
            last_fire=now,
            updated_at=now,
            updated_by=request.user,
            paused=False,
            pause_reason=None,
            failures=0,
            interruptions=0,
            retry_at=None,
        )
        kb.subscriptions.put(sub)
    return sub, old is None


def tell(sub: Subscription, items: Iterable[tuple[str, int]], *, confirmed: bool) -> Subscription:
    """The subscription after a post of ``items`` (key, version): told if the post was ``confirmed``, else
    counted once more, so that it is listed again at most once."""
    told = dict(sub.told)
    for key, version in items:
        before = told.get(key, Told(0, 0))
        posts = before.posts if before.version >= version else 0
        told[key] = Told(version, MAX_POSTS if confirmed else posts + 1)
    return replace(sub, told=told)


def complete(sub: Subscription, mark: int) -> Subscription:
    """The subscription after a digest was told in full: the mark moves past it, and what ``told`` held at
    or below the new mark is no news any more."""
    mark = max(sub.mark, mark)
    return replace(sub, mark=mark, told={key: told for key, told in sub.told.items() if told.version > mark})


def digest_for(kb: KnowledgeBase, sub: Subscription | None, now: datetime) -> Digest:
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
    since = sub.last_sent_at
    period = f"since {local(since, sub.tz)} ({sub.tz})" if since else "since the subscription started"
    return compose(kb.articles, kb.deals, sub.mark, told=sub.told, period=period, no_news=sub.no_news)
