"""News feeds: RSS and Atom polled over HTTP, their entries ingested like files.

Each feed is a record (``Feed``, knowledge/feed_list.py; key: its URL) holding
what the next poll needs: the validators for a conditional request (ETag,
Last-Modified), the failure streak and when to try again. A poll asks each
due feed "changed since?", so an unchanged feed costs one small request and a
304. Entries whose page is already stored (same URL) are skipped before any
page is fetched; the rest become ``Document``s and go through the same
ingestion as files (which de-duplicates by URL and by text, so a story
syndicated by two feeds is one article).

Failures never spread: every feed runs in its own task with its own timeout
and size cap, a failing feed is retried with exponential back-off, and a
failure streak is logged once, when it starts (and once more when the feed is
back). The validators move forward only after the entries were ingested, so a
failed write never hides an entry behind a 304.

Network code lives here; store access is handed in as callables so that the
caller decides how it is serialised (the bot core holds a lock around it).
"""

from __future__ import annotations

import asyncio
import html
import logging
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol, TypeVar
from urllib.parse import urljoin, urlsplit, urlunsplit

from knowledge.contract import Store
from knowledge.controls import strip_controls
from knowledge.decode import charset, decode
from knowledge.feed_list import Feed, FeedList
from knowledge.ingest import Document, IngestReport

if TYPE_CHECKING:
    import aiohttp

log = logging.getLogger(__name__)

T = TypeVar("T")


class Locked(Protocol):
    """Runs a function with the store to itself, away from the event loop, and gives back its result."""

    def __call__(self, fn: Callable[[Store], T], /) -> Awaitable[T]: ...


USER_AGENT = "evbot/0.1 (EV deal news reader; +https://github.com/evbot)"
FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
MAX_BACKOFF = timedelta(hours=24)


class FeedError(Exception):
    """One poll of one feed failed; the message is the one-line reason users see."""


@dataclass(frozen=True)
class FeedOptions:
    timeout_s: float = 20.0  # per request, connect included
    max_bytes: int = 5 * 1024 * 1024  # a feed or a page larger than this is not read
    max_entries: int = 50  # newest entries considered per poll
    concurrency: int = 4  # feeds fetched at once
    page_concurrency: int = 4  # article pages fetched at once, per feed
    backoff_base: timedelta = timedelta(minutes=30)  # first retry after a failure; doubles per failure


@dataclass
class FeedResult:
    """What one poll of one feed did."""

    url: str
    status: str = "ok"  # ok, unchanged, failed, skipped (backing off)
    title: str | None = None
    added: list[str] = field(default_factory=list)  # titles of new articles
    duplicates: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (entry, reason)
    error: str | None = None
    warning: str | None = None
    etag: str | None = None
    modified: str | None = None


@dataclass
class PollReport:
    results: list[FeedResult] = field(default_factory=list)

    @property
    def added(self) -> int:
        return sum(len(r.added) for r in self.results)

    @property
    def failed(self) -> list[FeedResult]:
        return [r for r in self.results if r.status == "failed"]


# -- the feeds ------------------------------------------------------------------


def normalise_url(url: str) -> str:
    """The feed URL as stored; raises FeedError for anything but an absolute http(s) URL."""
    url = url.strip().strip("<>")
    parts = urlsplit(url)
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        raise FeedError(f"only http:// and https:// feed URLs are accepted, not {url!r}")
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, ""))


def list_feeds(store: Store) -> list[Feed]:
    return FeedList(store).all()


def add_feed(store: Store, url: str, *, now: datetime, added_by: str = "") -> tuple[Feed, bool]:
    """The feed record, and whether it is new (adding a known feed changes nothing)."""
    url = normalise_url(url)
    feeds = FeedList(store)
    existing = feeds.get(url)
    if existing:
        return existing, False
    feed = Feed(url=url, added_at=_second(now), added_by=added_by)
    feeds.put(feed)
    return feed, True


def remove_feed(store: Store, url: str) -> bool:
    try:
        url = normalise_url(url)
    except FeedError:
        return False
    return FeedList(store).delete(url)


def backoff(failures: int, base: timedelta) -> timedelta:
    """Wait before the next try after ``failures`` failures in a row: base, 2 x base, 4 x base... capped at a day."""
    return min(base * (2 ** max(failures - 1, 0)), MAX_BACKOFF)


