"""Digests delivered end to end: through the real Slack and Discord front ends to loopback fakes, and to the
terminal of a real `evbot run`.

Each test starts from a subscription whose scheduled time passed while evbot
was down, so the digest is due the moment the platform is connected; the
assertions read what the fake platform received, where, and in what form.
Subscribing is driven the way users do it: `/ev digest ...` in Slack, the
`/digest` command group in Discord, `/digest ...` in the terminal chat.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import discord
import pytest
from discord.gateway import DiscordWebSocket
from fakes.discord import APPLICATION_COMMAND, FakeDiscord
from fakes.slack import FakeSlack
from test_terminal import Terminal

from adapters.discord.app import serve as serve_discord
from adapters.runner import serve
from bot.core import EvBot
from bot.digests.delivery import Posters
from bot.digests.driver import DigestScheduler
from bot.models import Request, Role
from bot.settings import Settings

ARTICLES = Path(__file__).parent / "data" / "articles"
MANAGER = frozenset({Role.CHANNEL_MANAGER})


def missed_a_slot(bot: EvBot, platform: str, channel: str) -> None:
    """A daily 09:00 UTC subscription whose last slot passed while evbot was down, and news since."""
    reply = bot.handle(
        Request(text="digest subscribe daily 09:00 UTC", platform=platform, channel=channel, roles=MANAGER)
    )
    assert reply.text.startswith("Subscribed")
    key = f"{platform}:{channel}"
    two_days_ago = (datetime.now(UTC) - timedelta(days=2)).isoformat()
    bot.with_kb(
        lambda kb: kb.store.put("subscriptions", {**kb.store.get("subscriptions", key), "last_fire": two_days_ago})
    )
    bot.ingest_paths([str(ARTICLES / "vw-rivian-jv.txt")])


def deliveries(bot: EvBot) -> list[dict[str, Any]]:
    return bot.with_kb(lambda kb: kb.store.all("deliveries"))


# -- Slack ------------------------------------------------------------------------------


@pytest.fixture
async def slack(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeSlack]:
    fake = await FakeSlack().start()
    monkeypatch.setenv("SLACK_BOT_TOKEN", fake.bot_token)
    monkeypatch.setenv("SLACK_APP_TOKEN", fake.app_token)
    monkeypatch.setenv("SLACK_API_URL", fake.api_url)
    yield fake
    await fake.stop()


@asynccontextmanager
async def evbot_run(bot: EvBot, platforms: list[str]) -> AsyncIterator[asyncio.Task[None]]:
    """What `evbot run` does with tokens set: the platforms, the scheduler and the feeds, in one loop."""
    task = asyncio.create_task(serve(bot, platforms))
    try:
        yield task
    finally:
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task


async def slash(fake: FakeSlack, text: str, user: str, trigger: str) -> dict[str, Any]:
    payload = fake.slash_payload("/ev", text, trigger, user=user)
    await fake.send_envelope("slash_commands", payload, True)
    answer = await fake.wait_for(lambda: [r for r in fake.requests if r.path == f"/respond/{trigger}"])
    return answer[0].body


async def test_a_due_digest_reaches_the_slack_channel_as_block_kit(bot: EvBot, slack: FakeSlack) -> None:
    missed_a_slot(bot, "slack", "C0042")
    async with evbot_run(bot, ["slack"]):
        posts = await slack.wait_for(lambda: slack.calls("chat.postMessage"))
        await asyncio.sleep(0.3)  # and nothing more arrives
    assert len(slack.calls("chat.postMessage")) == 1
    body = posts[0].body
    assert body["channel"] == "C0042" and body["unfurl_links"] is False
    blocks = body["blocks"]
    assert blocks[0] == {
        "type": "header",
        "text": {"type": "plain_text", "emoji": False, "text": "EV deals digest: 1 new deal"},
    }
    section = blocks[1]["text"]
    assert section["type"] == "mrkdwn" and "New deals\n\u2022 Volkswagen &amp; Rivian: joint venture" in section["text"]
    assert [d["state"] for d in deliveries(bot)] == ["sent"]


async def test_slack_admins_subscribe_with_slash_ev_and_others_are_refused(db_path: Path, slack: FakeSlack) -> None:
    bot = EvBot.open(db_path, Settings(admins="U0ADMIN"))  # EVBOT_ADMINS, in the settings the bot is opened with
    slack.workspace_admins.add("U0OWNER")
    async with evbot_run(bot, ["slack"]):
        await slack.wait_for(lambda: slack.connections)
        refused = await slash(slack, "digest subscribe daily 09:00 Europe/Berlin", "U0MEMBER", "t1")
        assert refused["response_type"] == "ephemeral"
        assert "`digest subscribe` needs a channel manager" in json.dumps(refused)
        by_admin = await slash(slack, "digest subscribe daily 09:00 Europe/Berlin", "U0ADMIN", "t2")
        assert by_admin["response_type"] == "in_channel"
        assert "Subscribed" in json.dumps(by_admin) and "daily at 09:00 (Europe/Berlin)" in json.dumps(by_admin)
        by_owner = await slash(slack, "digest subscribe weekly mon 08:00", "U0OWNER", "t3")  # a workspace admin
        assert "Changed" in json.dumps(by_owner) and "weekly on Monday at 08:00 (UTC)" in json.dumps(by_owner)
        listed = await slash(slack, "digest list", "U0MEMBER", "t4")
        assert "weekly on Monday at 08:00 (UTC)" in json.dumps(listed)
    # Slack is asked who is a workspace admin only for what needs a role (not `digest list`), never for EVBOT_ADMINS.
    assert [c.query.get("user") for c in slack.calls("users.info")] == ["U0MEMBER", "U0OWNER"]


async def test_a_slack_channel_that_is_gone_is_recorded_as_a_refusal_not_a_post(bot: EvBot, slack: FakeSlack) -> None:
    slack.gone_channels.add("C0GONE")
    missed_a_slot(bot, "slack", "C0GONE")
    async with evbot_run(bot, ["slack"]):
        await slack.wait_for(lambda: slack.calls("chat.postMessage"))
        await asyncio.sleep(0.2)
    assert [d["state"] for d in deliveries(bot)] == ["failed"]
    sub = bot.with_kb(lambda kb: kb.store.get("subscriptions", "slack:C0GONE"))
    assert sub["failures"] == 1 and "channel_not_found" in sub["last_error"] and sub["retry_at"]


# -- Discord ----------------------------------------------------------------------------


@pytest.fixture
async def discord_fake(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeDiscord]:
    fake = await FakeDiscord().start()
    monkeypatch.setattr(discord.http.Route, "BASE", discord.http.Route.BASE)
    monkeypatch.setattr(DiscordWebSocket, "DEFAULT_GATEWAY", DiscordWebSocket.DEFAULT_GATEWAY)
    for name, value in {
        "DISCORD_TOKEN": fake.token,
        "DISCORD_GUILD_ID": fake.guild_id,
        "DISCORD_API_BASE": fake.api_base,
        "DISCORD_GATEWAY_URL": fake.gateway_url,
    }.items():
        monkeypatch.setenv(name, value)
    yield fake
    await fake.stop()


@asynccontextmanager
async def discord_with_scheduler(bot: EvBot, fake: FakeDiscord) -> AsyncIterator[DigestScheduler]:
    posters = Posters()
    scheduler = DigestScheduler(bot, posters, poll_feeds=False)
    await scheduler.start()  # before Discord connects: a due digest waits for its poster
    fake.identified.clear()
    task = asyncio.create_task(serve_discord(bot, posters=posters, guild_ready_timeout=0.05))
    await asyncio.wait_for(fake.identified.wait(), 10)
    try:
        yield scheduler
    finally:
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task
        await scheduler.stop()


def digest_command(
    fake: FakeDiscord, sub: str, options: dict[str, str] | None = None, permissions: str | None = None
) -> dict[str, Any]:
    opts = [{"name": k, "type": 3, "value": v} for k, v in (options or {}).items()]
    payload = fake.interaction(APPLICATION_COMMAND, "digest", [{"name": sub, "type": 1, "options": opts}])
    if permissions is not None:  # a member without Manage Server / Manage Channels
        payload["member"]["permissions"] = permissions
    return payload


async def test_a_due_digest_reaches_the_discord_channel_as_an_embed(bot: EvBot, discord_fake: FakeDiscord) -> None:
    fake = discord_fake
    missed_a_slot(bot, "discord", fake.channel_id)
    async with discord_with_scheduler(bot, fake):
        posted = await fake.wait_for(lambda: [p for p in fake.posted if p.via == "channel"])
        await asyncio.sleep(0.3)
    assert len([p for p in fake.posted if p.via == "channel"]) == 1
    post = posted[0]
    assert post.channel_id == fake.channel_id and post.request.path == f"/channels/{fake.channel_id}/messages"
    (embed,) = post.embeds
    assert embed["title"] == "EV deals digest: 1 new deal"
    assert "New deals\n\u2022 Volkswagen & Rivian: joint venture" in embed["description"]
    assert post.payload["allowed_mentions"]["parse"] == []  # nothing in an article pings anyone
    assert [d["state"] for d in deliveries(bot)] == ["sent"]


async def test_discord_digest_group_subscribes_managers_and_refuses_members(
    bot: EvBot, discord_fake: FakeDiscord
) -> None:
    fake = discord_fake
    async with discord_with_scheduler(bot, fake) as scheduler:
        synced = {c["name"]: c for c in fake.guild_commands[fake.guild_id]}
        assert {o["name"] for o in synced["digest"]["options"]} == {
            "subscribe",
            "unsubscribe",
            "list",
            "now",
            "preview",
        }
        member = digest_command(fake, "subscribe", {"schedule": "daily", "time": "09:00"}, permissions="1024")
        await fake.dispatch("INTERACTION_CREATE", member)
        (refusal,) = await fake.wait_for(lambda: fake.answer_to(member))
        assert refusal.ephemeral and "`digest subscribe` needs a channel manager" in refusal.text

        manager = digest_command(
            fake, "subscribe", {"schedule": "weekly", "day": "fri", "time": "17:30", "timezone": "Europe/Paris"}
        )
        await fake.dispatch("INTERACTION_CREATE", manager)
        (answer,) = await fake.wait_for(lambda: fake.answer_to(manager))
        assert not answer.ephemeral and "Subscribed" in answer.text
        assert "weekly on Friday at 17:30 (Europe/Paris)" in answer.text
        await scheduler.sync()
        assert scheduler.scheduler.get_job(f"digest:discord:{fake.channel_id}") is not None

        preview = digest_command(fake, "preview")
        await fake.dispatch("INTERACTION_CREATE", preview)
        (shown,) = await fake.wait_for(lambda: fake.answer_to(preview))
        assert shown.ephemeral and "Preview of the digest due Fri" in shown.text


async def test_a_deleted_discord_channel_is_a_refusal(bot: EvBot, discord_fake: FakeDiscord) -> None:
    missed_a_slot(bot, "discord", "1234567890123456789")  # a channel the bot cannot see any more
    async with discord_with_scheduler(bot, discord_fake):
        await discord_fake.wait_for(lambda: discord_fake.calls("GET", "/channels/1234567890123456789"))
        await asyncio.sleep(0.2)
    sub = bot.with_kb(lambda kb: kb.store.get("subscriptions", "discord:1234567890123456789"))
    assert sub["failures"] == 1 and "Discord refused the post" in sub["last_error"] and "404" in sub["last_error"]
    assert not [p for p in discord_fake.posted if p.via == "channel"]


# -- the terminal ------------------------------------------------------------------------


def test_evbot_run_without_tokens_appends_digests_to_the_digest_file_beside_the_chat(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bot = EvBot.open(db_path)
    missed_a_slot(bot, "terminal", "terminal")
    digest_file = tmp_path / "digests.txt"
    monkeypatch.setenv("EVBOT_DIGEST_FILE", str(digest_file))
    term = Terminal("--db", str(db_path), "run")
    try:
        term.read_until("you> ")
        for _ in range(200):
            if digest_file.exists() and "Volkswagen & Rivian" in digest_file.read_text():
                break
            time.sleep(0.05)
        written = digest_file.read_text()
        assert written.startswith("--- digest for terminal, ")
        assert "EV deals digest: 1 new deal" in written and "Volkswagen & Rivian: joint venture" in written
        term.type("/digest list")
        assert "terminal terminal: daily at 09:00 (UTC)." in term.read_until("you> ")
        term.type("/quit")
        assert term.wait() == 0
    finally:
        with suppress(ProcessLookupError):
            os.kill(term.pid, 9)
    assert written.count("--- digest for") == 1
