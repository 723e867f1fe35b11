"""Shared fixtures: a fresh store seeded with the sample articles, and a bot over it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core import EvBot


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "kb.json"


@pytest.fixture
def bot(db_path: Path) -> EvBot:
    return EvBot.open(db_path)
