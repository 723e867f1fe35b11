"""Slack settings, read without importing slack-bolt so that start-up stays cheap.

Tokens are ``SecretStr`` so that printing or logging the settings never shows
them; ``require`` turns a missing or malformed value into one line naming the
variable to fix.
"""

from __future__ import annotations

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from adapters.runner import FrontEndError

DEFAULT_API_URL = "https://slack.com/api/"
# HTTP mode listens on loopback unless told otherwise: Slack only posts to https URLs, so the bot sits behind a
# TLS-terminating proxy or tunnel, which usually runs on the same host; in a container, use 0.0.0.0.
DEFAULT_HTTP_HOST = "127.0.0.1"


class SlackSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SLACK_", env_file=".env", extra="ignore")

    bot_token: SecretStr = SecretStr("")
    app_token: SecretStr = SecretStr("")
    signing_secret: SecretStr = SecretStr("")
    api_url: str = ""
    http_host: str = DEFAULT_HTTP_HOST

    @property
    def web_api_url(self) -> str:
        """The Web API base URL, with the trailing slash slack_sdk needs."""
        return (self.api_url.strip() or DEFAULT_API_URL).rstrip("/") + "/"

    def require(self, http: bool) -> None:
        """Raise FrontEndError naming the first variable that keeps the chosen mode from starting."""
        bot = self.bot_token.get_secret_value().strip()
        if not bot:
            raise FrontEndError(
                "SLACK_BOT_TOKEN is not set: copy the Bot User OAuth Token (xoxb-...) from your "
                "Slack app's OAuth & Permissions page into .env"
            )
        if not bot.startswith("xoxb-"):
            raise FrontEndError(
                f"SLACK_BOT_TOKEN must be a bot token starting with xoxb- (it starts with "
                f"{_prefix(bot)}); copy the Bot User OAuth Token from OAuth & Permissions"
            )
        if http:
            if not self.signing_secret.get_secret_value().strip():
                raise FrontEndError(
                    "SLACK_SIGNING_SECRET is not set: HTTP mode needs the Signing Secret from your "
                    "Slack app's Basic Information page"
                )
        else:
            app = self.app_token.get_secret_value().strip()
            if not app:
                raise FrontEndError(
                    "SLACK_APP_TOKEN is not set: Socket Mode needs an app-level token (xapp-...) with "
                    "connections:write from Basic Information > App-Level Tokens (or run with --http)"
                )
            if not app.startswith("xapp-"):
                raise FrontEndError(
                    f"SLACK_APP_TOKEN must be an app-level token starting with xapp- (it starts with "
                    f"{_prefix(app)}); create one under Basic Information > App-Level Tokens"
                )
        if not self.web_api_url.startswith(("http://", "https://")):
            raise FrontEndError(f"SLACK_API_URL must be an http(s) URL such as {DEFAULT_API_URL}, not {self.api_url!r}")


def _prefix(token: str) -> str:
    """The non-secret part of a token, enough to tell a user which kind they pasted."""
    head, dash, _ = token.partition("-")
    return f"{head[:5]}-" if dash and len(head) <= 5 else "something else"


def is_configured() -> bool:
    return bool(SlackSettings().bot_token.get_secret_value().strip())
