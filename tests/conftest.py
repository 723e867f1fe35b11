"""Shared fixtures: a clean environment for every test, a fresh store seeded with the sample articles, and a bot
over it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.core import EvBot

# Settings a developer's shell or .env may hold that are not the tests' business: evbot's own (the admins, the
# time zone, the digest file, the LLM), OPENAI_API_KEY, the platforms' tokens and URLs, and proxies (every test
# stays on 127.0.0.1). Tests that want one set it themselves.
PREFIXES = ("EVBOT_", "OPENAI_", "SLACK_", "DISCORD_")
PROXIES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")


def clean_environment(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Work in ``folder`` (so no developer .env is read) with none of the settings above; subprocesses inherit
    the cleaned environment. Module-scoped fixtures call it with their own MonkeyPatch."""
    monkeypatch.chdir(folder)
    for name in list(os.environ):
        if name.startswith(PREFIXES) or name in PROXIES:
            monkeypatch.delenv(name)


@pytest.fixture(autouse=True)
def environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    clean_environment(monkeypatch, tmp_path)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "kb.json"


@pytest.fixture
def bot(db_path: Path) -> EvBot:
    return EvBot.open(db_path)
