"""evbot benchmark: ingestion rate, cold start, answer latency and peak memory at several corpus sizes.

For each size (default 1,000, 3,000 and 10,000 articles), in a temporary folder:

1. generate a synthetic corpus (bench/generate_corpus.py, fixed seed);
2. ingest it with ``evbot --db X ingest DIR`` as a subprocess: articles/s over the wall time, which includes
   interpreter start, the sample articles a fresh store loads, every store write and the index build;
3. cold start: ``evbot --db X ask --json QUESTION`` as a fresh process, from spawn to the first answer line on
   stdout; median and p95 over --cold-runs runs (default 5);
4. answer latency inside one process (a child running this script with --latency-worker): ``EvBot.open``, one
   warm-up question (the cold-start one: it loads the index), then --questions questions (default 200) built from the corpus'
   companies and deals, each timed around ``EvBot.ask``; p50 and p95 in ms;
5. adding ONE article to the existing store: ``evbot --db X ingest one.txt`` as a subprocess (wall time), and
   inside a process that already has the store open (a child running this script with --add-worker: ``EvBot.open``,
   the index loaded, then each article timed around ``EvBot.ingest_paths``); medians over --one-runs articles
   (default 5 each), taken from the corpus generator's continuation, so they are new articles of the same kind;
6. answers beside an ingest: a child running this script with --beside-worker opens the store, asks a question
   every 100 ms (each timed around ``EvBot.ask``) while ``evbot --db X ingest DIR`` adds --beside new articles
   (default 1,000) in another process; the max and p95 of those answers;
7. peak memory: max RSS of each child, read from ``os.wait4`` (the kernel's per-process high-water mark).

It prints a Markdown table and writes it to bench/out/results.md (and every raw number to results.json).

    .venv/bin/python bench/run_bench.py                      # 1,000, 3,000, 10,000
    .venv/bin/python bench/run_bench.py --sizes 1000,30000   # add 30,000 (about 15 minutes more)
    .venv/bin/python bench/run_bench.py --src /tmp/other-checkout   # benchmark another copy of the code
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))

import generate_corpus  # noqa: E402  (bench/ is not a package)

# Issue 13's targets at 30,000 articles: (what, SizeResult field, limit, True when more is better).
TARGETS = [
    ("add one article in process", "one_inproc_median_ms", 500.0, False),
    ("add one article with `evbot ingest`", "one_cli_median_ms", 1500.0, False),
    ("cold start", "cold_median_ms", 1000.0, False),
    ("RSS answering", "latency_rss_mb", 400.0, False),
    ("answer p95", "answer_p95_ms", 20.0, False),
    ("bulk ingest", "ingest_rate", 300.0, True),
    ("worst answer beside an ingest", "beside_max_ms", 200.0, False),
]
BESIDE_EVERY_S = 0.1  # one question every 100 ms while the ingest runs
TARGET_SIZE, BASE_SIZE, GROWTH = 30000, 3000, 2.0  # and each within 2x of its value at 3,000


# ----------------------------------------------------------------------------- child processes
@dataclass
class ChildResult:
    returncode: int
    wall_s: float
    first_line_s: float | None
    stdout: str
    stderr: str
    max_rss_mb: float
    timed_out: bool = False


def run_child(
    cmd: list[str], *, env: dict[str, str], cwd: Path, timeout: float, want_first_line: bool = False
) -> ChildResult:
    """Run a command; wall time, time to its first stdout line, and its own peak RSS (os.wait4)."""
    with tempfile.TemporaryFile() as err_file:
        started = time.perf_counter()
        proc = subprocess.Popen(
            cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=err_file, env=env, cwd=cwd
        )
        timed_out = threading.Event()

        def kill() -> None:
            timed_out.set()
            proc.kill()

        timer = threading.Timer(timeout, kill)
        timer.start()
        first_line_s = None
        try:
            assert proc.stdout is not None
            if want_first_line:
                first = proc.stdout.readline()
                first_line_s = time.perf_counter() - started if first else None
            else:
                first = b""
            rest = proc.stdout.read()
            _, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - started
        finally:
            timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        proc.stdout.close()
        err_file.seek(0)
        stderr = err_file.read().decode("utf-8", "replace")
    return ChildResult(
        proc.returncode,
        wall,
        first_line_s,
        (first + rest).decode("utf-8", "replace"),
        stderr,
        usage.ru_maxrss / 1024.0,
        timed_out.is_set(),
    )  # ru_maxrss is in KiB on Linux


def child_env(src: Path | None, pycache: Path) -> dict[str, str]:
    """The measured processes' environment. They keep compiled bytecode in ``pycache`` (the bench's own folder,
    not the checkout), as an installed evbot has it: a PYTHONDONTWRITEBYTECODE inherited from a sandbox would
    make every spawn compile each evbot module from source again (about 0.15 s of a cold start)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("EVBOT_") and k != "PYTHONDONTWRITEBYTECODE"}
    env["EVBOT_LOG_LEVEL"] = "WARNING"
    env["PYTHONUNBUFFERED"] = "1"
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    if src is not None:  # a path entry is searched before the editable install's finder
        env["PYTHONPATH"] = str(src) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def evbot_command(python: str) -> list[str]:
    """The console script when it sits beside the interpreter, else the same entry point through -c."""
    script = Path(python).with_name("evbot")
    if script.exists():
        return [python, str(script)]
    return [python, "-c", "from adapters.cli import main; main()"]


