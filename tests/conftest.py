"""Shared fixtures: a fresh store seeded with the sample articles, and a bot over it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core import EvBot


@pytest.fixture(autouse=True)
def no_llm(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reaches a real model: an OPENAI_API_KEY in the developer's shell is not the tests' business.
    Subprocesses inherit the cleaned environment; tests that want the LLM point it at tests/fakes/openai.py."""
    for name in (
        "OPENAI_API_KEY",
        "OPENAI_BASE_URL",
        "EVBOT_LLM_BASE_URL",
        "EVBOT_LLM_MODEL",
        "EVBOT_LLM_TIMEOUT",
        "EVBOT_LLM_MAX_TOKENS",
        "EVBOT_LLM_EXTRACT",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "kb.json"


@pytest.fixture
def bot(db_path: Path) -> EvBot:
    return EvBot.open(db_path)
