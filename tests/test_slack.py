"""The Slack front end, driven through the real slack-bolt app against a fake Slack on 127.0.0.1.

Nothing of ours or of the library is mocked: Socket Mode envelopes travel over
a real websocket, HTTP-mode requests are signed like Slack signs them, and the
assertions read what the fake Slack received (channel, thread, blocks).
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import aiohttp
import pytest
from fakes.slack import FakeSlack
from slack_sdk.signature import SignatureVerifier
from typer.testing import CliRunner
from untrusted import ARTICLE, ARTICLE_URL, ASK_BUILD, ASK_DEAL, ASK_PAYMENT, EVIL, TYPED, controls_in, slack_view

from adapters.cli import app as cli
from adapters.runner import FrontEndError
from adapters.slack.app import Connection, serve, start
from adapters.slack.blocks import MAX_BLOCKS, render
from adapters.slack.settings import SlackSettings, is_configured
from bot.core import EvBot
from bot.models import Citation, Field, Reply

SECRET = "fake-signing-secret"
QUIET = 0.3  # how long a test waits to be sure that nothing more arrives


@pytest.fixture
async def fake() -> Any:
    slack = await FakeSlack().start()
    yield slack
    await slack.stop()


@pytest.fixture
def settings(fake: FakeSlack, monkeypatch: pytest.MonkeyPatch) -> SlackSettings:
    monkeypatch.setenv("SLACK_BOT_TOKEN", fake.bot_token)
    monkeypatch.setenv("SLACK_APP_TOKEN", fake.app_token)
    monkeypatch.setenv("SLACK_SIGNING_SECRET", SECRET)
    monkeypatch.setenv("SLACK_API_URL", fake.api_url)
    return SlackSettings()


@pytest.fixture
async def socket(bot: EvBot, fake: FakeSlack, settings: SlackSettings) -> Any:
    connection = await start(bot, settings)
    await fake.wait_for(lambda: fake.connections)
    yield connection
    await connection.close()


@pytest.fixture
async def http(bot: EvBot, fake: FakeSlack, settings: SlackSettings) -> Any:
    connection = await start(bot, settings, http=True, port=0, host="127.0.0.1")
    yield connection
    await connection.close()


# -- payloads as Slack sends them ----------------------------------------------


def event_body(event: dict[str, Any], event_id: str = "Ev001") -> dict[str, Any]:
    return {
        "token": "legacy",
        "team_id": "T0001",
        "api_app_id": "A0001",
        "type": "event_callback",
        "event_id": event_id,
        "event_time": int(time.time()),
        "event": event,
        "authorizations": [{"team_id": "T0001", "user_id": "UBOT", "is_bot": True}],
    }


def mention(text: str, ts: str = "1700000000.000100", channel: str = "C0001", **extra: Any) -> dict[str, Any]:
    return {
        "type": "app_mention",
        "user": "U0001",
        "text": f"<@UBOT> {text}",
        "ts": ts,
        "channel": channel,
        "event_ts": ts,
        **extra,
    }


def dm(text: str, ts: str = "1700000000.000200", channel: str = "D0001", **extra: Any) -> dict[str, Any]:
    return {
        "type": "message",
        "channel_type": "im",
        "user": "U0001",
        "text": text,
        "ts": ts,
        "channel": channel,
        "event_ts": ts,
        **extra,
    }


def command(fake: FakeSlack, name: str, text: str, trigger: str = "1.2.3") -> dict[str, str]:
    return fake.slash_payload(name, text, trigger)


def block_text(blocks: list[dict[str, Any]]) -> str:
    """Every string in the blocks, for substring assertions."""
    return "\n".join(block_texts(blocks))


def block_texts(blocks: list[dict[str, Any]]) -> list[str]:
    """Every text of the blocks, each one Slack renders on its own."""
    out: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                out.append(value) if key == "text" and isinstance(value, str) else walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(blocks)
    return out


async def socket_event(fake: FakeSlack, event: dict[str, Any], event_id: str = "Ev001") -> str:
    envelope = await fake.send_envelope("events_api", event_body(event, event_id))
    await fake.wait_for(lambda: fake.acks(envelope))
    return envelope


async def slash(fake: FakeSlack, name: str, text: str, trigger: str = "1.2.3") -> dict[str, Any]:
    """A slash command over Socket Mode: it is acked, and its answer arrives at the response URL."""
    envelope = await fake.send_envelope("slash_commands", command(fake, name, text, trigger), True)
    ack = (await fake.wait_for(lambda: fake.acks(envelope)))[0]
    assert "payload" not in ack or not ack["payload"], "ack carries no answer: that comes via respond()"
    answer = await fake.wait_for(lambda: [r for r in fake.requests if r.path == f"/respond/{trigger}"])
    assert len(answer) == 1
    return answer[0].body


async def signed_post(
    port: int, body: str, content_type: str, *, secret: str = SECRET, timestamp: int | None = None
) -> tuple[int, str]:
    stamp = str(timestamp if timestamp is not None else int(time.time()))
    headers = {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": SignatureVerifier(secret).generate_signature(timestamp=stamp, body=body),
    }
    async with aiohttp.ClientSession() as session:
        async with session.post(f"http://127.0.0.1:{port}/slack/events", data=body.encode(), headers=headers) as r:
            return r.status, await r.text()


# -- Socket Mode -----------------------------------------------------------------


async def test_mention_is_answered_in_a_thread_under_the_question(fake: FakeSlack, socket: Connection) -> None:
    await socket_event(fake, mention("who is ford talking to?"))
    post = (await fake.wait_for(lambda: fake.calls("chat.postMessage")))[0]
    assert post.headers["Authorization"] == f"Bearer {fake.bot_token}"
    assert post.body["channel"] == "C0001" and post.body["thread_ts"] == "1700000000.000100"
    blocks = post.body["blocks"]
    assert blocks[0]["type"] == "header"
    assert "Xiaomi" in block_text(blocks)
    assert any(b["type"] == "context" for b in blocks), "sources are listed"
    assert post.body["text"], "fallback text for notifications"


async def test_mention_inside_a_thread_stays_in_that_thread(fake: FakeSlack, socket: Connection) -> None:
    await socket_event(fake, mention("deals", ts="1700000000.000900", thread_ts="1700000000.000001"))
    post = (await fake.wait_for(lambda: fake.calls("chat.postMessage")))[0]
    assert post.body["thread_ts"] == "1700000000.000001"


async def test_a_follow_up_in_a_thread_is_about_the_thread_s_deal(fake: FakeSlack, socket: Connection) -> None:
    await socket_event(fake, mention("alibaba ford?", ts="1700000000.000300"))
    await fake.wait_for(lambda: fake.calls("chat.postMessage"))
    await socket_event(fake, mention("when was it signed?", ts="1700000000.000400", thread_ts="1700000000.000300"))
    posts = await fake.wait_for(lambda: fake.calls("chat.postMessage")[1:])
    assert posts[0].body["thread_ts"] == "1700000000.000300"
    assert "December 7" in block_text(posts[0].body["blocks"])
    await socket_event(fake, mention("when was it signed?", ts="1700000000.000500"))  # a new thread knows nothing
    fresh = await fake.wait_for(lambda: fake.calls("chat.postMessage")[2:])
    assert "December 7" not in block_text(fresh[0].body["blocks"])


async def test_direct_message_is_answered_in_the_dm(fake: FakeSlack, socket: Connection) -> None:
    await socket_event(fake, dm("alibaba ford?"))
    post = (await fake.wait_for(lambda: fake.calls("chat.postMessage")))[0]
    assert post.body["channel"] == "D0001" and "thread_ts" not in post.body
    assert "cloud" in block_text(post.body["blocks"]).lower()


async def test_one_message_delivered_three_ways_is_answered_once(fake: FakeSlack, socket: Connection) -> None:
    # A mention in a DM arrives as app_mention and as message.im; Slack then retries one of them.
    await socket_event(fake, mention("deals", ts="1700000000.000300", channel="D0001"), "Ev1")
    await socket_event(fake, dm("<@UBOT> deals", ts="1700000000.000300"), "Ev2")
    await socket_event(fake, mention("deals", ts="1700000000.000300", channel="D0001"), "Ev1")
    await fake.wait_for(lambda: fake.calls("chat.postMessage"))
    await asyncio.sleep(QUIET)
    assert len(fake.calls("chat.postMessage")) == 1


async def test_messages_from_bots_are_ignored(fake: FakeSlack, socket: Connection) -> None:
    await socket_event(fake, dm("deals", ts="1.1", bot_id="BOTHER", user="UOTHER"))  # another bot
    await socket_event(fake, dm("deals", ts="1.2", subtype="bot_message", bot_id="BOTHER"))
    await socket_event(fake, dm("deals", ts="1.3", user="UBOT", bot_id="BBOT"))  # itself
    await socket_event(fake, dm("deals", ts="1.4", subtype="message_changed"))
    await socket_event(fake, {**dm("deals", ts="1.5"), "channel_type": "channel", "channel": "C0001"})  # no mention
    await socket_event(fake, dm("deals", ts="1.6"))  # a person
    posts = await fake.wait_for(lambda: fake.calls("chat.postMessage"))
    await asyncio.sleep(QUIET)
    assert len(fake.calls("chat.postMessage")) == 1 and posts[0].body["channel"] == "D0001"


async def test_empty_mention_gets_an_ephemeral_usage_hint(fake: FakeSlack, socket: Connection) -> None:
    await socket_event(fake, {**mention(""), "text": "<@UBOT>"})
    post = (await fake.wait_for(lambda: fake.calls("chat.postEphemeral")))[0]
    assert post.body["user"] == "U0001" and post.body["channel"] == "C0001"
    assert "help" in block_text(post.body["blocks"])
    assert not fake.calls("chat.postMessage")


async def test_slash_deal_with_an_unknown_deal(fake: FakeSlack, socket: Connection) -> None:
    body = await slash(fake, "/deal", "samsung tesla")
    assert body["response_type"] == "in_channel"
    assert "don't know of a deal" in block_text(body["blocks"])


async def test_slash_deal_shows_fields_and_sources(fake: FakeSlack, socket: Connection) -> None:
    body = await slash(fake, "/deal", "ford xiaomi")
    fields = [f["text"] for b in body["blocks"] if "fields" in b for f in b["fields"]]
    assert any(f.startswith("*Status*") and "talks" in f for f in fields)
    assert any(f.startswith("*Parties*") for f in fields)
    assert body["blocks"][0]["text"]["text"] == "Ford &amp; Xiaomi"


async def test_slash_usage_errors_go_only_to_the_person(fake: FakeSlack, socket: Connection) -> None:
    for trigger, name in (("t1", "/deal"), ("t2", "/ev")):
        body = await slash(fake, name, "", trigger)
        assert body["response_type"] == "ephemeral"
    assert not fake.calls("chat.postMessage")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("help", "`deal NAME`"),
        ("sources ford xiaomi", "Ford and Xiaomi Discuss"),
        ("who is ford talking to?", "Xiaomi"),
    ],
)
async def test_slash_ev_runs_any_command_or_question(
    fake: FakeSlack, socket: Connection, text: str, expected: str
) -> None:
    body = await slash(fake, "/ev", text)
    assert expected in block_text(body["blocks"])


async def test_slash_deals_with_a_company(fake: FakeSlack, socket: Connection) -> None:
    body = await slash(fake, "/deals", "alibaba")
    text = block_text(body["blocks"])
    assert "Ford &amp; Alibaba" in text and "Xiaomi" not in text.split("Sources")[0]


async def test_article_text_cannot_ping_anyone(bot: EvBot, fake: FakeSlack, socket: Connection, tmp_path: Path) -> None:
    article = tmp_path / "hostile.txt"
    article.write_text(
        "Rivian & Volkswagen <!channel> sign a joint venture\n"
        "Rivian and Volkswagen signed a joint venture worth $5 billion on June 25, 2024 <!channel> "
        "to share EV software @everyone.\n"
        "The venture covers software <!here> for both companies <@U123>.\n"
        "Analysts said the deal <!everyone> gives Rivian cash & time.\n"
    )
    bot.ingest_paths([str(article)], url="https://example.com/rv?a=1&b=<2>", published="2024-06-26")
    await socket_event(fake, mention("sources rivian volkswagen"))
    post = (await fake.wait_for(lambda: fake.calls("chat.postMessage")))[0]
    sent = json.dumps(post.body)
    for ping in ("<!channel>", "<!here>", "<!everyone>", "<@U123>", "@everyone"):
        assert ping not in sent
    text = block_text(post.body["blocks"])
    assert "&lt;!channel&gt;" in text and "&lt;!here&gt;" in text and "&lt;@U123&gt;" in text
    assert "cash &amp; time" in text
    assert "<https://example.com/rv?a=1&amp;b=%3C2%3E|Rivian &amp; Volkswagen &lt;!channel&gt;" in text


async def test_hostile_article_and_user_text_link_nowhere_and_keep_fences_balanced(
    bot: EvBot, fake: FakeSlack, socket: Connection, tmp_path: Path
) -> None:
    article = tmp_path / "terms.txt"
    article.write_text(ARTICLE)
    assert bot.ingest_paths([str(article)], url=ARTICLE_URL, published="2024-06-25").added
    questions = [ASK_PAYMENT, ASK_BUILD, ASK_DEAL, "sources rivian volkswagen", f"deal {TYPED}"]
    for n, question in enumerate(questions):
        await socket_event(fake, mention(question, ts=f"1700000001.00010{n}"), event_id=f"EvHostile{n}")
    await fake.wait_for(lambda: len(fake.calls("chat.postMessage")) == len(questions))
    posts = fake.calls("chat.postMessage")
    for post in posts:
        for text in [*block_texts(post.body["blocks"]), post.body["text"]]:
            view = slack_view(text)
            assert view.balanced and not view.specials and not controls_in(text), text
            assert all("evil.example" not in url for url, _ in view.links), text
    seen = "\n".join(block_text(post.body["blocks"]) for post in posts)
    assert "The joint venture will build \u02cb\u02cb\u02cb software for electric cars" in seen
    assert "the first $1 billion in 2024, according to the filing, and the venture is based in ainrofilaC" in seen
    assert f"matching \u201c[the login page]({EVIL}) \u02cb\u02cb\u02cb\u201d" in seen
    assert f"<{ARTICLE_URL}|" in seen  # the source's own link stays one


async def test_reconnects_after_the_websocket_drops(fake: FakeSlack, socket: Connection) -> None:
    await fake.send_disconnect()  # Slack asks the client to move to a new connection
    await fake.wait_for(lambda: fake.connections >= 2)
    await socket_event(fake, dm("deals", ts="2.1"))
    await fake.wait_for(lambda: len(fake.calls("chat.postMessage")) == 1)

    await fake.drop()  # the server closes the socket without warning
    await fake.wait_for(lambda: fake.connections >= 3)
    await socket_event(fake, dm("alibaba ford?", ts="2.2"))
    posts = await fake.wait_for(lambda: fake.calls("chat.postMessage")[1:])
    assert "cloud" in block_text(posts[0].body["blocks"]).lower()
    assert len(fake.calls("apps.connections.open")) == 3


# -- HTTP mode --------------------------------------------------------------------


async def test_http_signed_slash_command_is_acked_then_answered(fake: FakeSlack, http: Connection) -> None:
    started = time.monotonic()
    status, body = await signed_post(
        http.port, urlencode(command(fake, "/deal", "ford alibaba")), "application/x-www-form-urlencoded"
    )
    assert status == 200 and body == "" and time.monotonic() - started < 3
    answer = (await fake.wait_for(lambda: [r for r in fake.requests if r.path.startswith("/respond/")]))[0]
    assert answer.body["response_type"] == "in_channel"
    assert "signed" in block_text(answer.body["blocks"])


async def test_http_signed_mention_is_answered_in_thread(fake: FakeSlack, http: Connection) -> None:
    status, _ = await signed_post(http.port, json.dumps(event_body(mention("alibaba ford?"))), "application/json")
    assert status == 200
    post = (await fake.wait_for(lambda: fake.calls("chat.postMessage")))[0]
    assert post.body["channel"] == "C0001" and post.body["thread_ts"] == "1700000000.000100"


async def test_http_url_verification(http: Connection) -> None:
    status, body = await signed_post(
        http.port, json.dumps({"type": "url_verification", "challenge": "abc", "token": "legacy"}), "application/json"
    )
    assert status == 200 and "abc" in body


@pytest.mark.parametrize("case", ["bad signature", "stale timestamp"])
async def test_http_refuses_unsigned_or_stale_requests(fake: FakeSlack, http: Connection, case: str) -> None:
    body = urlencode(command(fake, "/deals", ""))
    kwargs: dict[str, Any] = (
        {"secret": "not-the-secret"} if case == "bad signature" else {"timestamp": int(time.time()) - 600}
    )
    status, _ = await signed_post(http.port, body, "application/x-www-form-urlencoded", **kwargs)
    assert status == 401
    await asyncio.sleep(QUIET)
    assert not fake.posts()


async def test_http_malformed_body_is_refused(fake: FakeSlack, http: Connection) -> None:
    status, _ = await signed_post(http.port, '{"type": "event_callback", "event": ', "application/json")
    assert 400 <= status < 500
    await asyncio.sleep(QUIET)
    assert not fake.posts()


async def raw_post(port: int, body: bytes, headers: dict[str, str], host: str = "127.0.0.1") -> int:
    async with aiohttp.ClientSession() as session:
        async with session.post(f"http://{host}:{port}/slack/events", data=body, headers=headers) as r:
            return r.status


def signed_headers(body: bytes, content_type: str = "application/json", stamp: str | None = None) -> dict[str, str]:
    stamp = stamp or str(int(time.time()))
    return {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": SignatureVerifier(SECRET).generate_signature(timestamp=stamp, body=body) or "",
    }


async def test_http_junk_is_refused_before_parsing_without_a_traceback(
    fake: FakeSlack, http: Connection, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    event = json.dumps(event_body(mention("deals"))).encode()
    unsigned = {"Content-Type": "application/json"}
    cases = [
        (401, event, {**signed_headers(event), "X-Slack-Request-Timestamp": "soon"}),
        (401, event, {**signed_headers(event), "X-Slack-Request-Timestamp": "9" * 5000}),
        (401, event, {**signed_headers(event), "X-Slack-Signature": "v0=\u00e9t\u00e9"}),
        (401, b"[]", unsigned),
        (401, b'{"type": "event_callback", "event": ', unsigned),  # malformed and unsigned: 401, not parsed
        (401, b"payload=%5B%5D", {"Content-Type": "application/x-www-form-urlencoded"}),
        (400, b"[]", signed_headers(b"[]")),
        (400, b"payload=%5B%5D", signed_headers(b"payload=%5B%5D", "application/x-www-form-urlencoded")),
        (401, b"\xff\xfe{}", {**signed_headers(b"{}"), "Content-Type": "application/json"}),
    ]
    for status, body, headers in cases:
        assert await raw_post(http.port, body, headers) == status, (body[:40], headers)
    await asyncio.sleep(QUIET)
    assert not fake.posts()
    assert "Traceback" not in caplog.text and not [r for r in caplog.records if r.exc_info]
    refusals = [r for r in caplog.records if r.name == "adapters.slack.http"]
    assert len(refusals) == 1 and len(refusals[0].getMessage()) < 200  # one short line, not one per request


async def test_http_mode_listens_on_loopback_unless_told_otherwise(
    bot: EvBot, fake: FakeSlack, settings: SlackSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    ping = json.dumps({"type": "url_verification", "challenge": "abc", "token": "legacy"}).encode()
    connection = await start(bot, settings, http=True, port=0)
    try:
        assert await raw_post(connection.port, ping, signed_headers(ping)) == 200
    finally:
        await connection.close()
    monkeypatch.setenv("SLACK_HTTP_HOST", "127.0.0.2")  # another loopback address, as 0.0.0.0 would be reached
    connection = await start(bot, SlackSettings(), http=True, port=0)
    try:
        assert await raw_post(connection.port, ping, signed_headers(ping), host="127.0.0.2") == 200
        with pytest.raises(aiohttp.ClientConnectorError):
            await raw_post(connection.port, ping, signed_headers(ping))
    finally:
        await connection.close()


async def _evbot_http(db: Path, *options: str) -> tuple[asyncio.subprocess.Process, int]:
    """`evbot run slack --http` as a separate process; returns it once it listens, with its port."""
    proc = await asyncio.create_subprocess_exec(
        str(Path(sys.executable).with_name("evbot")),
        *("--db", str(db), "--log-level", "INFO", "run", "slack", "--http", "--port", "0", *options),
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    assert proc.stderr is not None
    seen = ""
    while not (match := re.search(r"listening on 127\.0\.0\.1:(\d+)", seen)):
        line = await asyncio.wait_for(proc.stderr.readline(), 30)
        assert line, f"evbot exited: {seen}"
        seen += line.decode()
    return proc, int(match.group(1))


async def test_a_restart_between_a_delivery_and_its_retry_still_answers_once(
    bot: EvBot, fake: FakeSlack, settings: SlackSettings, db_path: Path
) -> None:
    event = json.dumps(event_body(mention("deals", ts="1700000000.000700"))).encode()
    slash_body = urlencode(command(fake, "/deals", "", trigger="t-restart")).encode()
    slash_headers = signed_headers(slash_body, "application/x-www-form-urlencoded")
    proc, port = await _evbot_http(db_path)  # the default host: loopback
    try:
        assert await raw_post(port, event, signed_headers(event)) == 200
        assert await raw_post(port, slash_body, slash_headers) == 200
        await fake.wait_for(lambda: len(fake.posts()) == 2)
    finally:
        proc.kill()  # kill -9: nothing is flushed or closed
        await proc.wait()
    proc, port = await _evbot_http(db_path, "--host", "127.0.0.1")
    try:
        retry = {**signed_headers(event), "X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
        assert await raw_post(port, event, retry) == 200
        assert await raw_post(port, slash_body, slash_headers) == 200  # the same signed request, replayed
        fresh = json.dumps(event_body(mention("deals", ts="1700000000.000800"), "Ev2")).encode()
        assert await raw_post(port, fresh, signed_headers(fresh)) == 200  # the restarted bot does answer
        await fake.wait_for(lambda: len(fake.posts()) >= 3)
        await asyncio.sleep(QUIET)
    finally:
        proc.kill()
        await proc.wait()
    threads = [p["thread_ts"] for p in fake.posts() if "thread_ts" in p]
    assert sorted(threads) == ["1700000000.000700", "1700000000.000800"]
    assert len([r for r in fake.requests if r.path == "/respond/t-restart"]) == 1


# -- start-up, settings, rendering ------------------------------------------------


async def test_missing_tokens_name_the_variable(bot: EvBot, monkeypatch: pytest.MonkeyPatch) -> None:
    assert not is_configured()
    with pytest.raises(FrontEndError, match="^SLACK_BOT_TOKEN is not set"):
        await serve(bot)
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xapp-1-oops")
    with pytest.raises(FrontEndError, match="^SLACK_BOT_TOKEN must be a bot token starting with xoxb- .*xapp-"):
        await serve(bot)
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1")
    assert is_configured()
    with pytest.raises(FrontEndError, match="^SLACK_APP_TOKEN is not set"):
        await serve(bot)
    with pytest.raises(FrontEndError, match="^SLACK_SIGNING_SECRET is not set"):
        await serve(bot, http=True)


async def test_wrong_tokens_are_reported_by_name(
    bot: EvBot, fake: FakeSlack, settings: SlackSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-revoked")
    with pytest.raises(FrontEndError, match=r"^Slack refused SLACK_BOT_TOKEN \(invalid_auth\)"):
        await start(bot, SlackSettings())
    monkeypatch.setenv("SLACK_BOT_TOKEN", fake.bot_token)
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-revoked")
    with pytest.raises(FrontEndError, match=r"^Slack refused SLACK_APP_TOKEN \(invalid_auth\)"):
        await start(bot, SlackSettings())
    assert fake.connections == 0


async def test_unreachable_api_names_slack_api_url(
    bot: EvBot, fake: FakeSlack, settings: SlackSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = fake.port
    await fake.stop()
    monkeypatch.setenv("SLACK_API_URL", f"http://127.0.0.1:{port}/api")
    with pytest.raises(FrontEndError, match="SLACK_API_URL"):
        await start(bot, SlackSettings())


def test_cli_reports_a_missing_token_in_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "kb.json"), "run", "slack"])
    assert result.exit_code == 2
    assert "SLACK_BOT_TOKEN" in result.output and "Traceback" not in result.output


async def test_tokens_never_reach_the_logs(
    fake: FakeSlack, settings: SlackSettings, bot: EvBot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    connection = await start(bot, settings)
    try:
        await fake.wait_for(lambda: fake.connections)
        await socket_event(fake, dm("deals"))
        await fake.wait_for(lambda: fake.calls("chat.postMessage"))
    finally:
        await connection.close()
    assert caplog.records
    for secret in (fake.bot_token, fake.app_token, SECRET):
        assert secret not in caplog.text
    assert fake.bot_token not in repr(settings) and fake.bot_token not in str(settings)


def test_long_replies_stay_within_slack_limits() -> None:
    reply = Reply(
        title="T" * 400,
        text=("word " * 3000) + "x" * 5000,
        fields=tuple(Field(f"F{i}", "v" * 3000) for i in range(25)),
        citations=tuple(Citation(f"A{i}", "https://example.com", "2024-01-01", "q" * 900) for i in range(40)),
    )
    message = render(reply)
    blocks = message["blocks"]
    assert len(blocks) <= MAX_BLOCKS
    assert len(blocks[0]["text"]["text"]) <= 150
    for block in blocks:
        if "text" in block and block["type"] == "section":
            assert len(block["text"]["text"]) <= 3000
        assert len(block.get("fields", [])) <= 10
        assert all(len(f["text"]) <= 2000 for f in block.get("fields", []))
        assert all(len(e["text"]) <= 3000 for e in block.get("elements", []))
    assert len(message["text"]) <= 3000


def test_manifest_declares_what_the_adapter_listens_to() -> None:
    manifest = (Path(__file__).parent.parent / "adapters" / "slack" / "manifest.yml").read_text()
    for needed in (
        "app_mention",
        "message.im",
        "command: /ev",
        "command: /deal",
        "command: /deals",
        "socket_mode_enabled: true",
        "chat:write",
        "commands",
        "app_mentions:read",
        "im:history",
    ):
        assert needed in manifest


def test_core_and_settings_do_not_import_slack() -> None:
    root = Path(__file__).parent.parent
    for folder in ("bot", "knowledge"):
        for source in (root / folder).rglob("*.py"):
            assert not re.search(r"^\s*(from|import)\s+slack", source.read_text(), re.M), source
    probe = (
        "import sys, adapters.slack.settings as s; s.is_configured(); "
        "assert not [m for m in sys.modules if m.startswith(('slack_bolt', 'slack_sdk'))]"
    )
    subprocess.run([sys.executable, "-c", probe], cwd=root, check=True, timeout=60)
