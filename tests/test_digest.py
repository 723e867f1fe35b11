"""Digests as a reader sees them, and the `digest` command as each kind of user meets it.

The articles go through the real ingestion; the digest is composed from the
real knowledge base. Subscribing is tried as a channel manager, as a member
without the right, and in a direct message.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from adapters.cli import app as cli
from bot.core import EvBot
from bot.digests.commands import parse_schedule, read_schedule
from bot.digests.compose import compose
from bot.digests.schedule import Schedule
from bot.models import Request, Role
from knowledge.feeds import _as_page
from knowledge.ingest import Document

ARTICLES = Path(__file__).parent / "data" / "articles"
MANAGER = frozenset({Role.CHANNEL_MANAGER})


def newest(bot: EvBot) -> int:
    return bot.with_kb(lambda kb: max(a.seq for a in kb.articles))


def feed_story(bot: EvBot, title: str, body: str, url: str, published: str | None = None) -> None:
    html = "".join(f"<p>{p}</p>" for p in body.split("\n"))
    report = bot.ingest_documents(
        [(url, Document(text=_as_page(title, html), kind="html", title=title, url=url, published=published))]
    )
    assert report.added, report


MAKERS = (
    "Aster",
    "Borealis",
    "Cobalt",
    "Dunmore",
    "Ember",
    "Fjord",
    "Granite",
    "Halcyon",
    "Ibex",
    "Juniper",
    "Kinetic",
    "Lumen",
)
PARTNERS = (
    "Quartz",
    "Rowan",
    "Sable",
    "Tamber",
    "Umbra",
    "Vesper",
    "Willow",
    "Xenon",
    "Yarrow",
    "Zinnia",
    "Alder",
    "Birch",
)


def new_deals(bot: EvBot, count: int = 12) -> list[str]:
    """``count`` feed stories, each of one new signed deal; returns the deals' names, newest story last."""
    names = []
    for n, (maker, partner) in enumerate(zip(MAKERS[:count], PARTNERS, strict=True)):
        feed_story(
            bot,
            f"{maker} Motors signs battery deal with {partner} Energy",
            f"{maker} Motors has signed an agreement with {partner} Energy to buy battery cells from 2026.\n"
            "The contract runs for six years, the companies said on Tuesday.",
            f"https://feeds.example/deal-{n}",
            f"2024-03-{n + 1:02d}",
        )
        names.append(f"{maker} Motors & {partner} Energy")
    return names


def times_told(texts: list[str], names: list[str]) -> dict[str, int]:
    """How many of ``texts`` list each deal."""
    return {name: sum(f"\u2022 {name}:" in text for text in texts) for name in names}


def say(bot: EvBot, text: str, **where: object) -> object:
    options = {"platform": "slack", "channel": "C1", "user": "U1", **where}
    return bot.handle(Request(text=text, **options))


# -- what a digest says ---------------------------------------------------------


def test_a_digest_lists_new_deals_status_changes_and_other_news_newest_first_with_links(bot: EvBot) -> None:
    bot.ingest_paths([str(ARTICLES / "kestrel-voltara-talks.md")])
    mark = newest(bot)
    bot.ingest_paths([str(ARTICLES / "kestrel-voltara-signed.html")])
    feed_story(
        bot,
        "BMW signs battery deal with CATL",
        "BMW has signed an agreement with CATL to buy battery cells for its new cars from 2026.\n"
        "The contract runs for six years, the companies said on Tuesday.",
        "https://feeds.example/bmw-catl",
        "2024-03-06",
    )
    feed_story(
        bot,
        "Stellantis signs cell deal with CALB",
        "Stellantis has signed an agreement with CALB for battery cells made in Spain.\n"
        "Production is due to start in 2026, the companies said.",
        "https://feeds.example/stellantis-calb",
        "2024-04-02",
    )
    feed_story(
        bot,
        "Tesla cuts prices again",
        "Tesla cut the price of the Model Y in Europe on Monday.\nIt was the third cut this year.",
        "https://feeds.example/tesla-prices",
        "2024-04-01",
    )
    feed_story(
        bot,
        "City opens a park",
        "The city opened a new park on Monday.\nResidents were pleased.",
        "https://feeds.example/park",
    )

    digest = bot.with_kb(lambda kb: compose(kb.articles, kb.deals, mark))
    reply = digest.reply
    assert reply is not None and digest.mark == newest(bot)
    assert reply.title == "EV deals digest: 2 new deals, 1 status change, 1 other article"
    sections = reply.text.split("\n\n")
    heading, newer, older = sections[1].splitlines()  # newest first: April's deal above March's
    assert heading == "New deals"
    assert newer.startswith("\u2022 Stellantis & CALB: agreement, signed (as of 2024-04-02) - battery cells")
    assert newer.endswith(" - https://feeds.example/stellantis-calb")
    assert older == (
        "\u2022 BMW & CATL: agreement, signed (Tuesday, March 5, 2024) - battery cells - https://feeds.example/bmw-catl"
    )
    assert sections[2].startswith(
        "Status changes\n\u2022 Kestrel Motors & Voltara Energy: supply, in talks (not signed) -> signed"
    )
    assert sections[2].endswith("https://news.example.com/kestrel-voltara-signed")
    assert sections[3] == "Other news\n\u2022 Tesla cuts prices again (2024-04-01) - https://feeds.example/tesla-prices"
    assert "park" not in reply.text  # names no company: not EV deal news


