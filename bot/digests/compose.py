"""Composing a news digest: what a channel has not been told yet, as the messages that tell it.

Pure: given the knowledge snapshot (articles and deals), a subscription's
high-water mark (the ``seq`` of the newest article its last complete digest
covered) and what it has been told since (``Told``, per item, kept with the
subscription, knowledge/subscriptions.py), ``compose``
decides what to post and what the mark becomes once all of it is posted.
When to post and recording what was posted belong to the scheduler.

A digest has up to three parts, each newest first, one line per item with its
link: deals first reported after the mark, deals whose status changed after
the mark (talks -> signed), and other new articles that name a company. An
article that only repeats what a listed deal line says is not listed again.

Nothing is cut. A digest longer than one message (``limit`` lines of a part,
or ``MAX_TEXT`` characters) becomes several, each item in exactly one; every
item has a key and a version (the newest article it draws on), so the
scheduler can record what each posted message told and a later digest leaves
out exactly that. An item in a post that may not have arrived (``Told.posts``
1) is listed once more; after a second post it is told (``MAX_POSTS``), so
no interruption repeats a line more than once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from bot.deal_views import STATUS_LABELS
from bot.deal_views import line as deal_line
from bot.models import Citation, Reply
from knowledge.records import Article, Deal
from knowledge.subscriptions import Told

TITLE = "EV deals digest"
MAX_TEXT = 3500  # under Discord's 4,096-character embed description; Slack splits into sections
MAX_LINE = 240
PAGE_SIZE = 8  # lines of one part (new deals, status changes, other news) in one message
MAX_POSTS = 2  # posts an item may be in: a confirmed one counts as both
BULLET = "\u2022 "
REPEAT_NOTE = "Some of these may repeat a post that was interrupted."


@dataclass(frozen=True)
class Item:
    """One line of a digest. ``key`` names the deal or the article; ``version`` is the newest article the
    line draws on, so a deal reported again after it was told is news again."""

    key: str
    version: int
    text: str
    url: str | None = None
    citation: Citation | None = None
    repeat: bool = False  # in an earlier post that may not have arrived

    def line(self, links: bool = True) -> str:
        return _item(self.text, self.url if links else None)


Section = tuple[str, tuple[Item, ...]]


@dataclass(frozen=True)
class Message:
    """One post of a digest and the items it tells."""

    reply: Reply
    items: tuple[Item, ...] = ()


@dataclass(frozen=True)
class Digest:
    messages: tuple[Message, ...]  # in posting order; empty: nothing to post
    mark: int  # the high-water mark once every message is delivered
    sections: tuple[Section, ...] = ()
    period: str = ""
    continued: bool = False  # part of this period's news was told already
    new_deals: int = 0
    status_changes: int = 0
    articles: int = 0

    @property
    def reply(self) -> Reply | None:
        """The first message: what a single post (``digest now``) shows."""
        return self.messages[0].reply if self.messages else None

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for message in self.messages for item in message.items)

    def whole(self, links: bool = True) -> Reply | None:
        """Every item in one reply, for what has no message size limit (the command line) or must show it
        all at once (``digest preview``); ``links=False`` leaves the URLs out to keep it short."""
        if not self.sections:
            return self.reply
        counts = dict(new_deals=self.new_deals, status_changes=self.status_changes, articles=self.articles)
        items = [item for _, part in self.sections for item in part]
        return Reply(
            title=f"{TITLE}: {_summary(**counts)}",
            text=_text(_intro(self.period, self.continued, items), list(self.sections), links),
            citations=tuple(item.citation for item in items if item.citation),
            kind="digest",
        )


def compose(
    articles: Sequence[Article],
    deals: Sequence[Deal],
    mark: int,
    *,
    told: Mapping[str, Told] | None = None,
    period: str = "since the last digest",
    no_news: bool = False,
    limit: int = PAGE_SIZE,
) -> Digest:
    """The digest of everything ingested after ``mark`` that ``told`` does not hold; no messages for an
    empty period unless ``no_news`` asks for a "no news" post (never for the rest of a period part of
    which was told)."""
    told = told or {}
    by_key = {a.key: a for a in articles}
    seq_of = {key: a.seq for key, a in by_key.items()}
    new_mark = max([mark, *(a.seq for a in articles)])
    fresh = [a for a in articles if a.seq > mark]

    new_deals = [d for d in deals if d.first_seen > mark]
    changed = []
    for deal in deals:
        if deal.first_seen <= mark < deal.updated:
            before = _status_at(deal, mark, seq_of)
            if before and before != deal.status:
                changed.append((deal, before))

    def newest(deal: Deal) -> tuple[str, int]:
        recent = [by_key[k] for k in deal.articles if k in by_key and by_key[k].seq > mark]
        return max(((a.published or "", a.seq) for a in recent), default=("", deal.updated))

    new_deals.sort(key=newest, reverse=True)
    changed.sort(key=lambda item: newest(item[0]), reverse=True)
    covered = {k for d in [*new_deals, *(d for d, _ in changed)] for k in d.articles if seq_of.get(k, 0) > mark}
    others = sorted(
        (a for a in fresh if a.key not in covered and a.companies),
        key=lambda a: (a.published or "", a.seq),
        reverse=True,
    )

    candidates = [
        ("New deals", [_deal_item(d, by_key, mark) for d in new_deals]),
        ("Status changes", [_change_item(d, before, by_key, mark) for d, before in changed]),
        ("Other news", [_article_item(a) for a in others]),
    ]
    sections: list[Section] = []
    for heading, found in candidates:
        left = tuple(item for item in (_against(item, told) for item in found) if item is not None)
        if left:
            sections.append((heading, left))
    continued = sum(len(items) for _, items in candidates) > sum(len(items) for _, items in sections)
    counts = {
        "new_deals": len(dict(sections).get("New deals", ())),
        "status_changes": len(dict(sections).get("Status changes", ())),
        "articles": len(dict(sections).get("Other news", ())),
    }
    if not sections:
        if not no_news or continued:
            return Digest((), new_mark, continued=continued)
        reply = Reply(title=TITLE, text=f"No new EV deal news {period}.", found=False, kind="digest")
        return Digest((Message(reply),), new_mark, period=period)

    pages = _pages(period, continued, sections, limit)
    summary = _summary(**counts)
    messages = []
    for number, page in enumerate(pages, 1):
        items = tuple(item for _, part in page for item in part)
        title = f"{TITLE}{', continued' if continued else ''}: {summary}"
        if len(pages) > 1:
            title += f" ({number}/{len(pages)})"
        text = _text(_intro(period, continued or number > 1, items), page)
        citations = tuple(item.citation for item in items if item.citation)
        messages.append(Message(Reply(title=title, text=text, citations=citations, kind="digest"), items))
    return Digest(tuple(messages), new_mark, tuple(sections), period, continued, **counts)


def _against(item: Item, told: Mapping[str, Told]) -> Item | None:
    """The item as it stands against what was told: None when told, marked when it may have been."""
    before = told.get(item.key)
    if before is None or before.version < item.version:
        return item
    return None if before.posts >= MAX_POSTS else replace(item, repeat=True)


def _pages(period: str, continued: bool, sections: list[Section], limit: int) -> list[list[Section]]:
    """The sections cut into messages in reading order: at most ``limit`` lines of a part and ``MAX_TEXT``
    characters in each; a part that does not fit goes on in the next message."""
    pages: list[list[Section]] = []
    page: list[Section] = []
    for heading, items in sections:
        for item in items:
            if page and page[-1][0] == heading:
                grown = [*page[:-1], (heading, (*page[-1][1], item))]
            else:
                grown = [*page, (heading, (item,))]
            shown = [i for _, part in grown for i in part]
            full = len(grown[-1][1]) > limit
            if page and (full or len(_text(_intro(period, continued or bool(pages), shown), grown)) > MAX_TEXT):
                pages.append(page)
                page = [(heading, (item,))]
            else:
                page = grown
    pages.append(page)
    return pages


def _citation(deal: Deal, by_key: dict[str, Article]) -> Citation | None:
    """The sentence that best states a listed deal: what a digest's opening paragraph may draw on."""
    for ev in sorted(deal.evidence, key=lambda ev: -len({"status", "date", "topics"} & set(ev.fields))):
        article = by_key.get(ev.article)
        if article:
            return Citation(title=article.title, url=article.url, published=article.published, quote=ev.text)
    return None


