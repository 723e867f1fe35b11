"""The Discord front end, driven for real: the adapter's discord.py client against a fake Discord on 127.0.0.1.

Nothing of ours or of discord.py is mocked. The adapter is pointed at the fake
through DISCORD_API_BASE and DISCORD_GATEWAY_URL, exactly as a deployment
behind a proxy would be; the assertions read what the fake received.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import sys
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from pathlib import Path

import discord
import pytest
from discord.gateway import DiscordWebSocket
from fakes.discord import (
    AUTOCOMPLETE_RESULT,
    CHANNEL_MESSAGE,
    DEFERRED_CHANNEL_MESSAGE,
    HEARTBEAT,
    IDENTIFY,
    RESUME,
    FakeDiscord,
)
from untrusted import (
    ARTICLE,
    ARTICLE_URL,
    ASK_BUILD,
    ASK_DEAL,
    ASK_PAYMENT,
    EVIL,
    TYPED,
    controls_in,
    discord_view,
    embed_strings,
)

from adapters.discord import embeds
from adapters.discord.app import SYNC_STATE_KEY, serve, sync_now
from adapters.discord.settings import is_configured
from adapters.runner import FrontEndError
from bot.core import EvBot
from bot.models import Citation, Field, Reply
from knowledge.store import KnowledgeStore

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    fake = await FakeDiscord().start()
    yield fake
    await fake.stop()


@pytest.fixture(autouse=True)
def discord_env(fake: FakeDiscord, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The adapter's settings point at the fake; the library's two URL hooks are restored afterwards."""
    monkeypatch.setattr(discord.http.Route, "BASE", discord.http.Route.BASE)
    monkeypatch.setattr(DiscordWebSocket, "DEFAULT_GATEWAY", DiscordWebSocket.DEFAULT_GATEWAY)
    env = {
        "DISCORD_TOKEN": fake.token,
        "DISCORD_GUILD_ID": fake.guild_id,
        "DISCORD_API_BASE": fake.api_base,
        "DISCORD_GATEWAY_URL": fake.gateway_url,
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return env


@asynccontextmanager
async def running(bot: EvBot, fake: FakeDiscord) -> AsyncIterator[asyncio.Task[None]]:
    """``adapters.discord.app.serve(bot)`` in a task, until the fake has sent READY and GUILD_CREATE."""
    fake.identified.clear()
    task = asyncio.create_task(serve(bot, guild_ready_timeout=0.05))
    ready = asyncio.create_task(fake.identified.wait())
    done, _ = await asyncio.wait({task, ready}, timeout=10, return_when=asyncio.FIRST_COMPLETED)
    if ready not in done:
        ready.cancel()
        if task.done():
            task.result()  # the adapter's own error, as it would reach `evbot run`
        pytest.fail("the client never identified with the fake gateway")
    try:
        yield task
    finally:
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task


def embed_of(posted) -> dict:
    assert len(posted.embeds) == 1, posted.payload
    return posted.embeds[0]


def pings_nobody(payload: dict) -> bool:
    """Discord's rule: only what ``allowed_mentions`` allows is pinged, whatever the text says."""
    allowed = payload["allowed_mentions"]
    return (
        allowed["parse"] == []
        and not allowed.get("users")
        and not allowed.get("roles")
        and not allowed.get("replied_user")
    )


def field_names(embed: dict) -> list[str]:
    return [f["name"] for f in embed.get("fields", [])]


# -- start-up: command sync ---------------------------------------------------


async def test_commands_sync_once_to_the_guild_and_not_again_when_unchanged(bot: EvBot, fake: FakeDiscord) -> None:
    async with running(bot, fake):
        pass
    syncs = fake.calls("PUT", f"/applications/{fake.app_id}/guilds/{fake.guild_id}/commands")
    assert len(syncs) == 1 and not fake.calls("PUT", f"/applications/{fake.app_id}/commands")
    commands = {c["name"]: c for c in syncs[0].body}
    assert set(commands) == {"ask", "deal", "deals", "sources", "help", "feeds", "digest"}, "every registry command"
    assert commands["deal"]["options"][0] == {
        **commands["deal"]["options"][0],
        "name": "name",
        "type": 3,
        "required": True,
        "autocomplete": True,
    }
    assert commands["deals"]["options"][0]["required"] is False
    assert commands["deals"]["options"][0]["autocomplete"] is True
    assert commands["ask"]["options"][0]["name"] == "question"
    assert all(c["description"] for c in commands.values())

    async with running(bot, fake):  # a restart with the same definitions: no upsert
        pass
    assert len(fake.calls("PUT", "/applications/")) == 1


async def test_commands_sync_globally_without_a_guild_and_again_when_definitions_change(
    bot: EvBot, fake: FakeDiscord, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DISCORD_GUILD_ID")
    bot.remember(f"{SYNC_STATE_KEY}.{fake.app_id}", {"target": "global", "fingerprint": "an older command set"})
    async with running(bot, fake):
        interaction = await fake.slash("help")  # a global command, usable once synced
        await fake.wait_for(lambda: fake.answer_to(interaction))
    syncs = fake.calls("PUT", "/applications/")
    assert [s.path for s in syncs] == [f"/applications/{fake.app_id}/commands"]
    assert "guild_id" not in interaction["data"]


async def test_evbot_discord_sync_forces_a_sync(bot: EvBot, fake: FakeDiscord, db_path: Path) -> None:
    async with running(bot, fake):
        pass
    assert len(fake.calls("PUT", "/applications/")) == 1
    code, out, err = await evbot(["--db", str(db_path), "discord", "sync"])
    assert (code, err) == (0, "")
    assert out.strip() == f"Synced 7 slash commands to server {fake.guild_id}."
    assert len(fake.calls("PUT", f"/applications/{fake.app_id}/guilds/{fake.guild_id}/commands")) == 2


async def test_a_refused_sync_names_the_scope_to_add(bot: EvBot, fake: FakeDiscord) -> None:
    fake.reject_sync = 403
    with pytest.raises(FrontEndError, match="applications.commands"):
        await serve(bot, guild_ready_timeout=0.05)
    assert not fake.frames  # it stopped before connecting to the gateway


# -- slash commands -----------------------------------------------------------


async def test_deal_answers_with_an_embed_of_the_deal(bot: EvBot, fake: FakeDiscord) -> None:
    async with running(bot, fake):
        interaction = await fake.slash("deal", name="ford xiaomi")
        [answer] = await fake.wait_for(lambda i=interaction: fake.answer_to(i))
    [callback] = fake.callbacks(interaction)
    assert callback.body["type"] == CHANNEL_MESSAGE and callback.query.get("with_response")
    assert answer.via == "callback" and not answer.ephemeral
    embed = embed_of(answer)
    assert embed["title"] == "Ford & Xiaomi"
    assert "talks" in embed["description"].lower()
    names = field_names(embed)
    assert {"Parties", "Status"} <= set(names) and any(n.startswith("1. ") for n in names)
    assert dict((f["name"], f["value"]) for f in embed["fields"])["Parties"] == "Ford, Xiaomi"
    assert pings_nobody(answer.payload)


async def test_unknown_deal_says_so_and_points_at_deals(bot: EvBot, fake: FakeDiscord) -> None:
    async with running(bot, fake):
        interaction = await fake.slash("deal", name="tesla byd")
        [answer] = await fake.wait_for(lambda i=interaction: fake.answer_to(i))
    embed = embed_of(answer)
    assert embed["title"] == "No such deal" and "`deals`" in embed["description"]
    assert embed["color"] == embeds.COLOUR_UNKNOWN.value and not answer.ephemeral


async def test_deals_lists_all_or_one_companys(bot: EvBot, fake: FakeDiscord) -> None:
    async with running(bot, fake):
        every = await fake.slash("deals")
        xiaomi = await fake.slash("deals", filter="Xiaomi")
        [all_deals] = await fake.wait_for(lambda: fake.answer_to(every))
        [one] = await fake.wait_for(lambda: fake.answer_to(xiaomi))
    assert "Ford & Alibaba" in all_deals.text and "Ford & Xiaomi" in all_deals.text
    assert "Xiaomi" in embed_of(one)["title"] and "Alibaba" not in one.text.split("Sources")[0]


async def test_ask_answers_with_quoted_sources(bot: EvBot, fake: FakeDiscord) -> None:
    async with running(bot, fake):
        interaction = await fake.slash("ask", question="alibaba ford?")
        [answer] = await fake.wait_for(lambda i=interaction: fake.answer_to(i))
    embed = embed_of(answer)
    sources = [f for f in embed["fields"] if re.match(r"\d+\. ", f["name"])]
    assert sources and all(f["value"].startswith("> ") for f in sources)
    assert embed["color"] == embeds.COLOUR_FOUND.value


async def test_help_lists_the_commands(bot: EvBot, fake: FakeDiscord) -> None:
    async with running(bot, fake):
        interaction = await fake.slash("help")
        [answer] = await fake.wait_for(lambda i=interaction: fake.answer_to(i))
    description = embed_of(answer)["description"]
    assert all(f"`{word}" in description for word in ("ask", "deal", "deals", "sources", "help"))


async def test_every_registry_command_is_a_slash_command(bot: EvBot, fake: FakeDiscord) -> None:
    async with running(bot, fake):
        sources = await fake.slash("sources", deal="ford alibaba")
        feeds = await fake.slash("feeds list")
        [listed] = await fake.wait_for(lambda i=sources: fake.answer_to(i))
        [fed] = await fake.wait_for(lambda i=feeds: fake.answer_to(i))
    assert "Sources for Ford & Alibaba" in embed_of(listed)["title"] and "Ford teams up with Alibaba" in listed.text
    assert "feed" in fed.text.lower()


async def test_a_usage_error_is_ephemeral(bot: EvBot, fake: FakeDiscord) -> None:
    async with running(bot, fake):
        interaction = await fake.slash("ask", question="   ")
        [answer] = await fake.wait_for(lambda i=interaction: fake.answer_to(i))
    assert answer.ephemeral and answer.via == "callback"
    assert embed_of(answer)["title"] == "Usage"


async def test_slash_command_in_a_dm(bot: EvBot, fake: FakeDiscord, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISCORD_GUILD_ID")  # DMs see global commands
    async with running(bot, fake):
        interaction = await fake.slash("deal", dm=True, name="ford alibaba")
        [answer] = await fake.wait_for(lambda i=interaction: fake.answer_to(i))
    assert embed_of(answer)["title"] == "Ford & Alibaba" and answer.channel_id == interaction["channel_id"]


async def test_autocomplete_offers_deal_names_and_companies(bot: EvBot, fake: FakeDiscord) -> None:
    async with running(bot, fake):
        everything = await fake.autocomplete("deal", "name", "")
        xia = await fake.autocomplete("deal", "name", "xia")
        companies = await fake.autocomplete("deals", "filter", "")
        al = await fake.autocomplete("deals", "filter", "al")
        await fake.wait_for(lambda: all(fake.callbacks(i) for i in (everything, xia, companies, al)))

    def offered(interaction: dict) -> list[str]:
        [callback] = fake.callbacks(interaction)
        assert callback.body["type"] == AUTOCOMPLETE_RESULT
        choices = callback.body["data"]["choices"]
        assert len(choices) <= 25 and all(c["name"] == c["value"] for c in choices)
        return [c["name"] for c in choices]

    assert sorted(offered(everything)) == sorted(bot.kb.deal_names())
    assert offered(xia) == ["Ford & Xiaomi"]
    assert offered(companies)[:3] == ["Alibaba", "Ford", "Xiaomi"]  # the parties to known deals first
    assert set(offered(companies)) == set(bot.kb.companies)
    assert offered(al) == ["Alibaba"]  # word starts: not "General Motors"
    assert not fake.posted


async def test_autocomplete_offers_time_zones_for_a_digest(bot: EvBot, fake: FakeDiscord) -> None:
    async with running(bot, fake):
        berlin = await fake.autocomplete("digest subscribe", "timezone", "berl")
        [callback] = await fake.wait_for(lambda: fake.callbacks(berlin))
    assert [c["value"] for c in callback.body["data"]["choices"]] == ["Europe/Berlin"]


async def test_a_slow_answer_defers_first_then_follows_up(bot: EvBot, fake: FakeDiscord, db_path: Path) -> None:
    async with running(bot, fake):
        holding = threading.Event()
        # Another process (an `evbot ingest`, say) writes the store and holds its lock for 1.5 s, while this
        # bot ingests an article of its own (a feed poll): that waits for the lock, and the answer for the
        # ingestion (a stale snapshot alone would not hold it up: it is answered from the previous revision).
        writer = threading.Thread(target=hold_store, args=(db_path, 1.5, holding))
        writer.start()
        assert holding.wait(5)
        article = db_path.parent / "poll.txt"
        article.write_text(
            "Acme and Xiaomi sign a chip deal\nAcme and Xiaomi signed a chip supply deal on May 5, 2024.\n"
        )
        polling = threading.Thread(target=bot.ingest_paths, args=([str(article)],))
        polling.start()
        time.sleep(0.2)  # the poll has the core's lock and waits for the store's
        started = time.monotonic()
        interaction = await fake.slash("deal", name="ford xiaomi")
        [answer] = await fake.wait_for(lambda i=interaction: fake.answer_to(i))
        writer.join()
        polling.join()
    [callback] = fake.callbacks(interaction)
    [followup] = fake.followups(interaction)
    assert callback.body["type"] == DEFERRED_CHANNEL_MESSAGE
    assert callback.at - started < 1.5  # acknowledged while the store was still locked
    assert callback.at < followup.at and answer.via == "followup"
    assert embed_of(answer)["title"] == "Ford & Xiaomi"
    assert pings_nobody(answer.payload)


def hold_store(db_path: Path, seconds: float, holding: threading.Event) -> None:
    other = KnowledgeStore(db_path)
    other.put(
        "companies",
        {"key": "acme", "name": "Acme", "aliases": [], "country": "", "sector": "", "known": False, "articles": 0},
    )  # new knowledge: the bot's snapshot is now stale
    with other.transaction():
        holding.set()
        time.sleep(seconds)


# -- messages -----------------------------------------------------------------


async def test_a_mention_gets_a_reply_to_that_message(bot: EvBot, fake: FakeDiscord) -> None:
    async with running(bot, fake):
        message = await fake.say(f"<@{fake.app_id}> who is ford talking to?", mention_bot=True)
        [reply] = await fake.wait_for(lambda: fake.replies_to(message))
    assert reply.channel_id == fake.channel_id
    assert reply.payload["message_reference"]["message_id"] in (message["id"], int(message["id"]))
    assert pings_nobody(reply.payload) and reply.payload["allowed_mentions"]["replied_user"] is False
    assert "Xiaomi" in reply.text
    assert fake.calls("POST", f"/channels/{fake.channel_id}/typing")


async def test_a_follow_up_reply_is_about_the_previous_answer_s_deal(bot: EvBot, fake: FakeDiscord) -> None:
    async with running(bot, fake):
        alice = fake.user("alice")
        first = await fake.say(f"<@{fake.app_id}> alibaba ford?", author=alice, mention_bot=True)
        await fake.wait_for(lambda: fake.replies_to(first))
        follow = await fake.say(f"<@{fake.app_id}> when was it signed?", author=alice, mention_bot=True)
        [reply] = await fake.wait_for(lambda: fake.replies_to(follow))
    assert "December 7" in reply.text


async def test_a_dm_gets_a_reply(bot: EvBot, fake: FakeDiscord) -> None:
    async with running(bot, fake):
        message = await fake.say("deal ford alibaba", dm=True)
        [reply] = await fake.wait_for(lambda: fake.replies_to(message))
    assert reply.channel_id == message["channel_id"]
    assert embed_of(reply)["title"] == "Ford & Alibaba"


async def test_other_bots_and_unaddressed_messages_are_ignored(bot: EvBot, fake: FakeDiscord) -> None:
    async with running(bot, fake):
        other_bot = fake.user("newsbot", bot=True)
        await fake.say(f"<@{fake.app_id}> who is ford talking to?", author=other_bot, mention_bot=True)
        await fake.say("who is ford talking to?", author=other_bot, dm=True)
        await fake.say("who is ford talking to?")  # in #general, not addressed to evbot
        last = await fake.say("help", dm=True)
        await fake.wait_for(lambda: fake.replies_to(last))
    assert len(fake.posted) == 1 and len(fake.calls("POST", "/channels/")) == 2  # the one reply and its typing


async def test_an_article_quoting_everyone_pings_nobody(bot: EvBot, fake: FakeDiscord, tmp_path: Path) -> None:
    article = tmp_path / "rivian.txt"
    article.write_text(
        "Rivian and Volkswagen sign software joint venture\n"
        "Volkswagen will invest up to $5 billion in a joint venture with Rivian, the companies "
        "said on Tuesday. @everyone the joint venture will build software for electric cars. "
        "<@&123456789> @here\n"
        "The joint venture will be owned equally by the two companies, Rivian said.\n"
    )
    report = bot.ingest_paths([str(article)], url=ARTICLE_URL, published="2024-06-25")
    assert report.added
    async with running(bot, fake):
        interaction = await fake.slash("ask", question="what will the rivian volkswagen joint venture build?")
        message = await fake.say(f"<@{fake.app_id}> rivian volkswagen?", mention_bot=True)
        [answer] = await fake.wait_for(lambda i=interaction: fake.answer_to(i))
        [reply] = await fake.wait_for(lambda: fake.replies_to(message))
    for sent in (answer, reply):
        shown = "\n".join(discord_view(text).text for text in embed_strings(embed_of(sent)))
        assert "@\u200beveryone" in shown and "<@&123456789> @\u200bhere" in shown  # the words reach Discord...
        assert not any(discord_view(text).mentions for text in embed_strings(embed_of(sent)))  # ...as text
        assert pings_nobody(sent.payload)  # with every kind of ping switched off
        assert not sent.payload.get("content")  # and only inside the embed
    assert f"]({ARTICLE_URL})" in reply.text and "2024-06-25" in reply.text  # the source, linked and dated


def test_the_discord_reader_sees_what_discord_draws() -> None:
    """The reader the next test relies on finds masked links, fences and mentions where Discord would."""
    view = discord_view(f"Log in on [the login page]({EVIL}) ```now``` <@&42> `[code]({EVIL})` \\[not](a link)")
    assert view.masked_links == [("the login page", EVIL)] and view.deceptive_links
    assert view.code_blocks == ["now"] and view.mentions == ["<@&42>"]
    assert "[code](" in view.text and "[not](a link)" in view.text


async def test_hostile_article_and_user_text_show_as_written_and_link_nowhere(
    bot: EvBot, fake: FakeDiscord, tmp_path: Path
) -> None:
    article = tmp_path / "terms.txt"
    article.write_text(ARTICLE)
    assert bot.ingest_paths([str(article)], url=ARTICLE_URL, published="2024-06-25").added
    async with running(bot, fake):
        asked = [await fake.slash("ask", question=q) for q in (ASK_PAYMENT, ASK_BUILD, ASK_DEAL)]
        asked += [await fake.slash("sources", deal="rivian volkswagen"), await fake.slash("deal", name=TYPED)]
        message = await fake.say(f"<@{fake.app_id}> deal {TYPED}", mention_bot=True)
        answers = [(await fake.wait_for(lambda i=i: fake.answer_to(i)))[0] for i in asked]
        answers += await fake.wait_for(lambda: fake.replies_to(message))
    shown = []
    for answer in answers:
        assert pings_nobody(answer.payload) and not answer.payload.get("content")
        for text in embed_strings(embed_of(answer)):
            view = discord_view(text)
            assert not view.deceptive_links and not any("evil.example" in url for url in view.targets), text
            assert not view.code_blocks and not view.mentions and not controls_in(text), text
            shown.append(view.text)
    seen = "\n".join(shown)
    assert f"sign a [software deal]({EVIL})" in seen  # the article's title, as written
    assert "The joint venture will build ``` software for electric cars" in seen  # the fence is text
    assert "the first $1 billion in 2024, according to the filing, and the venture is based in ainrofilaC" in seen
    assert f"matching \u201c{TYPED}\u201d" in seen  # the user's own words, echoed as typed
    assert f"[example.com]({ARTICLE_URL})" in embed_of(answers[2])["fields"][0]["value"]  # our link stays one


# -- the gateway --------------------------------------------------------------


async def test_a_dropped_gateway_resumes_and_keeps_answering(bot: EvBot, fake: FakeDiscord) -> None:
    async with running(bot, fake):
        before = await fake.slash("help")
        await fake.wait_for(lambda: fake.answer_to(before))
        session = fake.session_id
        await fake.drop()
        missed = await fake.slash("deal", name="ford xiaomi")  # sent while the client is away: replayed on RESUME
        [resume] = await fake.wait_for(lambda: fake.ops(RESUME))
        [answer] = await fake.wait_for(lambda: fake.answer_to(missed))
        later = await fake.slash("deals")
        await fake.wait_for(lambda: fake.answer_to(later))
    # READY 1, GUILD_CREATE 2, the first /help 3: the client resumes from the last event it saw,
    # and the fake replays the /deal sent while it was away.
    assert resume["d"]["session_id"] == session and resume["d"]["seq"] == 3
    assert len(fake.ops(IDENTIFY)) == 1 and fake.connections == 2
    assert len(fake.ops(HEARTBEAT)) >= 2  # one on each connection, straight after HELLO
    assert embed_of(answer)["title"] == "Ford & Xiaomi"
    assert len(fake.answer_to(before)) == 1  # nothing answered twice


# -- tokens and settings ------------------------------------------------------


async def test_a_missing_token_names_the_variable(bot: EvBot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISCORD_TOKEN")
    assert not is_configured()
    with pytest.raises(FrontEndError, match="DISCORD_TOKEN is not set"):
        await serve(bot)


async def test_a_rejected_token_names_the_variable_and_is_never_logged(
    bot: EvBot, fake: FakeDiscord, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    wrong = "wrong.token-" + "x" * 40
    monkeypatch.setenv("DISCORD_TOKEN", wrong)
    caplog.set_level(logging.DEBUG)
    with pytest.raises(FrontEndError, match="DISCORD_TOKEN") as failure:
        await serve(bot)
    assert wrong not in str(failure.value) and failure.value.__cause__ is None
    assert [r.path for r in fake.requests] == ["/users/@me"]
    assert not any(wrong in r.getMessage() for r in caplog.records)


async def test_the_token_never_reaches_the_logs(
    bot: EvBot, fake: FakeDiscord, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    async with running(bot, fake):
        interaction = await fake.slash("deal", name="ford xiaomi")
        await fake.wait_for(lambda: fake.answer_to(interaction))
    assert caplog.records and not any(fake.token in r.getMessage() for r in caplog.records)


async def test_evbot_run_discord_with_a_rejected_token_prints_one_line(
    fake: FakeDiscord, db_path: Path, discord_env: dict[str, str]
) -> None:
    code, out, err = await evbot(
        ["--db", str(db_path), "run", "discord"], DISCORD_TOKEN="rejected-token", COLUMNS="300"
    )  # rich wraps stderr at the terminal's width
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("evbot: Discord rejected DISCORD_TOKEN")
    assert "Traceback" not in err and "rejected-token" not in err


async def test_a_malformed_guild_id_is_named(bot: EvBot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCORD_GUILD_ID", "my server")
    assert is_configured()
    with pytest.raises(FrontEndError, match="DISCORD_GUILD_ID"):
        await serve(bot)
    with pytest.raises(FrontEndError, match="DISCORD_GUILD_ID"):
        await sync_now(bot)


async def evbot(args: list[str], **env: str) -> tuple[int, str, str]:
    """Run the `evbot` command line in a child process (the fake keeps serving in this event loop)."""
    process = await asyncio.create_subprocess_exec(
        Path(sys.executable).with_name("evbot"),
        *args,
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=30)
    return process.returncode or 0, out.decode(), err.decode()


def test_settings_and_the_core_stay_free_of_discord() -> None:
    import subprocess

    probe = (
        "import sys, adapters.discord.settings as s, adapters.discord.cli, bot.core; s.is_configured(); "
        "print(sorted(m for m in sys.modules if m == 'discord' or m.startswith('discord.')))"
    )
    assert (
        subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True
        ).stdout.strip()
        == "[]"
    )
    for path in [*ROOT.glob("bot/**/*.py"), *ROOT.glob("knowledge/**/*.py")]:
        assert not re.search(r"^\s*(import|from)\s+discord\b", path.read_text(), re.M), path


# -- embeds within Discord's limits -------------------------------------------


def test_an_oversized_reply_fits_discords_embed_limits() -> None:
    cites = tuple(
        Citation(
            title=f"Article {i} " + "t" * 300, url=f"https://example.com/{i}", published="2024-01-02", quote="q" * 2000
        )
        for i in range(40)
    )
    reply = Reply(
        title="T" * 400,
        text="x" * 9000,
        fields=tuple(Field(f"F{i}" * 100, "v" * 3000) for i in range(30)),
        citations=cites,
    )
    embed = embeds.reply_embed(reply)
    assert len(embed) <= 6000 and len(embed.fields) <= 25
    assert len(embed.title or "") <= 256 and len(embed.description or "") <= 4096
    assert all(len(f.name or "") <= 256 and 0 < len(f.value or "") <= 1024 for f in embed.fields)
    assert (embed.title or "").endswith(embeds.ELLIPSIS)


def test_a_code_span_cut_to_fit_does_not_turn_into_a_link() -> None:
    long = f"`[the login page]({EVIL}) " + "word " * 1000 + "`"  # cut before its closing backtick
    embed = embeds.reply_embed(Reply(title=long, text=long, fields=(Field(long, long),))).to_dict()
    for text in embed_strings(embed):
        assert text.endswith(embeds.ELLIPSIS) and not discord_view(text).masked_links, text


def test_sources_are_links_with_dates_one_field_per_article() -> None:
    same = dict(title="Ford [update] teams up", url="https://example.com/a (1)", published="2024-03-01")
    reply = Reply(
        title="Answer",
        text="Ford and Alibaba signed.",
        citations=(
            Citation(quote="First *quoted* sentence.", **same),
            Citation(quote="Second sentence.", **same),
            Citation(title="Other", url=None, published=None, quote="Third."),
        ),
    )
    embed = embeds.reply_embed(reply).to_dict()
    first, second = embed["fields"]
    assert first["name"] == "1. Ford \\[update] teams up" and second["name"] == "2. Other"
    assert first["value"].splitlines() == [
        "[example.com](https://example.com/a%20%281%29) \u00b7 2024-03-01",
        "> First \\*quoted\\* sentence.",
        "> Second sentence.",
    ]
    assert second["value"] == "> Third."
    assert "footer" not in embed
