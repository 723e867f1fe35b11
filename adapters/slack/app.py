"""The Slack front end: slack-bolt's AsyncApp between Slack and ``EvBot.respond``.

Thin by design: a Slack payload becomes a ``Request``, the core answers it
(``await EvBot.respond``: the command on this event loop, its knowledge work on
a worker thread, then the optional LLM), and the ``Reply`` is drawn by
``blocks.render``. Mentions are answered in a thread under the question, direct
messages in the DM, slash commands through their response URL after an
immediate ack. Socket Mode by default; HTTP mode (``/slack/events``,
signed requests, see http.py) with ``http=True``.
"""

from __future__ import annotations

import asyncio
import functools
import html
import logging
import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Any

import aiohttp
from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.runner import FrontEndError
from adapters.slack.blocks import render
from adapters.slack.commands import FREE_TEXT, by_slash
from adapters.slack.http import web_app as signed_web_app
from adapters.slack.settings import DEFAULT_HTTP_HOST, SlackSettings
from bot import registry as grammar
from bot.core import EvBot
from bot.digests.delivery import DeliveryError
from bot.models import Invocation, Reply, Request, Role

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
_ANSWERED_SUBTYPES = (None, "thread_broadcast", "file_share")
# How long an answered event is remembered: Slack retries an unacknowledged event for up to about an hour;
# a signed slash command could be replayed within its five-minute signature window (doubled for clock skew).
RETRY_WINDOW_S = 60 * 60
REPLAY_WINDOW_S = 10 * 60


def plain_text(text: str, bot_user_id: str | None = None) -> str:
    """What a person typed, from Slack's wire format: our own mention dropped, links and entities resolved."""
    if bot_user_id:
        text = re.sub(rf"<@{re.escape(bot_user_id)}(?:\|[^>]*)?>", " ", text)
    # @here as typed: "<!here>" read as "!here" would be a command word ("Unknown command `here`").
    text = re.sub(r"<!(here|channel|everyone)(?:\|[^<>]*)?>", r"@\1", text)
    text = re.sub(r"<[@#!]?([^<>|]*)\|([^<>]*)>", r"\2", text)  # <https://x|label>, <#C1|name>, <@U1|name>
    text = re.sub(r"<([@#]?)([^<>]*)>", r"\1\2", text)  # <https://x>, <@U1>
    return " ".join(html.unescape(text).split())


def is_dm(channel: str, channel_type: str | None = None) -> bool:
    return channel_type == "im" or channel.startswith("D")


async def _answer(bot: EvBot, request: Request) -> Reply:
    try:
        return await bot.respond(request)  # the extractive reply, then the optional LLM rewrite
    except Exception:
        log.exception("evbot could not answer a Slack request (%s)", request.event_id)
        return Reply(
            title="Sorry",
            text="Something went wrong on my side; please try again in a moment.",
            found=False,
            ephemeral=True,
            kind="error",
        )


async def roles(
    client: AsyncWebClient | None, user: str, invocation: Invocation | Reply, admins: AbstractSet[str]
) -> frozenset[Role]:
    """Role.ADMIN for a user in EVBOT_ADMINS; Role.CHANNEL_MANAGER for a workspace admin or owner according
    to users.info (asked only when the command needs a role, as the registry declares; it needs the users:read
    scope, and without it nobody but EVBOT_ADMINS manages anything)."""
    if not user:
        return frozenset()
    if user in admins:
        return frozenset({Role.ADMIN})
    if client is None or isinstance(invocation, Reply) or grammar.needed(invocation) is None:
        return frozenset()
    try:
        info = await client.users_info(user=user)
    except (TimeoutError, SlackApiError, aiohttp.ClientError) as exc:
        log.debug("users.info for %s failed (%s); only EVBOT_ADMINS manage digests", user, exc)
        return frozenset()
    person = info.get("user") or {}
    manager = person.get("is_admin") or person.get("is_owner") or person.get("is_primary_owner")
    return frozenset({Role.CHANNEL_MANAGER}) if manager else frozenset()


async def post(client: AsyncWebClient, channel: str, reply: Reply) -> None:
    """Post a reply to a channel (scheduled digests) as Block Kit; a refusal raises DeliveryError."""
    try:
        await client.chat_postMessage(channel=channel, **render(reply), unfurl_links=False, unfurl_media=False)
    except SlackApiError as exc:
        error = exc.response.get("error", "unknown_error") if exc.response is not None else "unknown_error"
        raise DeliveryError(f"Slack refused the post to {channel} ({error})") from None
    except aiohttp.ClientConnectorError as exc:
        raise DeliveryError(f"cannot reach Slack ({exc.os_error})") from None


