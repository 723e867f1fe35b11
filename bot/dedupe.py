"""Remembering recent event ids, because platforms deliver some events twice.

Slack retries an event it thinks was not acknowledged, sends a mention as both
``app_mention`` and ``message``, and replays after a reconnect; a gateway
resume can replay too. Answering once means remembering ids for a few minutes.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable


class RecentEvents:
    def __init__(
        self, ttl_s: float = 600.0, max_size: int = 10_000, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._ttl, self._max, self._clock = ttl_s, max_size, clock
        self._lock = threading.Lock()

    def first_time(self, event_id: str) -> bool:
        """True the first time an id is seen within the time-to-live, False for a repeat."""
        with self._lock:
            return self._first_time(event_id)

    def _first_time(self, event_id: str) -> bool:
        now = self._clock()
        while self._seen and (next(iter(self._seen.values())) < now - self._ttl or len(self._seen) > self._max):
            self._seen.popitem(last=False)
        if event_id in self._seen:
            return False
        self._seen[event_id] = now
        return True
