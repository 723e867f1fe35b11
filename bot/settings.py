"""Settings from the environment or a `.env` file; `.env.example` documents each one."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_path
from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_db_path() -> Path:
    return user_data_path("evbot") / "knowledge.json"


class Settings(BaseSettings):
    # A blank variable (as copied from .env.example) means the default.
    model_config = SettingsConfigDict(env_prefix="EVBOT_", env_file=".env", extra="ignore", env_ignore_empty=True)

    db: Path = default_db_path()
    log_level: str = "WARNING"
    # A new, empty store starts with the two sample articles, so a first `evbot run` has something to answer
    # from (and the question sets' gold files count the sample deals). A team's own store may start empty.
    samples: bool = True
    # The sentence index's folder (its segment files), e.g. on a faster disk; blank: `<store>.index` beside the
    # store (knowledge.knowledge_base.index_beside). One folder per store.
    index_dir: Path | None = None

    # Feeds and digests (README, "Feeds and digests").
    tz: str = ""  # IANA zone for digest times given without one, e.g. Europe/Berlin; blank: UTC
    admins: str = ""  # user ids (comma or space separated) who may manage digests and feeds on any platform
    feed_interval: float = 30.0  # minutes between feed polls (with up to 10% jitter)
    feed_timeout: float = 20.0  # seconds per feed or page request
    feed_max_mb: float = 5.0  # a feed or page larger than this is not read
    digest_file: Path | None = None  # terminal digests are appended here instead of printed
    digest_pause_after: int = 3  # failed deliveries in a row before a channel's digest is paused

    @property
    def admin_ids(self) -> set[str]:
        return set(self.admins.replace(",", " ").split())

    # Optional LLM summaries (README, "LLM summaries"): on when OPENAI_API_KEY or EVBOT_LLM_BASE_URL is set.
    openai_api_key: SecretStr | None = Field(default=None, validation_alias="OPENAI_API_KEY")
    llm_base_url: str | None = None  # any OpenAI-compatible server, e.g. http://localhost:11434/v1 (Ollama)
    llm_model: str = "gpt-4o-mini"
    llm_timeout: float = Field(default=20.0, gt=0)  # seconds for a whole call, retries included
    llm_max_tokens: int = Field(default=400, gt=0)
    llm_extract: bool = False  # also extract deals with the LLM at ingestion (checked against the article)

    @property
    def llm_enabled(self) -> bool:
        return bool(self.llm_base_url or (self.openai_api_key and self.openai_api_key.get_secret_value()))
