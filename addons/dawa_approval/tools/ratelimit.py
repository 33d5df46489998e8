"""A limiter of tries per client address (e.g. the public query form).

The tries are kept in the database of the request (the table ``TABLE``, model
``dawa.rate.limit.try``), so that every Odoo worker and every Odoo machine counts the same
tries: kept in each worker's memory, an address got the limit once per worker. Without a
request (plain Python, the pure tests) they are kept in the process's memory.
"""

import contextlib
import sys
import threading
import time
from collections import deque

# The model and table of the shared tries (written by SQL here, no Odoo import needed)
MODEL = "dawa.rate.limit.try"
TABLE = "dawa_rate_limit_try"


class RateLimiter:
    """At most ``limit`` tries per ``period`` seconds for each key (a client address).

    ``name`` tells the limiters apart in the shared table (by default, the module and line
    that create the limiter, the same in every worker running the same code)."""

    def __init__(self, limit, period, max_keys=10000, name=None):
        self.limit = limit
        self.period = period
        self.max_keys = max_keys
        if name is None:
            caller = sys._getframe(1)  # pylint: disable=protected-access
            name = f"{caller.f_globals.get('__name__', '?')}:{caller.f_lineno}"
        self.name = name
        self._tries = {}
        self._lock = threading.Lock()

    def hit(self, key, now=None):
        """Count one try of ``key``; False when it is over the limit (the try is not
        counted then, so a client that waits gets in again). ``now`` (seconds) counts in
        the process's memory, for tests."""
        cursor = _request_cursor() if now is None else None
        if cursor is not None:
            return self._hit_database(cursor, key)
        return self._hit_memory(key, time.monotonic() if now is None else now)

    def reset(self):
        """Forget every try (the tests' "some minutes later")."""
        with self._lock:
            self._tries.clear()
        for cursor in _registry_cursors():
            with cursor() as cr:
                cr.execute("DELETE FROM dawa_rate_limit_try WHERE scope = %s", [self.name])

    def _hit_database(self, cursor, key):
        # a transaction of its own, committed at once: the try counts whatever the request
        # does next, and the lock on this limiter's key is held for a moment only
        with cursor() as cr:
            cr.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))",
                       [f"{TABLE}:{self.name}:{key}"])
            # the tries of this key that left the period are removed with its next try
            cr.execute("""DELETE FROM dawa_rate_limit_try
                           WHERE scope = %s AND key = %s
                             AND tried_at <= now() AT TIME ZONE 'UTC' - %s * interval '1 second'
                       """, [self.name, key, self.period])
            cr.execute("SELECT count(*) FROM dawa_rate_limit_try WHERE scope = %s AND key = %s",
                       [self.name, key])
            if cr.fetchone()[0] >= self.limit:
                return False
            cr.execute("INSERT INTO dawa_rate_limit_try (scope, key, tried_at) "
                       "VALUES (%s, %s, now() AT TIME ZONE 'UTC')", [self.name, key])
            return True

    def _hit_memory(self, key, now):
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

    def _prune(self, now):
        for key in [key for key, tries in self._tries.items()
                    if not tries or tries[-1] <= now - self.period]:
            del self._tries[key]
        if len(self._tries) >= self.max_keys:
            # still full: forget the oldest half rather than grow without bound
            for key in sorted(self._tries, key=lambda k: self._tries[k][-1])[:self.max_keys // 2]:
                del self._tries[key]


def _request_cursor():
    """A factory of new cursors on the current request's database, or None."""
    try:
        from odoo.http import request  # noqa: PLC0415 (plain Python has no Odoo)
    except ImportError:
        return None
    if not request or not getattr(request, "db", None):
        return None
    registry = request.env.registry
    return registry.cursor if MODEL in registry.models else None


def _registry_cursors():
    """Cursor factories of the databases this process has loaded (with the table)."""
    try:
        from odoo.modules.registry import Registry  # noqa: PLC0415
    except ImportError:
        return []
    with contextlib.suppress(AttributeError):  # the registries' cache as Odoo 18 has it
        return [registry.cursor for registry in list(Registry.registries.d.values())
                if registry.ready and MODEL in registry.models]
    return []
