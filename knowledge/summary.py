"""A revision's summary: what opening a store derives from every stored document, kept beside the index.

Opening a large store reads every article's and deal's head, checks their shapes (about 0.08 s at 30,000
articles on the 2-core machine) and then learns from them what the first answer needs: the gazetteer (every
stored company's aliases, about 0.14 s) and the articles of each company and deals of each party (about 0.1 s). A process that opens a revision no
process has summarised yet derives them and writes them here; the next one reads them in a few milliseconds.

A summary is keyed by the part files it was derived from (their names, which are never reused, and their sizes
and times: a part changed by hand or damaged has another key) and by the code and data that derive it (a new
evbot, or an edited module, derives it again). It is written only after those parts' documents passed the
store's shape checks, so a process that reads it does not check them again. One that is missing, stale,
unreadable or damaged is derived again, never trusted: it is a cache, and the answers are the same with it or
without it (tests/test_summary.py).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

import orjson

SUMMARY_FILE = "summary.json"
FORMAT = 1  # what a summary holds and how; another value is another summary


@lru_cache(maxsize=1)
def _code() -> str:
    """The modules and data files of the knowledge package, by name, size and time: what derives a summary."""
    package = Path(__file__).parent
    files = sorted([*package.glob("*.py"), *(package / "data").glob("*.json")])
    stats = [(f.name, st.st_size, st.st_mtime_ns) for f, st in ((f, f.stat()) for f in files)]
    return hashlib.blake2b(repr((FORMAT, stats)).encode(), digest_size=16).hexdigest()


def summary_key(parts: list[str]) -> str:
    """The key of the summary of a revision held in ``parts`` (KnowledgeStore.parts_of)."""
    return hashlib.blake2b(repr((_code(), parts)).encode(), digest_size=16).hexdigest()


def read_summary(folder: Path, key: str) -> dict[str, Any] | None:
    """The summary saved in ``folder`` if it is the one for ``key``; None when there is none, or another."""
    try:
        data = orjson.loads((folder / SUMMARY_FILE).read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return None
    if not isinstance(data, dict) or data.get("key") != key or not isinstance(data.get("lookups"), dict):
        return None
    lookups: dict[str, Any] = data["lookups"]
    return lookups


def write_summary(folder: Path, key: str, lookups: dict[str, Any]) -> None:
    """Save the summary of ``key``'s revision, replacing the one there at once (readers see one or the other).
    A folder that cannot be written keeps none: every open then derives it, as before there were summaries."""
    try:
        raw = orjson.dumps({"key": key, "lookups": lookups})
        handle, tmp = tempfile.mkstemp(prefix=f".{SUMMARY_FILE}.", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(raw)
            os.replace(tmp, folder / SUMMARY_FILE)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        pass