def test_an_empty_period_posts_nothing_unless_no_news_is_asked_for(bot: EvBot) -> None:
    mark = newest(bot)
    assert bot.with_kb(lambda kb: compose(kb.articles, kb.deals, mark)).reply is None
    quiet = bot.with_kb(lambda kb: compose(kb.articles, kb.deals, mark, no_news=True, period="since Monday"))
    assert quiet.reply is not None and quiet.reply.text == "No new EV deal news since Monday."
    assert quiet.mark == mark


def test_a_long_digest_is_split_into_messages_that_each_fit_and_drop_nothing(bot: EvBot) -> None:
    mark = newest(bot)
    for n in range(40):
        feed_story(
            bot,
            f"Tesla story number {n} about prices and plants in Europe",
            f"Tesla said on Monday that plant {n} will make more cars.\nThe plan covers {n} new lines.",
            f"https://feeds.example/tesla-{n}-" + "x" * 60,
        )
    digest = bot.with_kb(lambda kb: compose(kb.articles, kb.deals, mark))
    texts = [m.reply.text for m in digest.messages]
    assert len(texts) > 1 and all(len(text) <= 3500 for text in texts)
    assert not any("more" in text.splitlines()[-1] for text in texts)  # no "...and 32 more"
    for n in range(40):  # every story in exactly one message
        assert sum(f"Tesla story number {n} about" in text for text in texts) == 1, n
    assert texts[0].startswith("News since the last digest.") and texts[1].startswith("More news since the last")
    assert [m.reply.title for m in digest.messages][
        -1
    ] == f"EV deals digest: 40 other articles ({len(texts)}/{len(texts)})"
    assert digest.mark == newest(bot)


def test_twelve_new_deals_are_eight_and_a_continuation_of_four(bot: EvBot) -> None:
    mark = newest(bot)
    names = new_deals(bot)
    digest = bot.with_kb(lambda kb: compose(kb.articles, kb.deals, mark))
    first, second = (m.reply for m in digest.messages)
    assert (
        first.title == "EV deals digest: 12 new deals (1/2)" and second.title == "EV deals digest: 12 new deals (2/2)"
    )
    assert times_told([first.text], names) == {name: name in names[4:] for name in names}  # the newest eight
    assert times_told([second.text], names) == {name: name in names[:4] for name in names}
    assert second.text.startswith("More news since the last digest.\n\nNew deals\n")
    assert len(first.citations) == 8 and len(second.citations) == 4


def test_evbot_digest_since_prints_what_was_added_recently(db_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["--db", str(db_path), "digest", "--since", "7d"])
    assert result.exit_code == 0, result.output
    assert "EV deals digest: 2 new deals" in result.output and "added in the last 7 days" in result.output
    assert "Ford & Xiaomi" in result.output and "Ford & Alibaba" in result.output
    result = runner.invoke(cli, ["--db", str(db_path), "digest", "--since", "soon"])
    assert result.exit_code == 2 and "not a duration" in result.output


