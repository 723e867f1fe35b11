"""The store never loses what it stored: atomic writes, a lock between processes, corrupt files left alone."""

from __future__ import annotations

import gc
import json
import os
import random
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from bot.core import EvBot
from bot.models import Request
from knowledge.store import HEAVY_FIELDS, SCHEMA_VERSION, SHARD_SIZE, KnowledgeStore, StoreError

DATA = Path(__file__).parent / "data"

WRITER = """
import sys
from knowledge.store import KnowledgeStore
store = KnowledgeStore(sys.argv[1])
prefix, count = sys.argv[2], int(sys.argv[3])
i = 0
while count < 0 or i < count:
    store.put_many("articles", [{"key": f"{prefix}-{i}-{j}", "sentences": ["x" * 2000]} for j in range(20)])
    i += 1
    print(i, flush=True)
"""


def _writer(path: Path, prefix: str, count: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), prefix, str(count)], stdout=subprocess.PIPE, text=True
    )


def test_a_writer_killed_mid_write_leaves_the_previous_state_intact(db_path: Path) -> None:
    rng = random.Random(7)
    committed = 0
    for round_ in range(12):
        proc = _writer(db_path, f"r{round_}", -1)
        proc.stdout.readline()  # at least one batch committed this round
        time.sleep(rng.uniform(0.0, 0.15))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        store = KnowledgeStore(db_path)  # must open: never a half-written file
        count = store.count("articles")
        assert count >= committed + 20
        assert count % 20 == 0  # a batch is all or nothing
        committed = count
    assert not list(db_path.parent.glob(".kb.json.*.tmp"))  # orphaned temp files are cleaned up
    named = {n for d in json.loads(db_path.read_text())["_parts"].values() for n in d["files"].values()}
    named |= {n.removesuffix(".json") + ".body.json" for n in named if n.startswith("articles-")}  # and their bodies
    assert {p.name for p in db_path.with_name("kb.json.d").iterdir()} == named  # and parts no manifest names


def test_a_write_rewrites_only_the_shard_it_changed(db_path: Path) -> None:
    store = KnowledgeStore(db_path)
    store.put_many(
        "articles", [{"key": f"a{i}", "text": "x" * 100} for i in range(SHARD_SIZE * 2)]
    )  # ids 1-1000: shards 0, 1, 2
    parts = db_path.with_name("kb.json.d")
    before = {p.name: p.stat().st_mtime_ns for p in parts.iterdir()}
    assert len(before) == 3
    store.put("articles", {"key": "a7", "text": "changed"})
    after = {p.name for p in parts.iterdir()}
    assert len(after - set(before)) == 1 and len(set(before) - after) == 1  # one part replaced, two untouched
    assert KnowledgeStore(db_path).get("articles", "a7") == {"key": "a7", "text": "changed"}
    assert KnowledgeStore(db_path).count("articles") == SHARD_SIZE * 2


def test_two_processes_writing_one_store_lose_nothing(db_path: Path) -> None:
    KnowledgeStore(db_path)
    writers = [_writer(db_path, name, 15) for name in ("a", "b")]
    for proc in writers:
        proc.communicate(timeout=120)
        assert proc.returncode == 0
    keys = {d["key"] for d in KnowledgeStore(db_path).all("articles")}
    assert len(keys) == 2 * 15 * 20


def test_a_reader_sees_what_another_process_wrote(db_path: Path) -> None:
    reader = KnowledgeStore(db_path)
    stamp = reader.stamp()
    proc = _writer(db_path, "w", 1)
    proc.communicate(timeout=60)
    assert reader.changed_since(stamp)
    assert reader.count("articles") == 20
    reader.put("articles", {"key": "mine"})  # the reader's own insert does not clobber the writer's
    assert KnowledgeStore(db_path).count("articles") == 21


def test_a_corrupt_store_is_reported_by_name_and_never_overwritten(db_path: Path) -> None:
    db_path.write_text('{"articles": {"1": {"key": "a"')
    before = db_path.read_bytes()
    with pytest.raises(StoreError, match=str(db_path)):
        KnowledgeStore(db_path)
    assert db_path.read_bytes() == before


