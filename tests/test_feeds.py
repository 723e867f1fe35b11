"""Feeds served by a real HTTP server on 127.0.0.1: what gets ingested, what gets logged, what users are told.

The server plays a handful of news sites: a well-behaved RSS 2.0 feed with
ETag and Last-Modified, an Atom feed, a feed whose entries carry only a link
(so the article page is fetched and cleaned), and the ones that go wrong: a
500, a hang, malformed XML, an HTML page instead of a feed, a huge body.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import sys
import time
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from bot.core import EvBot
from bot.digests.driver import DigestScheduler
from bot.models import Reply, Request, Role
from knowledge.records import Article

ADMIN = {"platform": "slack", "channel": "C1", "user": "U1", "roles": frozenset({Role.ADMIN})}

BMW_CATL = (
    "<p>BMW has signed an agreement with CATL to buy battery cells for its new electric cars from 2026.</p>"
    "<p>The contract runs for six years, the two companies said on Tuesday.</p>"
)
STELLANTIS = (
    "<p>Stellantis is in talks with CALB about a battery plant in Spain, people familiar with the matter "
    "said.</p><p>No agreement has been signed yet.</p>"
)
TOYOTA_PAGE = """<!doctype html><html><head><title>Toyota signs hydrogen deal with BMW</title>
<meta property="article:published_time" content="2024-05-02T08:00:00Z"></head><body>
<nav><a href="/">Home</a> <a href="/ev">EVs</a> <a href="/subscribe">Subscribe</a></nav>
<article><h1>Toyota signs hydrogen deal with BMW</h1>
<p>Toyota has signed an agreement with BMW to develop fuel cell systems for passenger cars.</p>
<p>The companies said the first model would reach showrooms in 2028.</p></article>
<aside class="related"><h2>Related</h2><ul><li><a href="/x">Nvidia unveils a new chip priced at $999</a></li></ul></aside>
<footer>Copyright 2024 Example News. All rights reserved.</footer></body></html>"""

# A Russian site: the feed names its charset only in the HTTP header, the page only in a <meta>.
KOI8_TITLE = "Кестрел подписал соглашение с Вольтарой"
KOI8_SENTENCES = [
    "Компания Кестрел подписала соглашение с Вольтарой о поставках аккумуляторов.",
    "Сделка оценивается в 90 миллиардов рублей, сообщили в понедельник обе компании.",
]
KOI8_PAGE_TITLE = "Вольтара построит завод под Самарой"
KOI8_PAGE_SENTENCES = [
    "Вольтара построит завод аккумуляторов под Самарой к 2027 году.",
    "Первым покупателем станет Кестрел, сообщила компания во вторник.",
]
KOI8_PAGE = (
    f'<html><head><meta charset="koi8-r"><title>{KOI8_PAGE_TITLE}</title></head><body><article>'
    f"<h1>{KOI8_PAGE_TITLE}</h1>{''.join(f'<p>{s}</p>' for s in KOI8_PAGE_SENTENCES)}</article></body></html>"
)
# A sentence the feed's HTML wraps with <br>, once before a closing bracket.
WRAPPED = (
    "<p>Rivian has agreed to buy battery packs from Kestrel Cells<br>\nfor its delivery vans (from 2027<br>)."
    "</p><p>The order covers 40,000 packs a year.</p>"
)


def rss(items: str, title: str = "EV Wire") -> str:
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        f'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>{title}</title>'
        f"<link>http://127.0.0.1/</link><description>EV news</description>{items}</channel></rss>"
    )


def item(
    title: str, link: str, content: str | None = None, summary: str = "", date: str = "Tue, 05 Mar 2024 09:00:00 GMT"
) -> str:
    encoded = f"<content:encoded><![CDATA[{content}]]></content:encoded>" if content else ""
    return (
        f"<item><title>{title}</title><link>{link}</link><pubDate>{date}</pubDate>"
        f"<description><![CDATA[{summary}]]></description>{encoded}</item>"
    )


class NewsSites:
    """One aiohttp server, several feeds; counts requests and answers conditional ones with 304."""

    def __init__(self) -> None:
        self.hits: dict[str, int] = {}
        self.conditional: list[dict[str, str]] = []
        self.broken = {"/flaky.xml"}  # answers 500 until removed from here
        self.port = 0
        self.held = asyncio.Event()  # /held.xml was asked for and is being held
        self.release = asyncio.Event()  # /held.xml may answer now (it answers after 2 s anyway)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    async def start(self) -> NewsSites:
        app = web.Application()
        app.router.add_get("/{path:.*}", self.handle)
        self.runner = web.AppRunner(app, shutdown_timeout=0.2)
        await self.runner.setup()
        await web.TCPSite(self.runner, "127.0.0.1", 0).start()
        self.port = self.runner.addresses[0][1]
        return self

    async def handle(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        self.hits[path] = self.hits.get(path, 0) + 1
        if path == "/rss.xml":
            headers = {"ETag": '"v1"', "Last-Modified": "Tue, 05 Mar 2024 09:00:00 GMT"}
            if request.headers.get("If-None-Match") == '"v1"':
                self.conditional.append(dict(request.headers))
                return web.Response(status=304, headers=headers)
            body = rss(
                item("BMW signs battery deal with CATL", self.url("/news/bmw-catl"), BMW_CATL)
                + item(
                    "Toyota signs hydrogen deal with BMW",
                    self.url("/news/toyota-bmw"),
                    summary="Toyota and BMW sign. Read more.",
                )
            )
            return web.Response(text=body, content_type="application/rss+xml", headers=headers)
        if path == "/atom.xml":
            return web.Response(
                content_type="application/atom+xml",
                text=(
                    '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
                    "<title>Battery Daily</title><id>urn:battery-daily</id><updated>2024-03-07T10:00:00Z</updated>"
                    "<entry><title>Stellantis in talks with CALB over Spanish plant</title>"
                    f'<link href="{self.url("/news/stellantis-calb")}"/><id>urn:1</id>'
                    "<updated>2024-03-07T10:00:00Z</updated>"
                    f'<content type="html"><![CDATA[{STELLANTIS}]]></content></entry></feed>'
                ),
            )
        if path == "/syndicated.xml":  # another site republishing the BMW story under its own URL
            return web.Response(
                content_type="application/rss+xml",
                text=rss(item("BMW signs battery deal with CATL", self.url("/partner/bmw-catl-copy"), BMW_CATL)),
            )
        if path == "/koi8.xml":
            body = rss(
                item(KOI8_TITLE, self.url("/news/koi8"), "".join(f"<p>{s}</p>" for s in KOI8_SENTENCES))
                + item(KOI8_PAGE_TITLE, self.url("/news/koi8-page")),
                title="Лента",
            )
            return web.Response(
                body=body.replace(' encoding="utf-8"', "").encode("koi8-r"),
                headers={"Content-Type": "application/rss+xml; charset=koi8-r"},
            )
        if path == "/news/koi8-page":
            return web.Response(body=KOI8_PAGE.encode("koi8-r"), headers={"Content-Type": "text/html"})
        if path == "/wrapped.xml":
            return web.Response(
                content_type="application/rss+xml",
                text=rss(item("Rivian to buy packs from Kestrel Cells", self.url("/news/rivian-kestrel"), WRAPPED)),
            )
        if path == "/news/toyota-bmw":
            return web.Response(text=TOYOTA_PAGE, content_type="text/html")
        if path in self.broken or path == "/500.xml":
            return web.Response(status=500, text="Internal Server Error")
        if path == "/flaky.xml":
            return web.Response(
                content_type="application/rss+xml",
                text=rss(item("Toyota signs hydrogen deal with BMW", self.url("/news/toyota-bmw"))),
            )
        if path == "/held.xml":
            self.held.set()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.release.wait(), 2)
            return web.Response(
                content_type="application/rss+xml",
                text=rss(item("BMW signs battery deal with CATL", self.url("/news/bmw-catl"), BMW_CATL)),
            )
        if path == "/slow.xml":
            await asyncio.sleep(10)
            return web.Response(text="too late")
        if path == "/malformed.xml":
            return web.Response(
                content_type="application/rss+xml",
                text='<?xml version="1.0"?><rss version="2.0"><channel><item><title>Oops</titl>',
            )
        if path == "/blog":
            return web.Response(
                content_type="text/html",
                text="<!DOCTYPE html><html><head><title>Our blog</title>"
                "</head><body><h1>Welcome</h1><p>Posts about cars.</p></body></html>",
            )
        if path == "/huge.xml":
            response = web.StreamResponse(headers={"Content-Type": "application/rss+xml"})
            await response.prepare(request)
            await response.write(b'<?xml version="1.0"?><rss version="2.0"><channel>')
            for _ in range(200):
                await response.write(b"<!-- " + b"x" * 4096 + b" -->")
            await response.write_eof()
            return response
        return web.Response(status=404, text="not found")


@pytest.fixture(autouse=True)
def feed_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    """Small limits, so that a slow or oversized feed fails quickly."""
    monkeypatch.setenv("EVBOT_FEED_TIMEOUT", "0.5")
    monkeypatch.setenv("EVBOT_FEED_MAX_MB", "0.25")


@pytest.fixture
async def sites() -> AsyncIterator[NewsSites]:
    server = await NewsSites().start()
    yield server
    await server.runner.cleanup()


async def say(bot: EvBot, text: str, **where: Any) -> Reply:
    """A chat message, answered in a worker thread as the adapters do (the test's loop keeps serving)."""
    return await asyncio.to_thread(bot.handle, Request(text=text, **{**ADMIN, **where}))


def articles(bot: EvBot) -> dict[str, Article]:
    return bot.with_kb(lambda kb: {a.url: a for a in kb.articles if a.url})


def feed(bot: EvBot, url: str) -> dict[str, Any]:
    return bot.with_kb(lambda kb: kb.store.get("feeds", url))


# -- the good feeds ------------------------------------------------------------------


async def test_an_rss_feed_is_ingested_from_its_content_or_its_pages_then_asked_only_if_changed(
    bot: EvBot, sites: NewsSites
) -> None:
    added = await say(bot, f"feeds add {sites.url('/rss.xml')}")
    assert added.text.startswith(f"Added {sites.url('/rss.xml')}.")
    first = await say(bot, "feeds poll")
    assert first.title == "Feeds polled" and first.text.startswith("Polled 1 feed: 2 new articles.")
    stored = articles(bot)
    bmw = stored[sites.url("/news/bmw-catl")]
    assert bmw.title == "BMW signs battery deal with CATL" and bmw.published == "2024-03-05"
    assert sites.hits.get("/news/bmw-catl") is None  # the feed carried the text: no page fetch
    toyota = stored[sites.url("/news/toyota-bmw")]  # the feed had a teaser only: the page was fetched, cleaned
    assert sites.hits["/news/toyota-bmw"] == 1
    assert toyota.sentences[1].startswith("Toyota has signed an agreement with BMW")
    assert not any("Nvidia" in s or "Copyright" in s or "Subscribe" in s for s in toyota.sentences)
    deals = bot.handle(Request(text="deals bmw")).text
    assert "BMW & CATL" in deals or "CATL & BMW" in deals

    again = await say(bot, "feeds poll")
    assert "unchanged since the last poll" in again.text and again.text.startswith("Polled 1 feed: 0 new")
    assert sites.conditional and sites.conditional[-1]["If-Modified-Since"] == "Tue, 05 Mar 2024 09:00:00 GMT"
    assert sites.hits["/news/toyota-bmw"] == 1  # nothing fetched again
    assert "reading fine, last change seen" in (await say(bot, "feeds list")).text
    revision = bot.kb.store.stamp()
    await say(bot, "feeds poll")  # a 304 changes nothing, so it writes nothing (no reload, no index rebuild)
    assert bot.kb.store.stamp() == revision


async def test_an_atom_feed_and_a_story_syndicated_twice_make_one_article_each(bot: EvBot, sites: NewsSites) -> None:
    for path in ("/atom.xml", "/rss.xml", "/syndicated.xml"):
        await say(bot, f"feeds add {sites.url(path)}")
    report = await say(bot, "feeds poll")
    assert report.text.startswith("Polled 3 feeds: 3 new articles.")
    stored = articles(bot)
    assert stored[sites.url("/news/stellantis-calb")].published == "2024-03-07"
    bmw = [a for a in stored.values() if a.title == "BMW signs battery deal with CATL"]
    assert len(bmw) == 1  # same text under two URLs: one article


async def test_a_feed_and_a_page_in_another_charset_are_stored_as_written(bot: EvBot, sites: NewsSites) -> None:
    await say(bot, f"feeds add {sites.url('/koi8.xml')}")
    assert (await say(bot, "feeds poll")).text.startswith("Polled 1 feed: 2 new articles.")
    stored = articles(bot)
    from_feed, from_page = stored[sites.url("/news/koi8")], stored[sites.url("/news/koi8-page")]
    assert from_feed.title == KOI8_TITLE and from_feed.sentences[1:] == KOI8_SENTENCES
    assert from_page.title == KOI8_PAGE_TITLE and from_page.sentences[1:] == KOI8_PAGE_SENTENCES


async def test_a_sentence_wrapped_in_a_feed_is_stored_whole(bot: EvBot, sites: NewsSites) -> None:
    await say(bot, f"feeds add {sites.url('/wrapped.xml')}")
    await say(bot, "feeds poll")
    assert articles(bot)[sites.url("/news/rivian-kestrel")].sentences[1:] == [
        "Rivian has agreed to buy battery packs from Kestrel Cells for its delivery vans (from 2027).",
        "The order covers 40,000 packs a year.",
    ]


# -- the bad ones ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/500.xml", "HTTP 500 Internal Server Error"),
        ("/slow.xml", "no complete answer within 0.5 s"),
        ("/malformed.xml", "malformed XML (mismatched tag at line 1, column"),
        ("/blog", "an HTML page, not an RSS or Atom feed"),
        ("/huge.xml", "larger than 0.2 MB"),
    ],
)
async def test_a_broken_feed_is_reported_logged_once_and_backed_off(
    bot: EvBot, sites: NewsSites, caplog: pytest.LogCaptureFixture, path: str, reason: str
) -> None:
    caplog.set_level(logging.WARNING, logger="knowledge.feeds")
    url = sites.url(path)
    await say(bot, f"feeds add {url}")
    before = len(articles(bot))
    for _ in range(3):
        report = await say(bot, "feeds poll")
        assert f"{url}: failed, {reason}" in report.text
    assert len(articles(bot)) == before
    assert [r.getMessage() for r in caplog.records if r.name == "knowledge.feeds"] == [
        f"feed {url} failed: {report.text.split('failed, ')[1].split('; retrying')[0]}; "
        "retrying with back-off (logged once until it recovers)"
    ]
    state = feed(bot, url)
    assert state["failures"] == 3
    wait = datetime.fromisoformat(state["retry_at"]) - datetime.fromisoformat(state["last_polled_at"])
    assert wait == timedelta(minutes=120)  # 30, 60, 120: doubling from EVBOT_FEED_INTERVAL
    listed = (await say(bot, "feeds list")).text
    assert "failing (3 in a row)" in listed and reason.split(" (")[0] in listed


