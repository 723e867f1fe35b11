"""What remembering an answered event costs: the store's SQLite file of answered ids against a write of the store.

Every platform event evbot answers is recorded once (``KnowledgeStore.first_time``), so that a retry
after a restart is not answered again. The record goes to ``<store>.answered``, a SQLite file, and not
into the JSON store, because every write of the JSON store rewrites the whole file. This measures both
on a copy of a store (a large one is where the difference shows):

    .venv/bin/python bench/generate_corpus.py --count 10000 --seed 7 --out /tmp/corpus
    .venv/bin/evbot --db /tmp/kb.json ingest /tmp/corpus
    .venv/bin/python bench/answered_cost.py /tmp/kb.json

It prints the store's size, the median and p95 of ``first_time`` over --events new ids (a fresh
process per store, so the first call also opens the file), and the median of --writes writes of one
small document into the JSON store, which is what each event would cost there.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from knowledge.store import KnowledgeStore


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("store", type=Path, help="an evbot store (it is copied; the original is not touched)")
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--writes", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as work:
        db = Path(work) / "kb.json"
        shutil.copyfile(args.store, db)
        store = KnowledgeStore(db)
        recorded: list[float] = []
        for n in range(args.events):
            started = time.perf_counter()
            store.first_time(f"bench:event:{n}", keep_s=3600)
            recorded.append(time.perf_counter() - started)
        written: list[float] = []
        for n in range(args.writes):
            started = time.perf_counter()
            store.put("state", {"key": f"bench:event:{n}", "value": {}})
            written.append(time.perf_counter() - started)
    print(f"store: {args.store} ({args.store.stat().st_size / 1e6:.1f} MB)")
    print(
        f"first_time (SQLite beside the store), {args.events} events: "
        f"median {statistics.median(recorded) * 1e3:.3f} ms, p95 {percentile(recorded, 0.95) * 1e3:.3f} ms"
    )
    print(
        f"one document written into the JSON store, {args.writes} writes: median {statistics.median(written) * 1e3:.0f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
