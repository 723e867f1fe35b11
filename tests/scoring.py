"""The scoring rule of the question sets (tests/data/dev.jsonl and the held-out set)."""

from __future__ import annotations


def passes(question: dict, answer: str, found: bool) -> bool:
    """Every group matched, a chat-sized answer; negatives not found."""
    if question["kind"] == "negative":
        return not found
    cap = 1200 if question["kind"] == "list" else 600
    text = answer.lower()
    return (
        found
        and len(text) <= cap
        and all(any(s.lower() in text for s in group) for group in question["must_include_any"])
    )