# ----------------------------------------------------------------------------- questions
def build_questions(records: list[dict], count: int, seed: int) -> list[str]:
    """Varied questions about the corpus: deal records, facts in sentences, lists, and some it cannot answer."""
    rng = random.Random(seed)
    by_kind: dict[str, list[dict]] = {}
    for r in records:
        by_kind.setdefault(r["kind"], []).append(r)
    country_adj = generate_corpus.COUNTRY_ADJ
    sector_word = {
        "automaker": "automaker",
        "tech": "tech",
        "battery": "battery",
        "semiconductor": "chip",
        "supplier": "supplier",
        "charging": "charging",
        "materials": "mining",
        "energy": "energy",
    }

    def any_record(pred=lambda r: True) -> dict:
        for _ in range(50):
            r = rng.choice(records)
            if pred(r):
                return r
        return rng.choice(records)

    def chat_case(text: str) -> str:
        return text.lower() if rng.random() < 0.3 else text

    def deal_record() -> str:
        r = any_record()
        a, b = (r["a"], r["b"]) if rng.random() < 0.5 else (r["b"], r["a"])
        return rng.choice(
            [
                f"{a.lower()} {b.lower()}?",
                f"{a} {b} status?",
                f"Is the {a} and {b} deal a done deal?",
                f"When was the {a} {b} deal signed?",
                f"What did {a} and {b} agree to do together?",
                f"Tell me about the {a} and {b} deal",
                f"Who is {a} talking to?",
                f"Who is {b} partnering with?",
                f"Are {a} and {b} still in talks?",
                f"{a}?",
            ]
        )

    def fact() -> str:
        choice = rng.randrange(12)
        if choice == 0:
            r = any_record(lambda r: r["money"])
            return f"How much is the {r['a']} {r['b']} deal worth?"
        if choice == 1:
            r = any_record(lambda r: r["stake"] is not None)
            return f"What stake did {r['a']} take in {r['b']}?"
        if choice == 2:
            r = any_record(lambda r: r["gwh"])
            return f"How many GWh will {r['b']} supply to {r['a']}?"
        if choice == 3:
            r = any_record()
            return f"How many jobs will the plant in {r['place']} create?"
        if choice == 4:
            r = any_record()
            return f"Who is {r['person_company']}'s {r['person_title']}?"
        if choice == 5:
            r = any_record()
            return f"What did {r['person']} say about the deal with {r['b']}?"
        if choice == 6:
            r = any_record()
            return f"Which model will be the first to use the {r['a']} and {r['b']} technology?"
        if choice == 7:
            r = any_record(lambda r: r["status"] == "ended")
            return f"Why did {r['a']} and {r['b']} call off their deal?"
        if choice == 8:
            r = any_record(lambda r: r["models"])
            return f"How many electric models will {r['a']} launch by {r['target_year']}?"
        if choice == 9:
            r = any_record(lambda r: r["kind"] == "supply")
            return f"Where will {r['b']} make the battery cells for {r['a']}?"
        if choice == 10:
            r = any_record()
            return f"What does {r['b']} bring to the partnership with {r['a']}?"
        r = any_record(lambda r: r["kind"] == "joint venture")
        return f"What will the {r['a']} {r['b']} joint venture build?"

    def topical() -> str:
        r = any_record()
        return rng.choice(
            [
                "List the deals you know about",
                f"Which deals involve {country_adj.get(r['a_country'], 'Chinese')} "
                f"{sector_word.get(r['a_sector'], 'tech')} companies?",
                f"Which companies are building battery plants in {r['region']}?",
                f"What are analysts saying about {r['scope'][0]}?",
                "Which carmakers recalled vehicles over a software fault?",
                f"Who has a deal on {r['scope'][1]}?",
                f"How much have battery prices fallen since {int(r['published'][:4]) - 3}?",
                f"What is {r['rival']} planning in {r['region']}?",
                f"List the {r['scope'][0]} deals",
                "Which deals were called off?",
                f"Which {sector_word.get(r['b_sector'], 'battery')} deals do you know?",
            ]
        )

    def negative() -> str:
        return rng.choice(
            [
                "What's the weather in Detroit today?",
                "What is the price of the RTX 4080?",
                "Tell me about the Ford and Samsung deal",
                "Who won the football match last night?",
                "Is BMW partnering with Nintendo?",
                "How do I bake sourdough bread?",
            ]
        )

    makers = [(deal_record, 35), (fact, 45), (topical, 12), (negative, 8)]
    questions = []
    for _ in range(count):
        maker = rng.choices([m for m, _ in makers], weights=[w for _, w in makers])[0]
        questions.append(chat_case(maker()))
    return questions


