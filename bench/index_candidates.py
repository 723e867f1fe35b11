"""Sentence-index candidates side by side, on the same stored articles and the same questions.

Each candidate indexes what evbot's index holds (every stored sentence's search tokens with its heading's,
numbered article by article) and answers what the knowledge base asks of it: ``search`` (top 40 by BM25),
``docs_with`` (every sentence holding a token, ascending) and ``idf``. For each one:

1. build: index all but the last --adds articles from scratch and save it (in a child process);
2. add one: add the last --adds articles one at a time, each saved (committed) before the next; median;
3. open: in a fresh child process, with the candidate's library already imported, open the saved index and
   answer the first question (cold start), then
   every question's ``search`` (each timed three times, the fastest kept: other jobs on the machine only add
   time) and every question token's ``docs_with`` (once: a second call would time a cache); how much the
   child's resident memory grew from before the open to after the last call (mapped pages it touched count);
4. agreement with one bm25s index over the same sentences: the share of questions whose top 10 has the same
   scores (same BM25), and the mean overlap of the top-10 sentences.

Candidates: ``bm25s`` (today's: one bm25s index, rebuilt whole per revision, loaded into memory),
``bm25s-mmap`` (the same, memory-mapped), ``segments`` (knowledge/index.py), ``fts5`` (SQLite FTS5 from the
standard library, its own bm25 with k1 = 1.2) and ``tantivy`` (if installed; its BM25 has k1 = 1.2).

The articles and questions come from a bench run kept on disk:

    .venv/bin/python bench/run_bench.py --sizes 10000 --workdir /tmp/bw --keep
    .venv/bin/python bench/index_candidates.py --db /tmp/bw/n10000/knowledge.json --questions /tmp/bw/n10000/questions.json
"""

from __future__ import annotations

import argparse
import importlib
import json
import math
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))

from knowledge.index import IndexWriter, SentenceIndex  # noqa: E402
from knowledge.segment import sentence_tokens  # noqa: E402
from knowledge.store import KnowledgeStore  # noqa: E402
from knowledge.text import question_tokens  # noqa: E402

Article = dict[str, Any]
ROUNDS = 3  # each search is timed this many times and its fastest kept


def load_articles(db: Path) -> list[Article]:
    return sorted(KnowledgeStore(db).all("articles"), key=lambda a: a["seq"])


def sentences(articles: Sequence[Article], first_position: int = 0) -> Iterator[tuple[int, list[str]]]:
    position = first_position
    for article in articles:
        for toks in sentence_tokens(article):
            yield position, toks
            position += 1


# ----------------------------------------------------------------------------- candidates
class Candidate:
    """What every candidate offers; ``folder`` holds what it saves."""

    name = ""
    libraries: tuple[str, ...] = ()

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def build(self, articles: Sequence[Article]) -> None:
        raise NotImplementedError

    def add(self, stored: Sequence[Article], article: Article) -> None:
        raise NotImplementedError

    def open(self, articles: Sequence[Article]) -> None:
        raise NotImplementedError

    def search(self, query: list[str], k: int) -> list[tuple[int, float]]:
        """(position, score) best first."""
        raise NotImplementedError

    def docs_with(self, token: str) -> np.ndarray:
        raise NotImplementedError


class Bm25sRebuild(Candidate):
    name = "bm25s"
    libraries = ("bm25s",)
    mmap = False

    def build(self, articles: Sequence[Article]) -> None:
        import bm25s

        corpus = [toks for _, toks in sentences(articles)]
        bm25 = bm25s.BM25()
        bm25.index(corpus or [[]], show_progress=False)
        shutil.rmtree(self.folder, ignore_errors=True)
        bm25.save(str(self.folder), show_progress=False)

    def add(self, stored: Sequence[Article], article: Article) -> None:
        self.build([*stored, article])  # what a new revision cost: every sentence tokenised again

    def open(self, articles: Sequence[Article]) -> None:
        import bm25s

        self.bm25 = bm25s.BM25.load(str(self.folder), mmap=self.mmap, show_progress=False, verbosity=0)

    def search(self, query: list[str], k: int) -> list[tuple[int, float]]:
        ids = [self.bm25.vocab_dict[t] for t in dict.fromkeys(query) if t in self.bm25.vocab_dict]
        if not ids:
            return []
        scores = self.bm25.get_scores(ids)
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        return [(int(i), float(scores[i])) for i in top if scores[i] > 0]

    def docs_with(self, token: str) -> np.ndarray:
        token_id = self.bm25.vocab_dict.get(token)
        if token_id is None:
            return np.empty(0, dtype=np.int32)
        indptr = self.bm25.scores["indptr"]
        return np.asarray(self.bm25.scores["indices"][indptr[token_id] : indptr[token_id + 1]])