async def test_a_failing_feed_recovers_and_says_so_once(
    bot: EvBot, sites: NewsSites, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="knowledge.feeds")
    url = sites.url("/flaky.xml")
    await say(bot, f"feeds add {url}")
    await say(bot, "feeds poll")
    await say(bot, "feeds poll")
    sites.broken.clear()
    report = await say(bot, "feeds poll")
    assert report.text.startswith("Polled 1 feed: 1 new article.")
    assert [r.getMessage() for r in caplog.records] == [
        f"feed {url} failed: HTTP 500 Internal Server Error; retrying with back-off (logged once until it recovers)",
        f"feed {url} is back after 2 failed polls",
    ]
    assert feed(bot, url)["failures"] == 0


async def test_a_slow_or_failing_feed_does_not_hold_up_the_others(bot: EvBot, sites: NewsSites) -> None:
    for path in ("/slow.xml", "/500.xml", "/atom.xml"):
        await say(bot, f"feeds add {sites.url(path)}")
    scheduler = DigestScheduler(bot, {}, poll_feeds=False)
    started = time.monotonic()
    report = await scheduler.poll_feeds()  # the scheduled poll, through the core
    assert time.monotonic() - started < 3
    assert {r.url: r.status for r in report.results} == {
        sites.url("/slow.xml"): "failed",
        sites.url("/500.xml"): "failed",
        sites.url("/atom.xml"): "ok",
    }
    assert sites.url("/news/stellantis-calb") in articles(bot)

    report = await scheduler.poll_feeds()  # the failing two are backing off; the good one is asked again
    assert {r.url: r.status for r in report.results} == {
        sites.url("/slow.xml"): "skipped",
        sites.url("/500.xml"): "skipped",
        sites.url("/atom.xml"): "ok",
    }
    assert sites.hits["/500.xml"] == 1