# ----------------------------------------------------------------------------- in-process latency (child side)
def latency_worker(db: str, questions_file: str) -> int:
    import resource

    spec = json.loads(Path(questions_file).read_text("utf-8"))
    questions = spec["questions"]
    started = time.perf_counter()
    from bot.core import EvBot

    imported = time.perf_counter()
    bot = EvBot.open(db)
    opened = time.perf_counter()
    warm = bot.ask(spec["warmup"])  # answered from ranked sentences: it loads the search index
    warmed = time.perf_counter()
    latencies, found = [], 0
    for question in questions:
        t0 = time.perf_counter()
        reply = bot.ask(question)
        latencies.append((time.perf_counter() - t0) * 1000.0)
        found += bool(reply.found)
    slowest = sorted(zip(latencies, questions), reverse=True)[:3]
    print(
        json.dumps(
            {
                "import_ms": (imported - started) * 1000.0,
                "open_ms": (opened - imported) * 1000.0,
                "warmup_ms": (warmed - opened) * 1000.0,
                "warmup_found": bool(warm.found),
                "latencies_ms": latencies,
                "found": found,
                "asked": len(latencies),
                "slowest": slowest,
                "self_max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,
                "articles": len(bot.kb.articles),
                "deals": len(bot.kb.deals),
            }
        )
    )
    return 0


