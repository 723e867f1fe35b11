"""When the store cannot be used as it is, the user gets one line naming what to fix, and the store is left as it was.

Each failure is made real, not simulated: a folder this user cannot write, a file-size limit on the writing
process (the kernel refuses the write, as on a full disk), files cut short or edited into the wrong shape.
"""

from __future__ import annotations

import ctypes
import json
import os
import resource
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import time_machine

from bot.core import EvBot
from knowledge.answered import PURGE_EVERY
from knowledge.knowledge_base import KnowledgeBase
from knowledge.store import KnowledgeStore, StoreError

EVBOT = str(Path(sys.executable).with_name("evbot"))
ARTICLE = (
    "Tesla and Panasonic sign a battery deal\n"
    "Tesla and Panasonic signed a battery supply agreement worth $1 billion on May 5, 2024.\n"
    "The cells will be made in Nevada.\n"
)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def part(db: Path, table: str) -> Path:
    """The file holding the first shard of a large table (see knowledge/store.py), as the manifest names it."""
    listing = json.loads(db.read_text())["_parts"]
    files = next(d["files"] for d in listing.values() if d["key"] == table)
    return db.with_name(db.name + ".d") / files["0"]


def store_files(db: Path) -> dict[str, bytes]:
    """Every file of the store: its manifest and its parts."""
    return {p.name: p.read_bytes() for p in [db, *sorted(db.with_name(db.name + ".d").iterdir())]}


def opening_error(db: Path) -> str:
    """What `evbot` prints, after "evbot: ", when it cannot open the store (one line, see test_store.py)."""
    with pytest.raises(StoreError) as refused:
        EvBot.open(db)
    message = str(refused.value)
    assert "\n" not in message
    return message


# -- files cut short or in the wrong shape -----------------------------------------------------------


