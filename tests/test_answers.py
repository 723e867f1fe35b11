"""Answers on the development questions, through the core and through `evbot ask --json -`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from scoring import passes

from bot.core import EvBot

QUESTIONS = [
    json.loads(line) for line in (Path(__file__).parent / "data" / "dev.jsonl").read_text().splitlines() if line.strip()
]
EVBOT = str(Path(sys.executable).with_name("evbot"))


def test_dev_questions_through_the_cli_in_one_process(db_path: Path) -> None:
    stdin = "\n".join(q["question"] for q in QUESTIONS) + "\n"
    result = subprocess.run(
        [EVBOT, "--db", str(db_path), "ask", "--json", "-"], input=stdin, capture_output=True, text=True, timeout=120
    )
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(answers) == len(QUESTIONS)
    for answer in answers:
        assert set(answer) == {"question", "answer", "found", "answered_by", "sources", "deals"}
        assert answer["answered_by"] == "extractive"  # no LLM configured
        for source in answer["sources"]:
            assert set(source) == {"title", "url", "published", "quote"}
    score = sum(passes(q, a["answer"], a["found"]) for q, a in zip(QUESTIONS, answers))
    assert score >= 21, [
        (q["id"], a["answer"][:80]) for q, a in zip(QUESTIONS, answers) if not passes(q, a["answer"], a["found"])
    ]
    negatives = [a for q, a in zip(QUESTIONS, answers) if q["kind"] == "negative"]
    assert negatives and not any(a["found"] for a in negatives)


@pytest.mark.parametrize("question", QUESTIONS, ids=[q["id"] for q in QUESTIONS])
def test_every_found_answer_quotes_stored_sentences(bot: EvBot, question: dict) -> None:
    reply = bot.ask(question["question"])
    stored = {s for a in bot.kb.articles for s in a.sentences}
    if reply.found:
        assert reply.citations
        assert all(c.quote in stored for c in reply.citations)
    else:
        assert "don't know" in reply.text and "deals" in reply.text


def test_questions_about_test_written_articles(bot: EvBot) -> None:
    bot.ingest_paths([str(Path(__file__).parent / "data" / "articles")])
    cases = [
        ("How much will Volkswagen invest in Rivian?", ["5 billion"]),
        ("vw rivian?", ["joint venture"]),
        ("Is the Kestrel Voltara deal signed?", ["signed"]),
        ("How many GWh will Voltara supply to Kestrel Motors?", ["20 GWh"]),
        ("What happened to the Honda Nissan merger talks?", ["called off", "ended"]),
        ("Who is Rivian's chief executive?", ["Scaringe"]),
    ]
    for text, must in cases:
        reply = bot.ask(text)
        assert reply.found, text
        assert any(m.lower() in reply.text.lower() for m in must), (text, reply.text)
    for text in (
        "Is Rivian partnering with Honda?",
        "What did Nvidia charge for its new chip?",
        "How much is the Tesla Model Y price cut?",
    ):
        assert not bot.ask(text).found, text