class Bm25sMmap(Bm25sRebuild):
    name = "bm25s-mmap"
    mmap = True


class Segments(Candidate):
    name = "segments"

    def build(self, articles: Sequence[Article]) -> None:
        IndexWriter(self.folder).add([], articles)

    def add(self, stored: Sequence[Article], article: Article) -> None:
        writer = IndexWriter(self.folder)
        writer.add(stored, [article])
        writer.compact()

    def open(self, articles: Sequence[Article]) -> None:
        self.index = SentenceIndex.open(self.folder, articles)

        self.offsets = np.concatenate(([0], np.cumsum([len(a["sentences"]) for a in articles])))

    def search(self, query: list[str], k: int) -> list[tuple[int, float]]:
        return [(int(self.offsets[h.article]) + h.sentence, h.score) for h in self.index.search(query, k)]

    def docs_with(self, token: str) -> np.ndarray:
        return self.index.docs_with(token)


class Fts5(Candidate):
    """One row per sentence (rowid = position), its tokens as text; FTS5 keeps its own segments and merges."""

    name = "fts5"

    def _connect(self) -> sqlite3.Connection:
        self.folder.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.folder / "fts.db", isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        return db

    def _insert(self, db: sqlite3.Connection, articles: Sequence[Article], first: int) -> None:
        db.execute("BEGIN")
        db.executemany(
            "INSERT INTO s(rowid, toks) VALUES (?, ?)", ((p, " ".join(t)) for p, t in sentences(articles, first))
        )
        db.execute("COMMIT")

    def build(self, articles: Sequence[Article]) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        db = self._connect()
        db.execute("CREATE VIRTUAL TABLE s USING fts5(toks, tokenize = \"unicode61 tokenchars '.'\")")
        db.execute("CREATE VIRTUAL TABLE v USING fts5vocab(s, row)")
        self._insert(db, articles, 0)
        db.close()

    def add(self, stored: Sequence[Article], article: Article) -> None:
        db = self._connect()
        (first,) = db.execute("SELECT coalesce(max(rowid) + 1, 0) FROM s").fetchone()
        self._insert(db, [article], first)
        db.close()

    def open(self, articles: Sequence[Article]) -> None:
        self.db = self._connect()

    def search(self, query: list[str], k: int) -> list[tuple[int, float]]:
        match = " OR ".join(f'"{t}"' for t in dict.fromkeys(query))
        if not match:
            return []
        rows = self.db.execute(
            "SELECT rowid, -bm25(s) FROM s WHERE s MATCH ? ORDER BY bm25(s) LIMIT ?", (match, k)
        ).fetchall()
        return [(int(r), float(s)) for r, s in rows]

    def docs_with(self, token: str) -> np.ndarray:
        rows = self.db.execute("SELECT rowid FROM s WHERE s MATCH ? ORDER BY rowid", (f'"{token}"',)).fetchall()
        return np.fromiter((r for (r,) in rows), dtype=np.int64, count=len(rows))


