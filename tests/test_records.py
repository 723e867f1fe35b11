"""Stores written before the typed records: what evbot 2d6e2df stored in its subscriptions, deliveries,
feeds and state tables (tests/data/records_2d6e2df.json, written by that release with
tests/data/write_records.py) reads back as it was, shows the same and changes the same way.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from test_cli import evbot, one_line

from bot.core import EvBot
from bot.digests import ledger
from bot.models import Request, Role
from knowledge.deliveries import Deliveries
from knowledge.feed_list import FeedList
from knowledge.front_end_state import FrontEndState
from knowledge.knowledge_base import KnowledgeBase
from knowledge.store import KnowledgeStore
from knowledge.subscriptions import Subscriptions, Told

BEFORE = json.loads((Path(__file__).parent / "data" / "records_2d6e2df.json").read_text(encoding="utf-8"))
NOW = datetime.fromisoformat(BEFORE["now"])
# What a document gains when it is written again: the fields 2d6e2df wrote only on some paths (a
# subscription's told, a feed's warning) or not yet (workspace, interruptions), as it read their absence.
DEFAULTS = {"told": {}, "workspace": "", "interruptions": 0, "warning": None}


@pytest.fixture
def store(tmp_path: Path) -> KnowledgeStore:
    """A store holding the documents as 2d6e2df wrote them."""
    store = KnowledgeStore(tmp_path / "kb.json")
    with store.transaction():
        for table, docs in BEFORE["tables"].items():
            store.put_many(table, docs)
    return store


def as_before(now: list[dict[str, Any]], before: list[dict[str, Any]]) -> None:
    """Each document holds every field it held before, with its value; anything else it holds is a default."""
    before = sorted(before, key=lambda d: d["key"])
    assert [d["key"] for d in now] == [d["key"] for d in before]
    for doc, old in zip(now, before):
        assert {name: doc.get(name) for name in old} == old
        assert {name: doc[name] for name in doc if name not in old} == {
            name: DEFAULTS[name] for name in doc if name not in old
        }


def table(store: KnowledgeStore, name: str) -> list[dict[str, Any]]:
    return sorted(store.all(name), key=lambda d: d["key"])


def table_before(name: str) -> list[dict[str, Any]]:
    return sorted(BEFORE["tables"][name], key=lambda d: d["key"])


def test_every_record_written_back_unchanged_holds_what_it_held(store: KnowledgeStore) -> None:
    for repository in (Subscriptions(store), Deliveries(store), FeedList(store)):
        with store.transaction():
            for record in repository.all():
                repository.put(record)
    for name in ("subscriptions", "deliveries", "feeds", "state"):
        as_before(table(store, name), BEFORE["tables"][name])
    complete = [d for d in table_before("subscriptions") if d["key"] in {"slack:C1", "slack:C3", "slack:C4"}]
    assert [d for d in table(store, "subscriptions") if d["key"] in {"slack:C1", "slack:C3", "slack:C4"}] == complete


def test_the_records_read_what_the_documents_say(store: KnowledgeStore) -> None:
    subs = {sub.key: sub for sub in Subscriptions(store).all()}
    assert list(subs) == ["slack:C1", "slack:C2", "slack:C3", "slack:C4", "slack:C5", "terminal:terminal"]
    refused = subs["slack:C2"]
    assert (refused.cadence, refused.day, refused.at, refused.tz) == ("weekly", "mon", time(8, 30), "America/New_York")
    assert refused.paused and refused.failures == 3 and refused.last_error == "channel_not_found"
    assert refused.retry_at is None and refused.no_news and refused.workspace == "T1"
    in_flight = subs["slack:C1"]
    assert in_flight.told and all(isinstance(t, Told) and t.posts == 2 for t in in_flight.told.values())
    assert subs["slack:C3"].last_sent_at == NOW and subs["slack:C3"].told == {}
    assert subs["slack:C5"].workspace == "" and subs["slack:C5"].interruptions == 0  # stored before workspaces
    assert subs["terminal:terminal"].last_fire == NOW and subs["terminal:terminal"].last_sent_at is None

    records = {record.state: record for record in Deliveries(store).all()}
    assert records["uncertain"].messages is None  # an older evbot's record: no ledger of messages
    assert [m.state for m in records["sending"].messages or ()] == ["sent", "sending"]
    assert records["sending"].in_flight.items and records["sending"].in_flight.finished_at is None
    assert records["failed"].reason == "channel_not_found" and records["failed"].finished_at == NOW

    feeds = {feed.url.rsplit("/", 1)[1]: feed for feed in FeedList(store).all()}
    assert list(feeds) == ["fine.xml", "failing.xml", "odd.xml", "new.xml"]  # in the order they were added
    assert feeds["failing.xml"].failures == 2 and feeds["failing.xml"].retry_at == datetime(
        2024, 3, 11, 8, 30, 15, tzinfo=UTC
    )
    assert feeds["fine.xml"].etag == '"abc"' and feeds["odd.xml"].warning == "not well-formed XML (x)"
    assert feeds["new.xml"].last_polled_at is None and feeds["new.xml"].added_by == "U1"
    assert FrontEndState(store).recall("discord:commands") == {"fingerprint": "f00", "count": 3}


def test_the_listings_say_what_they_said(db_path: Path) -> None:
    bot = EvBot.open(db_path)
    with bot.kb.store.transaction():
        for name, docs in BEFORE["tables"].items():
            bot.kb.store.put_many(name, docs)
    admin = {"platform": "terminal", "roles": frozenset({Role.ADMIN})}
    manager = {"platform": "slack", "channel": "C2", "workspace": "T1", "roles": frozenset({Role.CHANNEL_MANAGER})}
    with time_machine.travel(NOW, tick=False):
        assert bot.handle(Request(text="digest list all", **admin)).text == BEFORE["replies"]["digest list all"]
        assert bot.handle(Request(text="digest list", **manager)).text == BEFORE["replies"]["digest list"]
        assert bot.handle(Request(text="feeds list", **admin)).text == BEFORE["replies"]["feeds list"]


def test_a_restart_resumes_a_delivery_in_flight_as_before(store: KnowledgeStore) -> None:
    kb = KnowledgeBase(store, seed=False)
    (stuck,) = ledger.reconcile(kb, NOW + timedelta(minutes=5))
    assert stuck.sub == "slack:C1"
    for name in ("subscriptions", "deliveries", "feeds"):
        as_before(table(store, name), BEFORE["after_reconcile"][name])


def test_a_damaged_record_is_refused_in_one_line_and_left_as_it_is(store: KnowledgeStore) -> None:
    (feed,) = [f for f in BEFORE["tables"]["feeds"] if f["url"].endswith("/fine.xml")]
    store.put("feeds", {**feed, "added_at": "last tuesday"})
    before = table(store, "feeds")
    result = evbot("--db", str(store.path), "feeds", "list")
    assert result.returncode == 1
    line = one_line(result.stderr)
    assert "the feeds record 'https://news.example/fine.xml' in the store holds a value it cannot have" in line
    assert table(KnowledgeStore(store.path), "feeds") == before
