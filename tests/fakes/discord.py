"""A fake Discord on 127.0.0.1 that speaks the wire protocol, for driving the real discord.py client.

One aiohttp server holds the REST API under ``/api/v10`` (login, application
command sync, interaction callbacks, webhook follow-ups, channel messages,
typing) and the gateway websocket at ``/gateway`` (HELLO, heartbeat ACKs,
IDENTIFY -> READY + a GUILD_CREATE per server, dispatched events, RESUME with
replay of the events sent while the client was away). Every HTTP request and
every gateway frame the client sends is recorded; tests assert on those records.

The bot is in one server, where anyone may do anything, unless a test adds
servers (``add_server``), channels (``add_channel``) and roles (``grant``)
before the client connects; a member's permissions then come from their
roles, in messages and interactions alike.

Point a client at it with ``DISCORD_API_BASE=fake.api_base`` and
``DISCORD_GATEWAY_URL=fake.gateway_url``.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from aiohttp import WSMsgType, web

T = TypeVar("T")

API = "/api/v10"
EPHEMERAL = 1 << 6
TIMESTAMP = "2024-06-25T12:00:00.000000+00:00"
ALL_PERMISSIONS = str((1 << 50) - 1)
ADMINISTRATOR, MANAGE_CHANNELS, MANAGE_GUILD = 1 << 3, 1 << 4, 1 << 5
# What a member without a role may do in a server that is not wide open: see and write in channels, embed
# links, read the history and use slash commands.
MEMBER_PERMISSIONS = (1 << 10) | (1 << 11) | (1 << 14) | (1 << 16) | (1 << 31)

# Gateway opcodes
DISPATCH, HEARTBEAT, IDENTIFY, RESUME, HELLO, HEARTBEAT_ACK = 0, 1, 2, 6, 10, 11
# Interaction and callback types
APPLICATION_COMMAND, AUTOCOMPLETE = 2, 4
CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, AUTOCOMPLETE_RESULT = 4, 5, 8


@dataclass
class Received:
    method: str
    path: str  # without the /api/v10 prefix
    query: dict[str, str]
    headers: dict[str, str]
    body: Any  # parsed JSON; the raw text when it is not JSON
    at: float = field(default_factory=time.monotonic)


@dataclass
class Posted:
    """A message the bot made visible: an interaction response, a follow-up or a channel message."""

    via: str  # "callback", "followup" or "channel"
    channel_id: str
    payload: dict[str, Any]
    request: Received

    @property
    def embeds(self) -> list[dict[str, Any]]:
        return self.payload.get("embeds") or []

    @property
    def ephemeral(self) -> bool:
        return bool(int(self.payload.get("flags") or 0) & EPHEMERAL)

    @property
    def text(self) -> str:
        """Content and every embed string, for asserting on what a reader sees."""
        parts = [self.payload.get("content") or ""]
        for embed in self.embeds:
            parts += [embed.get("title", ""), embed.get("description", ""), (embed.get("footer") or {}).get("text", "")]
            for f in embed.get("fields", []):
                parts += [f["name"], f["value"]]
        return "\n".join(p for p in parts if p)


@dataclass
class Server:
    """A server (guild) the bot is in: its text channels, and what its members may do there."""

    id: str
    channel_ids: list[str]  # the first is #general
    everyone: int = (1 << 50) - 1  # @everyone's permissions; by default anyone may do anything
    roles: dict[str, int] = field(default_factory=dict)  # role id -> its permissions
    members: dict[str, list[str]] = field(default_factory=dict)  # user id -> their role ids

    @property
    def channel_id(self) -> str:
        return self.channel_ids[0]

    def permissions(self, user_id: str) -> int:
        """A member's permissions as Discord computes them for the server: @everyone's and their roles'."""
        value = self.everyone
        for role in self.members.get(user_id, []):
            value |= self.roles[role]
        return (1 << 50) - 1 if value & ADMINISTRATOR else value