def mark_before(articles: Sequence[Article], cutoff: datetime) -> int:
    """The high-water mark that makes a digest cover what was ingested at or after ``cutoff``."""
    older = [a.seq for a in articles if a.ingested_at and datetime.fromisoformat(a.ingested_at) < cutoff]
    return max(older, default=0)


def _status_at(deal: Deal, mark: int, seq_of: dict[str, int]) -> str | None:
    """The deal's status as it stood when the mark was set: its latest event from an older article."""
    known = [e.status for e in deal.events if seq_of.get(e.article, mark + 1) <= mark]
    return known[-1] if known else None


def _link(deal: Deal, by_key: dict[str, Article], mark: int) -> str | None:
    """The newest reporting article's URL, preferring articles after the mark."""
    reporting = [by_key[k] for k in deal.articles if k in by_key and by_key[k].url]
    reporting.sort(key=lambda a: (a.seq > mark, a.published or "", a.seq), reverse=True)
    return reporting[0].url if reporting else None


def _item(text: str, url: str | None) -> str:
    text = " ".join(text.split())
    room = MAX_LINE - (len(url) + 3 if url else 0)
    if len(text) > room:
        text = text[: max(room - 1, 20)].rstrip() + "\u2026"
    return f"{BULLET}{text}" + (f" - {url}" if url else "")


