"""Slack settings, read without importing slack-bolt so that start-up stays cheap."""

from __future__ import annotations

import os


def is_configured() -> bool:
    return bool(os.environ.get("SLACK_BOT_TOKEN"))
