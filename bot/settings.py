"""Settings from the environment or a `.env` file; `.env.example` documents each one."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_path
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_db_path() -> Path:
    return user_data_path("evbot") / "knowledge.json"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="EVBOT_", env_file=".env", extra="ignore")

    db: Path = default_db_path()
    log_level: str = "WARNING"
