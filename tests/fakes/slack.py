"""A fake Slack on 127.0.0.1 that speaks the wire protocol, for driving the real bolt app.

One aiohttp server holds the Web API (``/api/<method>``: auth.test,
chat.postMessage, chat.postEphemeral, apps.connections.open, users.info), the response
URLs slash commands answer through (``/respond/<name>``) and the Socket Mode
websocket (``/link/``). Every HTTP request and every websocket frame the client
sends is recorded; tests assert on those records.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import WSMsgType, web


@dataclass
class Received:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: Any  # parsed JSON or form fields; the raw text when neither
    raw: str

    @property
    def api_method(self) -> str:
        return self.path.removeprefix("/api/")


@dataclass
class FakeSlack:
    bot_token: str = "xoxb-fake-bot-token"
    app_token: str = "xapp-fake-app-token"
    bot_user_id: str = "UBOT"
    bot_id: str = "BBOT"
    team_id: str = "T0001"
    requests: list[Received] = field(default_factory=list)
    frames: list[dict[str, Any]] = field(default_factory=list)  # what the client sent over the websocket
    connections: int = 0  # websocket connections accepted so far
    port: int = 0
    workspace_admins: set[str] = field(default_factory=set)  # users.info says is_admin for these
    gone_channels: set[str] = field(default_factory=set)  # chat.postMessage answers channel_not_found

    def __post_init__(self) -> None:
        self._runner: web.AppRunner | None = None
        self._sockets: list[web.WebSocketResponse] = []
        self._ts = itertools.count(1)

    def slash_payload(
        self, name: str, text: str, trigger: str, *, user: str = "U0001", channel: str = "C0001"
    ) -> dict[str, str]:
        """A slash command's payload as Slack sends it over Socket Mode; its answer comes to /respond/<trigger>."""
        return {
            "token": "legacy",
            "team_id": self.team_id,
            "team_domain": "fake",
            "channel_id": channel,
            "channel_name": "general",
            "user_id": user,
            "user_name": user,
            "command": name,
            "text": text,
            "api_app_id": "A0001",
            "is_enterprise_install": "false",
            "trigger_id": trigger,
            "response_url": self.response_url(trigger),
        }

    # -- lifecycle ---------------------------------------------------------
    async def start(self) -> FakeSlack:
        app = web.Application()
        app.router.add_post("/api/{method}", self._api)
        app.router.add_get("/api/{method}", self._api)  # slack_sdk sends a few methods (users.info) as GET
        app.router.add_post("/respond/{name}", self._respond)
        app.router.add_get("/link/", self._link)
        self._runner = web.AppRunner(app, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self

    async def stop(self) -> None:
        for ws in list(self._sockets):
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    def response_url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.port}/respond/{name}"

    # -- HTTP --------------------------------------------------------------
    async def _record(self, request: web.Request) -> Received:
        raw = await request.text()
        body: Any = raw
        if request.content_type == "application/json":
            body = json.loads(raw or "null")
        elif request.content_type == "application/x-www-form-urlencoded":
            body = dict(parse_qsl(raw, keep_blank_values=True))
        received = Received(request.method, request.path, dict(request.query), dict(request.headers), body, raw)
        self.requests.append(received)
        return received

    def _bearer(self, received: Received) -> str:
        return received.headers.get("Authorization", "").removeprefix("Bearer ")

    async def _api(self, request: web.Request) -> web.Response:
        received = await self._record(request)
        method, token = received.api_method, self._bearer(received)
        if method == "apps.connections.open":
            if token != self.app_token:
                return web.json_response({"ok": False, "error": "invalid_auth"})
            return web.json_response({"ok": True, "url": f"ws://127.0.0.1:{self.port}/link/?ticket={uuid.uuid4()}"})
        if token != self.bot_token:
            return web.json_response({"ok": False, "error": "invalid_auth"})
        if method == "auth.test":
            return web.json_response(
                {
                    "ok": True,
                    "url": "https://fake.slack.test/",
                    "team": "Fake Team",
                    "user": "evbot",
                    "team_id": self.team_id,
                    "user_id": self.bot_user_id,
                    "bot_id": self.bot_id,
                    "is_enterprise_install": False,
                }
            )
        if method == "users.info":
            body = received.body if isinstance(received.body, dict) else {}
            user = received.query.get("user") or body.get("user")
            return web.json_response(
                {
                    "ok": True,
                    "user": {
                        "id": user,
                        "is_admin": user in self.workspace_admins,
                        "is_owner": False,
                        "is_primary_owner": False,
                    },
                }
            )
        if method in {"chat.postMessage", "chat.postEphemeral"}:
            body = received.body if isinstance(received.body, dict) else {}
            if body.get("channel") in self.gone_channels:
                return web.json_response({"ok": False, "error": "channel_not_found"})
            ts = f"{int(time.time())}.{next(self._ts):06d}"
            return web.json_response({"ok": True, "channel": body.get("channel"), "ts": ts, "message_ts": ts})
        return web.json_response({"ok": False, "error": "unknown_method"})

    async def _respond(self, request: web.Request) -> web.Response:
        await self._record(request)
        return web.Response(text="ok")

    # -- Socket Mode -------------------------------------------------------
    async def _link(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._sockets.append(ws)
        self.connections += 1
        await ws.send_json(
            {
                "type": "hello",
                "num_connections": 1,
                "debug_info": {"host": "fake", "approximate_connection_time": 3600},
                "connection_info": {"app_id": "A0001"},
            }
        )
        try:
            async for message in ws:
                if message.type == WSMsgType.TEXT:
                    self.frames.append(json.loads(message.data))
        finally:
            if ws in self._sockets:
                self._sockets.remove(ws)
        return ws

    async def send_envelope(self, kind: str, payload: dict[str, Any], accepts_response_payload: bool = False) -> str:
        """Send an envelope on the newest open connection; returns its envelope id."""
        envelope_id = str(uuid.uuid4())
        socket = await self.wait_for(lambda: self._sockets[-1] if self._sockets else None)
        await socket.send_json(
            {
                "envelope_id": envelope_id,
                "type": kind,
                "payload": payload,
                "accepts_response_payload": accepts_response_payload,
                "retry_attempt": 0,
                "retry_reason": "",
            }
        )
        return envelope_id

    async def send_disconnect(self) -> None:
        """Slack's own "please reconnect" message (sent before it rotates a connection)."""
        await self._sockets[-1].send_json(
            {"type": "disconnect", "reason": "refresh_requested", "debug_info": {"host": "fake"}}
        )

    async def drop(self) -> None:
        """Close every open websocket from the server side, as a network blip or deploy would."""
        for ws in list(self._sockets):
            await ws.close()

    # -- assertions --------------------------------------------------------
    async def wait_for(self, check: Callable[[], Any], timeout: float = 5.0) -> Any:
        """Poll until ``check()`` returns something truthy; fail the test after ``timeout`` seconds."""
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            result = check()
            if result:
                return result
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError("timed out waiting for the fake Slack to receive it")
            await asyncio.sleep(0.01)

    def calls(self, api_method: str) -> list[Received]:
        return [r for r in self.requests if r.api_method == api_method]

    def posts(self) -> list[dict[str, Any]]:
        """Bodies of every chat.postMessage, chat.postEphemeral and response-URL post, in order."""
        return [
            r.body
            for r in self.requests
            if r.api_method in {"chat.postMessage", "chat.postEphemeral"} or r.path.startswith("/respond/")
        ]

    def acks(self, envelope_id: str) -> list[dict[str, Any]]:
        return [f for f in self.frames if f.get("envelope_id") == envelope_id]