class Tantivy(Candidate):
    """One document per sentence (a ``pos`` fast field), tokens through tantivy's whitespace tokenizer."""

    name = "tantivy"
    libraries = ("tantivy",)

    def _schema(self) -> Any:
        import tantivy

        builder = tantivy.SchemaBuilder()
        builder.add_text_field("toks", tokenizer_name="whitespace", index_option="freq")
        builder.add_integer_field("pos", stored=False, indexed=False, fast=True)
        return builder.build()

    def _index(self) -> Any:
        import tantivy

        self.folder.mkdir(parents=True, exist_ok=True)
        return tantivy.Index(self._schema(), path=str(self.folder))

    def _insert(self, articles: Sequence[Article], first: int) -> None:
        import tantivy

        index = self._index()
        writer = index.writer(heap_size=50_000_000, num_threads=1)
        for position, toks in sentences(articles, first):
            writer.add_document(tantivy.Document(toks=" ".join(toks), pos=position))
        writer.commit()
        writer.wait_merging_threads()

    def build(self, articles: Sequence[Article]) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        self._insert(articles, 0)

    def add(self, stored: Sequence[Article], article: Article) -> None:
        self._insert([article], sum(len(a["sentences"]) for a in stored))

    def open(self, articles: Sequence[Article]) -> None:
        self.index = self._index()
        self.searcher = self.index.searcher()

    def _query(self, tokens: Sequence[str]) -> Any:
        import tantivy

        schema = self.index.schema
        return tantivy.Query.boolean_query(
            [(tantivy.Occur.Should, tantivy.Query.term_query(schema, "toks", t)) for t in dict.fromkeys(tokens)]
        )

    def search(self, query: list[str], k: int) -> list[tuple[int, float]]:
        if not query:
            return []
        hits = self.searcher.search(self._query(query), k).hits
        positions = self.searcher.fast_field_values("pos", [address for _, address in hits])
        return [(int(p), float(score)) for (score, _), p in zip(hits, positions)]

    def docs_with(self, token: str) -> np.ndarray:
        query = self._query([token])
        count = self.searcher.search(query, 1, count=True).count
        if not count:
            return np.empty(0, dtype=np.int64)
        hits = self.searcher.search(query, count).hits
        return np.sort(np.asarray(self.searcher.fast_field_values("pos", [a for _, a in hits]), dtype=np.int64))


CANDIDATES: dict[str, type[Candidate]] = {c.name: c for c in (Bm25sRebuild, Bm25sMmap, Segments, Fts5, Tantivy)}


# ----------------------------------------------------------------------------- child processes
def rss_mb() -> float:
    """Resident memory now (not the high-water mark, which counts the imports)."""
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * resource.getpagesize() / 2**20


def child_build(name: str, db: Path, folder: Path, adds: int) -> dict[str, Any]:
    articles = load_articles(db)
    base, extra = articles[: len(articles) - adds], articles[len(articles) - adds :]
    candidate = CANDIDATES[name](folder)
    t0 = time.perf_counter()
    candidate.build(base)
    build_s = time.perf_counter() - t0
    added_ms = []
    for i, article in enumerate(extra):
        t0 = time.perf_counter()
        candidate.add(articles[: len(base) + i], article)
        added_ms.append((time.perf_counter() - t0) * 1000.0)
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20
    outline = [[a["key"], len(a["sentences"])] for a in articles]
    (folder.parent / f"{name}.articles.json").write_text(json.dumps(outline), "utf-8")
    return {"build_s": build_s, "add_ms": added_ms, "disk_mb": size}


def child_query(name: str, folder: Path, questions: Path) -> dict[str, Any]:
    # Only the articles' keys and sentence counts (what the segments are checked against), not the store:
    # memory the store's load left behind would be handed back during the open and hide the index's own.
    outline = json.loads((folder.parent / f"{name}.articles.json").read_text("utf-8"))
    articles = [{"key": key, "sentences": range(count)} for key, count in outline]
    queries = [question_tokens(q) for q in json.loads(questions.read_text("utf-8"))["questions"]]
    queries = [q for q in queries if q]
    words = list(dict.fromkeys(t for q in queries for t in q))
    candidate = CANDIDATES[name](folder)
    for library in candidate.libraries:  # imported first: the open and the memory are the index's alone
        importlib.import_module(library)
    before = rss_mb()
    t0 = time.perf_counter()
    candidate.open(articles)
    first = candidate.search(queries[0], 40)
    cold_ms = (time.perf_counter() - t0) * 1000.0
    search_ms, results = [], []
    for query in queries:
        times = []
        for _ in range(ROUNDS):
            t0 = time.perf_counter()
            hits = candidate.search(query, 40)
            times.append((time.perf_counter() - t0) * 1000.0)
        search_ms.append(min(times))
        results.append(hits[:10])
    docs_ms, df = [], {}
    for word in words:  # once each: a second call would time the segments' cache
        t0 = time.perf_counter()
        docs = candidate.docs_with(word)
        docs_ms.append((time.perf_counter() - t0) * 1000.0)
        df[word] = int(len(docs))
    return {
        "cold_ms": cold_ms,
        "first_hits": len(first),
        "search_ms": search_ms,
        "docs_ms": docs_ms,
        "rss_mb": rss_mb() - before,
        "top10": results,
        "df": df,
    }


def run_child(*args: str) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), *args], capture_output=True, text=True, check=False
    )
    if out.returncode != 0:
        raise RuntimeError(f"{args[:2]} failed: {out.stderr.strip().splitlines()[-1:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


# ----------------------------------------------------------------------------- report
def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100.0 * len(ordered)) - 1)] if ordered else 0.0


