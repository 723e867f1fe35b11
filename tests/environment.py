"""The environment every test runs in: none of a developer's evbot, LLM, platform or proxy settings."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Settings a developer's shell or .env may hold that are not the tests' business: evbot's own (the admins, the
# time zone, the digest file, the LLM), OPENAI_API_KEY, the platforms' tokens and URLs, and proxies (every test
# stays on 127.0.0.1). Tests that want one set it themselves.
PREFIXES = ("EVBOT_", "OPENAI_", "SLACK_", "DISCORD_")
PROXIES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")


def clean_environment(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Work in ``folder`` (so no developer .env is read) with none of the settings above; subprocesses inherit
    the cleaned environment. conftest.py does this for every test; module-scoped fixtures call it with their
    own MonkeyPatch."""
    monkeypatch.chdir(folder)
    for name in list(os.environ):
        if name.startswith(PREFIXES) or name in PROXIES:
            monkeypatch.delenv(name)
