"""A question set written without looking at the implementation, about ten articles it never saw.

It guards the general mechanism (extraction, ranking, "I don't know") against regressions; the
articles and questions are in tests/data/heldout.
"""

from __future__ import annotations

import json
from pathlib import Path

from scoring import passes

from bot.core import EvBot

HELDOUT = Path(__file__).parent / "data" / "heldout"


def test_heldout_questions_about_unseen_articles(bot: EvBot) -> None:
    report = bot.ingest_paths([str(HELDOUT / "articles")])
    assert len(report.added) == 10 and not report.skipped
    questions = [json.loads(line) for line in (HELDOUT / "questions.jsonl").read_text().splitlines() if line.strip()]
    results = [(q, bot.ask(q["question"])) for q in questions]
    failures = [(q["id"], r.text[:100]) for q, r in results if not passes(q, r.text, r.found)]
    assert len(failures) <= 4, failures
    assert not [q["id"] for q, r in results if q["kind"] == "negative" and r.found]
