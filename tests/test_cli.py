"""The command line as a user meets it: exit statuses, one-line messages, bad bytes, Ctrl-C, quiet logs, help."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

import pytest

from bot.core import EvBot
from bot.digests.driver import DigestScheduler
from bot.models import Request, Role

EVBOT = str(Path(sys.executable).with_name("evbot"))
ARTICLES = Path(__file__).parent / "data" / "articles"


def evbot(*args: str, stdin: bytes = b"", env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    """``evbot ARGS`` in a child process, its output as bytes (so that a test can check they are UTF-8)."""
    return subprocess.run(
        [EVBOT, *args],
        input=stdin,
        capture_output=True,
        timeout=120,
        env={**os.environ, "COLUMNS": "200", **(env or {})},
    )


def one_line(stderr: bytes) -> str:
    """The single line a failure printed on standard error."""
    text = stderr.decode("utf-8")
    assert "Traceback" not in text and text.count("\n") == 1, text
    assert text.startswith("evbot: "), text
    return text


def stored_titles(db_path: Path) -> list[str]:
    return [a.title for a in EvBot.open(db_path).kb.articles]


@pytest.fixture
def silent_server() -> Iterator[tuple[str, threading.Event]]:
    """An HTTP server on 127.0.0.1 that accepts connections and never answers: a feed that hangs."""
    listener = socket.create_server(("127.0.0.1", 0))
    connected = threading.Event()
    held: list[socket.socket] = []

    def accept() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            held.append(conn)
            connected.set()

    threading.Thread(target=accept, daemon=True).start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/feed.xml", connected
    listener.close()
    for conn in held:
        conn.close()


def closed_port_url(path: str) -> str:
    """A URL on a loopback port nobody listens on: every request is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}{path}"


# -- standard input with a bad byte -----------------------------------------------------------


@pytest.mark.parametrize(
    "locale", [{"PYTHONIOENCODING": "utf-8:strict"}, {"LC_ALL": "C"}], ids=["strict-utf8", "c-locale"]
)
def test_a_batch_with_a_bad_byte_is_answered_line_by_line_in_valid_utf8(db_path: Path, locale: dict) -> None:
    stdin = b"alibaba ford?\nwho is \xff talking to?\nWhen was the Ford Alibaba deal signed?\n"
    result = evbot("--db", str(db_path), "ask", "--json", "-", stdin=stdin, env=locale)
    assert result.returncode == 0, result.stderr
    answers = [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]  # strict: raises if not UTF-8
    assert [a["question"] for a in answers] == [
        "alibaba ford?",
        "who is \ufffd talking to?",
        "When was the Ford Alibaba deal signed?",
    ]
    assert answers[0]["found"] and "December 7" in answers[2]["answer"]
    assert "line 2 of standard input is not valid UTF-8" in one_line(result.stderr)


def test_a_piped_chat_with_a_bad_byte_answers_every_message(db_path: Path) -> None:
    result = evbot("--db", str(db_path), "chat", stdin=b"caf\xe9 ford?\n/deal ford xiaomi\n")
    assert result.returncode == 0
    shown = result.stdout.decode("utf-8")
    assert "you> caf\ufffd ford?" in shown and "Status:" in shown
    assert "line 1 of standard input" in one_line(result.stderr)


def test_a_utf8_file_with_a_damaged_byte_is_stored_as_utf8_and_reported(db_path: Path, tmp_path: Path) -> None:
    page = tmp_path / "koeln.txt"
    page.write_bytes(
        "Ford und Xiaomi schließen Vertrag in Köln\n\n".encode()
        + "Ford and Xiaomi signed a supply agreement in Köln worth €2 billion, ".encode()
        + b"the companies said on Monday \xff.\n"
    )
    result = evbot("--db", str(db_path), "ingest", str(page))
    assert result.returncode == 0 and result.stdout.startswith(b"1 added")
    assert "koeln.txt: not valid UTF-8 in 1 place" in one_line(result.stderr)
    assert "Ford und Xiaomi schließen Vertrag in Köln" in stored_titles(db_path)


