"""A revision's summary (knowledge/summary.py) is a cache: a bot opened with it, without it, with another
revision's or with a damaged one answers the same."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.core import EvBot
from knowledge.knowledge_base import index_beside
from knowledge.store import StoreError
from knowledge.summary import SUMMARY_FILE

QUESTIONS = ["alibaba ford?", "Who is Ford working with?", "Who is Kestrel Motors working with?", "Which deals?"]

ARTICLE = (
    "Kestrel Motors and Orbis Cells sign battery supply deal\n\nPublished March 4, 2024\n\n"
    "Kestrel Motors has signed an agreement with Orbis Cells to supply 20 GWh of battery cells a year, the two "
    "companies said on Monday.\n\nThe deal is worth $1.2 billion, Kestrel Motors said.\n"
)


def _answers(db: Path) -> list[dict]:
    bot = EvBot.open(db)
    return [bot.ask(q).as_dict(q) for q in QUESTIONS]


def test_a_bot_answers_the_same_with_its_revisions_summary_without_it_and_with_another(tmp_path: Path) -> None:
    db = tmp_path / "kb.json"
    summary = index_beside(db) / SUMMARY_FILE
    first = _answers(db)  # opening the new store wrote its summary
    assert summary.exists()
    old_summary = summary.read_bytes()
    assert _answers(db) == first  # read from the summary

    (tmp_path / "kestrel.txt").write_text(ARTICLE, encoding="utf-8")
    assert EvBot.open(db, answering=False).ingest_paths([str(tmp_path / "kestrel.txt")]).added
    summary.write_bytes(old_summary)  # the previous revision's: not this one's, so derived again
    fresh = _answers(db)
    assert fresh != first and "Orbis" in fresh[2]["answer"]
    assert summary.read_bytes() != old_summary  # and this revision's written in its place
    summary.unlink()
    assert _answers(db) == fresh  # none: derived again


def test_a_damaged_summary_is_derived_again(tmp_path: Path) -> None:
    db = tmp_path / "kb.json"
    summary = index_beside(db) / SUMMARY_FILE
    expected = _answers(db)
    saved = json.loads(summary.read_text("utf-8"))
    for damage in (
        lambda lookups: lookups["deals_by_party"].update({"Ford": [10**6]}),  # a place no deal holds
        lambda lookups: lookups["gazetteer"].update({"alias": ["ford"]}),
        lambda lookups: lookups.pop("articles_by_company"),
        lambda lookups: lookups["offsets"].popitem(),  # an article without its place in the index
    ):
        damaged = json.loads(json.dumps(saved))
        damage(damaged["lookups"])
        summary.write_text(json.dumps(damaged), "utf-8")
        assert _answers(db) == expected
    summary.write_text("{not json", "utf-8")
    assert _answers(db) == expected


def test_a_part_changed_after_its_summary_was_written_is_checked_again(tmp_path: Path) -> None:
    db = tmp_path / "kb.json"
    assert EvBot.open(db).ask("alibaba ford?").found  # the summary vouches for the parts as they were
    part = next(p for p in db.with_name(db.name + ".d").glob("deals-*.json") if not p.name.endswith(".body.json"))
    data = json.loads(part.read_text("utf-8"))
    next(iter(data["deals"].values()))["parties"] = "Ford"
    part.write_text(json.dumps(data), "utf-8")
    with pytest.raises(StoreError, match="damaged"):
        EvBot.open(db)