def beside_worker(db: str, questions_file: str, stop_file: str) -> int:
    """Answer a question every 100 ms until ``stop_file`` appears (the ingest beside it has finished)."""
    spec = json.loads(Path(questions_file).read_text("utf-8"))
    questions = spec["questions"]
    from bot.core import EvBot

    bot = EvBot.open(db)
    bot.ask(spec["warmup"])  # a running bot has its index loaded
    print("ready", flush=True)
    latencies, asked_at = [], []
    start = next_at = time.perf_counter()
    stop = Path(stop_file)
    while not stop.exists():
        question = questions[len(latencies) % len(questions)]
        t0 = time.perf_counter()
        bot.ask(question)
        latencies.append((time.perf_counter() - t0) * 1000.0)
        asked_at.append(t0 - start)
        next_at += BESIDE_EVERY_S
        time.sleep(max(0.0, next_at - time.perf_counter()))
    slowest = sorted(zip(latencies, asked_at, (questions[i % len(questions)] for i in range(len(latencies)))))[-3:]
    print(json.dumps({"latencies_ms": latencies, "slowest": slowest[::-1], "articles": len(bot.kb.articles)}))
    return 0


def add_worker(db: str, *paths: str) -> int:
    """Time adding articles one at a time inside a process that already has the store open, as a bot would."""
    from bot.core import EvBot

    bot = EvBot.open(db)
    _ = bot.kb.index  # a running bot has its index loaded
    added_ms = []
    for path in paths:
        t0 = time.perf_counter()
        report = bot.ingest_paths([path])
        added_ms.append((time.perf_counter() - t0) * 1000.0)
        if len(report.added) != 1:
            print(f"{path} was not added: {report}", file=sys.stderr)
            return 1
    print(json.dumps({"added_ms": added_ms, "articles": len(bot.kb.articles)}))
    return 0


# ----------------------------------------------------------------------------- one size
def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (p95 of 5 values is the largest; of 200 values, the 190th)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100.0 * len(ordered)) - 1)]


@dataclass
class SizeResult:
    size: int
    generate_s: float = 0.0
    ingest_s: float = 0.0
    ingest_rate: float = 0.0
    ingest_rss_mb: float = 0.0
    store_mb: float = 0.0
    index_mb: float = 0.0
    cold_ms: list[float] = field(default_factory=list)
    cold_rss_mb: list[float] = field(default_factory=list)
    cold_median_ms: float = 0.0
    cold_p95_ms: float = 0.0
    open_ms: float = 0.0
    warmup_ms: float = 0.0
    answer_p50_ms: float = 0.0
    answer_p95_ms: float = 0.0
    answer_max_ms: float = 0.0
    slowest: list = field(default_factory=list)
    found: int = 0
    asked: int = 0
    latency_rss_mb: float = 0.0
    peak_rss_mb: float = 0.0
    articles_stored: int = 0
    deals_stored: int = 0
    one_cli_ms: list[float] = field(default_factory=list)
    one_cli_median_ms: float = 0.0
    one_inproc_ms: list[float] = field(default_factory=list)
    one_inproc_median_ms: float = 0.0
    beside_ms: list[float] = field(default_factory=list)
    beside_max_ms: float = 0.0
    beside_p95_ms: float = 0.0
    beside_ingest_s: float = 0.0
    beside_slowest: list = field(default_factory=list)
    error: str | None = None


