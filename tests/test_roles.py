"""Who may do what, and whose subscriptions they see: roles are scoped, so managing one channel grants
nothing in another workspace or server, and only evbot admins see or change what every workspace shares.

The core is driven with the requests the adapters build (platform, channel, workspace, roles); the same
rules through the real Slack and Discord clients are in the end-to-end tests below.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import discord
import pytest
from discord.gateway import DiscordWebSocket
from fakes.discord import MANAGE_CHANNELS, MANAGE_GUILD, MEMBER_PERMISSIONS, FakeDiscord, Server
from fakes.slack import FakeSlack
from untrusted import discord_shown

from adapters.runner import serve
from bot.core import EvBot
from bot.models import Reply, Request, Role
from bot.registry import COMMANDS
from bot.settings import Settings
from knowledge.knowledge_base import KnowledgeBase

MANAGER = frozenset({Role.CHANNEL_MANAGER})
ADMIN = frozenset({Role.ADMIN})


def say(
    bot: EvBot, text: str, platform: str, workspace: str, channel: str, roles: frozenset[Role] = MANAGER, **more: object
) -> Reply:
    return bot.handle(
        Request(text=text, platform=platform, workspace=workspace, channel=channel, user="U1", roles=roles, **more)
    )


def listed(reply: Reply) -> set[str]:
    """The channels a `digest list all` reply names ("slack C1: daily at ...")."""
    return {line.split(":")[0] for line in reply.text.splitlines()} if reply.found else set()


def test_each_command_declares_the_role_its_actions_need() -> None:
    declared = {(name, action): role for name, c in COMMANDS.items() for action, role in c.roles().items()}
    assert declared == {
        ("digest", "subscribe"): Role.CHANNEL_MANAGER,
        ("digest", "unsubscribe"): Role.CHANNEL_MANAGER,
        ("digest", "now mark"): Role.CHANNEL_MANAGER,
        ("digest", "list all"): Role.CHANNEL_MANAGER,
        ("feeds", "add"): Role.ADMIN,
        ("feeds", "remove"): Role.ADMIN,
        ("feeds", "poll"): Role.ADMIN,
    }


def test_digest_list_all_shows_a_channel_manager_only_their_own_workspace(bot: EvBot) -> None:
    for platform, workspace, channel in (
        ("slack", "T1", "C1"),
        ("slack", "T2", "C2"),
        ("discord", "G1", "11"),
        ("discord", "G2", "22"),
    ):
        assert say(bot, "digest subscribe daily 09:00", platform, workspace, channel).text.startswith("Subscribed")
    assert listed(say(bot, "digest list all", "slack", "T1", "C1")) == {"slack C1"}
    assert listed(say(bot, "digest list all", "discord", "G1", "11")) == {"discord 11"}
    assert listed(say(bot, "digest list all", "discord", "G2", "33")) == {"discord 22"}  # another channel there
    # A server whose id happens to be a Slack team's is still another platform's.
    assert say(bot, "digest list all", "discord", "T1", "44").text == "No channel you manage has a digest subscription."
    everything = {"slack C1", "slack C2", "discord 11", "discord 22"}
    assert listed(say(bot, "digest list all", "discord", "G1", "11", roles=ADMIN)) == everything
    assert listed(say(bot, "digest list all", "terminal", "", "terminal", roles=ADMIN)) == everything


def test_in_a_direct_message_everyone_manages_their_own_digest_and_sees_no_other(bot: EvBot) -> None:
    say(bot, "digest subscribe daily 09:00", "slack", "T1", "C1")
    dm = {"platform": "slack", "workspace": "T1", "roles": frozenset(), "is_dm": True}
    assert say(bot, "digest subscribe daily 18:00", channel="D42", **dm).text.startswith("Subscribed")
    assert say(bot, "digest now mark", channel="D42", **dm).kind != "refused"
    assert listed(say(bot, "digest list all", channel="D42", **dm)) == {"slack D42"}
    assert say(bot, "feeds add https://example.com/feed.xml", channel="D42", **dm).kind == "refused"
    assert say(bot, "digest unsubscribe", channel="D42", **dm).text.startswith("Unsubscribed")


def test_a_subscription_stored_before_workspaces_keeps_working_and_learns_its_workspace(bot: EvBot) -> None:
    say(bot, "digest subscribe daily 09:00", "slack", "T1", "C1")
    say(bot, "digest subscribe weekly mon 08:00", "slack", "T1", "C9")

    def as_stored_before(kb: KnowledgeBase) -> None:  # as stored before subscriptions named their workspace
        old = kb.store.get("subscriptions", "slack:C9")
        del old["workspace"]
        kb.store.put("subscriptions", old)

    bot.with_kb(as_stored_before)

    assert listed(say(bot, "digest list all", "slack", "T1", "C1")) == {"slack C1"}  # not shown to the workspace...
    assert listed(say(bot, "digest list all", "slack", "", "terminal", roles=ADMIN)) == {"slack C1", "slack C9"}
    assert listed(say(bot, "digest list all", "slack", "T1", "C9")) == {"slack C1", "slack C9"}  # ...but in its channel
    assert "weekly on Monday at 08:00" in say(bot, "digest list", "slack", "T1", "C9", roles=frozenset()).text
    assert say(bot, "digest subscribe weekly mon 08:00", "slack", "T1", "C9").text.startswith("Changed")
    assert bot.with_kb(lambda kb: kb.store.get("subscriptions", "slack:C9"))["workspace"] == "T1"
    assert listed(say(bot, "digest list all", "slack", "T1", "C1")) == {"slack C1", "slack C9"}


def test_only_evbot_admins_change_the_feeds_every_workspace_reads(bot: EvBot) -> None:
    url = "https://example.com/feed.xml"
    for roles in (frozenset(), MANAGER):
        refused = say(bot, f"feeds add {url}", "discord", "G1", "11", roles=roles)
        assert refused.kind == "refused" and refused.text.startswith("`feeds add` needs an evbot admin")
    assert say(bot, f"feeds add {url}", "discord", "G1", "11", roles=ADMIN).text.startswith(f"Added {url}.")
    assert url in say(bot, "feeds list", "slack", "T2", "C2", roles=frozenset()).text  # anyone may look
    assert say(bot, f"/feeds rm {url}", "slack", "T2", "C2").kind == "refused"


# -- through the real Slack and Discord clients ------------------------------------------------------

FEED = "https://example.com/ev/feed.xml"


@dataclass
class Install:
    """One evbot serving a Slack workspace and two Discord servers: A (#general and #news) and B. Its
    people: ana, who manages channels in A and nothing in B; bo, who manages server B; root, an evbot
    admin (EVBOT_ADMINS) on Discord; U0OWNER, a Slack workspace admin; U0ROOT, an evbot admin on Slack."""

    slack: FakeSlack
    discord: FakeDiscord
    a: Server
    news: str  # A's second channel
    b: Server
    ana: dict[str, Any]
    bo: dict[str, Any]
    root: dict[str, Any]

    async def slack_command(self, text: str, user: str, channel: str = "C0001") -> str:
        """``/ev text`` in a channel of the workspace; the answer as Slack received it."""
        trigger = f"trigger-{len(self.slack.requests)}"
        payload = self.slack.slash_payload("/ev", text, trigger, user=user, channel=channel)
        await self.slack.send_envelope("slash_commands", payload, True)
        [answer] = await self.slack.wait_for(
            lambda: [r for r in self.slack.requests if r.path == f"/respond/{trigger}"]
        )
        return json.dumps(answer.body)

    async def slack_mention(self, text: str, user: str, channel: str) -> str:
        """``@evbot text`` in a channel of the workspace; the reply (in its thread) as Slack received it."""
        ts = f"1700000000.{len(self.slack.requests):06d}"
        event = {
            "type": "app_mention",
            "user": user,
            "text": f"<@{self.slack.bot_user_id}> {text}",
            "ts": ts,
            "channel": channel,
            "event_ts": ts,
        }
        await self.slack.send_envelope(
            "events_api",
            {
                "token": "legacy",
                "team_id": self.slack.team_id,
                "api_app_id": "A0001",
                "type": "event_callback",
                "event_id": f"Ev{ts}",
                "event_time": 1700000000,
                "event": event,
                "authorizations": [{"team_id": self.slack.team_id, "user_id": self.slack.bot_user_id, "is_bot": True}],
            },
        )
        [reply] = await self.slack.wait_for(lambda: [b for b in self.slack.posts() if b.get("thread_ts") == ts])
        return json.dumps(reply)

    async def mention(self, text: str, author: dict[str, Any], server: Server, channel_id: str | None = None) -> str:
        """``@evbot text`` in a channel of the server (#general by default); what a reader of the reply sees."""
        message = await self.discord.say(
            f"<@{self.discord.app_id}> {text}", author=author, mention_bot=True, server=server, channel_id=channel_id
        )
        [reply] = await self.discord.wait_for(lambda: self.discord.replies_to(message))
        return discord_shown(reply.payload)

    async def slash(self, command: str, user: dict[str, Any], server: Server, **options: str | bool) -> str:
        interaction = await self.discord.slash(command, user=user, server=server, **options)
        [answer] = await self.discord.wait_for(lambda: self.discord.answer_to(interaction))
        return discord_shown(answer.payload)


@pytest.fixture
async def install(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Install]:
    slack, fake = await FakeSlack().start(), await FakeDiscord().start()
    a = fake.servers[fake.guild_id]
    a.everyone = MEMBER_PERMISSIONS
    news = fake.add_channel(a)
    b = fake.add_server()
    ana, bo, root = fake.user("ana"), fake.user("bo"), fake.user("root")
    fake.grant(ana, MANAGE_CHANNELS, server=a)
    fake.grant(bo, MANAGE_GUILD, server=b)
    slack.workspace_admins.add("U0OWNER")
    monkeypatch.setattr(discord.http.Route, "BASE", discord.http.Route.BASE)
    monkeypatch.setattr(DiscordWebSocket, "DEFAULT_GATEWAY", DiscordWebSocket.DEFAULT_GATEWAY)
    for name, value in {
        "SLACK_BOT_TOKEN": slack.bot_token,
        "SLACK_APP_TOKEN": slack.app_token,
        "SLACK_API_URL": slack.api_url,
        "DISCORD_TOKEN": fake.token,
        "DISCORD_API_BASE": fake.api_base,
        "DISCORD_GATEWAY_URL": fake.gateway_url,
    }.items():
        monkeypatch.setenv(name, value)
    yield Install(slack, fake, a, news, b, ana, bo, root)
    await fake.stop()
    await slack.stop()


@pytest.fixture
def served(db_path: Path, install: Install) -> EvBot:
    """The bot `evbot run` serves, opened with settings naming its evbot admins (EVBOT_ADMINS): root on Discord
    and U0ROOT on Slack. They are given to the bot, not set in the environment, so that the front ends are
    seen to obey the settings the bot was opened with."""
    return EvBot.open(db_path, Settings(admins=f"U0ROOT, {install.root['id']}"))


@asynccontextmanager
async def running(bot: EvBot, install: Install) -> AsyncIterator[None]:
    """What `evbot run` starts with both platforms' tokens set (without the scheduler: nothing is due)."""
    task = asyncio.create_task(serve(bot, ["slack", "discord"], schedule=False, discord={"guild_ready_timeout": 0.05}))
    try:
        await asyncio.wait_for(install.discord.identified.wait(), 10)
        await install.slack.wait_for(lambda: install.slack.connections)
        yield
    finally:
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task


async def test_a_discord_channel_manager_sees_and_changes_only_their_own_server(
    served: EvBot, install: Install
) -> None:
    i = install
    async with running(served, i):
        assert "Subscribed" in await i.slack_command("digest subscribe daily 09:00", "U0OWNER")
        assert "Subscribed" in await i.slash("digest subscribe", i.bo, i.b, schedule="daily", time="07:00")
        assert "Subscribed" in await i.slash("digest subscribe", i.ana, i.a, schedule="weekly", day="mon", time="08:00")
        assert "Subscribed" in await i.mention("digest subscribe daily 18:00", i.ana, i.a, i.news)

        for listing in (
            await i.mention("digest list all", i.ana, i.a),
            await i.slash("digest list", i.ana, i.a, all=True),
        ):
            assert f"discord {i.a.channel_id}: weekly on Monday at 08:00 (UTC)" in listing
            assert f"discord {i.news}: daily at 18:00 (UTC)" in listing  # the server's other channel
            assert i.b.channel_id not in listing and "slack" not in listing and "C0001" not in listing

        refused = await i.mention(f"feeds add {FEED}", i.ana, i.a)
        assert "feeds add needs an evbot admin: a user in EVBOT_ADMINS, the terminal or the command line." in refused
        refused = await i.slash("digest unsubscribe", i.ana, i.b)  # in server B ana manages nothing
        assert "digest unsubscribe needs a channel manager" in refused
        assert "daily at 07:00" in await i.slash("digest list", i.bo, i.b)  # server B's digest is untouched
        assert "I read no feeds yet" in await i.mention("feeds list", i.ana, i.a)


async def test_a_slack_workspace_admin_sees_no_discord_subscription_nor_adds_feeds(
    served: EvBot, install: Install
) -> None:
    i = install
    async with running(served, i):
        assert "Subscribed" in await i.slash("digest subscribe", i.ana, i.a, schedule="daily", time="08:00")
        assert "Subscribed" in await i.slack_command("digest subscribe daily 09:00", "U0OWNER")
        assert "Subscribed" in await i.slack_mention("digest subscribe daily 10:00", "U0OWNER", "C0002")
        listing = await i.slack_command("digest list all", "U0OWNER")
        assert "slack C0001: daily at 09:00 (UTC)" in listing and "slack C0002: daily at 10:00 (UTC)" in listing
        assert "discord" not in listing
        refused = await i.slack_command(f"feeds add {FEED}", "U0OWNER")
        assert '"response_type": "ephemeral"' in refused and "`feeds add` needs an evbot admin" in refused
        member = await i.slack_command("digest list all", "U0MEMBER")
        assert "`digest list all` needs a channel manager" in member


async def test_an_evbot_admin_sees_every_workspace_and_changes_the_feeds(served: EvBot, install: Install) -> None:
    i = install
    async with running(served, i):
        await i.slack_command("digest subscribe daily 09:00", "U0OWNER")
        await i.slash("digest subscribe", i.bo, i.b, schedule="daily", time="07:00")
        await i.slash("digest subscribe", i.ana, i.a, schedule="daily", time="08:00")
        everything = (
            "slack C0001: daily at 09:00",
            f"discord {i.a.channel_id}: daily at 08:00",
            f"discord {i.b.channel_id}: daily at 07:00",
        )
        on_discord = await i.mention("digest list all", i.root, i.a)
        on_slack = await i.slack_command("digest list all", "U0ROOT")
        assert all(line in on_discord and line in on_slack for line in everything)
        assert f"Added {FEED}." in await i.mention(f"feeds add {FEED}", i.root, i.a)
        assert FEED in await i.slack_command("feeds list", "U0MEMBER")
        assert "Removed" in await i.slack_command(f"feeds remove {FEED}", "U0ROOT")
