"""The ``feeds`` command: which news feeds evbot reads, for every front end.

Anyone may list the feeds; adding, removing and polling them needs Role.ADMIN
(declared with each action), since the feeds fill the knowledge every
workspace and server reads: managing one channel is not enough.
The polling itself, and its back-off, live in knowledge/feeds.py; the
scheduler polls on its own every EVBOT_FEED_INTERVAL minutes. ``feeds poll``
awaits the feeds on the front end's event loop (aiohttp) and holds the
knowledge base only to read the feed list and to store what each feed brought,
never while it waits on one, so every front end goes on answering.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

from bot.models import Reply, Role
from bot.registry import Context, Param, action, command, usage_reply
from bot.settings import Settings

if TYPE_CHECKING:
    from knowledge import feeds as feedlib
    from knowledge.contract import Store
    from knowledge.feed_list import Feed
    from knowledge.ingest import Document, IngestReport

T = TypeVar("T")


def _feedlib() -> Any:
    """knowledge.feeds, imported when a feed command runs, not with every command."""
    from knowledge import feeds

    return feeds


def feed_options(settings: Settings) -> feedlib.FeedOptions:
    return _feedlib().FeedOptions(
        timeout_s=max(settings.feed_timeout, 0.1),
        max_bytes=max(int(settings.feed_max_mb * 1024 * 1024), 1024),
        backoff_base=timedelta(minutes=max(settings.feed_interval, 1.0)),
    )


async def poll_now(ctx: Context) -> feedlib.PollReport:
    """Poll every feed once, now, ignoring back-off. The knowledge base is held only to read the feeds and to
    store what they brought, never while a feed is awaited, so questions are answered meanwhile."""

    async def locked(work: Callable[[Store], T]) -> T:
        return await ctx.hold(lambda kb: work(kb.store))

    async def ingest(docs: list[tuple[str, Document]]) -> IngestReport:
        return await ctx.hold(lambda kb: kb.ingest(docs))

    report: feedlib.PollReport = await _feedlib().poll(
        locked=locked, ingest=ingest, now=ctx.now, options=feed_options(ctx.settings), force=True
    )
    return report


def poll_summary(report: feedlib.PollReport) -> str:
    """One line per feed: what it brought, or why it failed."""
    lines = []
    for result in report.results:
        if result.status == "failed":
            lines.append(f"\u2022 {result.url}: failed, {result.error}; retrying with back-off.")
        elif result.status == "unchanged":
            lines.append(f"\u2022 {result.url}: unchanged since the last poll.")
        elif result.added:
            titles = "; ".join(result.added[:5]) + ("; \u2026" if len(result.added) > 5 else "")
            lines.append(f"\u2022 {result.url}: {len(result.added)} new ({titles}).")
        else:
            lines.append(f"\u2022 {result.url}: nothing new.")
        if result.skipped:
            lines.append(f"  {len(result.skipped)} entries skipped, e.g. {result.skipped[0][1]}.")
        if result.warning:
            lines.append(f"  Note: {result.warning}.")
    count = len(report.results)
    head = (
        f"Polled {count} feed{'s' if count != 1 else ''}: {report.added} new article{'s' if report.added != 1 else ''}."
    )
    return "\n".join([head, *lines])


def _utc_minute(moment: datetime | None) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M") if moment else "?"


def _describe(feed: Feed) -> str:
    title = f" ({feed.title})" if feed.title else ""
    line = f"\u2022 {feed.url}{title}"
    if feed.failures:
        line += f": failing ({feed.failures} in a row), {feed.last_error}; next try {_utc_minute(feed.retry_at)} UTC"
    elif feed.last_ok_at:
        line += f": reading fine, last change seen {_utc_minute(feed.last_ok_at)} UTC, {feed.articles} articles so far"
    else:
        line += ": not polled yet"
    return line


FeedUrl = Annotated[str, Param("The feed's http(s) URL, e.g. https://example.com/feed.xml", required=True)]


@command(
    "feeds",
    "feeds list|add URL|remove URL|poll",
    grammar=r"(?:list|poll|(?:add|remove)\s+\S+)?\s*",
    aliases={"ls": "list", "show": "list", "rm": "remove", "delete": "remove"},
)
async def feeds(ctx: Context) -> Reply:
    """The RSS and Atom feeds I read news from: list; add URL, remove URL and poll for evbot admins."""
    return await feeds_list(ctx)


@action("feeds", "list")
async def feeds_list(ctx: Context) -> Reply:
    """List the feeds: when each was last read, or why it fails."""
    feedlib = _feedlib()
    known = await ctx.hold(lambda kb: feedlib.list_feeds(kb.store))
    if not known:
        return Reply(
            title="Feeds",
            text="I read no feeds yet. An evbot admin can add one with `feeds add URL` "
            "(an RSS or Atom feed's address).",
            found=False,
            kind="feeds",
        )
    return Reply(title=f"Feeds ({len(known)})", text="\n".join(_describe(f) for f in known), kind="feeds")


@action("feeds", "poll", needs=Role.ADMIN)
async def feeds_poll(ctx: Context) -> Reply:
    """Poll every feed once, now, and report what was new (evbot admins)."""
    if not await ctx.hold(lambda kb: _feedlib().list_feeds(kb.store)):
        return Reply(
            title="Feeds",
            text="There are no feeds to poll; add one with `feeds add URL`.",
            found=False,
            kind="feeds",
        )
    report = await poll_now(ctx)
    # found: at least one feed was read; `evbot feeds poll` exits 1 when none was.
    return Reply(
        title="Feeds polled",
        text=poll_summary(report),
        found=len(report.failed) < len(report.results),
        kind="feeds",
    )


def _one_url(url: str) -> str | None:
    """The one URL given, or None when there is none or more than one."""
    words = url.split()
    return words[0] if len(words) == 1 else None


@action("feeds", "add", needs=Role.ADMIN)
async def feeds_add(ctx: Context, url: FeedUrl) -> Reply:
    """Read a feed from now on (evbot admins)."""
    feedlib = _feedlib()
    given = _one_url(url)
    if given is None:
        return usage_reply("Give one feed URL: `feeds add https://example.com/feed.xml`.")
    try:
        feed, new = await ctx.hold(
            lambda kb: feedlib.add_feed(kb.store, given, now=ctx.now(), added_by=ctx.request.user)
        )
    except feedlib.FeedError as exc:
        return usage_reply(f"I can't add that feed: {exc}.")
    interval = ctx.settings.feed_interval
    text = (
        f"Added {feed.url}. I read it every {interval:g} minutes while `evbot run` runs; `feeds poll` reads it now."
        if new
        else f"I already read {feed.url}."
    )
    return Reply(title="Feeds", text=text, kind="feeds")


@action("feeds", "remove", needs=Role.ADMIN)
async def feeds_remove(ctx: Context, url: FeedUrl) -> Reply:
    """Stop reading a feed; its articles stay in the store (evbot admins)."""
    given = _one_url(url)
    if given is None:
        return usage_reply("Give one feed URL: `feeds remove https://example.com/feed.xml`.")
    if await ctx.hold(lambda kb: _feedlib().remove_feed(kb.store, given)):
        return Reply(
            title="Feeds", text=f"Removed {given.strip('<>')}. Articles it brought stay in the store.", kind="feeds"
        )
    return Reply(
        title="Feeds",
        text=f"I don't read {given.strip('<>')}; `feeds list` shows the feeds.",
        found=False,
        kind="feeds",
    )