async def _on_message(
    bot: EvBot,
    client: AsyncWebClient,
    event: dict[str, Any],
    bot_user_id: str | None,
    team: str | None,
    mention: bool,
    admins: AbstractSet[str] = frozenset(),
) -> None:
    channel, ts = event.get("channel", ""), event.get("ts", "")
    if (
        event.get("bot_id")
        or event.get("subtype") not in _ANSWERED_SUBTYPES
        or not channel
        or not ts
        or (bot_user_id and event.get("user") == bot_user_id)
    ):
        return
    direct = is_dm(channel, event.get("channel_type"))
    if not direct and not mention:
        return
    key = f"slack:{channel}:{ts}"  # one message, whether it came as app_mention, message, retry or replay
    if not await asyncio.to_thread(bot.first_time, key, RETRY_WINDOW_S):  # a disk write: off the event loop
        return
    thread = event.get("thread_ts") if direct else (event.get("thread_ts") or ts)
    user = event.get("user", "")
    text = plain_text(event.get("text", ""), bot_user_id)
    invocation = grammar.parse(text)  # once: the core runs what is read here
    reply = await _answer(
        bot,
        Request(
            text=text,
            platform="slack",
            channel=channel,
            thread=thread,
            conversation=f"slack:{channel}:{thread or ''}",
            user=user,
            is_dm=direct,
            is_mention=mention or f"<@{bot_user_id}" in event.get("text", ""),
            event_id=key,
            invocation=invocation if isinstance(invocation, Invocation) else None,
            roles=await roles(client, user, invocation, admins),
            workspace=team or "",
        ),
    )
    where = {"channel": channel, **({"thread_ts": thread} if thread else {})}
    if reply.ephemeral and not direct and user:
        await client.chat_postEphemeral(user=user, **where, **render(reply))
    else:
        await client.chat_postMessage(**where, **render(reply), unfurl_links=False, unfurl_media=False)


async def _on_command(
    bot: EvBot,
    ack: AsyncAck,
    command: dict[str, Any],
    respond: AsyncRespond,
    client: AsyncWebClient | None = None,
    admins: AbstractSet[str] = frozenset(),
) -> None:
    await ack()  # within Slack's 3 seconds; the answer follows through the response URL
    key = f"slack:command:{command.get('trigger_id') or command.get('response_url', '')}"
    if not await asyncio.to_thread(bot.first_time, key, REPLAY_WINDOW_S):
        return
    slash = command.get("command", FREE_TEXT).lower()
    name = by_slash().get(slash, "ask")
    text = plain_text(command.get("text", ""))
    # /ev reads its text as a message is read; any other names its command, and its text is what follows.
    invocation = grammar.parse(text) if slash == FREE_TEXT else grammar.read(name, text)
    channel = command.get("channel_id", "")
    user = command.get("user_id", "")
    reply = await _answer(
        bot,
        Request(
            text=text if slash == FREE_TEXT else f"/{name} {text}".strip(),  # read again only to say what is wrong
            platform="slack",
            channel=channel,
            user=user,
            is_dm=is_dm(channel),
            event_id=key,
            roles=await roles(client, user, invocation, admins),
            workspace=command.get("team_id", ""),
            invocation=invocation if isinstance(invocation, Invocation) else None,
        ),
    )
    await respond(
        response_type="ephemeral" if reply.ephemeral else "in_channel",
        replace_original=False,
        unfurl_links=False,
        **render(reply),
    )


