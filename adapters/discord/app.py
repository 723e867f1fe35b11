"""The Discord front end: slash commands, @-mentions and DMs in, embeds out.

Thin on purpose: an interaction or a message becomes a ``Request``, the core
answers it (``await bot.respond(request)``: a worker thread, then the optional LLM),
and ``embeds.reply_embed`` draws the ``Reply``. The grammar, the answers and
the wording all live in ``bot/``.

Settled here, because they are Discord's rules rather than evbot's:
- Every message uses ``AllowedMentions.none()`` (set once on the client), so
  an article quoting ``@everyone`` or a role pings nobody.
- An interaction must be acknowledged within 3 seconds. A reply the core has
  within ``INLINE_ANSWER_S`` is sent as the response itself (so a usage error
  can be ephemeral: Discord fixes a deferred response's visibility at the
  defer); anything slower is deferred first ("evbot is thinking...") and
  sent as the follow-up.
- The command tree is synced in ``setup_hook`` (once, not on every reconnect),
  and only when a fingerprint of the command definitions changed since the
  last sync: Discord rate-limits command upserts.
- Only messages addressed to the bot (mentions and DMs) are read, so the
  privileged message-content intent is not needed.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import re
from typing import Any, Literal

import aiohttp
import discord
import yarl
from discord import app_commands
from discord.gateway import DiscordWebSocket
from discord.voice_client import VoiceClient

from adapters.discord.embeds import reply_embed
from adapters.discord.settings import DiscordSettings, DiscordSettingsError, load
from adapters.runner import FrontEndError
from bot import registry as grammar
from bot.core import EvBot
from bot.digests.delivery import DeliveryError
from bot.digests.zones import zone_choices
from bot.models import Reply, Request, Role
from bot.settings import Settings
from knowledge.controls import strip_controls

log = logging.getLogger(__name__)

INLINE_ANSWER_S = 1.0  # well inside Discord's 3 s, leaving room for the gateway and the callback
AUTOCOMPLETE_MAX = 25  # Discord's limit on choices
CHOICE_MAX = 100  # Discord's limit on a choice's name and value
DESCRIPTION_MAX = 100  # Discord's limit on a command or option description
SYNC_STATE_KEY = "discord.command_sync"
# How long an answered message or interaction is remembered: an interaction can be answered for 15 minutes,
# and a gateway resume replays what was missed while disconnected, within minutes.
REPLAY_WINDOW_S = 15 * 60

FAILED = Reply(
    title="Something went wrong",
    text="I could not answer that just now. Please try again in a minute.",
    found=False,
    ephemeral=True,
    kind="error",
)

# evbot has no voice features: skip discord.py's start-up warnings about missing voice libraries.
VoiceClient.warn_nacl = False
VoiceClient.warn_dave = False


def point_at(settings: DiscordSettings) -> None:
    """Send REST calls and the gateway connection to DISCORD_API_BASE / DISCORD_GATEWAY_URL when set."""
    if settings.api_base:
        discord.http.Route.BASE = settings.api_base
    if settings.gateway_url:
        DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.gateway_url)


def intents() -> discord.Intents:
    """Servers, messages in servers and DMs; no privileged intent (message content, members, presences)."""
    return discord.Intents(guilds=True, guild_messages=True, dm_messages=True)


class EvBotClient(discord.Client):
    """A ``discord.Client`` with a command tree; ``bot`` is the evbot core it speaks for."""

    def __init__(self, bot: EvBot, *, guild_id: int | None = None, sync_on_start: bool = True, **options: Any) -> None:
        super().__init__(intents=intents(), allowed_mentions=discord.AllowedMentions.none(), **options)
        self.bot = bot
        self.sync_guild = discord.Object(guild_id) if guild_id else None
        self.sync_on_start = sync_on_start
        self.tree = app_commands.CommandTree(self)
        self.admins = Settings().admin_ids  # EVBOT_ADMINS: the evbot admins
        commands: list[app_commands.Command[Any, Any, Any] | app_commands.Group] = [
            ask_command,
            deal_command,
            deals_command,
            help_command,
            digest_group,
        ]
        typed = {c.name for c in commands}
        commands += [generated(name) for name in grammar.COMMANDS if name not in typed]
        for command in commands:
            self.tree.add_command(command)
        if self.sync_guild:
            self.tree.copy_global_to(guild=self.sync_guild)

    async def setup_hook(self) -> None:
        if self.sync_on_start:
            await sync_commands(self, force=False)

    async def post(self, channel: str, reply: Reply) -> None:
        """Post a reply to a channel as an embed (scheduled digests); a refusal raises DeliveryError."""
        try:
            target = self.get_channel(int(channel)) or await self.fetch_channel(int(channel))
            if not isinstance(target, discord.abc.Messageable):
                raise DeliveryError(f"Discord channel {channel} is not one the bot can post in")
            await target.send(embed=reply_embed(reply), allowed_mentions=discord.AllowedMentions.none())
        except ValueError:
            raise DeliveryError(f"{channel!r} is not a Discord channel id") from None
        except discord.HTTPException as exc:  # Forbidden, NotFound (channel deleted, bot removed), server errors
            raise DeliveryError(
                f"Discord refused the post to channel {channel} ({exc.status}: {exc.text or exc.response.reason})"
            ) from None

    def roles(self, user: discord.abc.User, permissions: discord.Permissions | None) -> frozenset[Role]:
        """Role.ADMIN for a user in EVBOT_ADMINS; Role.CHANNEL_MANAGER for Manage Server or Manage Channels
        where the command was given, which reaches no further than that server."""
        if str(user.id) in self.admins:
            return frozenset({Role.ADMIN})
        if permissions and (permissions.manage_guild or permissions.manage_channels):
            return frozenset({Role.CHANNEL_MANAGER})
        return frozenset()

    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot or self.user is None:
            return
        is_dm = message.guild is None
        is_mention = self.user in message.mentions
        if not (is_dm or is_mention):
            return
        if not self.bot.first_time(f"discord:message:{message.id}", REPLAY_WINDOW_S):
            return
        text = re.sub(rf"<@!?{self.user.id}>", " ", message.content).strip()
        request = Request(
            text=text,
            platform="discord",
            channel=str(message.channel.id),
            thread=str(message.channel.id) if isinstance(message.channel, discord.Thread) else None,
            user=str(message.author.id),
            is_dm=is_dm,
            is_mention=is_mention,
            conversation=f"discord:{message.channel.id}:{message.author.id}",
            event_id=str(message.id),
            roles=self.roles(message.author, _permissions(message)),
            workspace=str(message.guild.id) if message.guild else "",
        )
        try:
            async with message.channel.typing():
                reply = await _answer(self.bot, request)
            await message.reply(embed=reply_embed(reply), mention_author=False)
        except discord.Forbidden:
            log.warning(
                "cannot answer in channel %s: the bot lacks Send Messages, Embed Links or Read Message History there",
                message.channel.id,
            )


def _permissions(message: discord.Message) -> discord.Permissions | None:
    if isinstance(message.author, discord.Member) and not isinstance(message.channel, discord.DMChannel):
        return message.channel.permissions_for(message.author)
    return None


async def _answer(bot: EvBot, request: Request) -> Reply:
    try:
        return await bot.respond(request)  # extractive in a worker thread, then the optional LLM rewrite
    except Exception:
        log.exception("answering %s %r failed", request.platform, request.text[:80])
        return FAILED


async def answer_interaction(interaction: discord.Interaction[EvBotClient], command: str, args: str) -> None:
    """Run one slash command through the core; defer first when the answer is not quick."""
    bot = interaction.client.bot
    if not bot.first_time(f"discord:interaction:{interaction.id}", REPLAY_WINDOW_S):
        return
    request = Request(
        text=f"/{command} {args}".strip(),
        platform="discord",
        channel=str(interaction.channel_id or ""),
        user=str(interaction.user.id),
        is_dm=interaction.guild_id is None,
        event_id=str(interaction.id),
        command=command,
        args=args,
        roles=interaction.client.roles(interaction.user, interaction.permissions),
        workspace=str(interaction.guild_id or ""),
    )
    work = asyncio.ensure_future(_answer(bot, request))
    done, _ = await asyncio.wait({work}, timeout=INLINE_ANSWER_S)
    if not done:
        await interaction.response.defer(thinking=True)
    reply = await work
    embed = reply_embed(reply)
    if interaction.response.is_done():
        await interaction.followup.send(embed=embed, ephemeral=reply.ephemeral)
    else:
        await interaction.response.send_message(embed=embed, ephemeral=reply.ephemeral)


def _describe(command: str) -> str:
    return grammar.COMMANDS[command].help[:DESCRIPTION_MAX]


async def choices(bot: EvBot, what: str, typed: str) -> list[app_commands.Choice[str]]:
    names = await asyncio.to_thread(bot.suggest, what, typed, AUTOCOMPLETE_MAX)  # the core lock may be held
    # A name is shown as plain text; a store an older evbot wrote may still hold control characters in it.
    return [app_commands.Choice(name=strip_controls(n)[:CHOICE_MAX] or "?", value=n[:CHOICE_MAX]) for n in names]


@app_commands.command(name="ask", description=_describe("ask"))
@app_commands.describe(question="Your question, e.g. who is Ford talking to?")
async def ask_command(
    interaction: discord.Interaction[EvBotClient], question: app_commands.Range[str, 1, grammar.MAX_INPUT_CHARS]
) -> None:
    await answer_interaction(interaction, "ask", question)


@app_commands.command(name="deal", description=_describe("deal"))
@app_commands.describe(name="The deal's parties, e.g. ford xiaomi")
async def deal_command(
    interaction: discord.Interaction[EvBotClient], name: app_commands.Range[str, 1, CHOICE_MAX]
) -> None:
    await answer_interaction(interaction, "deal", name)


@deal_command.autocomplete("name")
async def deal_names(interaction: discord.Interaction[EvBotClient], current: str) -> list[app_commands.Choice[str]]:
    return await choices(interaction.client.bot, "deal", current)


@app_commands.command(name="deals", description=_describe("deals"))
@app_commands.describe(company="Only this company's deals (optional)")
async def deals_command(
    interaction: discord.Interaction[EvBotClient], company: app_commands.Range[str, 1, CHOICE_MAX] | None = None
) -> None:
    await answer_interaction(interaction, "deals", company or "")


@deals_command.autocomplete("company")
async def company_names(interaction: discord.Interaction[EvBotClient], current: str) -> list[app_commands.Choice[str]]:
    return await choices(interaction.client.bot, "company", current)


@app_commands.command(name="help", description=_describe("help"))
async def help_command(interaction: discord.Interaction[EvBotClient]) -> None:
    await answer_interaction(interaction, "help", "")


@app_commands.describe(text="What follows the command word, as in `@evbot feeds list`")
async def _registry_command(
    interaction: discord.Interaction[EvBotClient],
    text: app_commands.Range[str, 1, grammar.MAX_INPUT_CHARS] | None = None,
) -> None:
    name = interaction.command.name if interaction.command else "help"
    await answer_interaction(interaction, name, text or "")


def generated(name: str) -> app_commands.Command[Any, Any, None]:
    """A slash command for a registry command that has no typed options here (``/sources``, ``/feeds``): the
    rest of the command as one text option, read by the core's grammar as in a message. A command added to
    the registry gets one without any change to this adapter."""
    return app_commands.Command(name=name, description=_describe(name), callback=_registry_command)


digest_group = app_commands.Group(name="digest", description="Scheduled EV deal news digests for this channel")
Day = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


@digest_group.command(name="subscribe", description="Post a digest here daily or weekly (channel managers)")
@app_commands.describe(
    schedule="daily or weekly",
    time="Local time, HH:MM on a 24-hour clock, e.g. 09:00",
    day="For a weekly digest: the day",
    timezone="IANA time zone, e.g. Europe/Berlin",
    no_news="Also post when there is no news",
)
async def digest_subscribe(
    interaction: discord.Interaction[EvBotClient],
    schedule: Literal["daily", "weekly"],
    time: app_commands.Range[str, 1, 8],
    day: Day | None = None,
    timezone: app_commands.Range[str, 1, 64] | None = None,
    no_news: bool = False,
) -> None:
    words = [
        "subscribe",
        schedule,
        day if schedule == "weekly" and day else "",
        time,
        timezone or "",
        "no-news" if no_news else "",
    ]
    await answer_interaction(interaction, "digest", " ".join(w for w in words if w))


@digest_subscribe.autocomplete("timezone")
async def zone_names(interaction: discord.Interaction[EvBotClient], current: str) -> list[app_commands.Choice[str]]:
    return [app_commands.Choice(name=z, value=z) for z in zone_choices(current, AUTOCOMPLETE_MAX)]


@digest_group.command(name="unsubscribe", description="Stop this channel's digest (channel managers)")
async def digest_unsubscribe(interaction: discord.Interaction[EvBotClient]) -> None:
    await answer_interaction(interaction, "digest", "unsubscribe")


@digest_group.command(name="list", description="This channel's digest: schedule, next and last")
@app_commands.describe(every="Every channel's digest you manage: your server's, or all of them for evbot admins")
@app_commands.rename(every="all")
async def digest_list(interaction: discord.Interaction[EvBotClient], every: bool = False) -> None:
    await answer_interaction(interaction, "digest", "list all" if every else "list")


@digest_group.command(name="now", description="Post a digest here now")
@app_commands.describe(mark="Also move the subscription's marker, so the next digest starts after this one")
async def digest_now(interaction: discord.Interaction[EvBotClient], mark: bool = False) -> None:
    await answer_interaction(interaction, "digest", "now mark" if mark else "now")


@digest_group.command(name="preview", description="See what the next digest would say (only you)")
async def digest_preview(interaction: discord.Interaction[EvBotClient]) -> None:
    await answer_interaction(interaction, "digest", "preview")


def command_fingerprint(tree: app_commands.CommandTree, guild: discord.abc.Snowflake | None) -> str:
    """A hash of the command definitions as Discord receives them (names, options, descriptions)."""
    payload = sorted((c.to_dict(tree) for c in tree.get_commands(guild=guild)), key=lambda c: c["name"])
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


async def sync_commands(client: EvBotClient, *, force: bool) -> list[app_commands.AppCommand] | None:
    """Register the slash commands with Discord, unless they are unchanged since the last sync.

    Returns the commands Discord now has, or None when the sync was skipped.
    """
    guild = client.sync_guild
    where = f"to server {guild.id}" if guild else "globally"
    state = {
        "target": f"guild:{guild.id}" if guild else "global",
        "fingerprint": command_fingerprint(client.tree, guild),
    }
    key = f"{SYNC_STATE_KEY}.{client.application_id}"
    if not force and await asyncio.to_thread(client.bot.recall, key) == state:
        log.info("slash commands unchanged since the last sync %s; not syncing", where)
        return None
    try:
        synced = await client.tree.sync(guild=guild)
    except discord.HTTPException as exc:
        hint = (
            " Invite the bot with the applications.commands scope and check DISCORD_GUILD_ID (README, Discord)."
            if exc.status in (403, 404)
            else ""
        )
        raise FrontEndError(
            f"Discord refused to register the slash commands {where} "
            f"({exc.status}: {exc.text or exc.response.reason}).{hint}"
        ) from None
    await asyncio.to_thread(client.bot.remember, key, state)
    log.info("synced %d slash commands %s", len(synced), where)
    return synced


def _settings(settings: DiscordSettings | None) -> tuple[DiscordSettings, str]:
    try:
        settings = settings or load()
    except DiscordSettingsError as exc:
        raise FrontEndError(str(exc)) from None
    token = settings.token.get_secret_value().strip() if settings.token else ""
    if not token:
        raise FrontEndError(
            "DISCORD_TOKEN is not set: copy the bot token from the Discord Developer Portal "
            "(Bot > Reset Token); see README, Discord."
        )
    point_at(settings)
    return settings, token


async def _login(client: EvBotClient, token: str) -> None:
    try:
        await client.login(token)
    except discord.LoginFailure:
        raise FrontEndError(
            "Discord rejected DISCORD_TOKEN (401 Unauthorized): copy it again from the "
            "Developer Portal (Bot > Reset Token)."
        ) from None
    except discord.HTTPException as exc:
        raise FrontEndError(
            f"Discord refused the login ({exc.status}); check DISCORD_TOKEN and DISCORD_API_BASE."
        ) from None
    except (aiohttp.ClientError, OSError) as exc:
        raise FrontEndError(
            f"cannot reach Discord at {discord.http.Route.BASE}: {exc.__class__.__name__}; "
            "check the network and DISCORD_API_BASE."
        ) from None


async def serve(
    bot: EvBot, *, settings: DiscordSettings | None = None, posters: dict[str, Any] | None = None, **client_options: Any
) -> None:
    """Run the Discord bot until cancelled; once logged in, ``posters["discord"]`` posts digests.
    ``client_options`` go to ``discord.Client``."""
    settings, token = _settings(settings)
    async with EvBotClient(bot, guild_id=settings.guild_id, **client_options) as client:
        await _login(client, token)
        if posters is not None:
            posters["discord"] = client.post
        try:
            await client.connect(reconnect=True)
        except discord.ConnectionClosed as exc:
            if exc.code == 4004:
                raise FrontEndError(
                    "Discord's gateway rejected DISCORD_TOKEN (4004 authentication failed); "
                    "copy the bot token again from the Developer Portal."
                ) from None
            raise FrontEndError(
                f"Discord closed the gateway connection ({exc.code}: {exc.reason or 'no reason'}); "
                "evbot cannot resume it."
            ) from None
        finally:
            if posters is not None and posters.get("discord") == client.post:
                del posters["discord"]


async def sync_now(bot: EvBot, *, settings: DiscordSettings | None = None) -> tuple[int, str]:
    """Register the slash commands now, changed or not (``evbot discord sync``): how many, and where."""
    settings, token = _settings(settings)
    async with EvBotClient(bot, guild_id=settings.guild_id, sync_on_start=False) as client:
        await _login(client, token)
        synced = await sync_commands(client, force=True) or []
    return len(synced), (f"to server {settings.guild_id}" if settings.guild_id else "globally")
