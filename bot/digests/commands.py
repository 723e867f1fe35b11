"""The ``digest`` command every front end shares: subscribe, unsubscribe, list, now, preview.

Who may change a subscription is declared with each action (``needs``) and
checked by the registry: Role.CHANNEL_MANAGER, decided by each adapter, and in
a direct message the person the bot talks to. The records themselves are
bot/digests/subscriptions.py.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from typing import Annotated

from bot.digests.compose import BULLET, MAX_TEXT, TITLE, Digest
from bot.digests.schedule import DAY_NAMES, DAYS, Schedule
from bot.digests.subscriptions import (
    all_subscriptions,
    channel_of,
    complete,
    digest_for,
    find,
    key_for,
    subscribe,
    tell,
    visible_to,
)
from bot.digests.zones import local, zone_name
from bot.models import Reply, Request, Role, Value
from bot.registry import Context, Param, action, command, usage_reply
from bot.settings import Settings
from knowledge.knowledge_base import KnowledgeBase
from knowledge.subscriptions import Subscription

NO_NEWS_WORDS = ("no-news", "nonews", "no_news", "always")
CADENCES = ("daily", "weekly")
SAY_HOW_OFTEN = "Say how often: `daily 09:00 [TIME ZONE]` or `weekly mon 09:00 [TIME ZONE]`."
SAY_WHICH_DAY = "Say which day for a weekly digest, e.g. `weekly mon 09:00 Europe/Berlin`."
_TIME = re.compile(r"^(?P<h>\d{1,2})(?:[:.h](?P<m>\d{2}))?\s*(?P<ampm>am|pm)?$", re.I)


def default_zone(settings: Settings) -> str | Reply:
    if not settings.tz.strip():
        return "UTC"
    return zone_name(settings.tz) or usage_reply(
        f"EVBOT_TZ is set to {settings.tz!r}, which is not an IANA time zone; name the zone in the command "
        "(`digest subscribe daily 09:00 Europe/Berlin`) or fix EVBOT_TZ."
    )


def read_schedule(args: str) -> dict[str, Value] | str:
    """The words of ``daily 09:00 [TZ] [no-news]`` or ``weekly mon 09:00 [TZ] [no-news]`` in a message, as the
    parameters of ``digest subscribe``, or what is wrong with them."""
    words = args.split()
    values: dict[str, Value] = {"no_news": any(w.lower() in NO_NEWS_WORDS for w in words)}
    words = [w for w in words if w.lower() not in NO_NEWS_WORDS]
    if not words or words[0].lower() not in CADENCES:
        return SAY_HOW_OFTEN
    values["schedule"], rest = words[0].lower(), words[1:]
    if values["schedule"] == "weekly":
        day = _day(rest[0]) if rest else None
        if day is None:
            return SAY_WHICH_DAY
        values["day"], rest = day, rest[1:]
    if len(rest) >= 2 and rest[1].lower() in {"am", "pm"}:
        rest = [rest[0] + rest[1], *rest[2:]]
    if rest:
        values["time"], rest = rest[0], rest[1:]
    if rest:
        values["timezone"], rest = rest[0], rest[1:]
    if rest:
        return f"I don't understand {' '.join(rest)!r} at the end; add `no-news` to be told when there is no news."
    return values


def _day(word: str) -> str | None:
    """The day a word names ("mon", "Monday"), at least three letters of it."""
    word = word.lower()
    return next((DAYS[i] for i, name in enumerate(DAY_NAMES) if len(word) >= 3 and name.lower().startswith(word)), None)


def parse_schedule(schedule: str, day: str, time: str, timezone: str, default_tz: str) -> Schedule | str:
    """The schedule that a subscription's parameters give, or what is wrong with them."""
    cadence = schedule.lower()
    if cadence not in CADENCES:
        return SAY_HOW_OFTEN
    chosen_day = _day(day) if cadence == "weekly" else None
    if cadence == "weekly" and chosen_day is None:
        return SAY_WHICH_DAY
    match = _TIME.match(time.strip())
    if not match:
        return "Give the time as HH:MM on a 24-hour clock, e.g. `daily 09:00` or `daily 17:30 Europe/Berlin`."
    hour, minute = int(match["h"]), int(match["m"] or 0)
    if match["ampm"]:
        if not 1 <= hour <= 12:
            return f"{time.strip()} is not a time; use HH:MM, e.g. 09:00."
        hour = hour % 12 + (12 if match["ampm"].lower() == "pm" else 0)
    if hour > 23 or minute > 59:
        return f"{time.strip()} is not a time of day; use HH:MM between 00:00 and 23:59."
    tz = default_tz
    if timezone.strip():
        tz = zone_name(timezone.strip()) or ""
        if not tz:
            return (
                f"I don't know the time zone {timezone.strip()!r}; use an IANA name such as Europe/Berlin, "
                "America/New_York or UTC."
            )
    return Schedule(cadence, hour, minute, tz, chosen_day)