class FakeDiscord:
    def __init__(self, token: str = "fake.discord.bot-token", *, heartbeat_interval_ms: int = 41250) -> None:
        self.token = token
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self._ids = itertools.count(1_200_000_000_000_000_000)
        self.app_id = self.snowflake()
        self.bot_user = self.user("evbot", bot=True, id=self.app_id)
        self.guild_id = self.snowflake()
        self.channel_id = self.snowflake()
        self.servers = {self.guild_id: Server(self.guild_id, [self.channel_id])}  # the first is "the" server
        self.requests: list[Received] = []
        self.frames: list[dict[str, Any]] = []  # what the client sent over the gateway
        self.posted: list[Posted] = []
        self.guild_commands: dict[str, list[dict[str, Any]]] = {}
        self.global_commands: list[dict[str, Any]] = []
        self._interaction_channels: dict[str, str] = {}  # interaction token -> channel id
        self.reject_sync: int | None = None  # answer command sync with this status (403: no applications.commands)
        self.identified = asyncio.Event()  # set when READY and GUILD_CREATE went out
        self.connections = 0
        self.session_id: str | None = None
        self._seq = 0
        self._events: list[dict[str, Any]] = []  # every dispatch of the session, for replay on RESUME
        self._socket: web.WebSocketResponse | None = None
        self._request: web.Request | None = None
        self._runner: web.AppRunner | None = None
        self.port = 0

    # -- lifecycle ---------------------------------------------------------
    async def start(self) -> FakeDiscord:
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", API + "/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def stop(self) -> None:
        if self._socket is not None and not self._socket.closed:
            await self._socket.close(code=1001)
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}{API}"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    # -- payload builders --------------------------------------------------
    def snowflake(self) -> str:
        return str(next(self._ids))

    def user(self, name: str, *, bot: bool = False, id: str | None = None) -> dict[str, Any]:
        return {
            "id": id or self.snowflake(),
            "username": name,
            "discriminator": "0",
            "global_name": name,
            "avatar": None,
            "bot": bot,
            "public_flags": 0,
        }

    def add_server(self, *, everyone: int = MEMBER_PERMISSIONS) -> Server:
        """Another server the bot is in (add it before the client connects: it arrives with READY)."""
        server = Server(self.snowflake(), [self.snowflake()], everyone)
        self.servers[server.id] = server
        return server

    def add_channel(self, server: Server | None = None) -> str:
        """Another text channel in ``server`` (before the client connects); returns its id."""
        channel_id = self.snowflake()
        (server or self.servers[self.guild_id]).channel_ids.append(channel_id)
        return channel_id

    def grant(self, user: dict[str, Any], permissions: int, *, server: Server | None = None) -> str:
        """Give ``user`` a new role with ``permissions`` in ``server`` (add it before the client connects)."""
        server = server or self.servers[self.guild_id]
        role = self.snowflake()
        server.roles[role] = permissions
        server.members.setdefault(user["id"], []).append(role)
        return role

    def member(self, user: dict[str, Any], *, with_user: bool = True, server: Server | None = None) -> dict[str, Any]:
        server = server or self.servers[self.guild_id]
        data = {
            "roles": list(server.members.get(user["id"], [])),
            "joined_at": TIMESTAMP,
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
            "nick": None,
            "avatar": None,
            "permissions": str(server.permissions(user["id"])),
        }
        return {"user": user, **data} if with_user else data

    def guild(self, server: Server | None = None) -> dict[str, Any]:
        server = server or self.servers[self.guild_id]
        role = {"color": 0, "hoist": False, "managed": False, "mentionable": False, "flags": 0}
        roles = [{"id": server.id, "name": "@everyone", "permissions": str(server.everyone), "position": 0, **role}]
        roles += [
            {"id": r, "name": f"role {n}", "permissions": str(p), "position": n, **role}
            for n, (r, p) in enumerate(server.roles.items(), 1)
        ]
        return {
            "id": server.id,
            "name": "EV deals",
            "icon": None,
            "owner_id": self.snowflake(),
            "unavailable": False,
            "member_count": 2,
            "large": False,
            "features": [],
            "emojis": [],
            "stickers": [],
            "roles": roles,
            "channels": [self.text_channel(server, c) for c in server.channel_ids],
            "threads": [],
            "members": [self.member(self.bot_user, server=server)],
            "voice_states": [],
            "presences": [],
            "joined_at": TIMESTAMP,
            "premium_tier": 0,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "preferred_locale": "en-US",
            "system_channel_flags": 0,
            "afk_timeout": 300,
            "afk_channel_id": None,
            "system_channel_id": None,
            "rules_channel_id": None,
        }

    def text_channel(self, server: Server | None = None, channel_id: str | None = None) -> dict[str, Any]:
        server = server or self.servers[self.guild_id]
        channel_id = channel_id or server.channel_id
        position = server.channel_ids.index(channel_id)
        return {
            "id": channel_id,
            "type": 0,
            "guild_id": server.id,
            "name": f"channel-{position}" if position else "general",
            "position": position,
            "permission_overwrites": [],
            "nsfw": False,
            "parent_id": None,
            "topic": None,
            "last_message_id": None,
            "rate_limit_per_user": 0,
        }

    def message(
        self,
        channel_id: str,
        author: dict[str, Any],
        content: str = "",
        *,
        guild: bool = True,
        mentions: list[dict[str, Any]] = (),
        server: Server | None = None,  # type: ignore[assignment]
        **extra: Any,
    ) -> dict[str, Any]:
        data = {
            "id": self.snowflake(),
            "channel_id": channel_id,
            "author": author,
            "content": content,
            "timestamp": TIMESTAMP,
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": list(mentions),
            "mention_roles": [],
            "attachments": [],
            "embeds": [],
            "components": [],
            "pinned": False,
            "type": 0,
            "flags": 0,
            **extra,
        }
        if guild:
            server = server or self.servers[self.guild_id]
            data["guild_id"] = server.id
            data["member"] = self.member(author, with_user=False, server=server)
        return data

    def _command(self, name: str, guild_id: str | None) -> dict[str, Any]:
        registered = self.guild_commands.get(guild_id, []) if guild_id else []
        found = [c for c in registered + self.global_commands if c["name"] == name]
        assert found, f"/{name} was never registered with the fake (no command sync reached it)"
        return found[0]

    def interaction(
        self,
        kind: int,
        name: str,
        options: list[dict[str, Any]],
        *,
        dm: bool = False,
        user: dict[str, Any] | None = None,
        server: Server | None = None,
        channel_id: str | None = None,
    ) -> dict[str, Any]:
        user = user or self.user("alice")
        server = server or self.servers[self.guild_id]
        command = self._command(name, None if dm else server.id)
        data: dict[str, Any] = {"id": command["id"], "name": name, "type": 1, "options": options}
        if command.get("guild_id"):
            data["guild_id"] = command["guild_id"]
        payload = {
            "id": self.snowflake(),
            "application_id": self.app_id,
            "type": kind,
            "token": f"interaction-token-{self.snowflake()}",
            "version": 1,
            "data": data,
            "attachment_size_limit": 8 * 1024 * 1024,
            "locale": "en-US",
            "entitlements": [],
            "app_permissions": ALL_PERMISSIONS,
            "authorizing_integration_owners": {"0": server.id},
        }
        if dm:
            channel_id = self.snowflake()
            payload.update(
                channel_id=channel_id,
                user=user,
                context=1,
                channel={"id": channel_id, "type": 1, "recipients": [user], "flags": 0},
            )
        else:
            channel = self.text_channel(server, channel_id)
            payload.update(
                guild_id=server.id,
                channel_id=channel["id"],
                member=self.member(user, server=server),
                guild_locale="en-US",
                context=0,
                channel=channel,
            )
        self._interaction_channels[payload["token"]] = payload["channel_id"]
        return payload

    # -- driving the client ------------------------------------------------
    async def slash(
        self,
        command: str,
        /,
        *,
        dm: bool = False,
        user: dict[str, Any] | None = None,
        server: Server | None = None,
        channel_id: str | None = None,
        **options: str | bool,
    ) -> dict[str, Any]:
        """Someone runs /command option:value... (``"digest list"``: a group's subcommand) in a server's
        channel (by default the first server's #general), or in a DM; returns the interaction payload sent."""
        opts: list[dict[str, Any]] = [
            {"name": k, "type": 5 if isinstance(v, bool) else 3, "value": v} for k, v in options.items()
        ]
        name, _, sub = command.partition(" ")
        if sub:
            opts = [{"name": sub, "type": 1, "options": opts}]
        payload = self.interaction(
            APPLICATION_COMMAND, name, opts, dm=dm, user=user, server=server, channel_id=channel_id
        )
        await self.dispatch("INTERACTION_CREATE", payload)
        return payload

    async def autocomplete(self, command: str, option: str, typed: str) -> dict[str, Any]:
        """Someone types ``typed`` into an option of /command (``"digest subscribe"``: a group's subcommand)."""
        opts: list[dict[str, Any]] = [{"name": option, "type": 3, "value": typed, "focused": True}]
        name, _, sub = command.partition(" ")
        if sub:
            opts = [{"name": sub, "type": 1, "options": opts}]
        payload = self.interaction(AUTOCOMPLETE, name, opts)
        await self.dispatch("INTERACTION_CREATE", payload)
        return payload

    async def say(
        self,
        content: str,
        *,
        author: dict[str, Any] | None = None,
        dm: bool = False,
        mention_bot: bool = False,
        server: Server | None = None,
        channel_id: str | None = None,
    ) -> dict[str, Any]:
        """Someone posts a message in a server's channel (by default the first server's #general), or in a DM."""
        author = author or self.user("alice")
        server = server or self.servers[self.guild_id]
        channel_id = self.snowflake() if dm else channel_id or server.channel_id
        payload = self.message(
            channel_id, author, content, guild=not dm, server=server, mentions=[self.bot_user] if mention_bot else []
        )
        await self.dispatch("MESSAGE_CREATE", payload)
        return payload

    async def dispatch(self, event: str, data: dict[str, Any]) -> int:
        """Send a gateway event now, or keep it for the RESUME when no socket is connected."""
        self._seq += 1
        frame = {"op": DISPATCH, "t": event, "s": self._seq, "d": data}
        self._events.append(frame)
        if self._socket is not None and not self._socket.closed:
            await self._socket.send_str(json.dumps(frame))
        return self._seq

    async def drop(self) -> None:
        """Cut the gateway connection the way a network failure does: no close frame."""
        assert self._request is not None and self._request.transport is not None
        self._request.transport.abort()
        self._socket = None

    async def wait_for(self, found: Callable[[], T], timeout: float = 5.0) -> T:
        """Poll until ``found()`` returns something truthy; fail with what was received so far."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            result = found()
            if result:
                return result
            await asyncio.sleep(0.01)
        raise AssertionError(f"timed out; received {[(r.method, r.path) for r in self.requests]}")

    # -- what the client did -----------------------------------------------
    def calls(self, method: str, path_start: str) -> list[Received]:
        return [r for r in self.requests if r.method == method and r.path.startswith(path_start)]

    def callbacks(self, interaction: dict[str, Any]) -> list[Received]:
        return self.calls("POST", f"/interactions/{interaction['id']}/")

    def followups(self, interaction: dict[str, Any]) -> list[Received]:
        return self.calls("POST", f"/webhooks/{self.app_id}/{interaction['token']}")

    def replies_to(self, message: dict[str, Any]) -> list[Posted]:
        return [
            p
            for p in self.posted
            if p.via == "channel"
            and (p.payload.get("message_reference") or {}).get("message_id") in (message["id"], int(message["id"]))
        ]

    def answer_to(self, interaction: dict[str, Any]) -> list[Posted]:
        """What users see for an interaction: the message of the callback, or else the follow-ups."""
        return [
            p for p in self.posted if p.via in ("callback", "followup") and f"/{interaction['token']}" in p.request.path
        ]

    def ops(self, op: int) -> list[dict[str, Any]]:
        return [f for f in self.frames if f.get("op") == op]

    # -- REST --------------------------------------------------------------
    @staticmethod
    def _json(data: Any, status: int = 200) -> web.Response:
        # Exactly "application/json": discord.py does not parse "application/json; charset=utf-8".
        return web.Response(status=status, body=json.dumps(data).encode(), headers={"Content-Type": "application/json"})

    def _error(self, status: int, message: str, code: int = 0) -> web.Response:
        return self._json({"message": message, "code": code}, status)

    async def _rest(self, request: web.Request) -> web.StreamResponse:
        raw = await request.text()
        try:
            body: Any = json.loads(raw) if raw else None
        except ValueError:
            body = raw
        path = "/" + request.match_info["tail"]
        received = Received(request.method, path, dict(request.query), dict(request.headers), body)
        self.requests.append(received)
        parts = path.strip("/").split("/")
        authorized = request.headers.get("Authorization") == f"Bot {self.token}"

        if path.startswith(("/interactions/", "/webhooks/")):  # authorised by the interaction token in the path
            return self._interaction_route(request.method, parts, received)
        if not authorized:
            return self._error(401, "401: Unauthorized")
        if request.method == "GET" and path == "/users/@me":
            return self._json(self.bot_user)
        if request.method == "GET" and path == "/oauth2/applications/@me":
            return self._json(self.application())
        if parts[0] == "applications" and parts[-1] == "commands" and request.method == "PUT":
            return self._sync(parts, body)
        if parts[0] == "channels" and parts[-1] == "typing" and request.method == "POST":
            return web.Response(status=204)
        if parts[0] == "channels" and parts[-1] == "messages" and request.method == "POST":
            return self._json(self._post("channel", parts[1], body, received))
        return self._error(404, "404: Not Found")

    def application(self) -> dict[str, Any]:
        return {
            "id": self.app_id,
            "name": "evbot",
            "description": "",
            "icon": None,
            "bot_public": True,
            "bot_require_code_grant": False,
            "owner": self.user("owner"),
            "verify_key": "0" * 64,
            "flags": 0,
            "interactions_endpoint_url": None,
            "team": None,
            "summary": "",
        }

    def _sync(self, parts: list[str], body: list[dict[str, Any]]) -> web.Response:
        if self.reject_sync:
            return self._error(self.reject_sync, "Missing Access", 50001)
        guild_id = parts[3] if parts[2] == "guilds" else None
        commands = [
            {
                **c,
                "id": self.snowflake(),
                "application_id": self.app_id,
                "version": self.snowflake(),
                **({"guild_id": guild_id} if guild_id else {}),
            }
            for c in body
        ]
        if guild_id:
            self.guild_commands[guild_id] = commands
        else:
            self.global_commands = commands
        return self._json(commands)

    def _interaction_route(self, method: str, parts: list[str], received: Received) -> web.Response:
        body = received.body or {}
        if parts[0] == "interactions" and parts[-1] == "callback" and method == "POST":
            kind = body.get("type")
            interaction = {
                "id": parts[1],
                "type": APPLICATION_COMMAND,
                "response_message_loading": kind == DEFERRED_CHANNEL_MESSAGE,
                "response_message_ephemeral": bool(int((body.get("data") or {}).get("flags") or 0) & EPHEMERAL),
            }
            resource: dict[str, Any] = {"type": kind}
            if kind == CHANNEL_MESSAGE:
                channel_id = self._interaction_channels.get(parts[2], self.channel_id)
                message = self._post("callback", channel_id, body.get("data") or {}, received)
                resource["message"] = message
                interaction["response_message_id"] = message["id"]
            if received.query.get("with_response") in ("1", "true", "True"):
                return self._json({"interaction": interaction, "resource": resource})
            return web.Response(status=204)
        if parts[0] == "webhooks" and len(parts) == 3 and method == "POST":
            channel_id = self._interaction_channels.get(parts[2], self.channel_id)
            return self._json(self._post("followup", channel_id, body, received))
        if parts[0] == "webhooks" and method in ("PATCH", "GET"):
            return self._json(self.message(self.channel_id, self.bot_user, **(body if method == "PATCH" else {})))
        if parts[0] == "webhooks" and method == "DELETE":
            return web.Response(status=204)
        return self._error(404, "404: Not Found")

    def _post(self, via: str, channel_id: str, body: dict[str, Any], received: Received) -> dict[str, Any]:
        self.posted.append(Posted(via, channel_id, body, received))
        keep = {k: body[k] for k in ("content", "embeds", "flags", "message_reference") if k in body}
        return self.message(
            channel_id, self.bot_user, guild=False, webhook_id=self.app_id if via != "channel" else None, **keep
        )

    # -- gateway -----------------------------------------------------------
    async def _gateway(self, request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self.connections += 1
        self._socket, self._request = ws, request
        await ws.send_str(json.dumps({"op": HELLO, "d": {"heartbeat_interval": self.heartbeat_interval_ms}}))
        async for msg in ws:
            if msg.type is not WSMsgType.TEXT:
                break
            frame = json.loads(msg.data)
            self.frames.append(frame)
            op, data = frame.get("op"), frame.get("d")
            if op == HEARTBEAT:
                await ws.send_str(json.dumps({"op": HEARTBEAT_ACK}))
            elif op == IDENTIFY:
                if data.get("token") != self.token:
                    await ws.close(code=4004, message=b"Authentication failed.")
                    break
                await self._ready(ws)
            elif op == RESUME:
                if data.get("token") != self.token or data.get("session_id") != self.session_id:
                    await ws.send_str(json.dumps({"op": 9, "d": False}))  # INVALID_SESSION: identify afresh
                    continue
                for event in self._events:
                    if event["s"] > (data.get("seq") or 0):
                        await ws.send_str(json.dumps(event))
                await self.dispatch("RESUMED", {})
        if self._socket is ws:
            self._socket = None
        return ws

    async def _ready(self, ws: web.WebSocketResponse) -> None:
        self.session_id = f"session-{self.snowflake()}"
        self._seq, self._events = 0, []
        await self.dispatch(
            "READY",
            {
                "v": 10,
                "user": self.bot_user,
                "session_id": self.session_id,
                "resume_gateway_url": self.gateway_url,
                "guilds": [{"id": server, "unavailable": True} for server in self.servers],
                "application": {"id": self.app_id, "flags": 0},
                "private_channels": [],
                "relationships": [],
            },
        )
        for server in self.servers.values():
            await self.dispatch("GUILD_CREATE", self.guild(server))
        self.identified.set()