# -- one line and a status instead of a traceback ----------------------------------------------


@pytest.mark.parametrize(
    ("args", "env", "named"),
    [
        (
            ["--log-level", "LOUD", "deals"],
            {},
            "--log-level LOUD is not a log level; use DEBUG, INFO, WARNING or ERROR",
        ),
        (["deals"], {"EVBOT_LOG_LEVEL": "LOUD"}, "EVBOT_LOG_LEVEL=LOUD is not a log level"),
        (["deals"], {"EVBOT_FEED_INTERVAL": "often"}, "EVBOT_FEED_INTERVAL=often is not valid"),
        (["digest", "--since", "99999999999d"], {}, "--since 99999999999d is too far back; the longest is 36500d"),
        (["digest", "--since", "soon"], {}, "'soon' is not a duration"),
        (["feeds", "add", "ftp://example.com/feed"], {}, "only http:// and https:// feed URLs are accepted"),
    ],
)
def test_a_usage_mistake_is_one_line_and_status_2(db_path: Path, args: list[str], env: dict, named: str) -> None:
    result = evbot("--db", str(db_path), *args, env=env)
    assert result.returncode == 2
    assert named in one_line(result.stderr)


def test_ingest_url_with_two_files_is_a_usage_error_and_stores_nothing(db_path: Path, tmp_path: Path) -> None:
    for name in ("vw-rivian-jv.txt", "honda-nissan-ended.txt"):
        (tmp_path / name).write_bytes((ARTICLES / name).read_bytes())
    result = evbot("--db", str(db_path), "ingest", "--url", "https://example.com/a", str(tmp_path))
    assert result.returncode == 2
    assert "--url is the URL of one article, but 2 files were given" in one_line(result.stderr)
    assert not db_path.exists()  # not even opened


def test_a_published_date_that_is_not_one_is_refused_naming_the_format(db_path: Path) -> None:
    result = evbot("--db", str(db_path), "ingest", "--published", "garbage", str(ARTICLES / "vw-rivian-jv.txt"))
    assert result.returncode == 2
    assert "--published 'garbage' is not a date; use YYYY-MM-DD" in one_line(result.stderr)
    assert not db_path.exists()


def test_ingesting_a_path_that_does_not_exist_says_so_and_stores_nothing(db_path: Path, tmp_path: Path) -> None:
    missing = tmp_path / "notes"  # no suffix: it is missing, not "an unsupported file type"
    result = evbot("--db", str(db_path), "ingest", str(ARTICLES / "vw-rivian-jv.txt"), str(missing))
    assert result.returncode == 1
    assert f"{missing} does not exist; nothing was ingested" in one_line(result.stderr)
    assert not db_path.exists()


def test_feeds_poll_fails_when_every_feed_failed_and_names_each_once(db_path: Path) -> None:
    feeds = [closed_port_url("/one.xml"), closed_port_url("/two.xml")]
    for url in feeds:
        assert evbot("--db", str(db_path), "feeds", "add", url).returncode == 0
    result = evbot("--db", str(db_path), "feeds", "poll")
    assert result.returncode == 1
    shown = (result.stdout + result.stderr).decode()
    assert all(shown.count(url) == 1 for url in feeds), shown
    assert "Traceback" not in shown and "failed, cannot connect" in shown


# -- Ctrl-C ------------------------------------------------------------------------------------