def _tail(text: str, lines: int = 6) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def bench_size(size: int, args: argparse.Namespace, work: Path, log) -> SizeResult:
    result = SizeResult(size=size)
    folder = work / f"n{size}"
    corpus, db = folder / "articles", folder / "knowledge.json"
    folder.mkdir(parents=True, exist_ok=True)
    env = child_env(args.src, work / "pycache")
    evbot = evbot_command(args.python)

    t0 = time.perf_counter()
    extra = 2 * args.one_runs
    records = generate_corpus.generate(size + extra + args.beside, args.seed, corpus)[:size]
    singles = folder / "singles"  # the generator's continuation: new articles to add one at a time later
    beside = folder / "beside"  # and after them, those ingested beside a bot that answers
    singles.mkdir(exist_ok=True)
    beside.mkdir(exist_ok=True)
    for n, path in enumerate(sorted(corpus.iterdir())[size:]):
        path.rename((singles if n < extra else beside) / path.name)
    result.generate_s = time.perf_counter() - t0
    log(f"[{size}] generated {size} articles in {result.generate_s:.1f} s")

    ingest = run_child(evbot + ["--db", str(db), "ingest", str(corpus)], env=env, cwd=folder, timeout=args.timeout)
    result.ingest_s, result.ingest_rss_mb = ingest.wall_s, ingest.max_rss_mb
    result.ingest_rate = size / ingest.wall_s
    added = re.search(r"(\d+) added", ingest.stdout)
    if ingest.timed_out or ingest.returncode != 0 or not added:
        result.error = (
            f"ingest {'timed out' if ingest.timed_out else f'exited {ingest.returncode}'} "
            f"after {ingest.wall_s:.1f} s: {_tail(ingest.stderr or ingest.stdout, 1)}"
        )
        log(f"[{size}] {result.error}")
        return result
    parts = db.with_name(db.name + ".d")  # the large tables' part files, beside the manifest
    result.store_mb = (db.stat().st_size + sum(p.stat().st_size for p in parts.glob("*"))) / 2**20
    index_dir = db.with_name(db.name + ".index")
    result.index_mb = (
        sum(p.stat().st_size for p in index_dir.rglob("*") if p.is_file()) / 2**20 if index_dir.exists() else 0.0
    )
    log(
        f"[{size}] ingest: {ingest.stdout.strip()} in {ingest.wall_s:.1f} s "
        f"({result.ingest_rate:.0f} articles/s, max RSS {ingest.max_rss_mb:.0f} MB); "
        f"store {result.store_mb:.1f} MB, index {result.index_mb:.1f} MB"
    )

    questions = build_questions(records, args.questions, args.seed + size)
    # A question answered from ranked sentences, so the cold start includes loading the search index.
    money = next(r for r in records if r["money"])
    cold_question = f"How much is the {money['a']} {money['b']} deal worth?"
    for _ in range(args.cold_runs):
        cold = run_child(
            evbot + ["--db", str(db), "ask", "--json", cold_question],
            env=env,
            cwd=folder,
            timeout=args.timeout,
            want_first_line=True,
        )
        if cold.returncode != 0 or cold.first_line_s is None:
            result.error = f"cold-start ask exited {cold.returncode}: {_tail(cold.stderr or cold.stdout, 1)}"
            log(f"[{size}] {result.error}")
            return result
        json.loads(cold.stdout.splitlines()[0])  # it must be an answer, not noise
        result.cold_ms.append(cold.first_line_s * 1000.0)
        result.cold_rss_mb.append(cold.max_rss_mb)
    result.cold_median_ms = statistics.median(result.cold_ms)
    result.cold_p95_ms = percentile(result.cold_ms, 95)
    log(f"[{size}] cold start ({cold_question!r}): " + ", ".join(f"{v:.0f}" for v in result.cold_ms) + " ms")

    qfile = folder / "questions.json"
    qfile.write_text(json.dumps({"warmup": cold_question, "questions": questions}, ensure_ascii=False), "utf-8")
    worker = run_child(
        [args.python, str(Path(__file__).resolve()), "--latency-worker", str(db), str(qfile)],
        env=env,
        cwd=folder,
        timeout=args.timeout,
    )
    if worker.returncode != 0:
        result.error = f"latency run exited {worker.returncode}: {_tail(worker.stderr, 1)}"
        log(f"[{size}] {result.error}")
        return result
    data = json.loads(worker.stdout.strip().splitlines()[-1])
    lat = data["latencies_ms"]
    result.open_ms, result.warmup_ms = data["open_ms"], data["warmup_ms"]
    result.answer_p50_ms, result.answer_p95_ms = percentile(lat, 50), percentile(lat, 95)
    result.answer_max_ms = max(lat)
    result.slowest = data["slowest"]
    result.found, result.asked = data["found"], data["asked"]
    result.articles_stored, result.deals_stored = data["articles"], data["deals"]
    result.latency_rss_mb = worker.max_rss_mb
    result.peak_rss_mb = max([result.latency_rss_mb, *result.cold_rss_mb])
    log(
        f"[{size}] in-process: open {result.open_ms:.0f} ms, warm-up {result.warmup_ms:.0f} ms, "
        f"p50 {result.answer_p50_ms:.1f} ms, p95 {result.answer_p95_ms:.1f} ms, max {result.answer_max_ms:.1f} ms, "
        f"{result.found}/{result.asked} answered; {result.articles_stored} articles, {result.deals_stored} deals; "
        f"max RSS {result.latency_rss_mb:.0f} MB"
    )

    single_files = sorted(singles.iterdir())
    for path in single_files[: args.one_runs]:
        one = run_child(evbot + ["--db", str(db), "ingest", str(path)], env=env, cwd=folder, timeout=args.timeout)
        if one.returncode != 0 or "1 added" not in one.stdout:
            result.error = f"one-article ingest exited {one.returncode}: {_tail(one.stderr or one.stdout, 1)}"
            log(f"[{size}] {result.error}")
            return result
        result.one_cli_ms.append(one.wall_s * 1000.0)
    result.one_cli_median_ms = statistics.median(result.one_cli_ms)
    adder = run_child(
        [args.python, str(Path(__file__).resolve()), "--add-worker", str(db), *map(str, single_files[args.one_runs :])],
        env=env,
        cwd=folder,
        timeout=args.timeout,
    )
    if adder.returncode != 0:
        result.error = f"in-process add exited {adder.returncode}: {_tail(adder.stderr, 1)}"
        log(f"[{size}] {result.error}")
        return result
    result.one_inproc_ms = json.loads(adder.stdout.strip().splitlines()[-1])["added_ms"]
    result.one_inproc_median_ms = statistics.median(result.one_inproc_ms)
    log(
        f"[{size}] one article: evbot ingest "
        + ", ".join(f"{v:.0f}" for v in result.one_cli_ms)
        + " ms; in process "
        + ", ".join(f"{v:.0f}" for v in result.one_inproc_ms)
        + " ms"
    )
    if args.beside:
        error = answers_beside_ingest(result, args, folder, db, qfile, beside, env, evbot)
        if error:
            result.error = error
            log(f"[{size}] {error}")
            return result
        log(
            f"[{size}] beside an ingest of {args.beside} articles ({result.beside_ingest_s:.1f} s): "
            f"{len(result.beside_ms)} answers, p95 {result.beside_p95_ms:.1f} ms, max {result.beside_max_ms:.1f} ms; "
            "slowest " + "; ".join(f"{ms:.0f} ms at {at:.1f} s {q!r}" for ms, at, q in result.beside_slowest)
        )
    return result