async def say_here(bot: EvBot, text: str) -> Reply:
    """A chat message answered on this event loop, as the Slack and Discord adapters answer one (the fake
    feed server runs on the same loop, so a poll that blocked it would never get its feed)."""
    return await bot.respond(Request(text=text, **ADMIN))


@pytest.mark.parametrize("poll", ["feeds poll", "feeds poll on the question's event loop", "the scheduled poll"])
async def test_a_question_is_answered_while_a_poll_waits_on_a_slow_feed(
    db_path: Path, sites: NewsSites, monkeypatch: pytest.MonkeyPatch, poll: str
) -> None:
    monkeypatch.setenv("EVBOT_FEED_TIMEOUT", "10")  # the held feed is slow, not failing
    bot = EvBot.open(db_path)
    ask = say_here if "event loop" in poll else say
    await ask(bot, f"feeds add {sites.url('/held.xml')}")
    if poll.startswith("feeds poll"):
        polling = asyncio.ensure_future(ask(bot, "feeds poll"))
    else:
        polling = asyncio.ensure_future(DigestScheduler(bot, {}, poll_feeds=False).poll_feeds(force=True))
    finished: list[str] = []
    polling.add_done_callback(lambda _: finished.append("poll"))
    await asyncio.wait_for(sites.held.wait(), 10)  # the poll now waits on the feed
    answer = await ask(bot, "who is ford talking to?")
    finished.append("question")
    sites.release.set()
    report = await polling
    assert finished == ["question", "poll"]  # the question did not wait for the feed
    assert answer.found and "Ford & Xiaomi" in answer.text
    assert sites.url("/news/bmw-catl") in articles(bot)  # and the poll still stored what it brought
    assert "1 new" in (report.text if isinstance(report, Reply) else f"{report.added} new")


