"""A bot over articles a test module writes for itself: each file ingested one at a time, in order, so that a
storyline's articles arrive as a feed would bring them."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from bot.core import EvBot


def bot_over(folder: Path, articles: Mapping[str, str]) -> EvBot:
    bot = EvBot.open(folder / "kb.json")
    for name, text in articles.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        assert bot.ingest_paths([str(path)]).added, name
    return bot
