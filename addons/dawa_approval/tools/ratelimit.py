"""A small in-memory limiter of tries per client address (e.g. the public query form).

Per process: with several Odoo workers an address gets the limit in each worker, which still
bounds guessing to a few tries per minute and worker.
"""

import threading
import time
from collections import deque


class RateLimiter:
    """At most ``limit`` tries per ``period`` seconds for each key (a client address)."""

    def __init__(self, limit, period, max_keys=10000):
        self.limit = limit
        self.period = period
        self.max_keys = max_keys
        self._tries = {}
        self._lock = threading.Lock()

    def hit(self, key, now=None):
        """Count one try of ``key``; False when it is over the limit (the try is not
        counted then, so a client that waits gets in again)."""
        now = time.monotonic() if now is None else now
        with self._lock:
            tries = self._tries.get(key)
            if tries is None:
                if len(self._tries) >= self.max_keys:
                    self._prune(now)
                tries = self._tries[key] = deque()
            while tries and tries[0] <= now - self.period:
                tries.popleft()
            if len(tries) >= self.limit:
                return False
            tries.append(now)
            return True

    def reset(self):
        with self._lock:
            self._tries.clear()

    def _prune(self, now):
        for key in [key for key, tries in self._tries.items()
                    if not tries or tries[-1] <= now - self.period]:
            del self._tries[key]
        if len(self._tries) >= self.max_keys:
            # still full: forget the oldest half rather than grow without bound
            for key in sorted(self._tries, key=lambda k: self._tries[k][-1])[:self.max_keys // 2]:
                del self._tries[key]
