"""Every scenario of tests/scenarios.py on every front end, judged by the same rules.

The front ends are driven as their users drive them: the core through ``EvBot.handle``; the terminal through
the `evbot chat` and `evbot ask` commands (in this process, typer's test runner feeding standard input); Slack
through the real slack-bolt app over Socket Mode against the fake Slack; Discord through the real discord.py
client against the fake gateway. Each platform's fake, and its bot over its own store, starts once for this
module; a scenario gets a channel (and a thread, a conversation) of its own, so that none sees another's.
"""

from __future__ import annotations

import asyncio
import html
import re
from collections.abc import AsyncIterator, Iterator
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import discord
import pytest
import pytest_asyncio
from discord.gateway import DiscordWebSocket
from environment import clean_environment
from fakes.discord import MANAGE_CHANNELS, MEMBER_PERMISSIONS, FakeDiscord, Posted
from fakes.slack import FakeSlack, Received
from scenarios import SCENARIOS, Say, Scenario, Seen, Sender, Slash, problems
from typer.testing import CliRunner
from untrusted import discord_shown, discord_view, embed_strings

from adapters.cli import app as cli
from adapters.discord.app import serve as serve_discord
from adapters.slack.app import Connection
from adapters.slack.app import start as start_slack
from adapters.slack.settings import SlackSettings
from bot import registry
from bot.core import EvBot
from bot.models import Reply, Request, Role

ROOT = Path(__file__).resolve().parents[1]
CHANNEL = {s.id: n for n, s in enumerate(SCENARIOS, 1)}  # each scenario's own channel number
ROLES = {
    Sender.MEMBER: frozenset(),
    Sender.MANAGER: frozenset({Role.CHANNEL_MANAGER}),
    Sender.ADMIN: frozenset({Role.ADMIN}),
}


def cases(front: str) -> list[Any]:
    """The scenarios for ``front``; those that cannot happen there (``not_on`` says why) are not run there."""
    chosen = [s for s in SCENARIOS if s.asked] if front == "ask" else SCENARIOS
    return [pytest.param(s, id=s.id) for s in chosen if front not in s.not_on]


def check(scenario: Scenario, seen: list[Seen], *more: str) -> None:
    failures = list(more)
    for n, ((message, expect), reply) in enumerate(zip(scenario.turns, seen, strict=True), 1):
        failures += [f"turn {n} {message}: {p}\n  saw: {reply.text[:600]!r}" for p in problems(expect, reply)]
    assert not failures, "\n".join(failures)


def test_the_suite_covers_every_command_and_each_kind_of_scenario() -> None:
    from bot.registry import COMMANDS

    sent = [m for s in SCENARIOS for m, _ in s.turns]
    used = {m.name for m in sent if isinstance(m, Slash)} | {
        m.text.split()[0] for m in sent if isinstance(m, Say) and m.text
    }
    assert set(COMMANDS) <= used, set(COMMANDS) - used
    expects = [e for s in SCENARIOS for _, e in s.turns]
    assert len(SCENARIOS) >= 30 and len({s.id for s in SCENARIOS}) == len(SCENARIOS)
    assert any(e.knows is False for e in expects) and any(e.error for e in expects)
    assert {s.sender for s in SCENARIOS} == set(Sender) and any(len(s.turns) > 1 for s in SCENARIOS)


# -- the core ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def core(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EvBot]:
    with pytest.MonkeyPatch.context() as mp:
        clean_environment(mp, tmp_path_factory.mktemp("core"))
        yield EvBot.open(Path.cwd() / "kb.json")


def core_seen(reply: Reply) -> Seen:
    shown = [reply.title, reply.text, *(f"{f.name}: {f.value}" for f in reply.fields)]
    shown += [f"{s.title} {' '.join(s.quotes)}" for s in reply.sources]
    return Seen(
        reply.title, reply.text, len(reply.fields) + len(reply.sources), "\n".join(shown), reply.ephemeral, False
    )


@pytest.mark.parametrize("scenario", cases("core"))
def test_core(core: EvBot, scenario: Scenario) -> None:
    """The core posts nothing, so it pings no one; its ``found`` must agree with what its words say."""
    seen, disagree = [], []
    for message, expect in scenario.turns:
        # A slash command reaches the core in parts, as the platforms give it; its words are read by the registry.
        invocation = registry.read(message.name, message.args) if isinstance(message, Slash) else None
        reply = (
            invocation
            if isinstance(invocation, Reply)
            else core.handle(
                Request(
                    text=message.text if isinstance(message, Say) else message.typed,
                    invocation=invocation,
                    platform="core",
                    workspace="W1",
                    channel=f"{'D' if scenario.dm else 'C'}{CHANNEL[scenario.id]}",
                    user=scenario.sender.value,
                    is_dm=scenario.dm,
                    is_mention=not scenario.dm,
                    roles=ROLES[scenario.sender],
                    conversation=f"core:{scenario.id}",
                )
            )
        )
        seen.append(core_seen(reply))
        if expect.knows is not None and reply.found is not expect.knows:
            disagree.append(f"{message}: found={reply.found}, but the scenario expects knows={expect.knows}")
    check(scenario, seen, *disagree)


