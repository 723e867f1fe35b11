"""Reply shapes every answer part shares: the refusal, the length limits, the clip."""

from __future__ import annotations

from bot.models import Reply

FACT_LIMIT = 560  # a fact or status answer reads as one chat message
LIST_LIMIT = 1100
SUGGESTION = "Try `deals` to see the deals I know about."


def unknown(text: str) -> Reply:
    return Reply(title="I don't know", text=text, found=False)


def clip(text: str, limit: int = FACT_LIMIT) -> str:
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "\u2026"
