"""The delivery port: how the digest driver posts to a platform without knowing one.

Each front end implements ``Poster`` (post this reply to this channel) and raises
``DeliveryError`` when the platform refuses; it imports this module only, never
the driver or APScheduler.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from bot.models import Reply


class Poster(Protocol):
    """Post ``reply`` to ``channel`` on one platform; raise DeliveryError when the platform refuses it."""

    def __call__(self, channel: str, reply: Reply, /) -> Awaitable[None]: ...


class DeliveryError(Exception):
    """The platform refused a post (channel removed or archived, bot removed, permission lost): nothing was
    posted. Adapters raise it; any other failure of a post counts as "may have been posted"."""


class Posters(dict[str, Poster]):
    """platform -> its Poster. Platforms add theirs once connected; the driver listening here then posts at
    once what was waiting for them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.on_add: Callable[[str], None] | None = None

    def __setitem__(self, platform: str, poster: Poster) -> None:
        super().__setitem__(platform, poster)
        if self.on_add is not None:
            self.on_add(platform)