def next_run(sub: Subscription, now: datetime) -> datetime | None:
    from bot.digests.schedule_times import trigger_for  # APScheduler is imported only where schedules are computed

    return trigger_for(Schedule.of(sub)).get_next_fire_time(None, now)


def describe(sub: Subscription, now: datetime) -> str:
    schedule = Schedule.of(sub)
    lines = [
        f"{sub.platform} {sub.channel}: {schedule.describe()}"
        + (", with \u201cno news\u201d posts" if sub.no_news else "")
        + "."
    ]
    if sub.paused:
        lines.append(
            f"Paused: {sub.pause_reason or 'after failed deliveries'}. `digest subscribe ...` again resumes it."
        )
    else:
        upcoming = next_run(sub, now)
        if upcoming:
            lines.append(f"Next digest: {local(upcoming, sub.tz)}.")
    if sub.last_sent_at:
        lines.append(f"Last digest: {local(sub.last_sent_at, sub.tz)}.")
    return " ".join(lines)


# -- the command ----------------------------------------------------------------

USAGE = (
    "`digest subscribe daily 09:00 [TIME ZONE] [no-news]`, `digest subscribe weekly mon 09:00 [TIME ZONE]`, "
    "`digest unsubscribe`, `digest list`, `digest list all`, `digest now`, `digest preview`."
)


@command(
    "digest",
    "digest subscribe|unsubscribe|list|now|preview",
    grammar=r"(?:(?:subscribe|unsubscribe|list|now|preview)\b.*)?",
    aliases={
        "sub": "subscribe",
        "unsub": "unsubscribe",
        "stop": "unsubscribe",
        "status": "list",
        "show": "list",
        "now and mark": "now mark",
        "now --mark": "now mark",
        "now move": "now mark",
        "now advance": "now mark",
    },
)
async def digest(ctx: Context) -> Reply:
    """News digests for this channel: subscribe daily or weekly, unsubscribe, list, now, preview."""
    return usage_reply(f"Digest commands: {USAGE}")


@action(
    "digest",
    "subscribe",
    needs=Role.CHANNEL_MANAGER,
    read=read_schedule,
    usage="digest subscribe daily|weekly [DAY] HH:MM [TIME ZONE] [no-news]",
)
async def digest_subscribe(
    ctx: Context,
    schedule: Annotated[str, Param("daily or weekly", required=True, choices=CADENCES)],
    time: Annotated[str, Param("Local time, HH:MM on a 24-hour clock, e.g. 09:00", required=True, max_length=8)],
    day: Annotated[str, Param("For a weekly digest: the day", choices=DAYS)],
    timezone: Annotated[str, Param("IANA time zone, e.g. Europe/Berlin", suggest="zone", max_length=64)],
    no_news: Annotated[bool, Param("Also post when there is no news", words=NO_NEWS_WORDS)],
) -> Reply:
    """Post a digest here daily or weekly (channel managers)."""
    wanted, now = (schedule, day, time, timezone), ctx.now()
    return await ctx.hold(lambda kb: _subscribe(kb, wanted, no_news, ctx.request, now, ctx.settings))


@action("digest", "unsubscribe", needs=Role.CHANNEL_MANAGER)
async def digest_unsubscribe(ctx: Context) -> Reply:
    """Stop this channel's digest (channel managers)."""
    return await ctx.hold(lambda kb: _unsubscribe(kb, ctx.request))


@action("digest", "list")
async def digest_list(
    ctx: Context,
    all: Annotated[
        bool,
        Param(
            "Every channel's digest you manage: your server's or workspace's, or all of them for evbot admins",
            needs=Role.CHANNEL_MANAGER,
        ),
    ],
) -> Reply:
    """This channel's digest: schedule, next and last."""
    now = ctx.now()
    return await ctx.hold(lambda kb: _list(kb, all, ctx.request, now))


@action("digest", "now")
async def digest_now(
    ctx: Context,
    mark: Annotated[
        bool,
        Param(
            "Also move the subscription's marker, so the next digest starts after this one", needs=Role.CHANNEL_MANAGER
        ),
    ],
) -> Reply:
    """Post a digest here now."""
    now = ctx.now()
    return await ctx.hold(lambda kb: _now(kb, mark, ctx.request, now, preview=False))


