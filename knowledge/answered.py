"""Which platform events were already answered, on disk, so that a restarted bot still answers each once.

Slack retries an event it thinks went unacknowledged for up to about an hour and accepts a replayed signed
request for five minutes; Discord replays gateway events on a resume and takes an interaction's answer for
15 minutes. Held in memory only, that knowledge dies with the process (a kill -9, a deploy, a crash), and
the retry that follows gets a second answer.

The ids live in a small SQLite file beside the store rather than in the store: every write of the JSON
store rewrites the whole file (tens of MB for a large store), far too much per event, while SQLite in WAL
mode commits one row in a fraction of a millisecond, survives the process being killed at any moment,
and lets several processes over one store share it. Each id is kept for its platform's window and then
dropped, so the file stays as small as the traffic of that window. Losing the file loses nothing stored:
at worst a retry arriving just after is answered again.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import threading
import time
from collections.abc import Callable
from pathlib import Path

PURGE_EVERY = 200  # inserts between two deletions of expired ids


class AnsweredEvents:
    def __init__(self, path: Path, like: Path, clock: Callable[[], float] = time.time) -> None:
        """``path`` is the SQLite file; a new one gets the permissions of the file ``like`` (the store), else 0600."""
        self.path, self._like, self._clock = path, like, clock
        self._db: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        self._inserts = 0

    def first_time(self, event_id: str, keep_s: float) -> bool:
        """Record ``event_id`` for ``keep_s`` seconds; False when it was recorded before and has not expired.

        Raises ``sqlite3.Error`` or ``OSError`` when the file cannot be opened or written.
        """
        with self._lock:
            try:
                db = self._connect()
                now = self._clock()
                inserted = db.execute(
                    "INSERT INTO answered (id, expires) VALUES (?, ?) "
                    "ON CONFLICT (id) DO UPDATE SET expires = excluded.expires WHERE answered.expires <= ?",
                    (event_id, now + keep_s, now),
                ).rowcount
                self._inserts += 1
                if self._inserts % PURGE_EVERY == 0:
                    db.execute("DELETE FROM answered WHERE expires <= ?", (now,))
            except (sqlite3.Error, OSError):
                self.close()  # the next event tries afresh (space freed, permissions fixed)
                raise
            return inserted == 1

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def _connect(self) -> sqlite3.Connection:
        if self._db is not None:
            return self._db
        try:
            mode = stat.S_IMODE(os.stat(self._like).st_mode)
        except FileNotFoundError:
            mode = 0o600
        os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_CLOEXEC, mode))  # SQLite's -wal and -shm copy it
        db = sqlite3.connect(self.path, timeout=5.0, isolation_level=None, check_same_thread=False)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")  # a commit survives the process dying; only power loss can undo it
            db.execute("CREATE TABLE IF NOT EXISTS answered (id TEXT PRIMARY KEY, expires REAL NOT NULL) WITHOUT ROWID")
            db.execute("CREATE INDEX IF NOT EXISTS answered_expiry ON answered (expires)")
            db.execute("DELETE FROM answered WHERE expires <= ?", (self._clock(),))
        except sqlite3.Error:
            db.close()
            raise
        self._db = db
        return db
