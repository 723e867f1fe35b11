"""Every command of the registry exists on every front end, as the registry declares it.

Slack's and Discord's commands are drawn from bot/registry.py, so the sets cannot drift apart: these tests
read what each front end actually offers (the command sync discord.py sends to the fake Discord, the Slack
manifest, the listeners slack-bolt answers over Socket Mode, the terminal chat's help) and run each command
there, through the real clients against the fakes on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import io
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from pathlib import Path
from typing import Any

import discord
import pytest
from discord.gateway import DiscordWebSocket
from fakes.discord import FakeDiscord
from fakes.slack import FakeSlack
from rich.console import Console
from typer.testing import CliRunner

from adapters.cli import app as cli
from adapters.discord.embeds import reply_embed
from adapters.runner import serve
from adapters.slack.blocks import render
from adapters.slack.commands import by_slash, manifest
from adapters.terminal import chat
from bot import registry
from bot.core import EvBot
from bot.models import Invocation, Reply, Request

ROOT = Path(__file__).resolve().parents[1]
STRING, BOOLEAN, SUBCOMMAND = 3, 5, 1  # Discord's option types

# Something each command (or its first action) is run with, as a user would type it after its name.
TYPED = {
    "ask": "who is ford talking to?",
    "deal": "ford xiaomi",
    "deals": "xiaomi",
    "sources": "ford alibaba",
    "help": "",
    "feeds": "list",
    "digest": "list",
}


@pytest.fixture(autouse=True)
def no_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no developer .env
    for name in ("EVBOT_TZ", "EVBOT_ADMINS", "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_SIGNING_SECRET"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
async def fakes(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[tuple[FakeSlack, FakeDiscord]]:
    slack, fake = await FakeSlack().start(), await FakeDiscord().start()
    monkeypatch.setattr(discord.http.Route, "BASE", discord.http.Route.BASE)
    monkeypatch.setattr(DiscordWebSocket, "DEFAULT_GATEWAY", DiscordWebSocket.DEFAULT_GATEWAY)
    for name, value in {
        "SLACK_BOT_TOKEN": slack.bot_token,
        "SLACK_APP_TOKEN": slack.app_token,
        "SLACK_API_URL": slack.api_url,
        "DISCORD_TOKEN": fake.token,
        "DISCORD_GUILD_ID": fake.guild_id,
        "DISCORD_API_BASE": fake.api_base,
        "DISCORD_GATEWAY_URL": fake.gateway_url,
    }.items():
        monkeypatch.setenv(name, value)
    yield slack, fake
    await fake.stop()
    await slack.stop()


@asynccontextmanager
async def running(bot: EvBot, slack: FakeSlack, fake: FakeDiscord) -> AsyncIterator[None]:
    """What `evbot run` starts with both platforms' tokens set (without the scheduler)."""
    task = asyncio.create_task(serve(bot, ["slack", "discord"], schedule=False, discord={"guild_ready_timeout": 0.05}))
    try:
        await asyncio.wait_for(fake.identified.wait(), 10)
        await slack.wait_for(lambda: slack.connections)
        yield
    finally:
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task


def core_reply(bot: EvBot, name: str, text: str) -> Reply:
    """What the core answers for command ``name`` followed by ``text``, given in its parts."""
    invocation = registry.read(name, text)
    assert isinstance(invocation, Invocation)
    return bot.handle(Request(text="", platform="slack", channel="C0001", invocation=invocation))


def declared_options(target: registry.Action) -> list[dict[str, Any]]:
    """The options Discord should have for an action: each parameter, with its type, choices and autocomplete."""
    return [
        {
            "name": p.name,
            "type": BOOLEAN if p.is_flag else STRING,
            "required": p.required,
            "choices": list(p.choices),
            "autocomplete": bool(p.suggest),
        }
        for p in sorted(target.params, key=lambda p: not p.required)
    ]


def synced_options(options: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "name": o["name"],
            "type": o["type"],
            "required": o.get("required", False),
            "choices": [c["value"] for c in o.get("choices", [])],
            "autocomplete": o.get("autocomplete", False),
        }
        for o in options
    ]


async def test_every_command_is_on_slack_discord_and_the_terminal_and_runs_there(
    bot: EvBot, fakes: tuple[FakeSlack, FakeDiscord]
) -> None:
    slack, fake = fakes
    names = set(registry.COMMANDS)
    assert set(TYPED) == names, "a new command needs a line in TYPED"

    # Slack: the manifest's slash commands are the listeners', and they run every registry command.
    declared = re.findall(r"^\s+- command: (\S+)$", (ROOT / "adapters" / "slack" / "manifest.yml").read_text(), re.M)
    assert set(declared) == set(by_slash()) and set(by_slash().values()) == names
    # Discord: what discord.py registers.
    async with running(bot, slack, fake):
        answered = {}
        for slash, name in by_slash().items():
            trigger = f"t-{name}"
            text = TYPED[name] if slash != "/ev" else f"ask {TYPED[name]}"
            await slack.send_envelope("slash_commands", slack.slash_payload(slash, text, trigger), True)
            [answer] = await slack.wait_for(lambda t=trigger: [r for r in slack.requests if r.path == f"/respond/{t}"])
            answered[name] = answer.body["blocks"][0]
        interactions = {}
        for name, command in registry.COMMANDS.items():
            target = command.actions[TYPED[name].split()[0]] if command.actions else command.root
            text = TYPED[name].removeprefix(target.name).strip()
            options = {p.name: text for p in target.params if not p.is_flag and text}
            interactions[name] = await fake.slash(f"{name} {target.name}".strip(), **options)
        shown = {
            name: (await fake.wait_for(lambda i=i: fake.answer_to(i)))[0].embeds[0] for name, i in interactions.items()
        }
    for name in names:
        expected = core_reply(bot, name, TYPED[name])
        assert expected.kind != "usage", name
        assert answered[name] == render(expected)["blocks"][0], f"Slack's /{name}"
        assert shown[name]["title"] == reply_embed(expected).to_dict()["title"], f"Discord's /{name}"

    [sync] = fake.calls("PUT", f"/applications/{fake.app_id}/guilds/{fake.guild_id}/commands")
    synced = {c["name"]: c for c in sync.body}
    assert set(synced) == names
    for name, command in registry.COMMANDS.items():
        options = synced[name].get("options", [])
        if command.actions:
            assert [o["type"] for o in options] == [SUBCOMMAND] * len(command.actions)
            assert {o["name"]: synced_options(o.get("options", [])) for o in options} == {
                a.name: declared_options(a) for a in command.actions.values()
            }
        else:
            assert synced_options(options) == declared_options(command.root)

    # The terminal: the chat's help names every command.
    out = io.StringIO()
    await asyncio.to_thread(chat, bot, Console(file=out, width=200, color_system=None), ["/help"])  # its own loop
    assert set(re.findall(r"^`(\w+)", out.getvalue(), re.M)) == names


def test_the_slack_manifest_in_the_tree_is_the_one_evbot_prints() -> None:
    printed = CliRunner().invoke(cli, ["slack", "manifest"])
    assert printed.exit_code == 0, printed.output
    assert (ROOT / "adapters" / "slack" / "manifest.yml").read_text() == printed.output == manifest(), (
        "run `evbot slack manifest > adapters/slack/manifest.yml`"
    )
    http = manifest("https://bot.example.com")
    assert "socket_mode_enabled: false" in http
    assert http.count('url: "https://bot.example.com/slack/events"') == len(by_slash()) + 1  # commands and events
