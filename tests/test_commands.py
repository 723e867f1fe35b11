"""The command grammar every front end shares."""

from __future__ import annotations

import pytest

from bot import registry
from bot.core import EvBot
from bot.models import Invocation, Request, Role


def say(bot: EvBot, text: str):
    return bot.handle(Request(text=text))


@pytest.mark.parametrize("name", ["ford xiaomi", "Xiaomi", "alibaba-ford", "/deal FORD + ALIBABA", "xiaomi & ford"])
def test_deal_finds_a_deal_by_loose_party_names(bot: EvBot, name: str) -> None:
    text = name if name.startswith("/") else f"deal {name}"
    reply = say(bot, text)
    assert reply.found and reply.kind == "deal"
    assert {"Ford"} < set(reply.deals[0].parties)
    assert any(f.name == "Status" for f in reply.fields)
    assert reply.citations and all(
        c.quote in " ".join(s for a in bot.kb.articles for s in a.sentences) for c in reply.citations
    )


def test_deal_fields_show_what_the_deal_record_holds(bot: EvBot) -> None:
    reply = say(bot, "/deal alibaba ford")
    fields = {f.name: f.value for f in reply.fields}
    assert fields["Status"] == "signed"
    assert "December 7" in fields["Date"]
    assert "cloud" in fields["Topics"]


def test_an_unknown_deal_says_so_and_points_to_deals(bot: EvBot) -> None:
    reply = say(bot, "deal ford samsung")
    assert not reply.found and "deals" in reply.text


def test_deals_lists_every_deal_and_filters_by_company(bot: EvBot) -> None:
    everything = say(bot, "deals")
    assert "Alibaba" in everything.text and "Xiaomi" in everything.text
    xiaomi = say(bot, "/deals xiaomi")
    assert "Xiaomi" in xiaomi.text and "Alibaba" not in xiaomi.text
    assert not say(bot, "deals toyota").found


def test_sources_lists_the_articles_behind_a_deal(bot: EvBot) -> None:
    reply = say(bot, "sources ford xiaomi")
    assert "Xiaomi" in reply.text and reply.citations
    assert "Alibaba" not in reply.text
    assert len(say(bot, "sources").text.splitlines()) == 2


def test_help_lists_every_command_with_its_description(bot: EvBot) -> None:
    reply = say(bot, "/help")
    for name in ("ask", "deal", "deals", "sources", "help"):
        assert f"`{name}" in reply.text


@pytest.mark.parametrize(
    "text,word",
    [
        ("", "help"),
        ("   ", "help"),
        ("/frobnicate now", "Unknown command"),
        ("x" * 5000, "too long"),
        ("/deal", "Name the deal"),
        ("/ask", "Ask me"),
    ],
)
def test_bad_input_gets_a_short_private_usage_message(bot: EvBot, text: str, word: str) -> None:
    stamp = bot.kb.store.stamp()
    reply = say(bot, text)
    assert word in reply.text and reply.ephemeral and not reply.found
    assert len(reply.text) < 300
    assert bot.kb.store.stamp() == stamp  # bad input changes nothing


def test_a_plain_message_is_a_question(bot: EvBot) -> None:
    reply = say(bot, "who is ford talking to?")
    assert reply.found and "Xiaomi" in reply.text


def test_a_platform_parsed_slash_command_goes_straight_to_its_handler(bot: EvBot) -> None:
    reply = bot.handle(Request(text="", invocation=Invocation("deals", values={"filter": "ford"})))
    assert reply.kind == "deals" and "Ford" in reply.text


@pytest.mark.parametrize(
    ("text", "invocation"),
    [
        ("who is ford talking to?", Invocation("ask", values={"question": "who is ford talking to?"})),
        ("/deal ford xiaomi", Invocation("deal", values={"name": "ford xiaomi"})),
        ("sources", Invocation("sources", values={"deal": ""})),
        ("help me", Invocation("help")),
        (
            "/feeds rm https://example.com/feed.xml",
            Invocation("feeds", "remove", {"url": "https://example.com/feed.xml"}),
        ),
        ("feeds", Invocation("feeds")),
        ("digest list all", Invocation("digest", "list", {"all": True})),
        ("digest now --mark", Invocation("digest", "now", {"mark": True})),
        (
            "digest subscribe weekly Monday 8am Asia/Tokyo no-news",
            Invocation(
                "digest",
                "subscribe",
                {"no_news": True, "schedule": "weekly", "day": "mon", "time": "8am", "timezone": "Asia/Tokyo"},
            ),
        ),
    ],
)
def test_a_message_is_read_into_the_parts_a_slash_command_gives(text: str, invocation: Invocation) -> None:
    assert registry.parse(text) == invocation


def test_a_slash_command_s_parts_and_the_same_words_typed_do_the_same(bot: EvBot) -> None:
    manager = {"platform": "discord", "channel": "11", "workspace": "G1", "roles": frozenset({Role.CHANNEL_MANAGER})}
    parts = Invocation("digest", "subscribe", {"schedule": "weekly", "day": "fri", "time": "17:30", "no_news": True})
    typed = bot.handle(Request(text="digest subscribe weekly fri 17:30 no-news", **manager))
    given = bot.handle(Request(text="", invocation=parts, **manager))
    assert typed.text.startswith("Subscribed") and given.text.replace("Changed", "Subscribed", 1) == typed.text


@pytest.mark.parametrize(
    ("invocation", "says"),
    [
        (Invocation("deal", values={"name": "ford", "colour": "red"}), "takes no colour"),
        (Invocation("digest", "list", {"all": "yes"}), "`all` is yes or no"),
        (Invocation("digest", "subscribe", {"schedule": "hourly", "time": "09:00"}), "`schedule` is one of daily"),
        (Invocation("deal", values={"name": "x" * 200}), "too long"),
        (Invocation("digest", "frobnicate"), "has no `frobnicate`"),
        (Invocation("frobnicate"), "Unknown command"),
    ],
)
def test_parts_that_do_not_fit_the_command_get_a_usage_message_and_change_nothing(
    bot: EvBot, invocation: Invocation, says: str
) -> None:
    stamp = bot.kb.store.stamp()
    reply = bot.handle(Request(text="", channel="C1", roles=frozenset({Role.ADMIN}), invocation=invocation))
    assert reply.kind == "usage" and reply.ephemeral and says in reply.text
    assert bot.kb.store.stamp() == stamp


@pytest.mark.parametrize(
    ("text", "says"),
    [("/digest frobnicate", "`digest subscribe daily|weekly"), ("digest now later", "`digest now [mark]`")],
)
def test_words_an_action_does_not_take_get_its_usage(bot: EvBot, text: str, says: str) -> None:
    reply = say(bot, text)
    assert reply.kind == "usage" and says in reply.text