def test_a_corrupt_store_gives_the_cli_user_one_line_not_a_traceback(db_path: Path) -> None:
    db_path.write_text("not json at all")
    evbot = Path(sys.executable).with_name("evbot")
    result = subprocess.run(
        [str(evbot), "--db", str(db_path), "ask", "alibaba ford?"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert str(db_path) in result.stderr and "Traceback" not in result.stderr
    assert db_path.read_text() == "not json at all"


def test_the_schema_version_is_stored_and_a_newer_one_is_refused(db_path: Path) -> None:
    KnowledgeStore(db_path)
    raw = json.loads(db_path.read_text())
    meta = next(iter(raw["meta"].values()))
    assert meta["schema"] == SCHEMA_VERSION
    meta["schema"] = SCHEMA_VERSION + 1
    db_path.write_text(json.dumps(raw))
    with pytest.raises(StoreError, match="newer evbot"):
        KnowledgeStore(db_path)


def test_a_failed_transaction_writes_nothing(db_path: Path) -> None:
    store = KnowledgeStore(db_path)
    store.put("articles", {"key": "kept"})
    with pytest.raises(RuntimeError):
        with store.transaction():
            store.put("articles", {"key": "lost"})
            raise RuntimeError("boom")
    assert [d["key"] for d in KnowledgeStore(db_path).all("articles")] == ["kept"]
    assert [d["key"] for d in store.all("articles")] == ["kept"]


def test_a_single_file_store_of_the_previous_release_is_migrated_with_nothing_lost(db_path: Path) -> None:
    """tests/data/store_v1.json was written by evbot 870ac77 (schema 1, every table in one file): the samples
    loaded, a subscription, a front end's state and a feed."""
    shutil.copy(DATA / "store_v1.json", db_path)
    db_path.chmod(0o640)
    old = json.loads(db_path.read_text())
    store = KnowledgeStore(db_path)
    for table, docs in old.items():
        if table != "meta":
            assert sorted(store.all(table), key=lambda d: d["key"]) == sorted(docs.values(), key=lambda d: d["key"])
    assert {d["key"] for d in store.all("meta")} == {d["key"] for d in old["meta"].values()}
    assert db_path.with_name("kb.json.v1").read_bytes() == (DATA / "store_v1.json").read_bytes()  # kept as it was
    manifest = json.loads(db_path.read_text())
    assert not set(manifest) & {"articles", "deals", "companies"}  # they moved into their parts
    assert next(d for d in manifest["meta"].values() if d["key"] == "store")["schema"] == SCHEMA_VERSION
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o640
    assert {stat.S_IMODE(p.stat().st_mode) for p in db_path.with_name("kb.json.d").iterdir()} == {0o640}
    reopened = KnowledgeStore(db_path)
    assert reopened.count("articles") == len(old["articles"]) and reopened.count("companies") == len(old["companies"])
    assert EvBot.open(db_path).ask("alibaba ford?").found  # the bot answers from the migrated store


def test_a_folder_given_as_the_store_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a folder"):
        KnowledgeStore(tmp_path)


def test_only_knowledge_changes_invalidate_derived_caches(db_path: Path) -> None:
    store = KnowledgeStore(db_path)
    stamp = store.stamp()
    store.put("subscriptions", {"key": "s1", "channel": "C1"})
    assert store.stamp() == stamp  # a subscription change leaves the search index valid
    store.put("articles", {"key": "a1"})
    assert store.stamp() != stamp


def test_a_store_of_schema_2_is_migrated_with_nothing_lost(tmp_path: Path) -> None:
    """tests/data/store_v2 was written by evbot 2d6e2df (schema 2: each part holds its documents whole): the
    samples loaded, a subscription and a front end's state. Schema 3 moves the articles' text, and the deals'
    evidence and reports, into body files beside the parts."""
    shutil.copytree(DATA / "store_v2", tmp_path, dirs_exist_ok=True)
    db_path, parts = tmp_path / "kb.json", tmp_path / "kb.json.d"
    manifest = json.loads(db_path.read_text())
    old = {t: docs for p in parts.iterdir() for t, docs in json.loads(p.read_text()).items()}
    old |= {t: docs for t, docs in manifest.items() if t not in ("_parts", "meta")}
    store = KnowledgeStore(db_path)
    for table, docs in old.items():
        assert sorted(store.all(table), key=lambda d: d["key"]) == sorted(docs.values(), key=lambda d: d["key"])
        lazy = sorted(store.all_lazy(table), key=lambda d: d["key"])
        assert [{k: list(v) if k in HEAVY_FIELDS.get(table, ()) else v for k, v in d.items()} for d in lazy] == sorted(
            docs.values(), key=lambda d: d["key"]
        )
    meta = next(d for d in json.loads(db_path.read_text())["meta"].values() if d["key"] == "store")
    assert meta["schema"] == SCHEMA_VERSION
    names = {p.name for p in parts.iterdir()}
    assert not names & {p.name for p in (DATA / "store_v2" / "kb.json.d").iterdir()}  # every part written again
    assert {n.split("-")[0] for n in names if n.endswith(".body.json")} == {"articles", "deals"}
    assert EvBot.open(db_path).ask("alibaba ford?").found  # the bot answers from the migrated store


def test_a_store_of_schema_3_is_migrated_with_nothing_lost(tmp_path: Path) -> None:
    """tests/data/store_v3 was written by evbot 9d4dbdc (schema 3: a document's heavy fields together on one line
    of its part's body file): the samples loaded, a subscription and a front end's state. Schema 4 gives each
    heavy field a line of its own."""
    shutil.copytree(DATA / "store_v3", tmp_path, dirs_exist_ok=True)
    db_path, parts = tmp_path / "kb.json", tmp_path / "kb.json.d"
    manifest = json.loads(db_path.read_text())
    old: dict[str, dict[str, dict]] = {t: docs for t, docs in manifest.items() if t not in ("_parts", "meta")}
    for part in parts.glob("*.json"):
        if part.name.endswith(".body.json"):
            continue
        heads = json.loads(part.read_text())
        body = part.with_name(part.name.removesuffix(".json") + ".body.json")
        fields = json.loads(body.read_text()) if body.exists() else {}
        for table, docs in heads.items():
            if table != "_bodies":
                old[table] = {i: {**d, **fields.get(i, {})} for i, d in docs.items()}
    assert sum(len(d.get("reports", ())) for d in old["deals"].values()) > 0  # the fixture has what moves
    store = KnowledgeStore(db_path)
    for table, docs in old.items():
        assert sorted(store.all(table), key=lambda d: d["key"]) == sorted(docs.values(), key=lambda d: d["key"])
        lazy = sorted(store.all_lazy(table), key=lambda d: d["key"])
        assert [{k: list(v) if k in HEAVY_FIELDS.get(table, ()) else v for k, v in d.items()} for d in lazy] == sorted(
            docs.values(), key=lambda d: d["key"]
        )
    meta = next(d for d in json.loads(db_path.read_text())["meta"].values() if d["key"] == "store")
    assert meta["schema"] == SCHEMA_VERSION
    assert not {p.name for p in parts.iterdir()} & {p.name for p in (DATA / "store_v3" / "kb.json.d").iterdir()}
    assert EvBot.open(db_path).ask("alibaba ford?").found  # the bot answers from the migrated store


def test_a_deals_evidence_is_read_without_its_reports(db_path: Path) -> None:
    """Each heavy field is a record of its own: a damaged report spoils the reports, not the evidence beside it."""
    store = KnowledgeStore(db_path)
    evidence = [{"article": "a1", "sentence": 2, "text": "Ford signed.", "fields": ["kind"]}]
    store.put("deals", {"key": "ford|sk on", "parties": ["Ford", "SK On"], "evidence": evidence, "reports": [{"x": 1}]})
    body = next(db_path.with_name(db_path.name + ".d").glob("deals-*.body.json"))
    raw = body.read_bytes()
    body.write_bytes(raw.replace(b'[{"x":1}]', b'[{"x":!}]'))  # the same length: only that record is damaged
    deal = KnowledgeStore(db_path).all_lazy("deals")[0]
    assert list(deal["evidence"]) == evidence
    with pytest.raises(StoreError, match="is damaged"):
        list(deal["reports"])


def test_a_bot_answers_from_the_previous_revision_while_another_process_holds_the_store(db_path: Path) -> None:
    bot = EvBot.open(db_path)
    holding, released = threading.Event(), threading.Event()

    def write_and_hold() -> None:  # another process's `evbot ingest`, between two of its batches
        other = KnowledgeStore(db_path)
        other.put("companies", {"key": "acme", "name": "Acme", "aliases": [], "known": False, "articles": 0})
        with other.transaction():
            holding.set()
            released.wait(20)

    writer = threading.Thread(target=write_and_hold)
    writer.start()
    assert holding.wait(10)
    reply = bot.ask("alibaba ford?")  # reading the new revision has to wait for the lock; this answer does not
    answered_while_held = not released.is_set()
    released.set()
    writer.join()
    assert reply.found and "Alibaba" in reply.text and answered_while_held
    assert "Acme" not in bot.kb.companies  # still the previous revision
    bot.kb.refresh()
    assert "Acme" in bot.kb.companies  # swapped in once it could be read


def test_a_replaced_revision_releases_its_files(tmp_path: Path) -> None:
    """A running bot reads a new revision after every ingest: the one it replaces, with its memory-mapped
    files, must be freed, or a long-running bot runs out of file descriptors."""

    def open_files() -> int:
        return len(os.listdir("/proc/self/fd"))

    before = None
    for n in range(6):
        bot = EvBot.open(tmp_path / f"kb{n}.json")
        assert bot.handle(Request(text="what deals has ford done?")).found
        del bot
        gc.collect()
        before = before if before is not None else open_files()
    assert open_files() <= before


def test_a_long_running_bot_keeps_no_replaced_file_open(tmp_path: Path) -> None:
    """Each article a running bot ingests is a new revision, read into a new snapshot that is frozen out of the
    garbage collector's walks: the files of the one it replaces must close at once, by reference counts alone."""

    def replaced_files_held() -> list[str]:
        maps = Path("/proc/self/maps").read_text().splitlines()
        fds = []
        for fd in os.listdir("/proc/self/fd"):
            try:
                fds.append(os.readlink(f"/proc/self/fd/{fd}"))
            except FileNotFoundError:
                pass  # the listing's own descriptor, closed since
        return [line for line in maps + fds if str(tmp_path) in line and line.endswith("(deleted)")]

    bot = EvBot.open(tmp_path / "kb.json")
    for path in sorted((DATA / "articles").iterdir()):
        assert bot.ingest_paths([str(path)]).added
        assert bot.handle(Request(text="what deals has ford done?")).found
        assert replaced_files_held() == []