def agreement(reference: dict[str, Any], other: dict[str, Any]) -> tuple[float, float, float]:
    """Share of questions with the same top-10 scores, mean top-10 overlap, share of tokens with the same df."""
    same = overlap = 0.0
    for ref, got in zip(reference["top10"], other["top10"]):
        same += [round(s, 4) for _, s in ref] == [round(s, 4) for _, s in got]
        overlap += len({p for p, _ in ref} & {p for p, _ in got}) / len(ref) if ref else not got
    n = max(1, len(reference["top10"]))
    df_same = sum(reference["df"][w] == other["df"].get(w) for w in reference["df"]) / max(1, len(reference["df"]))
    return same / n, overlap / n, df_same


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--build-child"]:
        print(json.dumps(child_build(argv[1], Path(argv[2]), Path(argv[3]), int(argv[4]))))
        return 0
    if argv[:1] == ["--query-child"]:
        print(json.dumps(child_query(argv[1], Path(argv[2]), Path(argv[3]))))
        return 0
    parser = argparse.ArgumentParser(description="sentence-index candidates (see the module docstring)")
    parser.add_argument("--db", type=Path, required=True, help="a store, e.g. one kept by run_bench.py --keep")
    parser.add_argument("--questions", type=Path, required=True, help="questions.json beside it")
    parser.add_argument("--candidates", default=",".join(CANDIDATES), help="comma-separated")
    parser.add_argument("--adds", type=int, default=5, help="articles added one at a time")
    parser.add_argument("--rebuild-adds", type=int, default=2, help="fewer for the candidates that rebuild")
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=BENCH / "out")
    args = parser.parse_args(argv)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="evbot-candidates-"))
    names = [n for n in args.candidates.split(",") if n]
    if "tantivy" in names:
        try:
            import tantivy  # noqa: F401
        except ImportError:
            print("tantivy is not installed: skipped (pip install tantivy)", file=sys.stderr)
            names.remove("tantivy")
    articles = len(KnowledgeStore(args.db).all("articles"))
    results: dict[str, dict[str, Any]] = {}
    for name in names:
        folder = work / name
        adds = args.rebuild_adds if name.startswith("bm25s") else args.adds
        print(f"[{name}] building and adding {adds} ...", file=sys.stderr, flush=True)
        built = run_child("--build-child", name, str(args.db), str(folder), str(adds))
        print(f"[{name}] querying ...", file=sys.stderr, flush=True)
        queried = run_child("--query-child", name, str(folder), str(args.questions))
        results[name] = {**built, **queried}
        print(f"[{name}] build {built['build_s']:.1f} s, add {built['add_ms']}", file=sys.stderr, flush=True)
    reference = results.get("bm25s")
    lines = [
        f"Index candidates over {articles:,} stored articles ({os.cpu_count()} CPUs), "
        f"{len(next(iter(results.values()))['search_ms'])} questions; p50 and p95 over the calls (each search the "
        f"fastest of {ROUNDS}).",
        "",
        "| candidate | build s | add one article ms | cold open + first search ms | search p50 / p95 ms "
        "| docs_with p50 / p95 ms | RSS after open + questions MB | disk MB | same top-10 scores as bm25s "
        "| top-10 overlap | same df |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, r in results.items():
        same, overlap, df_same = agreement(reference, r) if reference else (0.0, 0.0, 0.0)
        lines.append(
            f"| {name} | {r['build_s']:.1f} | {statistics.median(r['add_ms']):,.0f} | {r['cold_ms']:,.0f} | "
            f"{percentile(r['search_ms'], 50):.1f} / {percentile(r['search_ms'], 95):.1f} | "
            f"{percentile(r['docs_ms'], 50):.2f} / {percentile(r['docs_ms'], 95):.2f} | {r['rss_mb']:.0f} | "
            f"{r['disk_mb']:.0f} | {same:.0%} | {overlap:.0%} | {df_same:.0%} |"
        )
    table = "\n".join(lines) + "\n"
    print(table)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"candidates-{articles}.md").write_text(table, "utf-8")
    slim = {n: {k: v for k, v in r.items() if k not in {"top10", "df"}} for n, r in results.items()}
    (args.out / f"candidates-{articles}.json").write_text(json.dumps(slim, indent=1), "utf-8")
    if args.workdir is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
