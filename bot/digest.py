"""Composing a news digest: what a channel has not been told yet, as one ``Reply``.

Pure: given the knowledge snapshot (articles and deals) and a subscription's
high-water mark (the ``seq`` of the newest article its last digest covered),
``compose`` decides what to post and what the mark becomes. When to post and
recording that it was posted belong to the scheduler.

A digest has up to three parts, each newest first, one line per item with its
link: deals first reported after the mark, deals whose status changed after
the mark (talks -> signed), and other new articles that name a company. An
article that only repeats what a listed deal line says is not listed again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.deal_views import STATUS_LABELS
from bot.deal_views import line as deal_line
from bot.models import Citation, Reply
from knowledge.knowledge_base import deal_name

TITLE = "EV deals digest"
MAX_TEXT = 3500  # under Discord's 4,096-character embed description; Slack splits into sections
MAX_LINE = 240
BULLET = "\u2022 "


@dataclass(frozen=True)
class Digest:
    reply: Reply | None  # None: nothing to post
    mark: int  # the high-water mark once this digest is delivered
    new_deals: int = 0
    status_changes: int = 0
    articles: int = 0

    @property
    def empty(self) -> bool:
        return not (self.new_deals or self.status_changes or self.articles)


def compose(
    articles: Sequence[dict[str, Any]],
    deals: Sequence[dict[str, Any]],
    mark: int,
    *,
    period: str = "since the last digest",
    no_news: bool = False,
    limit: int = 8,
) -> Digest:
    """The digest of everything ingested after ``mark``; ``reply`` is None for an empty period
    unless ``no_news`` asks for a "no news" post."""
    by_key = {a["key"]: a for a in articles}
    seq_of = {key: a["seq"] for key, a in by_key.items()}
    new_mark = max([mark, *(a["seq"] for a in articles)])
    fresh = [a for a in articles if a["seq"] > mark]

    new_deals = [d for d in deals if d["first_seen"] > mark]
    changed = []
    for deal in deals:
        if deal["first_seen"] <= mark < deal["updated"]:
            before = _status_at(deal, mark, seq_of)
            if before and before != deal["status"]:
                changed.append((deal, before))

    def newest(deal: dict[str, Any]) -> tuple[str, int]:
        recent = [by_key[k] for k in deal["articles"] if k in by_key and by_key[k]["seq"] > mark]
        return max(((a.get("published") or "", a["seq"]) for a in recent), default=("", deal["updated"]))

    new_deals.sort(key=newest, reverse=True)
    changed.sort(key=lambda item: newest(item[0]), reverse=True)
    covered = {k for d in [*new_deals, *(d for d, _ in changed)] for k in d["articles"] if seq_of.get(k, 0) > mark}
    others = sorted(
        (a for a in fresh if a["key"] not in covered and a.get("companies")),
        key=lambda a: (a.get("published") or "", a["seq"]),
        reverse=True,
    )

    counts = dict(new_deals=len(new_deals), status_changes=len(changed), articles=len(others))
    if not (new_deals or changed or others):
        if not no_news:
            return Digest(None, new_mark)
        return Digest(Reply(title=TITLE, text=f"No new EV deal news {period}.", found=False, kind="digest"), new_mark)

    sections = [
        ("New deals", [_deal_item(d, by_key, mark) for d in new_deals]),
        ("Status changes", [_change_item(d, before, by_key, mark) for d, before in changed]),
        ("Other news", [_article_item(a) for a in others]),
    ]
    text = _layout(period, sections, limit)
    while len(text) > MAX_TEXT and limit > 1:
        limit -= 1
        text = _layout(period, sections, limit)
    cited = [d for d in [*new_deals, *(d for d, _ in changed)][:limit]]
    citations = tuple(c for c in (_citation(d, by_key) for d in cited) if c)
    return Digest(
        Reply(title=f"{TITLE}: {_summary(**counts)}", text=text[:MAX_TEXT], citations=citations, kind="digest"),
        new_mark,
        **counts,
    )


def _citation(deal: dict[str, Any], by_key: dict[str, dict[str, Any]]) -> Citation | None:
    """The sentence that best states a listed deal: what a digest's opening paragraph may draw on."""
    for ev in sorted(deal["evidence"], key=lambda ev: -len({"status", "date", "topics"} & set(ev["fields"]))):
        article = by_key.get(ev["article"])
        if article:
            return Citation(
                title=article["title"], url=article.get("url"), published=article.get("published"), quote=ev["text"]
            )
    return None


def mark_before(articles: Sequence[dict[str, Any]], cutoff: datetime) -> int:
    """The high-water mark that makes a digest cover what was ingested at or after ``cutoff``."""
    older = [a["seq"] for a in articles if a.get("ingested_at") and datetime.fromisoformat(a["ingested_at"]) < cutoff]
    return max(older, default=0)


def _status_at(deal: dict[str, Any], mark: int, seq_of: dict[str, int]) -> str | None:
    """The deal's status as it stood when the mark was set: its latest event from an older article."""
    known = [e["status"] for e in deal["events"] if seq_of.get(e["article"], mark + 1) <= mark]
    return known[-1] if known else None


def _link(deal: dict[str, Any], by_key: dict[str, dict[str, Any]], mark: int) -> str | None:
    """The newest reporting article's URL, preferring articles after the mark."""
    reporting = [by_key[k] for k in deal["articles"] if k in by_key and by_key[k].get("url")]
    reporting.sort(key=lambda a: (a["seq"] > mark, a.get("published") or "", a["seq"]), reverse=True)
    return reporting[0]["url"] if reporting else None


def _item(text: str, url: str | None) -> str:
    text = " ".join(text.split())
    room = MAX_LINE - (len(url) + 3 if url else 0)
    if len(text) > room:
        text = text[: max(room - 1, 20)].rstrip() + "\u2026"
    return f"{BULLET}{text}" + (f" - {url}" if url else "")


def _deal_item(deal: dict[str, Any], by_key: dict[str, dict[str, Any]], mark: int) -> str:
    return _item(deal_line(deal), _link(deal, by_key, mark))


def _change_item(deal: dict[str, Any], before: str, by_key: dict[str, dict[str, Any]], mark: int) -> str:
    now = STATUS_LABELS.get(deal["status"], deal["status"])
    text = f"{deal_name(deal)}: {deal['kind']}, {STATUS_LABELS.get(before, before)} -> {now}"
    if deal.get("date") and deal["status"] == "signed":
        text += f" ({deal['date']['text']})"
    return _item(text, _link(deal, by_key, mark))


def _article_item(article: dict[str, Any]) -> str:
    text = article["title"] + (f" ({article['published']})" if article.get("published") else "")
    return _item(text, article.get("url"))


def _layout(period: str, sections: list[tuple[str, list[str]]], limit: int) -> str:
    parts = [f"News {period}."]
    for heading, items in sections:
        if not items:
            continue
        shown = items[:limit]
        if len(items) > limit:
            shown.append(f"{BULLET}\u2026and {len(items) - limit} more")
        parts.append(heading + "\n" + "\n".join(shown))
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
