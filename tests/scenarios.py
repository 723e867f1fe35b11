"""Conversation scenarios every front end must answer alike (core, terminal, Slack, Discord).

Each: what a user types, strings that must appear in the answer (case-insensitive),
and whether the bot should claim to know.
"""

SCENARIOS = [
    ("alibaba ford?", ["cloud", "connectivity", "retail"], True),
    ("Is the Ford and Xiaomi partnership a done deal?", ["talks"], True),
    ("who is ford talking to?", ["Xiaomi"], True),
    ("Tell me about the Ford and Samsung deal", ["don't know"], False),
    ("What is the price of the RTX 4080?", ["don't know"], False),
]


def passes(question: dict, answer: str, found: bool) -> bool:
    """The scoring rule of the evaluation: every group matched, a chat-sized answer; negatives not found."""
    if question["kind"] == "negative":
        return not found
    cap = 1200 if question["kind"] == "list" else 600
    text = answer.lower()
    return (
        found
        and len(text) <= cap
        and all(any(s.lower() in text for s in group) for group in question["must_include_any"])
    )