def test_ctrl_c_during_a_slow_feed_poll_stops_at_once_with_one_line(
    db_path: Path, silent_server: tuple[str, threading.Event]
) -> None:
    url, connected = silent_server
    assert evbot("--db", str(db_path), "feeds", "add", url).returncode == 0
    child = subprocess.Popen(
        [EVBOT, "--db", str(db_path), "feeds", "poll"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert connected.wait(30), "the poll never reached the feed"
    child.send_signal(signal.SIGINT)
    started = time.monotonic()
    _, stderr = child.communicate(timeout=30)
    assert child.returncode == 130 and time.monotonic() - started < 5  # not the feed's 20 s timeout
    assert stderr.decode() == "evbot: interrupted\n"


async def test_stopping_the_scheduler_during_a_feed_poll_logs_no_error(
    bot: EvBot, silent_server: tuple[str, threading.Event], caplog: pytest.LogCaptureFixture
) -> None:
    url, connected = silent_server
    bot.handle(Request(text=f"feeds add {url}", platform="terminal", roles=frozenset({Role.ADMIN})))
    scheduler = DigestScheduler(bot, {}, sync_every_s=3600)
    await scheduler.start()
    scheduler.scheduler.modify_job("feeds:poll", next_run_time=datetime.now(UTC))
    for _ in range(300):
        if connected.is_set():
            break
        await asyncio.sleep(0.05)
    assert connected.is_set()
    await scheduler.stop()
    await asyncio.sleep(0.1)
    assert not [r for r in caplog.records if r.levelname in {"ERROR", "CRITICAL"}], caplog.text


# -- quiet logs ------------------------------------------------------------------------------------


@pytest.mark.parametrize("level", [[], ["--log-level", "ERROR"]], ids=["default", "error"])
def test_library_chatter_stays_out_of_stderr(db_path: Path, tmp_path: Path, level: list[str]) -> None:
    (tmp_path / "empty.html").write_text("<html><body></body></html>")  # trafilatura warns of "discarding data"
    (tmp_path / "vw.txt").write_bytes((ARTICLES / "vw-rivian-jv.txt").read_bytes())
    result = evbot("--db", str(db_path), *level, "ingest", str(tmp_path))  # builds the index: bm25s speaks
    assert result.returncode == 0
    assert result.stderr.decode().splitlines() == [
        f"skipped {tmp_path / 'empty.html'}: no article text left after removing page furniture"
    ]


# -- help and version --------------------------------------------------------------------------


def test_version_and_help_are_there_and_readable() -> None:
    shown = evbot("--version")
    assert shown.returncode == 0 and shown.stdout.decode() == f"evbot {version('evbot')}\n"
    top = evbot("-h").stdout.decode()
    assert "--version" in top and "Exit status: 0 answered; 1 failed" in top
    assert "..." not in top.split("Commands:")[1].split("Exit status")[0]  # no description cut short
    ask = evbot("ask", "-h").stdout.decode()
    assert "Usage: evbot ask [OPTIONS] QUESTION..." in ask and "<list" not in ask and "{" not in ask
    ingest = evbot("ingest", "--help").stdout.decode()
    assert "--published YYYY-MM-DD" in ingest and "<str>" not in ingest


def test_the_command_line_starts_without_the_heavy_libraries() -> None:
    """What `evbot --help` costs: the platform clients, the model SDK, page cleaning, search, feeds and the
    scheduler are imported by the commands that use them (bench/cli_startup.py has the times)."""
    heavy = ("discord", "slack_bolt", "openai", "trafilatura", "bm25s", "feedparser", "apscheduler", "aiohttp")
    probe = f"import sys, adapters.cli; print([m for m in {heavy!r} if m in sys.modules])"
    assert subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout == "[]\n"


def test_a_new_store_can_start_without_the_samples(tmp_path: Path) -> None:
    empty = evbot("--db", str(tmp_path / "team.json"), "sources", env={"EVBOT_SAMPLES": "false"})
    assert empty.returncode == 0 and b"Ford" not in empty.stdout, empty.stdout
    seeded = evbot("--db", str(tmp_path / "first.json"), "sources")
    assert b"Ford" in seeded.stdout
    still = evbot("--db", str(tmp_path / "first.json"), "sources", env={"EVBOT_SAMPLES": "false"})
    assert b"Ford" in still.stdout  # a store that holds articles is never changed by the setting