def answers_beside_ingest(
    result: SizeResult,
    args: argparse.Namespace,
    folder: Path,
    db: Path,
    qfile: Path,
    beside: Path,
    env: dict[str, str],
    evbot: list[str],
) -> str | None:
    """A bot answering every 100 ms while another process ingests ``beside``; None when it went well."""
    stop = folder / "beside.stop"
    stop.unlink(missing_ok=True)
    worker = subprocess.Popen(
        [args.python, str(Path(__file__).resolve()), "--beside-worker", str(db), str(qfile), str(stop)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=folder,
        text=True,
    )
    try:
        assert worker.stdout is not None
        if worker.stdout.readline().strip() != "ready":
            return f"beside-ingest worker did not start: {_tail(worker.communicate(timeout=60)[1], 1)}"
        ingest = run_child(evbot + ["--db", str(db), "ingest", str(beside)], env=env, cwd=folder, timeout=args.timeout)
        stop.touch()
        out, err = worker.communicate(timeout=args.timeout)
    finally:
        stop.touch()
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    result.beside_ingest_s = ingest.wall_s
    if ingest.returncode != 0 or worker.returncode != 0:
        return f"beside-ingest run: ingest exited {ingest.returncode}, worker {worker.returncode}: {_tail(err, 1)}"
    data = json.loads(out.strip().splitlines()[-1])
    result.beside_ms = data["latencies_ms"]
    result.beside_max_ms, result.beside_p95_ms = max(result.beside_ms), percentile(result.beside_ms, 95)
    result.beside_slowest = data["slowest"]
    return None


# ----------------------------------------------------------------------------- report
def render(results: list[SizeResult], meta: dict) -> str:
    lines = [
        f"evbot benchmark, {meta['when']} on {meta['machine']} ({meta['cpus']} CPUs), Python {meta['python']}, "
        f"code {meta['code']}; seed {meta['seed']}, {meta['questions']} questions, {meta['cold_runs']} cold starts, "
        f"{meta['one_runs']} + {meta['one_runs']} articles added one at a time; medians.",
        "",
        "| articles | bulk ingest articles/s | add one article: `evbot ingest` ms | add one article: in process ms "
        "| cold start median ms | cold start p95 ms | answer p50 ms | answer p95 ms | RSS answering MB "
        "| peak RSS MB | ingest peak RSS MB | answer beside an ingest: max / p95 ms |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]

    def ms(value: float) -> str:
        return f"{value:,.0f}" if value else "-"

    for r in results:
        if r.error and not r.answer_p50_ms:
            rate = "failed" if r.error.startswith("ingest") else f"{r.ingest_rate:.0f}"
            cold = f"{r.cold_median_ms:.0f} | {r.cold_p95_ms:.0f}" if r.cold_median_ms else "- | -"
            lines.append(f"| {r.size:,} | {rate} | - | - | {cold} | - | - | - | - | {r.ingest_rss_mb:.0f} | - |")
            continue
        lines.append(
            f"| {r.size:,} | {r.ingest_rate:.0f} | {ms(r.one_cli_median_ms)} | {ms(r.one_inproc_median_ms)} | "
            f"{r.cold_median_ms:.0f} | {r.cold_p95_ms:.0f} | {r.answer_p50_ms:.1f} | {r.answer_p95_ms:.1f} | "
            f"{r.latency_rss_mb:.0f} | {r.peak_rss_mb:.0f} | {r.ingest_rss_mb:.0f} | "
            + (f"{r.beside_max_ms:,.0f} / {r.beside_p95_ms:,.0f} |" if r.beside_ms else "- |")
        )
    lines.append("")
    for r in results:
        if r.error:
            lines.append(f"- {r.size:,} articles: FAILED: {r.error}")
    ok = [r for r in results if not r.error]
    if ok:
        lines.append(
            "- answered (found) / asked: "
            + ", ".join(f"{r.size:,}: {r.found}/{r.asked}" for r in ok)
            + "; store / index on disk MB: "
            + ", ".join(f"{r.size:,}: {r.store_mb:.0f} / {r.index_mb:.0f}" for r in ok)
        )
    for r in ok:
        lines.append(
            f"- slowest answers at {r.size:,}: " + "; ".join(f"{ms:.0f} ms {question!r}" for ms, question in r.slowest)
        )
    for r in ok:
        if r.beside_ms:
            lines.append(
                f"- beside an ingest of new articles at {r.size:,} ({r.beside_ingest_s:.1f} s, {len(r.beside_ms)} answers), "
                "slowest: " + "; ".join(f"{ms:.0f} ms at {at:.1f} s {q!r}" for ms, at, q in r.beside_slowest)
            )
    lines += target_lines(ok)
    return "\n".join(lines) + "\n"


def target_lines(ok: list[SizeResult]) -> list[str]:
    """PASS/MISS against the targets at the largest size measured (30,000 in the issue), and the growth from 3,000."""
    if not ok:
        return []
    large = next((r for r in ok if r.size == TARGET_SIZE), max(ok, key=lambda r: r.size))
    base = next((r for r in ok if r.size == BASE_SIZE and r is not large), None)
    checks, growth = [], []
    for what, name, limit, more_is_better in TARGETS:
        value = getattr(large, name)
        if not value:
            continue  # not measured (a run without --beside, or an older results.json)
        good = value > limit if more_is_better else value < limit
        checks.append(
            f"{what} {value:,.1f} {'PASS' if good else 'MISS'} ({'>' if more_is_better else '<'} {limit:,.0f})"
        )
        if base is not None and getattr(base, name):
            ratio = getattr(base, name) / value if more_is_better else value / getattr(base, name)
            growth.append(f"{what} {ratio:.1f}x {'PASS' if ratio <= GROWTH else 'MISS'}")
    lines = [f"- targets at {large.size:,} articles: " + "; ".join(checks)]
    if base is not None:
        lines.append(f"- {large.size:,} against {base.size:,} articles (within {GROWTH:.0f}x): " + "; ".join(growth))
    return lines


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--latency-worker"]:
        return latency_worker(argv[1], argv[2])
    if argv[:1] == ["--beside-worker"]:
        return beside_worker(argv[1], argv[2], argv[3])
    if argv[:1] == ["--add-worker"]:
        return add_worker(*argv[1:])
    if argv[:1] == ["--render"]:  # the table again from a results.json
        saved = json.loads(Path(argv[1]).read_text("utf-8"))
        known = set(SizeResult.__dataclass_fields__)
        print(
            render([SizeResult(**{k: v for k, v in r.items() if k in known}) for r in saved["results"]], saved["meta"])
        )
        return 0
    parser = argparse.ArgumentParser(description="evbot benchmark (see bench/README.md)")
    parser.add_argument("--sizes", default="1000,3000,10000", help="comma-separated corpus sizes")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--questions", type=int, default=200, help="questions timed per size, after one warm-up")
    parser.add_argument("--cold-runs", type=int, default=5)
    parser.add_argument(
        "--one-runs", type=int, default=5, help="articles added one at a time, by `evbot ingest` and in process"
    )
    parser.add_argument(
        "--beside", type=int, default=1000, help="articles ingested beside a bot answering every 100 ms (0: skip)"
    )
    parser.add_argument("--timeout", type=float, default=3600.0, help="seconds before a child process is killed")
    parser.add_argument("--python", default=sys.executable, help="interpreter of the evbot install to measure")
    parser.add_argument(
        "--src",
        type=Path,
        default=None,
        help="measure the code in this checkout instead of the installed one (put first on PYTHONPATH)",
    )
    parser.add_argument("--label", default=None, help="how to name the measured code in the report")
    parser.add_argument(
        "--workdir", type=Path, default=None, help="where to put corpora and stores (default: a temp dir)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the corpora and stores")
    parser.add_argument("--out", type=Path, default=BENCH / "out", help="folder for results.md and results.json")
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]

    work = args.workdir or Path(tempfile.mkdtemp(prefix="evbot-bench-"))
    work.mkdir(parents=True, exist_ok=True)

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    code_dir = args.src or REPO
    try:
        commit = (
            subprocess.run(
                ["git", "-C", str(code_dir), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, timeout=10
            ).stdout.strip()
            or "unknown"
        )
        dirty = subprocess.run(
            ["git", "-C", str(code_dir), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
        commit += " (+ uncommitted changes)" if dirty else ""
    except (OSError, subprocess.SubprocessError):
        commit = "unknown"
    meta = {
        "when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "code": args.label or f"{code_dir} @ {commit}",
        "seed": args.seed,
        "questions": args.questions,
        "cold_runs": args.cold_runs,
        "one_runs": args.one_runs,
    }
    log(f"benchmarking {code_dir} in {work}")
    results = []
    try:
        for size in sizes:
            results.append(bench_size(size, args, work, log))
    finally:
        if not args.keep and args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    table = render(results, meta)
    print(table)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.md").write_text(table, "utf-8")
    (args.out / "results.json").write_text(
        json.dumps({"meta": meta, "results": [asdict(r) for r in results]}, indent=2), "utf-8"
    )
    log(f"wrote {args.out / 'results.md'}")
    return 1 if any(r.error for r in results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