@pytest.mark.parametrize("cut", ["empty", "blank", "truncated"])
@pytest.mark.parametrize("which", ["manifest", "articles", "deals"])
def test_an_empty_or_truncated_store_is_refused_and_left_alone(db_path: Path, cut: str, which: str) -> None:
    EvBot.open(db_path)
    damaged = db_path if which == "manifest" else part(db_path, which)
    whole = damaged.read_bytes()
    damaged.write_bytes({"empty": b"", "blank": b"\n \n", "truncated": whole[: len(whole) // 2]}[cut])
    before = store_files(db_path)
    line = opening_error(db_path)
    assert str(db_path) in line and "left untouched" in line
    assert store_files(db_path) == before  # not seeded as a new store over what was there


@pytest.mark.parametrize("which", ["articles", "deals"])
def test_a_truncated_body_file_is_refused_and_left_alone(db_path: Path, which: str) -> None:
    """The articles' text and the deals' evidence live in a body file beside each part (see knowledge/store.py)."""
    EvBot.open(db_path)
    body = part(db_path, which).with_suffix(".body.json")
    body.write_bytes(body.read_bytes()[:-10])
    before = store_files(db_path)
    line = opening_error(db_path)
    assert str(db_path) in line and "damaged" in line and "left untouched" in line
    assert store_files(db_path) == before


def test_a_body_file_overwritten_in_place_is_a_one_line_error_when_read(db_path: Path) -> None:
    EvBot.open(db_path)
    body = part(db_path, "articles").with_suffix(".body.json")
    body.write_bytes(b" " * len(body.read_bytes()))  # the same size: noticed only when a quote reads it
    result = subprocess.run([EVBOT, "--db", str(db_path), "sources"], capture_output=True, text=True)  # quotes each
    assert result.returncode == 1  # failed, in one line naming what to restore
    assert result.stderr.startswith("evbot: ") and "damaged" in result.stderr and result.stderr.count("\n") == 1


def test_a_missing_part_is_refused_and_left_alone(db_path: Path) -> None:
    EvBot.open(db_path)
    part(db_path, "deals").unlink()
    before = store_files(db_path)
    line = opening_error(db_path)
    assert str(db_path) in line and "missing" in line and "left untouched" in line
    assert store_files(db_path) == before


def test_only_a_missing_file_is_a_new_store(db_path: Path) -> None:
    assert not db_path.exists()
    assert EvBot.open(db_path).ask("alibaba ford?").found  # a new store, seeded with the samples


def _damage(db: Path, how: str) -> None:
    files = {"manifest": db, "articles": part(db, "articles"), "deals": part(db, "deals")}
    raw = {name: json.loads(path.read_text()) for name, path in files.items()}
    first = {table: next(iter(raw[table][table].values())) for table in ("articles", "deals")}
    if how == "table is a list":
        raw["articles"]["articles"] = []
    elif how == "document is a string":
        raw["deals"]["deals"]["1"] = "Ford and Xiaomi"
    elif how == "article without seq":
        del first["articles"]["seq"]
    elif how == "parties not a list":
        first["deals"]["parties"] = "Ford"
    elif how == "evidence not documents":
        first["deals"]["evidence"] = ["sentence 3"]
    elif how == "schema not a number":
        next(d for d in raw["manifest"]["meta"].values() if d["key"] == "store")["schema"] = "1"
    elif how == "part list names another folder":
        next(iter(raw["manifest"]["_parts"].values()))["files"]["0"] = "../../etc/passwd"
    for name, path in files.items():
        path.write_text(json.dumps(raw[name]))


@pytest.mark.parametrize(
    "how",
    [
        "table is a list",
        "document is a string",
        "article without seq",
        "parties not a list",
        "evidence not documents",
        "schema not a number",
        "part list names another folder",
    ],
)
def test_a_store_with_wrong_shaped_tables_is_refused_in_one_line(db_path: Path, how: str) -> None:
    EvBot.open(db_path)
    _damage(db_path, how)
    before = store_files(db_path)
    line = opening_error(db_path)
    assert str(db_path) in line and "damaged" in line
    assert store_files(db_path) == before


# -- permissions ------------------------------------------------------------------------------------------


def test_a_new_store_is_private_and_a_rewrite_keeps_the_store_s_mode(db_path: Path) -> None:
    bot = EvBot.open(db_path)
    assert bot.first_time("slack:C1:1.0", 60)
    bot.ingest_paths([str(_article(db_path.parent))])  # also builds and saves the search index beside the store
    assert mode(db_path) == 0o600
    assert mode(db_path.with_name("kb.json.d")) == 0o700
    assert {mode(p) for p in db_path.with_name("kb.json.d").iterdir()} == {0o600}
    assert mode(db_path.with_name("kb.json.answered")) == 0o600
    assert mode(db_path.with_name("kb.json.index")) == 0o700  # it holds the articles' words
    db_path.chmod(0o640)  # shared with a group on purpose
    bot.ingest_paths([str(_article(db_path.parent, "Rivian and Volkswagen"))])
    assert mode(db_path) == 0o640
    assert mode(db_path.with_name("kb.json.d")) == 0o750  # every part follows, not only the rewritten ones
    assert {mode(p) for p in db_path.with_name("kb.json.d").iterdir()} == {0o640}
    assert mode(db_path.with_name("kb.json.index")) == 0o750


def _article(folder: Path, parties: str = "Tesla and Panasonic") -> Path:
    path = folder / f"{parties.replace(' ', '-')}.txt"
    path.write_text(ARTICLE.replace("Tesla and Panasonic", parties))
    return path


# -- a full disk ------------------------------------------------------------------------------------------


def _file_size_limit(size: int) -> Any:
    """For preexec_fn: the kernel refuses to grow any file of the child past ``size`` bytes (EFBIG, which
    Python, ignoring SIGXFSZ, sees as an OSError), the way a full disk refuses with ENOSPC."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return limit


def test_a_failed_write_leaves_the_store_as_it_was_and_says_so_in_one_line(db_path: Path) -> None:
    EvBot.open(db_path)
    before = store_files(db_path)
    result = subprocess.run(
        [EVBOT, "--db", str(db_path), "ingest", str(_article(db_path.parent))],
        preexec_fn=_file_size_limit(part(db_path, "articles").stat().st_size),  # the articles' part cannot grow
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert f"cannot write the store {db_path}" in lines[0] and "left as it was" in lines[0]
    assert store_files(db_path) == before  # no new part left behind either
    assert not list(db_path.parent.glob(".kb.json.*.tmp"))


FAILING_WRITER = """
import sys
from knowledge.store import KnowledgeStore, StoreError
store = KnowledgeStore(sys.argv[1])
try:
    store.put_many("articles", [{"key": "big", "text": "x" * 100_000}])
except StoreError as exc:
    print("refused:", exc)
print(sorted(d["key"] for d in store.all("articles")))
"""


def test_after_a_failed_write_the_process_still_sees_the_store_as_it_is(db_path: Path) -> None:
    store = KnowledgeStore(db_path)
    store.put("articles", {"key": "kept"})
    result = subprocess.run(
        [sys.executable, "-c", FAILING_WRITER, str(db_path)],
        preexec_fn=_file_size_limit(db_path.stat().st_size + 1000),
        capture_output=True,
        text=True,
        timeout=60,
    )
    refused, keys = result.stdout.strip().splitlines()
    assert refused.startswith(f"refused: cannot write the store {db_path}")
    assert keys == "['kept']"  # not the write that never reached the disk


# -- a store this user may read but not change --------------------------------------------------------------


PR_CAPBSET_DROP = 24  # <linux/prctl.h>


def _without_capabilities() -> None:
    """For preexec_fn: empty the capability bounding set, so that the root process exec'd next has no
    capabilities and file permissions bind it as they bind any user (the owner's bits apply)."""
    libc = ctypes.CDLL(None, use_errno=True)
    cap = 0
    while libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) == 0:
        cap += 1
    if cap == 0:
        raise OSError(ctypes.get_errno(), "cannot drop capabilities")


def read_only_for_evbot(folder: Path) -> dict[str, Any]:
    """Make ``folder`` read-only; returns the subprocess.run arguments under which it is read-only to evbot
    too: for root, whom permissions do not stop, the child runs without capabilities."""
    folder.chmod(0o555)
    return {"preexec_fn": _without_capabilities} if os.geteuid() == 0 else {}


def test_a_store_in_a_read_only_folder_still_answers_questions(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    db = folder / "kb.json"
    EvBot.open(db)
    article = _article(tmp_path)
    run_as = read_only_for_evbot(folder)
    before = store_files(db)
    asked = subprocess.run(
        [EVBOT, "--db", str(db), "ask", "alibaba ford?"], capture_output=True, text=True, timeout=60, **run_as
    )
    assert asked.returncode == 0, asked.stderr
    assert "Ford & Alibaba" in asked.stdout
    assert "Traceback" not in asked.stderr
    ingested = subprocess.run(
        [EVBOT, "--db", str(db), "ingest", str(article)],
        capture_output=True,
        text=True,
        timeout=60,
        **run_as,
    )
    assert ingested.returncode == 1
    lines = ingested.stderr.strip().splitlines()
    assert len(lines) == 1 and str(db) in lines[0] and "left as it was" in lines[0], ingested.stderr
    assert store_files(db) == before
    folder.chmod(0o755)


def test_a_lock_file_that_cannot_be_opened_still_lets_evbot_read(db_path: Path, tmp_path: Path) -> None:
    EvBot.open(db_path)
    lock = db_path.with_name("kb.json.lock")
    lock.unlink()
    lock.mkdir()  # no process, root included, can open this lock file
    before = store_files(db_path)
    bot = EvBot.open(db_path)
    assert bot.ask("alibaba ford?").found
    with pytest.raises(StoreError, match=f"cannot change the store {db_path}: its lock file {lock} cannot be opened"):
        bot.ingest_paths([str(_article(tmp_path))])
    assert store_files(db_path) == before


def test_a_read_only_store_an_older_evbot_wrote_names_what_to_do(db_path: Path) -> None:
    EvBot.open(db_path)
    raw = json.loads(db_path.read_text())
    next(d for d in raw["meta"].values() if d["key"] == "extraction")["version"] = 0
    db_path.write_text(json.dumps(raw))
    lock = db_path.with_name("kb.json.lock")
    lock.unlink()
    lock.mkdir()
    with pytest.raises(StoreError, match="Run any evbot command once as the store's owner"):
        KnowledgeBase.open(db_path)


# -- events answered once, across restarts ---------------------------------------------------------------


def test_answered_events_are_remembered_across_restarts_for_their_window(db_path: Path) -> None:
    with time_machine.travel(1_700_000_000, tick=False) as clock:
        assert KnowledgeStore(db_path).first_time("slack:C1:1.0", keep_s=300)
        assert not KnowledgeStore(db_path).first_time("slack:C1:1.0", keep_s=300)  # another process, later
        clock.shift(299)
        assert not KnowledgeStore(db_path).first_time("slack:C1:1.0", keep_s=300)
        clock.shift(2)
        assert KnowledgeStore(db_path).first_time("slack:C1:1.0", keep_s=300)  # its window is over


def test_the_answered_events_file_stays_as_small_as_its_windows(db_path: Path) -> None:
    store = KnowledgeStore(db_path)
    with time_machine.travel(1_700_000_000, tick=False) as clock:
        for n in range(2 * PURGE_EVERY):
            store.first_time(f"old:{n}", keep_s=60)
        clock.shift(61)
        for n in range(PURGE_EVERY):
            store.first_time(f"new:{n}", keep_s=60)
    rows = sqlite3.connect(db_path.with_name("kb.json.answered")).execute("SELECT count(*) FROM answered").fetchone()
    assert rows[0] == PURGE_EVERY


def test_when_answered_events_cannot_be_recorded_each_is_still_answered_once(
    db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    db_path.with_name("kb.json.answered").mkdir()  # SQLite cannot open it, as with a full or read-only disk
    bot = EvBot.open(db_path)
    assert bot.first_time("slack:C1:1.0", 3600)
    assert not bot.first_time("slack:C1:1.0", 3600)
    assert bot.first_time("slack:C1:2.0", 3600)
    warnings = [r for r in caplog.records if r.levelname == "WARNING"]
    assert len(warnings) == 1 and "kb.json.answered" in warnings[0].getMessage()
