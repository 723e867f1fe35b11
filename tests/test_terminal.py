"""The terminal front end, driven as a user would: a pseudo-terminal for chat, subprocesses for one-offs."""

from __future__ import annotations

import asyncio
import io
import json
import os
import pty
import select
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

from rich.console import Console
from untrusted import ARTICLE, ASK_PAYMENT, EVIL, HTML_ARTICLE, TYPED, controls_in

from adapters.terminal_digests import terminal_poster
from bot.core import EvBot
from bot.digests.since import digest_since
from knowledge.store import KnowledgeStore

EVBOT = str(Path(sys.executable).with_name("evbot"))


class Terminal:
    """A child process on a pseudo-terminal: type lines, read what the screen shows."""

    def __init__(self, *args: str) -> None:
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.environ["COLUMNS"] = "120"
            os.execv(EVBOT, [EVBOT, *args])
        self.screen = ""

    def read_until(self, text: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        start = len(self.screen)
        while text not in self.screen[start:]:
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"waited for {text!r}; screen:\n{self.screen[-2000:]}"
            ready, _, _ = select.select([self.fd], [], [], remaining)
            if ready:
                try:
                    self.screen += os.read(self.fd, 65536).decode("utf-8", "replace")
                except OSError:
                    break
        return self.screen[start:]

    def type(self, line: str) -> None:
        os.write(self.fd, (line + "\n").encode())

    def press(self, keys: bytes) -> None:
        """Raw keys: b"\\x1b[A" is the up arrow, b"\\x03" Ctrl-C, b"\\x04" Ctrl-D."""
        os.write(self.fd, keys)

    def wait(self, timeout: float = 15.0) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                return os.waitstatus_to_exitcode(status)
            try:
                os.read(self.fd, 65536)
            except OSError:
                pass
            time.sleep(0.05)
        os.kill(self.pid, 9)
        raise AssertionError("chat did not exit")


def test_chat_answers_questions_and_slash_commands_then_quits(db_path: Path) -> None:
    term = Terminal("--db", str(db_path), "chat")
    term.read_until("you> ")
    term.type("alibaba ford?")
    shown = term.read_until("you> ")
    assert "cloud computing" in shown and "Sources:" in shown and "December 7" in shown
    term.type("/deal ford xiaomi")
    shown = term.read_until("you> ")
    assert "Status:" in shown and "in talks" in shown
    term.type("/nonsense")
    assert "Unknown command" in term.read_until("you> ")
    term.type("What is the price of the RTX 4080?")
    assert "I don't know" in term.read_until("you> ")
    term.type("/quit")
    assert term.wait() == 0


def test_chat_has_line_editing_and_history(db_path: Path) -> None:
    term = Terminal("--db", str(db_path), "chat")
    term.read_until("you> ")
    term.type("alibaba ford?")
    assert "cloud computing" in term.read_until("you> ")
    term.press(b"\x1b[A\r")  # up arrow brings the question back; Enter asks it again
    assert "cloud computing" in term.read_until("you> ")
    term.press(b"ford xiaomi" + b"\x1b[D" * 11 + b"/deal \r")  # left arrows to the start, then insert
    assert "Status:" in term.read_until("you> ")
    term.press(b"\x04")  # Ctrl-D on an empty line leaves
    assert term.wait() == 0


def test_ctrl_c_at_the_prompt_drops_the_line_and_a_nul_needs_no_second_enter(db_path: Path) -> None:
    term = Terminal("--db", str(db_path), "chat")
    term.read_until("you> ")
    term.press(b"half a question")
    term.read_until("half a question")  # on screen: readline has it
    # As a person would, let readline go back to waiting for a key: Python checks for Ctrl-C only while it
    # waits, so a Ctrl-C within the moment readline draws a key is seen at the next key.
    time.sleep(0.3)
    term.press(b"\x03")
    term.read_until("you> ")
    term.type("/help")  # not "half a question/help"
    assert "deals [FILTER]" in term.read_until("you> ")
    term.press(b"\x00\r")
    term.read_until("you> ", timeout=5)
    term.type("/quit")
    assert term.wait() == 0


def test_ctrl_c_while_the_chat_answers_stops_evbot_with_one_line(db_path: Path) -> None:
    import socket

    with socket.create_server(("127.0.0.1", 0)) as hanging:  # a feed that accepts and never answers
        url = f"http://127.0.0.1:{hanging.getsockname()[1]}/feed.xml"
        subprocess.run([EVBOT, "--db", str(db_path), "feeds", "add", url], check=True, capture_output=True)
        term = Terminal("--db", str(db_path), "chat")
        term.read_until("you> ")
        term.type("/feeds poll")
        hanging.settimeout(30)
        connection, _ = hanging.accept()
        with connection:
            term.press(b"\x03")
            assert "evbot: interrupted" in term.read_until("interrupted", timeout=5)
            assert term.wait(timeout=5) == 130


def test_ingest_shows_progress_at_a_terminal(db_path: Path) -> None:
    term = Terminal("--db", str(db_path), "ingest", str(Path(__file__).parent / "data" / "articles"))
    shown = term.read_until("added")
    assert "ingesting" in shown and "files" in shown
    assert term.wait() == 0


def test_chat_ends_cleanly_at_end_of_input(db_path: Path) -> None:
    result = subprocess.run(
        [EVBOT, "--db", str(db_path), "chat"], input="/help\n", capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0 and "deals [FILTER]" in result.stdout


def test_run_with_no_tokens_starts_the_terminal_chat(db_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_"))}
    result = subprocess.run(
        [EVBOT, "--db", str(db_path), "run"],
        input="who is ford talking to?\n",
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert result.returncode == 0 and "Xiaomi" in result.stdout


def test_ask_json_prints_one_object_and_the_plain_form_prints_sources(db_path: Path) -> None:
    result = subprocess.run(
        [EVBOT, "--db", str(db_path), "ask", "--json", "When", "was", "the", "Ford", "Alibaba", "deal", "signed?"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    answer = json.loads(result.stdout)
    assert answer["found"] and "December 7" in answer["answer"]
    assert answer["sources"][0]["quote"] and answer["deals"][0]["status"] == "signed"
    plain = subprocess.run(
        [EVBOT, "--db", str(db_path), "ask", "alibaba ford?"], capture_output=True, text=True, timeout=60
    )
    assert "Sources:" in plain.stdout and "Tmall" in plain.stdout


def test_deal_deals_and_sources_subcommands(db_path: Path) -> None:
    def run(*args: str) -> str:
        return subprocess.run(
            [EVBOT, "--db", str(db_path), *args], capture_output=True, text=True, timeout=60, check=True
        ).stdout

    assert "talks" in run("deal", "xiaomi")
    assert "Alibaba" in run("deals") and "Alibaba" not in run("deals", "xiaomi")
    assert "Xiaomi" in run("sources", "ford", "xiaomi")


def test_escape_sequences_in_articles_reach_neither_the_store_nor_the_screen_nor_the_digest_file(
    db_path: Path, tmp_path: Path
) -> None:
    def evbot(*args: str, stdin: str = "") -> bytes:
        wide = {**os.environ, "COLUMNS": "300"}  # a sentence on one line, for the assertions
        command = [EVBOT, "--db", str(db_path), *args]
        run = subprocess.run(command, input=stdin.encode(), capture_output=True, timeout=60, env=wide)
        assert run.returncode == 0, run.stderr
        return run.stdout

    (tmp_path / "terms.txt").write_text(ARTICLE)
    (tmp_path / "chips.html").write_text(HTML_ARTICLE)
    evbot("ingest", str(tmp_path / "terms.txt"), str(tmp_path / "chips.html"), "--published", "2024-06-25")
    store = KnowledgeStore(db_path)
    stored = [a for a in store.all("articles") if "Rivian" in a["title"]]
    strings = [s for a in stored for s in (a["title"], a["source"], *a["sentences"], *a["headings"])]
    assert len(stored) == 2 and not [s for s in strings if controls_in(s) or "\u200b" in s]
    paid = "Volkswagen will pay the first $1 billion in 2024, according to the filing, and the venture is based in "
    assert paid + "ainrofilaC, Rivian said." in strings  # every escape sequence gone whole, the words it wrapped kept
    assert any(s.startswith("The chips will go into") and "Volkswagen said" in s for s in strings)  # &#x200b; too

    # A store an older evbot wrote still holds what the article carried: output strips it.
    terms = next(a for a in stored if a["title"].startswith("Rivian and Volkswagen sign"))
    older = [
        s.replace("Rivian said", "Rivian\x1b[2J said\a\u202e").replace("$1", "\x1b]52;c;ZXZpbA==\x07$1")
        for s in terms["sentences"]
    ]
    store.put("articles", {**terms, "title": terms["title"] + "\x1b]0;owned\x07", "sentences": older})
    shown = {
        "ask": evbot("ask", ASK_PAYMENT),
        "ask --json": evbot("ask", "--json", ASK_PAYMENT),
        "sources": evbot("sources", "rivian", "volkswagen"),
        "sources --json": evbot("sources", "--json"),
        "deals": evbot("deals", "rivian"),
        "digest": evbot("digest", "--since", "1d"),
        "chat": evbot("chat", stdin=f"deal \x1b[2J{TYPED}\a\n{ASK_PAYMENT}\n"),
    }
    digest_file = tmp_path / "digests.txt"
    bot = EvBot.open(db_path)
    reply = bot.with_kb(lambda kb: digest_since(kb, timedelta(days=1), bot.clock()))
    asyncio.run(terminal_poster(Console(file=io.StringIO()), digest_file)("terminal", reply))
    shown["digest file"] = digest_file.read_bytes()
    for where, output in shown.items():
        assert not controls_in(output.decode()), (where, output)
    assert "the first $1 billion in 2024, according to the filing" in json.loads(shown["ask --json"])["answer"]
    for where in ("ask", "chat"):
        assert b"according to the" in shown[where] and b"ainrofilaC, Rivian said." in shown[where], where
    assert f"sign a [software deal]({EVIL})".encode() in shown["sources"]
    assert f"matching \u201c{TYPED}\u201d".encode() in shown["chat"]  # the user's own text, echoed without ESC
    assert b"Rivian" in shown["digest"] and b"Rivian" in shown["digest file"]
