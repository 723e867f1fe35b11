"""Answering each platform event once, because platforms deliver some events twice.

Slack retries an event it thinks was not acknowledged (for up to about an hour), sends a mention as both
``app_mention`` and ``message``, and a signed request replayed within its five-minute signature window
looks new; a Discord gateway resume can replay events. So ids are remembered for their platform's
window: in memory, which answers the common case (the same message twice within milliseconds) without
touching the disk, and in the store, so that a bot restarted between a delivery and its retry (a crash,
a deploy, kill -9) still knows it answered.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from knowledge.contract import Store
from knowledge.store import StoreError

log = logging.getLogger(__name__)


class RecentEvents:
    """Ids seen in this process, each until its own expiry; at most ``max_size`` of them."""

    def __init__(self, max_size: int = 10_000, clock: Callable[[], float] = time.monotonic) -> None:
        self._expiry: OrderedDict[str, float] = OrderedDict()
        self._max, self._clock = max_size, clock
        self._lock = threading.Lock()

    def first_time(self, event_id: str, keep_s: float) -> bool:
        """True the first time an id is seen within ``keep_s`` seconds, False for a repeat."""
        with self._lock:
            now = self._clock()
            while self._expiry and (next(iter(self._expiry.values())) <= now or len(self._expiry) >= self._max):
                self._expiry.popitem(last=False)
            if self._expiry.get(event_id, now) > now:
                return False
            self._expiry[event_id] = now + keep_s
            self._expiry.move_to_end(event_id)
            return True


class AnsweredOnce:
    """Memory first, then the store; when the store cannot record (a read-only folder, a full disk), memory
    alone, with one warning when that starts and one when it is over."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._recent = RecentEvents()
        self._failing = False

    def first_time(self, event_id: str, keep_s: float) -> bool:
        if not self._recent.first_time(event_id, keep_s):
            return False
        try:
            first = self._store.first_time(event_id, keep_s)
        except StoreError as exc:
            if not self._failing:
                log.warning("%s; until that works, a retry after a restart may be answered twice", exc)
                self._failing = True
            return True
        if self._failing:
            log.warning("answered events are recorded in the store again")
            self._failing = False
        return first
