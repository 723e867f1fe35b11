"""What each conversation was last about, so that a follow-up needs no company name.

"and when was it signed?" in a Slack thread, a Discord reply or the terminal
chat is about the deal the previous answer was about. Memory is per
conversation key, short-lived (people move on) and bounded (a busy workspace
never grows it without limit).
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable

TTL_SECONDS = 30 * 60
MAX_CONVERSATIONS = 2000


class Conversations:
    def __init__(self, ttl: float = TTL_SECONDS, clock: Callable[[], float] = time.monotonic) -> None:
        self._ttl, self._clock = ttl, clock
        self._about: OrderedDict[str, tuple[float, tuple[str, ...]]] = OrderedDict()

    def recall(self, key: str) -> tuple[str, ...]:
        """The companies the conversation's last answer was about; nothing once it has gone quiet."""
        if not key or key not in self._about:
            return ()
        at, companies = self._about[key]
        if self._clock() - at > self._ttl:
            del self._about[key]
            return ()
        return companies

    def remember(self, key: str, companies: tuple[str, ...]) -> None:
        if not key or not companies:
            return
        self._about[key] = (self._clock(), companies)
        self._about.move_to_end(key)
        while len(self._about) > MAX_CONVERSATIONS:
            self._about.popitem(last=False)