def record_result(store: Store, result: FeedResult, *, now: datetime, options: FeedOptions) -> None:
    """Store what a poll learnt about a feed, and log a failure streak once, when it starts.

    A poll that changed nothing (a 304 from a healthy feed) writes nothing: every store write rewrites the
    store's file, which every other process then reads again.
    """
    with store.transaction():
        feeds = FeedList(store)
        before = feeds.get(result.url)
        if before is None:  # removed while it was being polled
            return
        feed = before
        if result.status == "failed":
            failures = feed.failures + 1
            feed = replace(
                feed,
                failures=failures,
                retry_at=_second(now + backoff(failures, options.backoff_base)),
                last_error=result.error,
            )
            if failures == 1:
                log.warning(
                    "feed %s failed: %s; retrying with back-off (logged once until it recovers)",
                    result.url,
                    result.error,
                )
            else:
                log.debug("feed %s failed again (%d in a row): %s", result.url, failures, result.error)
        else:
            if feed.failures:
                log.warning("feed %s is back after %d failed polls", result.url, feed.failures)
            feed = replace(feed, failures=0, retry_at=None, last_error=None)
            if result.status == "ok":
                if result.warning and result.warning != feed.warning:
                    log.warning("feed %s: %s", result.url, result.warning)
                feed = replace(
                    feed,
                    etag=result.etag,
                    modified=result.modified,
                    title=result.title or feed.title,
                    articles=feed.articles + len(result.added),
                    warning=result.warning,
                )
        if feed != before or not feed.last_polled_at:
            polled = _second(now)
            feed = replace(
                feed, last_polled_at=polled, last_ok_at=polled if result.status != "failed" else feed.last_ok_at
            )
            feeds.put(feed)


def _second(moment: datetime) -> datetime:
    """The moment in UTC to the second: what a feed's record keeps."""
    return moment.astimezone(UTC).replace(microsecond=0)


# -- HTTP -----------------------------------------------------------------------


@dataclass
class _Fetched:
    status: int
    body: bytes
    url: str
    content_type: str
    headers: Mapping[str, str]  # aiohttp's case-insensitive copy: servers spell ETag as Etag, etag...


async def _get(
    session: aiohttp.ClientSession, url: str, options: FeedOptions, headers: dict[str, str] | None = None
) -> _Fetched:
    """GET with a timeout and a size cap; every failure becomes a FeedError with a one-line reason."""
    import aiohttp  # here, not at the top: `feeds list` and every other command need no HTTP client

    if urlsplit(url).scheme.lower() not in {"http", "https"}:
        raise FeedError(f"not an http(s) URL: {url}")
    try:
        async with asyncio.timeout(options.timeout_s):
            async with session.get(url, headers=headers or {}, allow_redirects=True, max_redirects=5) as resp:
                if urlsplit(str(resp.url)).scheme not in {"http", "https"}:
                    raise FeedError(f"redirected to a non-http(s) URL: {resp.url}")
                if resp.status == 304:
                    return _Fetched(304, b"", str(resp.url), "", resp.headers.copy())
                if resp.status != 200:
                    raise FeedError(f"HTTP {resp.status} {resp.reason or ''}".strip())
                if (resp.content_length or 0) > options.max_bytes:
                    raise FeedError(f"larger than {_mb(options.max_bytes)} ({_mb(resp.content_length or 0)}); not read")
                body = bytearray()
                async for chunk in resp.content.iter_chunked(65536):
                    body += chunk
                    if len(body) > options.max_bytes:
                        raise FeedError(f"larger than {_mb(options.max_bytes)}; stopped reading")
                return _Fetched(200, bytes(body), str(resp.url), resp.content_type or "", resp.headers.copy())
    except TimeoutError:
        raise FeedError(f"no complete answer within {options.timeout_s:g} s") from None
    except aiohttp.TooManyRedirects:
        raise FeedError("too many redirects") from None
    except aiohttp.ClientConnectorError as exc:
        reason = exc.os_error.strerror or type(exc.os_error).__name__
        raise FeedError(f"cannot connect to {exc.host}:{exc.port} ({reason})") from None
    except aiohttp.ClientError as exc:
        raise FeedError(f"{type(exc).__name__}: {exc}".rstrip(": ")) from None


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB".replace(".0 MB", " MB")


def _looks_like_html(fetched: _Fetched) -> bool:
    head = fetched.body[:2048].lstrip().lower()
    if head.startswith(b"<?xml") or b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head:
        return False
    return "html" in fetched.content_type or head.startswith((b"<!doctype html", b"<html"))