def build_app(bot: EvBot, token: str, api_url: str, signing_secret: str | None = None) -> AsyncApp:
    """The bolt app with evbot's listeners; with a signing secret it verifies HTTP requests."""
    # The token goes in directly (bolt warns when given a client while SLACK_BOT_TOKEN is set) and the
    # Web API base URL on bolt's own client, which every say(), client call and Socket Mode handshake uses.
    app = AsyncApp(
        name="evbot",
        token=token,
        signing_secret=signing_secret or "",
        request_verification_enabled=bool(signing_secret),
    )
    app.client.base_url = api_url
    admins = bot.settings.admin_ids  # EVBOT_ADMINS, as the bot was opened with

    @app.event("app_mention")
    async def mention(event: dict[str, Any], context: AsyncBoltContext, client: AsyncWebClient) -> None:
        await _on_message(bot, client, event, context.bot_user_id, context.team_id, mention=True, admins=admins)

    @app.event("message")
    async def message(event: dict[str, Any], context: AsyncBoltContext, client: AsyncWebClient) -> None:
        await _on_message(bot, client, event, context.bot_user_id, context.team_id, mention=False, admins=admins)

    async def slash(ack: AsyncAck, command: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient) -> None:
        await _on_command(bot, ack, command, respond, client, admins)

    for name in by_slash():  # every registry command, as the manifest declares it
        app.command(name)(slash)
    return app


@dataclass
class Connection:
    """A running Slack front end; ``port`` is set in HTTP mode."""

    app: AsyncApp
    port: int | None = None
    socket: AsyncSocketModeHandler | None = None
    runner: web.AppRunner | None = None

    async def close(self) -> None:
        if self.socket is not None:
            await self.socket.close_async()
        if self.runner is not None:
            await self.runner.cleanup()


async def _call(what: str, variable: str, api_url: str, call: Any) -> Any:
    """A Web API call at start-up, its failures turned into one line naming the setting to fix."""
    try:
        return await call
    except SlackApiError as exc:
        error = exc.response.get("error", "unknown_error") if exc.response is not None else "unknown_error"
        raise FrontEndError(
            f"Slack refused {variable} ({error}) at {what}; copy a fresh token from your Slack app's settings into .env"
        ) from None
    except (TimeoutError, aiohttp.ClientError, OSError) as exc:
        raise FrontEndError(
            f"cannot reach Slack at {api_url} ({type(exc).__name__}); check the network or SLACK_API_URL"
        ) from None


async def start(
    bot: EvBot, settings: SlackSettings, *, http: bool = False, port: int = 3000, host: str | None = None
) -> Connection:
    """Check the tokens with Slack, then connect (Socket Mode) or listen (HTTP mode, on ``host``, by default
    SLACK_HTTP_HOST); returns at once."""
    settings.require(http)
    api_url = settings.web_api_url
    secret = settings.signing_secret.get_secret_value().strip()
    app = build_app(bot, settings.bot_token.get_secret_value().strip(), api_url, secret if http else None)
    identity = await _call("auth.test", "SLACK_BOT_TOKEN", api_url, app.client.auth_test())
    log.info("Slack: signed in as %s in team %s", identity.get("user"), identity.get("team"))
    if http:
        host = host or settings.http_host.strip() or DEFAULT_HTTP_HOST
        runner = web.AppRunner(signed_web_app(app, secret, EVENTS_PATH), shutdown_timeout=1.0)
        await runner.setup()
        try:
            await web.TCPSite(runner, host, port).start()
        except OSError as exc:
            await runner.cleanup()
            raise FrontEndError(
                f"cannot listen on {host} port {port} ({exc.strerror}); choose another with --host or --port"
            ) from None
        bound = runner.addresses[0][1] if runner.addresses else port
        log.info("Slack: HTTP mode, listening on %s:%s%s", host, bound, EVENTS_PATH)
        return Connection(app, port=bound, runner=runner)
    app_token = settings.app_token.get_secret_value().strip()
    opened = await _call(
        "apps.connections.open", "SLACK_APP_TOKEN", api_url, app.client.apps_connections_open(app_token=app_token)
    )
    socket = AsyncSocketModeHandler(app, app_token=app_token)
    socket.client.wss_uri = opened["url"]  # checked above, so the library's endless retry never hides a bad token
    await socket.connect_async()
    log.info("Slack: Socket Mode connected")
    return Connection(app, socket=socket)


async def serve(
    bot: EvBot,
    http: bool = False,
    port: int = 3000,
    settings: SlackSettings | None = None,
    posters: dict[str, Any] | None = None,
    host: str | None = None,
) -> None:
    """Run the Slack front end until cancelled; while connected, ``posters["slack"]`` posts digests."""
    connection = await start(bot, settings or SlackSettings(), http=http, port=port, host=host)
    if posters is not None:
        posters["slack"] = functools.partial(post, connection.app.client)
    try:
        await asyncio.Future()
    finally:
        if posters is not None:
            posters.pop("slack", None)
        await connection.close()
