"""Shared fixtures: a clean environment for every test, a fresh store seeded with the sample articles, and a bot
over it."""

from __future__ import annotations

from pathlib import Path

import pytest
from environment import clean_environment

from bot.core import EvBot


@pytest.fixture(autouse=True)
def environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    clean_environment(monkeypatch, tmp_path)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "kb.json"


@pytest.fixture
def bot(db_path: Path) -> EvBot:
    return EvBot.open(db_path)