def parse_feed(fetched: _Fetched) -> Any:
    """feedparser's result for a fetched document; FeedError when it is an HTML page or not a usable feed."""
    if _looks_like_html(fetched):
        raise FeedError(
            "an HTML page, not an RSS or Atom feed; use the site's feed link "
            '(often /feed, /rss or a <link rel="alternate"> in the page)'
        )
    import feedparser

    # feedparser is told the charset we found (header, XML declaration, else detected): left to itself it reads
    # a feed that declares none, or declares it only in the HTTP header we would otherwise drop, as windows-1252.
    encoding = charset(fetched.body, _charset(fetched.headers)) or "utf-8"
    content_type = f"{fetched.content_type or 'application/xml'}; charset={encoding}"
    parsed = feedparser.parse(
        fetched.body, response_headers={"content-location": fetched.url, "content-type": content_type}
    )
    usable = [e for e in parsed.entries if e.get("title") and (e.get("link") or e.get("content") or e.get("summary"))]
    if parsed.bozo and not usable:
        raise FeedError(f"malformed XML ({_describe_xml_error(parsed.get('bozo_exception'))})")
    if not parsed.version and not usable:
        raise FeedError("not an RSS or Atom feed")
    return parsed


def _describe_xml_error(exc: Any) -> str:
    if exc is None:
        return "unreadable"
    message = str(getattr(exc, "getMessage", lambda: exc)())
    line = getattr(exc, "getLineNumber", lambda: None)()
    column = getattr(exc, "getColumnNumber", lambda: None)()
    return f"{message} at line {line}, column {column}" if line else message


# -- entries -> documents ---------------------------------------------------------


def _published(entry: Any) -> str | None:
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")  # feedparser gives UTC
    if not stamp:
        return None
    year, month, day, hour, minute, second = stamp[:6]
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC).date().isoformat()


def _content(entry: Any) -> tuple[str, str] | None:
    """The entry's full text as the feed carries it (Atom content, RSS content:encoded), and its kind."""
    best = None
    for item in entry.get("content") or []:
        value = (item.get("value") or "").strip()
        if value and (best is None or len(value) > len(best[0])):
            best = (value, "text" if item.get("type") == "text/plain" else "html")
    return best


def _as_page(title: str, body: str) -> str:
    """A feed's HTML fragment as a page, so the boilerplate remover sees its title."""
    safe = html.escape(title)
    return f"<html><head><title>{safe}</title></head><body><article><h1>{safe}</h1>{body}</article></body></html>"


def _entry_link(entry: Any, base: str) -> str | None:
    link = entry.get("link")
    if not link:
        return None
    link = urljoin(base, link.strip())
    return link if urlsplit(link).scheme in {"http", "https"} else None


async def _entry_document(session: aiohttp.ClientSession, entry: Any, base: str, options: FeedOptions) -> Document:
    """A Document for one entry: the feed's content, else the article page, else the entry's summary."""
    title = " ".join((entry.get("title") or "").split())
    link = _entry_link(entry, base)
    published = _published(entry)
    content = _content(entry)
    if content:
        text, kind = content
        return Document(
            text=_as_page(title, text) if kind == "html" else f"{title}\n{text}",
            kind=kind,
            title=title,
            url=link,
            published=published,
            source=base,
        )
    problem = "the entry has no text and no link"
    if link:
        try:
            page = await _get(session, link, options, {"Accept": "text/html, text/plain;q=0.8"})
            if "html" not in page.content_type and not page.content_type.startswith("text/"):
                raise FeedError(f"the page is {page.content_type or 'not text'}")
            try:
                text = decode(page.body, _charset(page.headers))
            except ValueError as exc:
                raise FeedError(str(exc)) from None
            return Document(text=text, kind="html", title=title, url=link, published=published, source=base)
        except FeedError as exc:
            problem = f"page not fetched: {exc}"
    summary = (entry.get("summary") or "").strip()
    if summary:
        return Document(
            text=_as_page(title, summary), kind="html", title=title, url=link, published=published, source=base
        )
    raise FeedError(problem)


def _charset(headers: Mapping[str, str]) -> str | None:
    for part in headers.get("Content-Type", "").split(";"):
        name, _, value = part.strip().partition("=")
        if name.lower() == "charset" and value:
            return value.strip('"')
    return None


# -- one poll ---------------------------------------------------------------------