def _deal_item(deal: Deal, by_key: dict[str, Article], mark: int) -> Item:
    return Item(f"deal:{deal.key}", deal.updated, deal_line(deal), _link(deal, by_key, mark), _citation(deal, by_key))


def _change_item(deal: Deal, before: str, by_key: dict[str, Article], mark: int) -> Item:
    now = STATUS_LABELS.get(deal.status, deal.status)
    text = f"{deal.name}: {deal.kind}, {STATUS_LABELS.get(before, before)} -> {now}"
    if deal.date and deal.status == "signed":
        text += f" ({deal.date.text})"
    return Item(f"deal:{deal.key}", deal.updated, text, _link(deal, by_key, mark), _citation(deal, by_key))


def _article_item(article: Article) -> Item:
    text = article.title + (f" ({article.published})" if article.published else "")
    return Item(f"article:{article.key}", article.seq, text, article.url)


def _intro(period: str, continued: bool, items: Sequence[Item]) -> str:
    intro = f"More news {period}." if continued else f"News {period}."
    return f"{intro} {REPEAT_NOTE}" if any(item.repeat for item in items) else intro


def _text(intro: str, sections: list[Section], links: bool = True) -> str:
    parts = [intro]
    for heading, items in sections:
        parts.append(heading + "\n" + "\n".join(item.line(links) for item in items))
    return "\n\n".join(parts)


def _summary(new_deals: int, status_changes: int, articles: int) -> str:
    parts = []
    if new_deals:
        parts.append(f"{new_deals} new deal{'s' if new_deals != 1 else ''}")
    if status_changes:
        parts.append(f"{status_changes} status change{'s' if status_changes != 1 else ''}")
    if articles:
        parts.append(f"{articles} other article{'s' if articles != 1 else ''}")
    return ", ".join(parts)
