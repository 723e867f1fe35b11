"""Discord settings, read without importing discord.py so that start-up stays cheap."""

from __future__ import annotations

import os


def is_configured() -> bool:
    return bool(os.environ.get("DISCORD_TOKEN"))
