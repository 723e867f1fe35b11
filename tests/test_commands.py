"""The command grammar every front end shares."""

from __future__ import annotations

import pytest

from bot.core import EvBot
from bot.models import Invocation, Request


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
        c.quote in " ".join(s for a in bot.kb.articles for s in a["sentences"]) for c in reply.citations
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
