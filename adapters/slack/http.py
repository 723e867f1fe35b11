"""HTTP mode's front door: Slack's signature is checked on the raw body before anything parses it.

bolt's own aiohttp server parses the body before it checks the signature (an unsigned ``[]`` then fails
with a 500 and a traceback) and reads the timestamp header with ``int()`` (a non-numeric one fails the
same way), so every unauthenticated request could write a kilobyte of log. Here a missing, malformed or
stale timestamp, a body that is not UTF-8 (which cannot be verified) or a wrong signature gets 401, a signed body that is not a Slack payload gets 400, and
refusals are logged in one short line at most once a minute; only what passes reaches bolt, which checks
the signature again and dispatches it.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Callable
from urllib.parse import parse_qsl

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.signature import SignatureVerifier

log = logging.getLogger(__name__)

REFUSALS_LOGGED_EVERY_S = 60.0
_TIMESTAMP = re.compile(r"[0-9]{1,12}")  # Unix seconds; int() of a huge digit string is itself an error


class _Refusals:
    """One log line for the first refused request, then at most one a minute counting the others."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._quiet_until = float("-inf")
        self._held = 0

    def note(self, status: int, reason: str, peer: str | None) -> None:
        now = self._clock()
        if now < self._quiet_until:
            self._held += 1
            return
        more = f" ({self._held} more refused since the last such line)" if self._held else ""
        log.warning("Slack HTTP: %d for a request from %s: %s%s", status, peer or "?", reason, more)
        self._quiet_until, self._held = now + REFUSALS_LOGGED_EVERY_S, 0


def _not_a_payload(body: str, content_type: str) -> bool:
    """Whether bolt could not read the body as an object, the way it parses one (JSON, a form, or a form
    whose ``payload`` field is JSON)."""
    try:
        if content_type == "application/json" or body.startswith("{"):
            parsed = json.loads(body)
        else:
            fields = dict(parse_qsl(body, keep_blank_values=True))
            parsed = json.loads(fields["payload"]) if "payload" in fields else fields
    except ValueError:
        return True
    return not isinstance(parsed, dict)


def web_app(app: AsyncApp, signing_secret: str, path: str) -> web.Application:
    """An aiohttp application serving ``path`` for the bolt ``app``, refusing what Slack did not sign."""
    verifier = SignatureVerifier(signing_secret)
    refusals = _Refusals()

    async def events(request: web.Request) -> web.Response:
        raw = await request.read()
        stamp = request.headers.get("X-Slack-Request-Timestamp", "")
        signature = request.headers.get("X-Slack-Signature", "")
        try:
            body = raw.decode("utf-8")  # Slack signs UTF-8 text; anything else cannot be checked, let alone parsed
        except UnicodeDecodeError:
            body = None
        if body is None or not _TIMESTAMP.fullmatch(stamp) or not signature.isascii():  # hmac compares ASCII only
            refusals.note(401, "no valid timestamp or signature, or a body that is not UTF-8", request.remote)
            return web.Response(status=401, text="invalid request")
        if not verifier.is_valid(body, stamp, signature):
            refusals.note(
                401,
                "bad signature or stale timestamp (if Slack's own are refused, check SLACK_SIGNING_SECRET)",
                request.remote,
            )
            return web.Response(status=401, text="invalid request")
        if not body or _not_a_payload(body, request.content_type):
            refusals.note(400, "a signed body that is not a Slack payload", request.remote)
            return web.Response(status=400, text="malformed request body")
        bolt_request = AsyncBoltRequest(body=body, query=request.query_string, headers=dict(request.headers))
        return await to_aiohttp_response(await app.async_dispatch(bolt_request))

    web_application = web.Application()
    web_application.router.add_post(path, events)
    return web_application
