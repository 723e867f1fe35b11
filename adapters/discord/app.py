"""The Discord front end: slash commands, @-mentions and DMs in, embeds out.

Thin on purpose: an interaction or a message becomes a ``Request``, the core
answers it (``await bot.respond(request)``: the command on this event loop, its
knowledge work on a worker thread, then the optional LLM),
and ``embeds.reply_embed`` draws the ``Reply``. The grammar, the answers and
the wording all live in ``bot/``; the slash commands are drawn from the
command registry (adapters/discord/commands.py), and a slash command's options
reach the core as they are, in an ``Invocation``.

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
from typing import Any

import aiohttp
import discord
import yarl
from discord import app_commands
from discord.gateway import DiscordWebSocket
from discord.voice_client import VoiceClient

from adapters.discord.commands import slash_commands
from adapters.discord.embeds import reply_embed
from adapters.discord.settings import DiscordSettings, DiscordSettingsError, load
from adapters.runner import FrontEndError
from bot.core import EvBot
from bot.digests.delivery import DeliveryError
from bot.models import Invocation, Reply, Request, Role
from knowledge.controls import strip_controls

log = logging.getLogger(__name__)

INLINE_ANSWER_S = 1.0  # well inside Discord's 3 s, leaving room for the gateway and the callback
AUTOCOMPLETE_MAX = 25  # Discord's limit on choices
CHOICE_MAX = 100  # Discord's limit on a choice's name and value
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
        self.admins = bot.settings.admin_ids  # EVBOT_ADMINS, as the bot was opened with
        for command in slash_commands(answer_interaction, suggest):  # every registry command
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
        return await bot.respond(request)  # the extractive reply, then the optional LLM rewrite
    except Exception:
        log.exception("answering %s %r failed", request.platform, request.text[:80])
        return FAILED


async def answer_interaction(interaction: discord.Interaction[EvBotClient], invocation: Invocation) -> None:
    """Run one slash command through the core, its options as given; defer first when the answer is not quick."""
    bot = interaction.client.bot
    if not bot.first_time(f"discord:interaction:{interaction.id}", REPLAY_WINDOW_S):
        return
    shown = [f"{k}:{v}" for k, v in invocation.values.items()]
    request = Request(
        text=" ".join(w for w in (f"/{invocation.command}", invocation.action, *shown) if w),
        platform="discord",
        channel=str(interaction.channel_id or ""),
        user=str(interaction.user.id),
        is_dm=interaction.guild_id is None,
        event_id=str(interaction.id),
        invocation=invocation,
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


async def choices(bot: EvBot, what: str, typed: str) -> list[app_commands.Choice[str]]:
    names = await asyncio.to_thread(bot.suggest, what, typed, AUTOCOMPLETE_MAX)  # the core lock may be held
    # A name is shown as plain text; a store an older evbot wrote may still hold control characters in it.
    return [app_commands.Choice(name=strip_controls(n)[:CHOICE_MAX] or "?", value=n[:CHOICE_MAX]) for n in names]


async def suggest(
    interaction: discord.Interaction[EvBotClient], what: str, typed: str
) -> list[app_commands.Choice[str]]:
    return await choices(interaction.client.bot, what, typed)


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
