"""Discord settings, read without importing discord.py so that start-up stays cheap.

``DISCORD_TOKEN`` is kept as a secret (never printed, never logged). The two
URL settings point the client at another server speaking Discord's protocol:
a rate-limit proxy, a Discord-compatible server, or the tests' fake.
"""

from __future__ import annotations

from pydantic import SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class DiscordSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DISCORD_", env_file=".env", extra="ignore", env_ignore_empty=True)

    token: SecretStr | None = None
    guild_id: int | None = None  # sync the slash commands to this server only (instant); else globally
    api_base: str | None = None  # REST base including the version, e.g. http://127.0.0.1:8080/api/v10
    gateway_url: str | None = None  # e.g. ws://127.0.0.1:8080/gateway

    @field_validator("api_base")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value.rstrip("/") if value else value

    @field_validator("gateway_url")
    @classmethod
    def _ws_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("ws://", "wss://")):
            raise ValueError("must start with ws:// or wss://")
        return value


class DiscordSettingsError(ValueError):
    """A Discord setting is missing or malformed; the message names the variable."""


def load() -> DiscordSettings:
    """The settings, or one line naming the variable to fix."""
    try:
        return DiscordSettings()
    except ValidationError as exc:
        problems = "; ".join(f"DISCORD_{'_'.join(str(p) for p in e['loc']).upper()}: {e['msg']}" for e in exc.errors())
        raise DiscordSettingsError(f"bad Discord setting: {problems}") from None


def is_configured() -> bool:
    """Whether a token is set (from the environment or .env); a malformed setting counts as configured
    so that starting it reports what is wrong instead of silently skipping Discord."""
    try:
        return DiscordSettings().token is not None
    except ValidationError:
        return True