# -- subscribing ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("daily 09:00", ("daily", 9, 0, "UTC", None, False)),
        ("daily 7:30 europe/berlin", ("daily", 7, 30, "Europe/Berlin", None, False)),
        ("weekly monday 17:05 America/New_York no-news", ("weekly", 17, 5, "America/New_York", "mon", True)),
        ("weekly Fri 9am", ("weekly", 9, 0, "UTC", "fri", False)),
    ],
)
def test_schedules_people_write_are_understood(text: str, expected: tuple) -> None:
    values = read_schedule(text)
    assert isinstance(values, dict)
    no_news = values.pop("no_news")
    schedule = parse_schedule(**{"day": "", "time": "", "timezone": "", **values}, default_tz="UTC")
    assert isinstance(schedule, Schedule)
    assert (schedule.cadence, schedule.hour, schedule.minute, schedule.tz, schedule.day, no_news) == expected


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("hourly 09:00", "how often"),
        ("weekly 09:00", "which day"),
        ("daily 25:00", "not a time of day"),
        ("daily noon", "HH:MM"),
        ("daily 09:00 Mars/Olympus", "time zone 'Mars/Olympus'"),
        ("daily 09:00 UTC please", "don't understand"),
    ],
)
def test_a_schedule_that_cannot_be_read_says_what_is_wrong(bot: EvBot, text: str, says: str) -> None:
    reply = say(bot, f"digest subscribe {text}", roles=MANAGER)
    assert reply.kind == "usage" and reply.ephemeral and says in reply.text
    assert say(bot, "digest list").found is False