async def fetch_entries(
    session: aiohttp.ClientSession, feed: Feed, known_urls: set[str], options: FeedOptions
) -> tuple[FeedResult, list[tuple[str, Document]]]:
    """Ask one feed for what changed; the documents of entries not stored yet. Raises FeedError."""
    url = feed.url
    headers = {"Accept": FEED_ACCEPT}
    if feed.etag:
        headers["If-None-Match"] = feed.etag
    if feed.modified:
        headers["If-Modified-Since"] = feed.modified
    fetched = await _get(session, url, options, headers)
    result = FeedResult(url=url)
    if fetched.status == 304:
        result.status = "unchanged"
        return result, []
    parsed = parse_feed(fetched)
    result.title = strip_controls(parsed.feed.get("title") or "").strip() or None
    result.etag = fetched.headers.get("ETag")
    result.modified = fetched.headers.get("Last-Modified")
    if parsed.bozo:
        result.warning = (
            f"not well-formed XML ({_describe_xml_error(parsed.get('bozo_exception'))}); "
            f"read {len(parsed.entries)} entries leniently"
        )
    fresh = []
    for entry in parsed.entries[: options.max_entries]:
        link = _entry_link(entry, fetched.url)
        if link and link in known_urls:
            result.duplicates += 1
            continue
        fresh.append(entry)
    gate = asyncio.Semaphore(options.page_concurrency)

    async def one(entry: Any) -> tuple[str, Document | FeedError]:
        label = f"{url} :: {_entry_link(entry, fetched.url) or entry.get('title') or 'untitled entry'}"
        async with gate:
            try:
                return label, await _entry_document(session, entry, fetched.url, options)
            except FeedError as exc:
                return label, exc

    docs = []
    for label, doc in await asyncio.gather(*(one(e) for e in fresh)):
        if isinstance(doc, FeedError):
            result.skipped.append((label, str(doc)))
        else:
            docs.append((label, doc))
    return result, docs


async def poll(
    *,
    locked: Locked,
    ingest: Callable[[list[tuple[str, Document]]], Awaitable[IngestReport]],
    now: Callable[[], datetime],
    options: FeedOptions = FeedOptions(),
    force: bool = False,
    only: Iterable[str] | None = None,
) -> PollReport:
    """Poll every due feed (every feed with ``force``) at most ``options.concurrency`` at a time.

    ``locked(fn)`` runs ``fn(store)`` with the store to itself; ``ingest(docs)`` ingests documents
    the way files are. A feed's failure is recorded on that feed and never raises.
    """
    feeds, known = await locked(
        lambda store: (list_feeds(store), {a["url"] for a in store.all("articles") if a.get("url")})
    )
    if only is not None:
        wanted = {normalise_url(u) for u in only}
        feeds = [f for f in feeds if f.url in wanted]
    import aiohttp

    report = PollReport()
    gate = asyncio.Semaphore(options.concurrency)
    timeout = aiohttp.ClientTimeout(total=None, sock_connect=options.timeout_s, sock_read=options.timeout_s)
    async with aiohttp.ClientSession(timeout=timeout, headers={"User-Agent": USER_AGENT}) as session:

        async def one(feed: Feed) -> FeedResult:
            if not force and not feed.is_due(now()):
                return FeedResult(url=feed.url, status="skipped", error=feed.last_error)
            async with gate:
                try:
                    result, docs = await fetch_entries(session, feed, known, options)
                    if docs:
                        ingested = await ingest(docs)
                        by_label = {label: doc for label, doc in docs}
                        result.added = [by_label[label].title or label for label in ingested.added]
                        result.duplicates += len(ingested.duplicates)
                        result.skipped += ingested.skipped
                except FeedError as exc:
                    _still_running(exc)
                    result = FeedResult(url=feed.url, status="failed", error=str(exc))
                except Exception as exc:  # a bug or a store error must not stop the other feeds
                    _still_running(exc)
                    log.exception("polling feed %s failed unexpectedly", feed.url)
                    result = FeedResult(url=feed.url, status="failed", error=f"{type(exc).__name__}: {exc}")
            # The validators are stored only now, after the entries were ingested.
            try:
                await locked(lambda store: record_result(store, result, now=now(), options=options))
            except Exception:
                log.exception("could not record the poll of feed %s", feed.url)
            return result

        report.results = list(await asyncio.gather(*(one(f) for f in feeds)))
    return report


def _still_running(error: Exception) -> None:
    """A fetch that a Ctrl-C cancelled can end in the HTTP client's own error ("connection closed"): that is the
    interrupt, to be raised as one, not a feed that failed."""
    task = asyncio.current_task()
    if task is not None and task.cancelling():
        raise asyncio.CancelledError from error