async def test_only_http_and_https_feeds_are_accepted_and_feeds_can_be_removed(bot: EvBot, sites: NewsSites) -> None:
    for bad in ("file:///etc/passwd", "ftp://example.com/feed", "javascript:alert(1)", "example.com/feed"):
        reply = await say(bot, f"feeds add {bad}")
        assert reply.kind == "usage" and "only http:// and https:// feed URLs are accepted" in reply.text
    url = sites.url("/atom.xml")
    await say(bot, f"feeds add {url}")
    assert (await say(bot, f"feeds add {url}")).text == f"I already read {url}."
    assert (await say(bot, f"feeds remove {url}")).text.startswith(f"Removed {url}.")
    assert (await say(bot, "feeds list")).text.startswith("I read no feeds yet")


async def test_evbot_feeds_on_the_command_line(db_path: Path, sites: NewsSites) -> None:
    async def evbot(*args: str) -> tuple[int, str]:
        process = await asyncio.create_subprocess_exec(
            Path(sys.executable).with_name("evbot"),
            "--db",
            str(db_path),
            *args,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
            env={**os.environ, "COLUMNS": "300"},
        )  # rich wraps at the terminal's width
        out, _ = await asyncio.wait_for(process.communicate(), timeout=60)
        return process.returncode or 0, out.decode()

    code, out = await evbot("feeds", "add", sites.url("/rss.xml"))
    assert code == 0 and "Added" in out
    code, out = await evbot("feeds", "poll")
    assert code == 0 and "2 new articles" in out
    code, out = await evbot("feeds", "list")
    assert code == 0 and "(EV Wire)" in out and "2 articles so far" in out
    code, out = await evbot("feeds", "remove", sites.url("/rss.xml"))
    assert code == 0 and "Removed" in out
