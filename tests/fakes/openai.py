"""A fake OpenAI-compatible server on 127.0.0.1, for driving the real AsyncOpenAI client.

One aiohttp route, ``POST /v1/chat/completions``. Each request is recorded
whole (headers and parsed body), then answered by ``behaviour``: a function
of the recorded request that returns an aiohttp response (or awaits first, to
play a slow server). The helpers below build the usual answers.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: Any  # parsed JSON, or the raw text

    @property
    def messages(self) -> list[dict[str, str]]:
        return self.body.get("messages", []) if isinstance(self.body, dict) else []

    def evidence_quotes(self) -> list[str]:
        """The quotes of the numbered sources in the user message, in order."""
        user = next((m["content"] for m in self.messages if m["role"] == "user"), "")
        block = user.split("<evidence>", 1)[-1].split("</evidence>", 1)[0]
        return [line.split(": ", 1)[-1] for line in block.strip().splitlines() if line.startswith("[")]


Behaviour = Callable[[Received], Awaitable[web.StreamResponse] | web.StreamResponse]


def completion(content: Any, finish_reason: str = "stop", **message: Any) -> web.Response:
    body = {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": 1_700_000_000,
        "model": "fake-model",
        "choices": [
            {
                "index": 0,
                "finish_reason": finish_reason,
                "message": {"role": "assistant", "content": content, **message},
            }
        ],
        "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
    }
    return web.json_response(body)


def cites_first_source(request: Received) -> web.Response:
    """A well-behaved model: one sentence from source 1, cited."""
    quotes = request.evidence_quotes()
    return completion(f"In short: {quotes[0] if quotes else 'nothing'} [1]")


def says(text: str) -> Behaviour:
    return lambda request: completion(text)


def status(code: int, retry_after_ms: int = 5) -> Behaviour:
    """An error status; a short retry-after-ms keeps the SDK's back-off (0.5 s, 1 s...) out of the tests."""
    return lambda request: web.json_response(
        {"error": {"message": f"fake {code}", "type": "fake"}},
        status=code,
        headers={"retry-after-ms": str(retry_after_ms)},
    )


def raw(text: str, content_type: str = "application/json") -> Behaviour:
    return lambda request: web.Response(text=text, content_type=content_type)


def slow(seconds: float, then: Behaviour = cites_first_source) -> Behaviour:
    async def answer(request: Received) -> web.StreamResponse:
        await asyncio.sleep(seconds)
        result = then(request)
        return await result if asyncio.iscoroutine(result) else result  # type: ignore[return-value]

    return answer


@dataclass
class FakeOpenAI:
    behaviour: Behaviour = cites_first_source
    requests: list[Received] = field(default_factory=list)
    port: int = 0

    def __post_init__(self) -> None:
        self._runner: web.AppRunner | None = None

    async def start(self) -> FakeOpenAI:
        app = web.Application()
        app.router.add_post("/v1/chat/completions", self._completions)
        self._runner = web.AppRunner(app, shutdown_timeout=0.2)  # a "slow" handler must not hold the teardown
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    async def _completions(self, request: web.Request) -> web.StreamResponse:
        text = await request.text()
        try:
            body: Any = json.loads(text)
        except ValueError:
            body = text
        received = Received(request.path, dict(request.headers), body)
        self.requests.append(received)
        result = self.behaviour(received)
        return await result if asyncio.iscoroutine(result) else result  # type: ignore[return-value]
