"""The digest schedule against a controllable clock: the real AsyncIOScheduler, the real store.

time-machine moves ``datetime.now`` (and so APScheduler's idea of now) but
not the event loop's monotonic clock, so each step moves the clock just past
a scheduled time and wakes the scheduler, which then runs the due job at
once. The "platform" is a stand-in that records what each channel received
(and refuses to post into channels that are gone), as a chat service would.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from test_digest import new_deals, times_told

from bot.core import EvBot
from bot.digests.delivery import DeliveryError
from bot.digests.driver import DigestScheduler
from bot.digests.schedule_times import WallClockCronTrigger
from bot.models import Reply, Request, Role

UTC = UTC
BERLIN, NEW_YORK = ZoneInfo("Europe/Berlin"), ZoneInfo("America/New_York")
ARTICLES = Path(__file__).parent / "data" / "articles"
SECOND = timedelta(seconds=1)
MANAGER = frozenset({Role.CHANNEL_MANAGER})


class Channels:
    """A stand-in chat platform: what each channel received, and when; channels in ``gone`` refuse posts.

    ``trouble`` makes the n-th post asked for (counting from 1) go wrong: a ``DeliveryError`` refuses it,
    any other exception is raised after the post went out (the answer was lost on the way back).
    """

    def __init__(self) -> None:
        self.posts: list[tuple[str, Reply, datetime]] = []
        self.gone: set[str] = set()
        self.asked = 0
        self.hang_on: set[int] = set()  # these posts go out, then evbot dies before it hears back
        self.trouble: dict[int, Exception] = {}

    async def post(self, channel: str, reply: Reply) -> None:
        self.asked += 1
        trouble = self.trouble.get(self.asked)
        if channel in self.gone or isinstance(trouble, DeliveryError):
            raise trouble or DeliveryError(f"channel_not_found: {channel}")
        self.posts.append((channel, reply, datetime.now(UTC)))
        if trouble is not None:
            raise trouble
        if self.asked in self.hang_on:
            await asyncio.Event().wait()

    def texts(self, channel: str = "c1") -> list[str]:
        return [reply.text for reply in self.to(channel)]

    def to(self, channel: str) -> list[Reply]:
        return [reply for where, reply, _ in self.posts if where == channel]

    def local_times(self, channel: str, zone: ZoneInfo) -> list[str]:
        return [when.astimezone(zone).strftime("%a %d %b %H:%M") for where, _, when in self.posts if where == channel]


def subscribe(bot: EvBot, channel: str, schedule: str) -> None:
    reply = bot.handle(Request(text=f"digest subscribe {schedule}", platform="test", channel=channel, roles=MANAGER))
    assert reply.text.startswith(("Subscribed", "Changed")), reply.text


@asynccontextmanager
async def running(bot: EvBot, channels: Channels) -> AsyncIterator[DigestScheduler]:
    scheduler = DigestScheduler(bot, {"test": channels.post}, poll_feeds=False, sync_every_s=3600)
    await scheduler.start()
    try:
        yield scheduler
    finally:
        await scheduler.stop()


async def settle(scheduler: DigestScheduler) -> None:
    """Let the woken scheduler start its due jobs and wait for them to finish."""
    await asyncio.sleep(0.05)
    for _ in range(500):
        if not scheduler._tasks:
            break
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.02)


async def at(traveller: time_machine.Coordinates, scheduler: DigestScheduler, moment: datetime) -> None:
    """Set the clock to ``moment`` and let the scheduler act on it, as if the time had come."""
    traveller.move_to(moment)
    scheduler.scheduler.wakeup()
    await settle(scheduler)


def next_run(scheduler: DigestScheduler, channel: str) -> datetime:
    return scheduler.scheduler.get_job(f"digest:test:{channel}").next_run_time.astimezone(UTC)


# -- daylight saving -----------------------------------------------------------------


async def test_a_daily_digest_at_a_time_that_does_not_exist_still_comes_once(db_path: Path) -> None:
    with time_machine.travel(datetime(2024, 3, 30, 12, 0, tzinfo=UTC), tick=True) as traveller:
        bot, channels = EvBot.open(db_path), Channels()
        subscribe(bot, "c1", "daily 02:30 Europe/Berlin no-news")
        async with running(bot, channels) as scheduler:
            # 31 March: clocks jump from 02:00 to 03:00, so 02:30 does not exist; the digest comes at 03:30.
            assert next_run(scheduler, "c1") == datetime(2024, 3, 31, 1, 30, tzinfo=UTC)
            await at(traveller, scheduler, datetime(2024, 3, 31, 1, 30, tzinfo=UTC) + SECOND)
            assert next_run(scheduler, "c1") == datetime(2024, 4, 1, 0, 30, tzinfo=UTC)
            await at(traveller, scheduler, datetime(2024, 4, 1, 0, 30, tzinfo=UTC) + SECOND)
    assert channels.local_times("c1", BERLIN) == ["Sun 31 Mar 03:30", "Mon 01 Apr 02:30"]
    assert all(reply.text.startswith("No new EV deal news") for reply in channels.to("c1"))


async def test_a_daily_digest_at_a_time_that_happens_twice_comes_once(db_path: Path) -> None:
    with time_machine.travel(datetime(2024, 10, 26, 12, 0, tzinfo=UTC), tick=True) as traveller:
        bot, channels = EvBot.open(db_path), Channels()
        subscribe(bot, "c1", "daily 02:30 Europe/Berlin no-news")
        async with running(bot, channels) as scheduler:
            # 27 October: clocks go back from 03:00 to 02:00, so 02:30 happens twice (00:30 and 01:30 UTC).
            assert next_run(scheduler, "c1") == datetime(2024, 10, 27, 0, 30, tzinfo=UTC)
            await at(traveller, scheduler, datetime(2024, 10, 27, 0, 30, tzinfo=UTC) + SECOND)
            assert next_run(scheduler, "c1") == datetime(2024, 10, 28, 1, 30, tzinfo=UTC)
            await at(traveller, scheduler, datetime(2024, 10, 27, 1, 30, tzinfo=UTC) + SECOND)  # the second 02:30
            await scheduler.sync()
            assert len(channels.posts) == 1
            await at(traveller, scheduler, datetime(2024, 10, 28, 1, 30, tzinfo=UTC) + SECOND)
    assert channels.local_times("c1", BERLIN) == ["Sun 27 Oct 02:30", "Mon 28 Oct 02:30"]


async def test_a_weekly_digest_keeps_its_local_time_across_the_change(db_path: Path) -> None:
    with time_machine.travel(datetime(2024, 3, 2, 12, 0, tzinfo=UTC), tick=True) as traveller:
        bot, channels = EvBot.open(db_path), Channels()
        subscribe(bot, "c1", "weekly sun 09:00 America/New_York no-news")
        async with running(bot, channels) as scheduler:
            assert next_run(scheduler, "c1") == datetime(2024, 3, 3, 14, 0, tzinfo=UTC)  # EST, UTC-5
            await at(traveller, scheduler, datetime(2024, 3, 3, 14, 0, tzinfo=UTC) + SECOND)
            assert next_run(scheduler, "c1") == datetime(2024, 3, 10, 13, 0, tzinfo=UTC)  # EDT from 10 March
            await at(traveller, scheduler, datetime(2024, 3, 10, 13, 0, tzinfo=UTC) + SECOND)
            await at(traveller, scheduler, datetime(2024, 3, 13, 12, 0, tzinfo=UTC))  # midweek: nothing
    assert channels.local_times("c1", NEW_YORK) == ["Sun 03 Mar 09:00", "Sun 10 Mar 09:00"]


@pytest.mark.parametrize("zone", ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "America/Santiago"])
def test_every_local_day_of_a_year_has_exactly_one_slot(zone: str) -> None:
    tz = ZoneInfo(zone)
    for hour, minute in [(0, 0), (2, 30), (9, 0)]:
        trigger = WallClockCronTrigger(timezone=tz, hour=hour, minute=minute, second=0)
        fired: list[datetime] = []
        moment = datetime(2023, 12, 31, tzinfo=UTC)
        while not fired or fired[-1].astimezone(tz).year < 2025:
            fired.append(trigger.get_next_fire_time(fired[-1] if fired else None, moment))
            moment = fired[-1] + timedelta(milliseconds=50)
        days = [f.astimezone(tz).date() for f in fired if f.astimezone(tz).year == 2024]
        assert len(days) == len(set(days)) == 366, (zone, hour, minute)


# -- two channels, two zones ---------------------------------------------------------


async def test_two_subscriptions_in_two_time_zones_each_get_their_local_morning(db_path: Path) -> None:
    with time_machine.travel(datetime(2024, 1, 15, 6, 0, tzinfo=UTC), tick=True) as traveller:
        bot, channels = EvBot.open(db_path), Channels()
        subscribe(bot, "berlin", "daily 09:00 Europe/Berlin no-news")
        subscribe(bot, "new-york", "daily 09:00 America/New_York no-news")
        async with running(bot, channels) as scheduler:
            await at(traveller, scheduler, datetime(2024, 1, 15, 8, 0, tzinfo=UTC) + SECOND)
            assert [where for where, _, _ in channels.posts] == ["berlin"]
            await at(traveller, scheduler, datetime(2024, 1, 15, 14, 0, tzinfo=UTC) + SECOND)
    assert channels.local_times("berlin", BERLIN) == ["Mon 15 Jan 09:00"]
    assert channels.local_times("new-york", NEW_YORK) == ["Mon 15 Jan 09:00"]


# -- down, crashed, refused ------------------------------------------------------------


async def test_slots_missed_while_down_bring_one_catch_up_digest_with_all_the_news(db_path: Path) -> None:
    with time_machine.travel(datetime(2024, 1, 15, 10, 0, tzinfo=UTC), tick=True) as traveller:
        bot, channels = EvBot.open(db_path), Channels()
        subscribe(bot, "c1", "daily 09:00 UTC")
        traveller.move_to(datetime(2024, 1, 16, 12, 0, tzinfo=UTC))  # evbot is not running; feeds bring news
        bot.ingest_paths([str(ARTICLES / "kestrel-voltara-talks.md")])
        traveller.move_to(datetime(2024, 1, 17, 12, 0, tzinfo=UTC))
        bot.ingest_paths([str(ARTICLES / "vw-rivian-jv.txt")])
        traveller.move_to(datetime(2024, 1, 18, 10, 0, tzinfo=UTC))  # three 09:00 slots missed
        async with running(bot, channels):
            await asyncio.sleep(0.1)
        assert len(channels.posts) == 1
        catch_up = channels.to("c1")[0]
        assert "Kestrel Motors & Voltara Energy" in catch_up.text and "Volkswagen & Rivian" in catch_up.text
        traveller.move_to(datetime(2024, 1, 18, 10, 5, tzinfo=UTC))
        async with running(bot, channels):  # a restart the same morning: that period is done
            await asyncio.sleep(0.1)
        assert len(channels.posts) == 1


async def posted(channels: Channels, count: int) -> None:
    """Wait until ``count`` posts went out."""
    for _ in range(300):
        if len(channels.posts) >= count:
            break
        await asyncio.sleep(0.01)
    assert len(channels.posts) == count


async def killed_while_posting(bot: EvBot, channels: Channels, count: int) -> None:
    """Start evbot, which posts the digests due, and kill it once ``count`` posts went out."""
    scheduler = DigestScheduler(bot, {"test": channels.post}, poll_feeds=False, sync_every_s=3600)
    starting = asyncio.create_task(scheduler.start())
    await posted(channels, count)
    starting.cancel()
    with suppress(asyncio.CancelledError):
        await starting
    await scheduler.stop()


def newest(bot: EvBot) -> int:
    return bot.with_kb(lambda kb: max(a.seq for a in kb.articles))


def subscription(bot: EvBot, channel: str = "c1") -> dict:
    return bot.with_kb(lambda kb: kb.store.get("subscriptions", f"test:{channel}"))


async def test_a_crash_between_posting_and_recording_repeats_that_post_once_and_never_again(
    db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="bot.digests.driver")
    with time_machine.travel(datetime(2024, 1, 15, 8, 0, tzinfo=UTC), tick=True) as traveller:
        bot, channels = EvBot.open(db_path), Channels()
        subscribe(bot, "c1", "daily 09:00 UTC")
        bot.ingest_paths([str(ARTICLES / "vw-rivian-jv.txt")])
        channels.hang_on = {1}
        async with running(bot, channels) as scheduler:
            traveller.move_to(datetime(2024, 1, 15, 9, 0, tzinfo=UTC) + SECOND)
            scheduler.scheduler.wakeup()
            await posted(channels, 1)  # it went out... and then evbot died
        states = [r["state"] for r in bot.with_kb(lambda kb: kb.store.all("deliveries"))]
        assert states == ["sending"]

        traveller.move_to(datetime(2024, 1, 15, 9, 5, tzinfo=UTC))
        restarted = EvBot.open(db_path)  # a new process over the same store
        async with running(restarted, channels):
            await posted(channels, 2)  # resumed at once: it may not have arrived
        again = channels.texts()[1]
        assert "Volkswagen & Rivian" in again and "Some of these may repeat a post that was interrupted." in again
        assert "was interrupted while posting" in caplog.text

        restarted.ingest_paths([str(ARTICLES / "kestrel-voltara-talks.md")])
        async with running(restarted, channels) as scheduler:
            await at(traveller, scheduler, datetime(2024, 1, 16, 9, 0, tzinfo=UTC) + SECOND)
        assert len(channels.posts) == 3
        tuesday = channels.texts()[2]
        assert "Kestrel Motors & Voltara Energy" in tuesday
        assert "Volkswagen & Rivian" not in tuesday  # in two posts already: never a third
        states = sorted(r["state"] for r in restarted.with_kb(lambda kb: kb.store.all("deliveries")))
        assert states == ["sent", "sent"]


async def test_twelve_new_deals_come_in_two_messages_and_the_marker_ends_after_the_twelfth(db_path: Path) -> None:
    with time_machine.travel(datetime(2024, 1, 15, 8, 0, tzinfo=UTC), tick=True) as traveller:
        bot, channels = EvBot.open(db_path), Channels()
        subscribe(bot, "c1", "daily 09:00 UTC")
        names = new_deals(bot)
        async with running(bot, channels) as scheduler:
            await at(traveller, scheduler, datetime(2024, 1, 15, 9, 0, tzinfo=UTC) + SECOND)
            titles = [reply.title for reply in channels.to("c1")]
            assert titles == ["EV deals digest: 12 new deals (1/2)", "EV deals digest: 12 new deals (2/2)"]
            assert times_told(channels.texts(), names) == dict.fromkeys(names, 1)
            assert subscription(bot)["mark"] == newest(bot) and subscription(bot)["told"] == {}
            (record,) = bot.with_kb(lambda kb: kb.store.all("deliveries"))
            assert record["state"] == "sent" and [m["state"] for m in record["messages"]] == ["sent", "sent"]
            assert [len(m["items"]) for m in record["messages"]] == [8, 4]
            await at(traveller, scheduler, datetime(2024, 1, 16, 9, 0, tzinfo=UTC) + SECOND)
        assert len(channels.posts) == 2  # nothing was left for Tuesday


LOST = ConnectionResetError("connection reset")  # the post went out; the answer did not come back


@pytest.mark.parametrize(
    ("trouble", "second_part"),
    [({2: DeliveryError("ratelimited")}, 1), ({2: LOST}, 2), ({2: LOST, 3: LOST}, 2)],
    ids=["refused", "answer-lost", "answer-lost-twice"],
)
async def test_a_post_that_fails_after_the_first_message_is_finished_by_the_next_run(
    db_path: Path, trouble: dict[int, Exception], second_part: int
) -> None:
    with time_machine.travel(datetime(2024, 1, 15, 8, 0, tzinfo=UTC), tick=True) as traveller:
        bot, channels = EvBot.open(db_path), Channels()
        subscribe(bot, "c1", "daily 09:00 UTC")
        names = new_deals(bot)
        channels.trouble = trouble  # from the second message on: refused, or posted with the answer lost
        async with running(bot, channels) as scheduler:
            await at(traveller, scheduler, datetime(2024, 1, 15, 9, 0, tzinfo=UTC) + SECOND)
            assert subscription(bot)["mark"] < newest(bot)  # the marker waits for the rest
            traveller.move_to(datetime(2024, 1, 15, 9, 2, tzinfo=UTC))  # the retry, a minute later
            await scheduler.sync()
            await at(traveller, scheduler, datetime(2024, 1, 16, 9, 0, tzinfo=UTC) + SECOND)
    first_eight, last_four = names[4:], names[:4]
    expected = {**dict.fromkeys(first_eight, 1), **dict.fromkeys(last_four, second_part)}
    assert times_told(channels.texts(), names) == expected  # every deal, none three times
    assert len(channels.posts) == 2 + second_part - 1
    assert subscription(bot)["mark"] == newest(bot) and subscription(bot)["told"] == {}


@pytest.mark.parametrize(
    ("dies_in", "twice"),
    [((1, 2), slice(4, None)), ((2, 3), slice(None, 4))],
    ids=["first-message-twice", "second-message"],
)
async def test_evbot_killed_mid_post_resumes_where_it_stopped_and_repeats_a_line_at_most_once(
    db_path: Path, dies_in: tuple[int, int], twice: slice
) -> None:
    """Killed while posting, each time before it heard back: after a restart the interrupted message is
    posted once more, then the rest; a message interrupted twice is not posted a third time."""
    with time_machine.travel(datetime(2024, 1, 15, 8, 0, tzinfo=UTC), tick=True) as traveller:
        bot, channels = EvBot.open(db_path), Channels()
        subscribe(bot, "c1", "daily 09:00 UTC")
        names = new_deals(bot)
        channels.hang_on = set(dies_in)
        traveller.move_to(datetime(2024, 1, 15, 9, 0, tzinfo=UTC) + SECOND)
        for count in dies_in:  # evbot starts, posts what is due (resuming the period), and dies in a post
            await killed_while_posting(EvBot.open(db_path), channels, count)
        async with running(EvBot.open(db_path), channels) as scheduler:
            await settle(scheduler)
            await at(traveller, scheduler, datetime(2024, 1, 16, 9, 0, tzinfo=UTC) + SECOND)
    expected = dict.fromkeys(names, 1) | dict.fromkeys(names[twice], 2)
    assert times_told(channels.texts(), names) == expected
    assert subscription(bot)["mark"] == newest(bot)


async def test_a_channel_that_refuses_posts_is_paused_and_does_not_hold_up_others(
    db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="bot.digests.driver")
    with time_machine.travel(datetime(2024, 1, 15, 8, 0, tzinfo=UTC), tick=True) as traveller:
        bot, channels = EvBot.open(db_path), Channels()
        subscribe(bot, "ok", "daily 09:00 UTC no-news")
        subscribe(bot, "archived", "daily 09:00 UTC no-news")
        channels.gone.add("archived")
        async with running(bot, channels) as scheduler:
            await at(traveller, scheduler, datetime(2024, 1, 15, 9, 0, tzinfo=UTC) + SECOND)
            assert len(channels.to("ok")) == 1
            for retry in (datetime(2024, 1, 15, 9, 1, 30, tzinfo=UTC), datetime(2024, 1, 15, 9, 7, tzinfo=UTC)):
                traveller.move_to(retry)  # the retries: a minute after the refusal, then five minutes more
                await scheduler.sync()
            status = bot.handle(Request(text="digest list", platform="test", channel="archived"))
            assert "Paused: 3 deliveries in a row were refused, the last with: channel_not_found" in status.text
            await at(traveller, scheduler, datetime(2024, 1, 16, 9, 0, tzinfo=UTC) + SECOND)
            assert len(channels.to("ok")) == 2 and not channels.to("archived")
            assert scheduler.scheduler.get_job("digest:test:archived") is None

            channels.gone.clear()  # someone re-invites the bot and subscribes again
            subscribe(bot, "archived", "daily 09:00 UTC no-news")
            await scheduler.sync()
            await at(traveller, scheduler, datetime(2024, 1, 17, 9, 0, tzinfo=UTC) + SECOND)
            assert len(channels.to("archived")) == 1
    warnings = [r.getMessage() for r in caplog.records if "archived" in r.getMessage()]
    assert len(warnings) == 2  # the first refusal, then the pause: not one line per retry
    assert warnings[0].startswith("could not post the digest to test channel archived")
    assert warnings[1].startswith("paused the digest for test channel archived")


async def test_a_subscription_made_while_running_is_picked_up(db_path: Path) -> None:
    with time_machine.travel(datetime(2024, 1, 15, 8, 0, tzinfo=UTC), tick=True) as traveller:
        bot, channels = EvBot.open(db_path), Channels()
        async with running(bot, channels) as scheduler:
            subscribe(bot, "c1", "daily 08:30 UTC no-news")
            await scheduler.sync()  # what the sync job does every few seconds
            assert next_run(scheduler, "c1") == datetime(2024, 1, 15, 8, 30, tzinfo=UTC)
            await at(traveller, scheduler, datetime(2024, 1, 15, 8, 30, tzinfo=UTC) + SECOND)
            assert len(channels.to("c1")) == 1
            bot.handle(Request(text="digest unsubscribe", platform="test", channel="c1", roles=MANAGER))
            await scheduler.sync()
            assert scheduler.scheduler.get_job("digest:test:c1") is None


async def test_scheduled_digests_open_with_one_grounded_llm_paragraph_for_every_channel(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fakes.openai import FakeOpenAI, says

    fake = await FakeOpenAI().start()
    fake.behaviour = says("This week: Kestrel Motors is in talks with Voltara Energy [1].")
    monkeypatch.setenv("EVBOT_LLM_BASE_URL", fake.base_url)
    try:
        with time_machine.travel(datetime(2024, 1, 15, 10, 0, tzinfo=UTC), tick=True) as traveller:
            bot, channels = EvBot.open(db_path), Channels()
            for number in range(20):
                subscribe(bot, f"c{number}", "daily 09:00 UTC")
            bot.ingest_paths([str(ARTICLES / "kestrel-voltara-talks.md")])
            traveller.move_to(datetime(2024, 1, 16, 9, 30, tzinfo=UTC))
            async with running(bot, channels) as scheduler:
                await settle(scheduler)
                for _ in range(100):
                    if len(channels.posts) == 20:
                        break
                    await asyncio.sleep(0.02)
    finally:
        await fake.stop()
    assert len(channels.posts) == 20
    for _, reply, _ in channels.posts:
        assert reply.text.startswith("This week: Kestrel Motors is in talks with Voltara Energy [1].")
        assert "Kestrel Motors & Voltara Energy" in reply.text and reply.citations
    assert len(fake.requests) == 1  # one call for twenty channels
    assert "<evidence>" in fake.requests[0].messages[-1]["content"]