def test_a_channel_manager_subscribes_lists_and_unsubscribes(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVBOT_TZ", "Europe/Berlin")  # read when evbot starts
    bot = EvBot.open(db_path)
    reply = say(bot, "/digest subscribe daily 09:00", roles=MANAGER)
    assert reply.title == "Digest subscription" and reply.text.startswith("Subscribed: ")
    assert "daily at 09:00 (Europe/Berlin)" in reply.text and "The next one: " in reply.text
    listed = say(bot, "digest list")  # anyone may look
    assert listed.found and "slack C1: daily at 09:00 (Europe/Berlin)." in listed.text and "Next digest:" in listed.text
    changed = say(bot, "digest subscribe weekly mon 08:30 Asia/Tokyo no-news", roles=MANAGER)
    assert changed.text.startswith("Changed: ") and "weekly on Monday at 08:30 (Asia/Tokyo)" in changed.text
    assert "no news" in changed.text
    assert say(bot, "digest unsubscribe", roles=MANAGER).text.startswith("Unsubscribed")
    assert say(bot, "digest list").found is False


def test_a_bot_opened_with_a_clock_says_when_the_next_digest_is_by_that_clock(db_path: Path) -> None:
    now = [datetime(2030, 6, 15, 10, 0, tzinfo=UTC)]  # a Saturday, 12:00 in Berlin: today's 09:00 has passed
    bot = EvBot.open(db_path, clock=lambda: now[0])
    reply = say(bot, "digest subscribe daily 09:00 Europe/Berlin", roles=MANAGER)
    assert "The next one: Sun 16 Jun 2030 09:00." in reply.text
    assert "Next digest: Sun 16 Jun 2030 09:00." in say(bot, "digest list").text
    now[0] = datetime(2030, 6, 16, 8, 0, tzinfo=UTC)  # 10:00 in Berlin on Sunday
    assert "Next digest: Mon 17 Jun 2030 09:00." in say(bot, "digest list").text
    preview = say(bot, "digest preview")
    assert "Preview of the digest due Mon 17 Jun 2030 09:00 (Europe/Berlin)" in preview.text


def test_members_without_the_role_are_refused_in_one_line_that_names_it(bot: EvBot) -> None:
    needs_manager = {
        "digest subscribe daily 09:00": "digest subscribe",
        "digest unsubscribe": "digest unsubscribe",
        "/digest stop": "digest unsubscribe",
        "digest now mark": "digest now mark",
        "/digest now and mark": "digest now mark",
        "digest list all": "digest list all",
    }
    for text, what in needs_manager.items():
        reply = say(bot, text)
        assert reply.kind == "refused" and reply.ephemeral and reply.title == "Not allowed", text
        assert reply.text == f"`{what}` needs a channel manager: someone who manages this channel, or an evbot admin."
    needs_admin = {
        "feeds add https://example.com/feed.xml": "feeds add",
        "/feeds rm https://example.com/feed.xml": "feeds remove",
        "feeds poll": "feeds poll",
    }
    for text, what in needs_admin.items():
        for roles in (frozenset(), MANAGER):  # managing a channel is not enough: every workspace reads the feeds
            reply = say(bot, text, roles=roles)
            assert reply.kind == "refused" and reply.ephemeral, text
            assert reply.text == (
                f"`{what}` needs an evbot admin: a user in EVBOT_ADMINS, the terminal or the command line."
            )
    assert say(bot, "digest list").found is False  # nothing changed
    assert say(bot, "feeds list").text.startswith("I read no feeds yet")


def test_in_a_direct_message_anyone_may_subscribe_their_own_dm(bot: EvBot) -> None:
    reply = say(bot, "digest subscribe daily 18:00", channel="D42", is_dm=True)
    assert reply.text.startswith("Subscribed")
    assert say(bot, "feeds add https://example.com/feed.xml", channel="D42", is_dm=True).kind == "refused"


def test_now_posts_here_without_moving_the_marker_unless_asked(bot: EvBot) -> None:
    say(bot, "digest subscribe daily 09:00", roles=MANAGER)
    nothing = say(bot, "digest now")
    assert nothing.text == "No new EV deal news since the last digest." and not nothing.ephemeral
    bot.ingest_paths([str(ARTICLES / "vw-rivian-jv.txt")])
    first = say(bot, "digest now")
    assert "Volkswagen & Rivian" in first.text and not first.ephemeral
    assert "Volkswagen & Rivian" in say(bot, "digest now").text  # the marker did not move
    preview = say(bot, "digest preview")
    assert preview.ephemeral and preview.text.startswith("Preview of the digest due ")
    assert "Volkswagen & Rivian" in preview.text
    assert "Volkswagen & Rivian" in say(bot, "digest now mark", roles=MANAGER).text
    assert "Volkswagen & Rivian" not in say(bot, "digest now").text  # asked to move: it moved


def test_now_preview_and_now_mark_follow_the_same_rule_when_a_digest_is_long(bot: EvBot) -> None:
    say(bot, "digest subscribe daily 09:00", roles=MANAGER)
    names = new_deals(bot)
    preview = say(bot, "digest preview")
    assert preview.ephemeral and "It would be posted as 2 messages." in preview.text
    assert times_told([preview.text], names) == dict.fromkeys(names, 1)  # everything that would be posted

    now = say(bot, "digest now")
    assert times_told([now.text], names) == {name: name in names[4:] for name in names}
    assert now.text.endswith("\n\n\u2022 4 more items after these; `digest preview` lists them all.")

    first = say(bot, "digest now mark", roles=MANAGER)  # the marker moves past what this reply shows, no further
    assert times_told([first.text], names) == {name: name in names[4:] for name in names}
    assert first.text.endswith("4 more items after these; `digest now mark` again posts them.")
    rest = say(bot, "digest preview")
    assert "It would be posted as" not in rest.text and "More news since the subscription started." in rest.text
    assert times_told([rest.text], names) == {name: name in names[:4] for name in names}
    second = say(bot, "digest now mark", roles=MANAGER)
    assert times_told([second.text], names) == {name: name in names[:4] for name in names}
    assert say(bot, "digest now").text == "No new EV deal news since the last digest."
    sub = bot.with_kb(lambda kb: kb.store.get("subscriptions", "slack:C1"))
    assert sub["mark"] == newest(bot) and sub["told"] == {}


def test_now_in_a_channel_without_a_subscription_covers_the_last_week(bot: EvBot) -> None:
    reply = say(bot, "digest now", channel="C9")
    assert "News in the last 7 days." in reply.text and "Ford & Xiaomi" in reply.text


def test_help_lists_digest_and_feeds(bot: EvBot) -> None:
    text = say(bot, "help").text
    assert "`digest subscribe|unsubscribe|list|now|preview`" in text and "`feeds list|add URL|remove URL|poll`" in text


def test_a_bad_evbot_tz_is_named(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVBOT_TZ", "Berlin")
    bot = EvBot.open(db_path)
    reply = say(bot, "digest subscribe daily 09:00", roles=MANAGER)
    assert reply.kind == "usage" and "EVBOT_TZ is set to 'Berlin'" in reply.text
    assert say(bot, "digest subscribe daily 09:00 Europe/Paris", roles=MANAGER).text.startswith("Subscribed")


def test_subscribing_starts_after_what_the_store_already_holds(bot: EvBot) -> None:
    say(bot, "digest subscribe daily 09:00", roles=MANAGER)
    sub = bot.with_kb(lambda kb: kb.store.get("subscriptions", "slack:C1"))
    assert sub["mark"] == newest(bot)
    assert datetime.fromisoformat(sub["last_fire"]) > datetime.now(UTC) - timedelta(minutes=1)