# -- the terminal --------------------------------------------------------------------------------------------

ANSI = re.compile(r"\x1b\[[0-9;]*m")
PROMPT = "you> "


@pytest.fixture(scope="module")
def terminal_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("terminal") / "kb.json"


def evbot(*args: str, stdin: str | None = None) -> str:
    """`evbot ARGS` in this process, as a 5000-column terminal shows it (so that no line is wrapped)."""
    result = CliRunner().invoke(cli, list(args), input=stdin, env={"COLUMNS": "5000"})
    assert result.exit_code == 0, (args, result.output)
    return ANSI.sub("", result.stdout)


def terminal_seen(lines: list[str]) -> Seen:
    """A reply as `render` draws it: the title, the text, then indented fields and the numbered sources."""
    lines = [line.rstrip() for line in lines if line.strip()]
    title, body, extras, beside = (lines[0] if lines else ""), [], 0, False
    for line in lines[1:]:
        if line == "Sources:" or re.match(r"  \S[^:]*: ", line):
            beside = True
        if beside:
            extras += bool(re.match(r"  \S[^:]*: |\s*\[\d+\] ", line))
        else:
            body.append(line)
    return Seen(title, "\n".join(body), extras, "\n".join(lines), None, False)


@pytest.mark.parametrize("scenario", cases("chat"))
def test_evbot_chat(terminal_db: Path, scenario: Scenario) -> None:
    """One `evbot chat` session per scenario, its lines piped in; the chat shows each after the prompt."""
    typed = [m.text if isinstance(m, Say) else m.typed for m, _ in scenario.turns]
    screen = evbot("--db", str(terminal_db), "chat", stdin="\n".join(typed) + "\n")
    replies = re.split(rf"^{re.escape(PROMPT)}.*$", screen, flags=re.M)[1:]
    assert len(replies) == len(typed), screen
    check(scenario, [terminal_seen(r.splitlines()) for r in replies])


@pytest.mark.parametrize("scenario", cases("ask"))
def test_evbot_ask(terminal_db: Path, scenario: Scenario) -> None:
    [(message, _)] = scenario.turns
    assert isinstance(message, Say)
    check(scenario, [terminal_seen(evbot("--db", str(terminal_db), "ask", message.text).splitlines())])


# -- Slack ---------------------------------------------------------------------------------------------------

SLACK_USERS = {Sender.MEMBER: "UMEMBER", Sender.MANAGER: "UMANAGER", Sender.ADMIN: "UADMIN"}
_SLACK_LINK = re.compile(r"<(?:[^<>|]*\|)?([^<>]*)>")
_SLACK_SPECIAL = re.compile(r"<!(?:here|channel|everyone)\b[^>]*>|@(?:here|channel|everyone)\b")


