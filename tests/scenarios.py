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
