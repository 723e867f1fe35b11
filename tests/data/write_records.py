"""Writes records_2d6e2df.json: the documents evbot 2d6e2df (the release before the repositories of
knowledge/subscriptions.py, deliveries.py, feed_list.py) stored in its subscriptions, deliveries, feeds and
state tables, in every shape it wrote them, and what it then did with them: the replies `digest list all`
and `feeds list` gave, and the tables after a start-up's reconcile. tests/test_records.py checks that
today's evbot reads, shows and changes them the same way.

Run from a checkout of that release (git archive 2d6e2df | tar -x -C /tmp/old), with evbot's test extras:
    cd /tmp/old && python /path/to/tests/data/write_records.py /path/to/tests/data/records_2d6e2df.json
"""

from __future__ import annotations

import json
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import time_machine

sys.path[:0] = [str(Path.cwd()), str(Path.cwd() / "tests")]  # the old release, not an installed evbot

from test_digest import new_deals  # noqa: E402

from bot.core import EvBot  # noqa: E402
from bot.digests import ledger  # noqa: E402
from bot.models import Request, Role  # noqa: E402
from knowledge import feeds as feedlib  # noqa: E402

NOW = datetime(2024, 3, 11, 9, 30, 15, 250000, tzinfo=UTC)
TABLES = ("subscriptions", "deliveries", "feeds", "state")
MANAGER = frozenset({Role.CHANNEL_MANAGER})
ADMIN = frozenset({Role.ADMIN})


def main(out: Path, db: Path) -> None:
    bot = EvBot.open(db)

    def say(text: str, channel: str = "C1", platform: str = "slack", roles: frozenset[Role] = MANAGER) -> Any:
        workspace = "T1" if platform == "slack" else ""
        return bot.handle(Request(text=text, platform=platform, channel=channel, workspace=workspace, roles=roles))

    def tables() -> dict[str, list[dict[str, Any]]]:
        return {t: bot.with_kb(lambda kb, t=t: kb.store.all(t)) for t in TABLES}  # in the store's order

    say("digest subscribe daily 09:00 Europe/Berlin")  # C1: posted in several messages, the second in flight
    say("digest subscribe weekly mon 08:30 America/New_York no-news", "C2")  # refused three times: paused
    say("digest subscribe daily 07:00 UTC", "C3")  # interrupted, reconciled, then posted in full
    say("digest subscribe daily 18:00", "C4")  # `digest now mark` only
    say("digest subscribe daily 06:00 Asia/Tokyo", "", "terminal", ADMIN)  # never posted
    new_deals(bot, 12)
    say("digest now mark", "C4")
    fire = NOW - timedelta(hours=1)
    for key in ("slack:C1", "slack:C2", "slack:C3"):  # each has a slot due
        bot.with_kb(
            lambda kb, key=key: kb.store.put(
                "subscriptions",
                {**kb.store.get("subscriptions", key), "last_fire": (fire - timedelta(days=2)).isoformat()},
            )
        )
    refused = bot.with_kb(lambda kb: ledger.begin(kb, "slack:C2", fire, NOW))
    for _ in range(3):
        bot.with_kb(lambda kb: ledger.failed(kb, refused, "channel_not_found", NOW, 3))
    cut = bot.with_kb(lambda kb: ledger.begin(kb, "slack:C3", fire, NOW))
    bot.with_kb(lambda kb: ledger.interrupted(kb, cut, "TimeoutError", NOW))
    bot.with_kb(  # an older evbot's record (no ledger of messages), left "sending"
        lambda kb: kb.store.put(
            "deliveries",
            {
                "key": f"{kb.store.get('subscriptions', 'slack:C3')['id']}@2024-03-01 07:00",
                "sub": "slack:C3",
                "sub_id": kb.store.get("subscriptions", "slack:C3")["id"],
                "period": "2024-03-01 07:00",
                "state": "sending",
                "fire": "2024-03-01T07:00:00+00:00",
                "mark_from": 1,
                "mark_to": 2,
                "started_at": "2024-03-01T07:00:01.250000+00:00",
                "attempts": 1,
            },
        )
    )
    bot.with_kb(lambda kb: ledger.reconcile(kb, NOW))
    rest = bot.with_kb(lambda kb: ledger.begin(kb, "slack:C3", fire + timedelta(minutes=1), NOW))
    for index in range(len(rest.messages)):
        if not bot.with_kb(lambda kb, index=index: ledger.posted(kb, rest, index, NOW)):
            break
    run = bot.with_kb(lambda kb: ledger.begin(kb, "slack:C1", fire, NOW))
    bot.with_kb(lambda kb: ledger.posted(kb, run, 0, NOW))
    say("digest subscribe daily 10:00", "C5")

    def before_workspaces(kb: Any) -> None:  # as stored before subscriptions named their workspace
        old = kb.store.get("subscriptions", "slack:C5")
        del old["workspace"], old["interruptions"]
        kb.store.put("subscriptions", old)

    bot.with_kb(before_workspaces)

    options = feedlib.FeedOptions()

    def feeds(work: Any) -> Any:
        return bot.with_kb(lambda kb: work(kb.store))

    feeds(lambda s: feedlib.add_feed(s, "https://news.example/new.xml", now=NOW, added_by="U1"))
    for url in ("https://news.example/fine.xml", "https://news.example/failing.xml", "https://news.example/odd.xml"):
        feeds(lambda s, url=url: feedlib.add_feed(s, url, now=NOW - timedelta(days=3), added_by="terminal"))
    results = [
        feedlib.FeedResult(
            url="https://news.example/fine.xml",
            title="Fine news",
            etag='"abc"',
            modified="Tue, 05 Mar 2024",
            added=["A"],
        ),
        feedlib.FeedResult(
            url="https://news.example/failing.xml", status="failed", error="HTTP 503 Service Unavailable"
        ),
        feedlib.FeedResult(
            url="https://news.example/failing.xml", status="failed", error="HTTP 503 Service Unavailable"
        ),
        feedlib.FeedResult(url="https://news.example/odd.xml", title="Odd", warning="not well-formed XML (x)"),
    ]
    for result in results:
        feeds(lambda s, result=result: feedlib.record_result(s, result, now=NOW - timedelta(hours=2), options=options))
    bot.remember("discord:commands", {"fingerprint": "f00", "count": 3})

    stored = tables()
    replies = {
        "digest list all": say("digest list all", "", "terminal", ADMIN).text,
        "digest list": say("digest list", "C2").text,
        "feeds list": say("feeds list", "", "terminal", ADMIN).text,
    }
    bot.with_kb(lambda kb: ledger.reconcile(kb, NOW + timedelta(minutes=5)))
    record = {"now": NOW.isoformat(), "tables": stored, "replies": replies, "after_reconcile": tables()}
    out.write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as folder, time_machine.travel(NOW, tick=False):
        main(Path(sys.argv[1]), Path(folder) / "evbot.json")