@dataclass
class SlackFront:
    fake: FakeSlack
    connection: Connection
    commands: set[str]  # the slash commands the app's manifest declares


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def slack(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[SlackFront]:
    with pytest.MonkeyPatch.context() as mp:
        clean_environment(mp, tmp_path_factory.mktemp("slack"))
        fake = await FakeSlack(workspace_admins={SLACK_USERS[Sender.MANAGER]}).start()
        for name, value in {
            "SLACK_BOT_TOKEN": fake.bot_token,
            "SLACK_APP_TOKEN": fake.app_token,
            "SLACK_API_URL": fake.api_url,
            "EVBOT_ADMINS": SLACK_USERS[Sender.ADMIN],
        }.items():
            mp.setenv(name, value)
        connection = await start_slack(EvBot.open(Path.cwd() / "kb.json"), SlackSettings())
        manifest = (ROOT / "adapters" / "slack" / "manifest.yml").read_text()
        try:
            await fake.wait_for(lambda: fake.connections)
            yield SlackFront(fake, connection, set(re.findall(r"command:\s*(/\S+)", manifest)))
        finally:
            await connection.close()
            await fake.stop()


def slack_wire(text: str) -> str:
    """What a Slack client sends for a typed message: &, < and > as entities, links and @here as <...>."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = re.sub(r"https?://\S+", r"<\g<0>>", text)
    return re.sub(r"@(here|channel|everyone)\b", r"<!\1>", text)


def slack_command(declared: set[str], slash: Slash) -> tuple[str, str]:
    """The slash command a Slack user types: /NAME where the app has it; else /ev, which asks or runs anything."""
    if f"/{slash.name}" in declared:
        return f"/{slash.name}", slash.args
    return "/ev", slash.args if slash.name == "ask" else f"{slash.name} {slash.args}".strip()


def slack_answers(fake: FakeSlack) -> list[Received]:
    return [
        r
        for r in fake.requests
        if r.api_method in {"chat.postMessage", "chat.postEphemeral"} or r.path.startswith("/respond/")
    ]


def slack_read(mrkdwn: str) -> str:
    """mrkdwn as a reader sees it: a link's label, entities decoded."""
    return html.unescape(_SLACK_LINK.sub(lambda m: m.group(1), mrkdwn))


def slack_seen(answer: Received) -> Seen:
    body: dict[str, Any] = answer.body
    blocks: list[dict[str, Any]] = body.get("blocks") or []
    title = next((b["text"]["text"] for b in blocks if b["type"] == "header"), "")
    sections = [b["text"]["text"] for b in blocks if b["type"] == "section" and "text" in b]
    fields = [f["text"] for b in blocks for f in b.get("fields", [])]
    notes = [e["text"] for b in blocks if b["type"] == "context" for e in b["elements"]]
    private = (
        answer.api_method == "chat.postEphemeral"
        or body.get("response_type") == "ephemeral"
        or str(body.get("channel", "")).startswith("D")
    )
    every = [title, *sections, *fields, *notes, body.get("text", "")]
    return Seen(
        slack_read(title),
        slack_read("\n".join(sections)),
        len(fields) + len([n for n in notes if n != "*Sources*"]),
        "\n".join(slack_read(s) for s in every[:-1]),
        private,
        any(_SLACK_SPECIAL.search(s) for s in every),
    )


async def slack_turns(front: SlackFront, scenario: Scenario) -> list[Seen]:
    fake, n = front.fake, CHANNEL[scenario.id]
    channel, user = f"{'D' if scenario.dm else 'C'}{n:04d}", SLACK_USERS[scenario.sender]
    thread: str | None = None
    seen = []
    for t, (message, _) in enumerate(scenario.turns):
        before = len(slack_answers(fake))
        if isinstance(message, Say):
            ts = f"1700{n:06d}.{t:06d}"
            event: dict[str, Any] = {"user": user, "ts": ts, "event_ts": ts, "channel": channel}
            if scenario.dm:
                event.update(type="message", channel_type="im", text=slack_wire(message.text))
            else:
                event.update(type="app_mention", text=f"<@{fake.bot_user_id}> {slack_wire(message.text)}".strip())
                if thread:
                    event["thread_ts"] = thread
                thread = thread or ts
            body = {
                "token": "legacy",
                "team_id": fake.team_id,
                "api_app_id": "A0001",
                "type": "event_callback",
                "event_id": f"Ev{n}-{t}",
                "event_time": 1700000000,
                "event": event,
                "authorizations": [{"team_id": fake.team_id, "user_id": fake.bot_user_id, "is_bot": True}],
            }
            await fake.send_envelope("events_api", body)
        else:
            name, text = slack_command(front.commands, message)
            payload = fake.slash_payload(name, text, f"trigger-{n}-{t}", user=user, channel=channel)
            await fake.send_envelope("slash_commands", payload, accepts_response_payload=True)
        [answer] = (await fake.wait_for(lambda before=before: slack_answers(fake)[before:]))[:1]
        seen.append(slack_seen(answer))
    return seen


@pytest.mark.asyncio(loop_scope="module")
@pytest.mark.parametrize("scenario", cases("slack"))
async def test_slack(slack: SlackFront, scenario: Scenario) -> None:
    check(scenario, await slack_turns(slack, scenario))


# -- Discord -------------------------------------------------------------------------------------------------

SUBCOMMAND, GROUP, STRING = 1, 2, 3  # Discord's option types


@dataclass
class DiscordFront:
    fake: FakeDiscord
    channels: dict[str, str]  # scenario id -> its channel
    manager_role: str
    admin: dict[str, Any]


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def discord_front(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[DiscordFront]:
    with pytest.MonkeyPatch.context() as mp:
        clean_environment(mp, tmp_path_factory.mktemp("discord"))
        mp.setattr(discord.http.Route, "BASE", discord.http.Route.BASE)  # restored when the module is done
        mp.setattr(DiscordWebSocket, "DEFAULT_GATEWAY", DiscordWebSocket.DEFAULT_GATEWAY)
        fake = await FakeDiscord().start()
        fake.servers[fake.guild_id].everyone = MEMBER_PERMISSIONS  # members manage nothing unless a role says so
        front = DiscordFront(
            fake,
            {s.id: fake.add_channel() for s in SCENARIOS},
            fake.grant(fake.user("a channel manager"), MANAGE_CHANNELS),
            fake.user("an evbot admin"),
        )
        for name, value in {
            "DISCORD_TOKEN": fake.token,
            "DISCORD_GUILD_ID": fake.guild_id,
            "DISCORD_API_BASE": fake.api_base,
            "DISCORD_GATEWAY_URL": fake.gateway_url,
            "EVBOT_ADMINS": front.admin["id"],
        }.items():
            mp.setenv(name, value)
        task = asyncio.create_task(serve_discord(EvBot.open(Path.cwd() / "kb.json"), guild_ready_timeout=0.05))
        ready = asyncio.create_task(fake.identified.wait())
        await asyncio.wait({task, ready}, timeout=10, return_when=asyncio.FIRST_COMPLETED)
        try:
            if task.done():
                task.result()  # the adapter's own error
            assert ready.done(), "the client never identified with the fake gateway"
            yield front
        finally:
            ready.cancel()
            task.cancel()
            with suppress(asyncio.CancelledError):
                await task
            await fake.stop()


def discord_invocation(fake: FakeDiscord, slash: Slash) -> tuple[str, dict[str, str | bool]]:
    """The command (and subcommand) a Discord user picks and the options they fill, read from the definitions
    the client registered with Discord."""
    registered = fake.guild_commands.get(fake.guild_id, [])
    [definition] = [c for c in registered if c["name"] == slash.name] or [{}]
    assert definition, f"/{slash.name} is not registered with Discord"
    command, options, words = slash.name, definition.get("options", []), slash.args.split()
    subcommands = {o["name"]: o for o in options if o["type"] in (SUBCOMMAND, GROUP)}
    if subcommands:
        assert words and words[0] in subcommands, f"/{slash.name} has the subcommands {sorted(subcommands)}"
        command, options, words = f"{command} {words[0]}", subcommands[words[0]].get("options", []), words[1:]
    if slash.options:
        unknown = set(slash.options) - {o["name"] for o in options}
        assert not unknown, f"/{command} has no option {sorted(unknown)}"
        return command, dict(slash.options)
    if not words:
        return command, {}
    texts = [o["name"] for o in options if o["type"] == STRING]
    assert len(texts) == 1, f"/{command} takes {texts}: the scenario must name its options"
    return command, {texts[0]: " ".join(words)}


def discord_seen(posted: Posted, private: bool | None) -> Seen:
    embed = posted.embeds[0] if posted.embeds else {}
    drawn = [posted.payload.get("content") or "", *embed_strings(embed)]
    mass = any(m in ("@everyone", "@here") for s in drawn for m in discord_view(s).mentions)
    parse = (posted.payload.get("allowed_mentions") or {"parse": ["everyone"]}).get("parse", [])
    return Seen(
        discord_view(embed.get("title", "")).text,
        discord_view(embed.get("description", "")).text,
        len(embed.get("fields", [])),
        discord_shown(posted.payload),
        private,
        mass or ("everyone" in parse and bool(re.search(r"@(?:everyone|here)\b", drawn[0]))),
    )


async def discord_turns(front: DiscordFront, scenario: Scenario) -> list[Seen]:
    fake = front.fake
    if scenario.sender is Sender.ADMIN:
        user = front.admin
    else:  # someone new, so that no earlier scenario is their conversation
        user = fake.user(f"{scenario.sender.value} of {scenario.id}")
        if scenario.sender is Sender.MANAGER:
            fake.servers[fake.guild_id].members[user["id"]] = [front.manager_role]
    channel = fake.snowflake() if scenario.dm else front.channels[scenario.id]
    seen = []
    for message, _ in scenario.turns:
        if isinstance(message, Say):
            if scenario.dm:
                sent = fake.message(channel, user, message.text, guild=False)
            else:
                sent = fake.message(channel, user, f"<@{fake.app_id}> {message.text}", mentions=[fake.bot_user])
            await fake.dispatch("MESSAGE_CREATE", sent)
            [posted] = (await fake.wait_for(lambda sent=sent: fake.replies_to(sent)))[:1]
            seen.append(discord_seen(posted, True if scenario.dm else None))  # a reply to a message is public
        else:
            assert not scenario.dm, "slash commands in DMs are not driven here"
            command, options = discord_invocation(fake, message)
            interaction = await fake.slash(command, user=user, channel_id=channel, **options)
            [posted] = (await fake.wait_for(lambda i=interaction: fake.answer_to(i)))[:1]
            seen.append(discord_seen(posted, posted.ephemeral))
    return seen


@pytest.mark.asyncio(loop_scope="module")
@pytest.mark.parametrize("scenario", cases("discord"))
async def test_discord(discord_front: DiscordFront, scenario: Scenario) -> None:
    check(scenario, await discord_turns(discord_front, scenario))