@action("digest", "preview")
async def digest_preview(ctx: Context) -> Reply:
    """See what the next digest would say (only you)."""
    now = ctx.now()
    return await ctx.hold(lambda kb: _now(kb, False, ctx.request, now, preview=True))


def _subscribe(
    kb: KnowledgeBase,
    wanted: tuple[str, str, str, str],
    no_news: bool,
    request: Request,
    now: datetime,
    settings: Settings,
) -> Reply:
    platform, channel = channel_of(request)
    if not channel:
        return usage_reply("There is no channel here to post digests to.")
    zone = default_zone(settings)
    schedule = parse_schedule(*wanted, zone if isinstance(zone, str) else "")
    if isinstance(schedule, str):
        return usage_reply(schedule)
    if isinstance(zone, Reply) and not schedule.tz:  # no zone given, and EVBOT_TZ is unusable
        return zone
    sub, new = subscribe(kb, request, schedule, no_news, now)
    upcoming = next_run(sub, now)
    text = (
        f"{'Subscribed' if new else 'Changed'}: a digest of new EV deals and deal news will be posted here "
        f"{schedule.describe()}" + (", with a short note when there is no news" if no_news else "") + ". "
    )
    if upcoming:
        text += f"The next one: {local(upcoming, schedule.tz)}. "
    text += "`digest preview` shows what it would say now; `digest unsubscribe` stops it."
    return Reply(title="Digest subscription", text=text, kind="digest")


def _unsubscribe(kb: KnowledgeBase, request: Request) -> Reply:
    if not kb.subscriptions.delete(key_for(*channel_of(request))):
        return Reply(
            title="Digest subscription", text="This channel has no digest subscription.", found=False, kind="digest"
        )
    return Reply(title="Digest subscription", text="Unsubscribed: no more digests will be posted here.", kind="digest")


def _list(kb: KnowledgeBase, every: bool, request: Request, now: datetime) -> Reply:
    if every:
        subs = visible_to(request, all_subscriptions(kb))
        if not subs:
            return Reply(
                title="Digest subscriptions",
                found=False,
                kind="digest",
                text="No channel has a digest subscription."
                if Role.ADMIN in request.roles
                else "No channel you manage has a digest subscription.",
            )
        return Reply(title="Digest subscriptions", text="\n".join(describe(s, now) for s in subs), kind="digest")
    sub = find(kb, request)
    if sub is None:
        return Reply(
            title="Digest subscription",
            found=False,
            kind="digest",
            text="This channel has no digest. Someone who manages it can start one with "
            "`digest subscribe daily 09:00 Europe/Berlin` (any IANA time zone).",
        )
    return Reply(title="Digest subscription", text=describe(sub, now), kind="digest")


def _now(kb: KnowledgeBase, move: bool, request: Request, now: datetime, *, preview: bool) -> Reply:
    sub = find(kb, request)
    if move and sub is None:
        return usage_reply(
            "This channel has no subscription whose marker could move; `digest now` alone posts the last 7 days."
        )
    result = digest_for(kb, sub, now)
    nothing = Reply(title=TITLE, text="No new EV deal news since the last digest.", found=False, kind="digest")
    if preview:
        return _preview(result, sub, now, nothing)
    reply = result.reply or nothing
    left = len(result.items) - len(result.messages[0].items) if result.messages else 0
    if move and sub is not None:
        with kb.store.transaction():
            current = kb.subscriptions.get(sub.key) or sub
            if left:
                current = tell(current, [(i.key, i.version) for i in result.messages[0].items], confirmed=True)
            else:
                current = replace(complete(current, result.mark), last_sent_at=now)
            kb.subscriptions.put(current)
    if left:
        after = "`digest now mark` again posts them" if move else "`digest preview` lists them all"
        more = f"{BULLET}{left} more item{'s' if left != 1 else ''} after these; {after}."
        reply = replace(reply, text=f"{reply.text}\n\n{more}")
    return reply


def _preview(result: Digest, sub: Subscription | None, now: datetime, nothing: Reply) -> Reply:
    """Everything the next digest would post, in one private reply; without links if that is too long."""
    whole = result.whole() or nothing
    if len(whole.text) > MAX_TEXT:
        whole = result.whole(links=False) or whole
    note = "Preview: this is what the next digest would say if it were posted now."
    if sub and not sub.paused and (upcoming := next_run(sub, now)):
        note = f"Preview of the digest due {local(upcoming, sub.tz)} ({sub.tz}), as it stands now."
    if len(result.messages) > 1:
        note += f" It would be posted as {len(result.messages)} messages."
    return Reply(title=whole.title, text=f"{note}\n\n{whole.text}", found=whole.found, ephemeral=True, kind="digest")
