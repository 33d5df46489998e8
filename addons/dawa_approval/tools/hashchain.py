"""Tamper-evident hash chain for append-only ledgers (SHA-256).

Each line stores the hash of the previous line (``GENESIS`` for the first one) and its own hash
``line_hash(prev_hash, payload)``, so changing, deleting or reordering a line behind the ORM's
back breaks the chain at that point. Removing the last lines is not detected by the chain alone.
"""

import datetime
import hashlib
import json

GENESIS = "0" * 64

_SCALAR_TYPES = (str, int, type(None))


def _canonical_value(key, value):
    """Return ``value`` as the JSON-ready scalar of the canonical form."""
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, _SCALAR_TYPES):  # bool is an int
        return value
    raise TypeError(f"Unsupported value for {key!r} in a ledger payload: {value!r}")


def canonical_json(payload):
    """Return the canonical JSON text of a flat payload dict.

    Canonical form: keys sorted, separators ``,`` and ``:`` with no whitespace, non-ASCII kept
    as is (UTF-8), values limited to str, int, bool and None, dates as ``YYYY-MM-DD`` and
    datetimes as ``YYYY-MM-DD HH:MM:SS`` in UTC (microseconds dropped, as Odoo stores them).
    Floats and nested values are refused so that any verifier can rebuild the same text.
    """
    values = {}
    for key, value in payload.items():
        if not isinstance(key, str):
            raise TypeError(f"Ledger payload keys must be strings, got {key!r}")
        values[key] = _canonical_value(key, value)
    return json.dumps(values, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def line_hash(prev_hash, payload):
    """Return the SHA-256 hex digest of ``prev_hash + canonical_json(payload)`` in UTF-8."""
    if not isinstance(prev_hash, str):
        raise TypeError(f"prev_hash must be a hex string, got {prev_hash!r}")
    text = prev_hash + canonical_json(payload)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def verify(rows):
    """Check a chain given as ``(row_id, prev_hash, hash, payload)`` rows in chain order.

    A row is bad when its ``prev_hash`` is not the previous row's ``hash`` (``GENESIS`` for the
    first row) or its ``hash`` is not ``line_hash(prev_hash, payload)``. Stops at the first bad
    row. Returns ``{"ok": bool, "checked": n, "broken_id": row_id or False}`` where ``checked``
    counts the rows examined, the bad row included (all rows when the chain is intact).
    """
    expected_prev = GENESIS
    checked = 0
    for row_id, prev_hash, row_hash, payload in rows:
        checked += 1
        if prev_hash != expected_prev or row_hash != line_hash(prev_hash, payload):
            return {"ok": False, "checked": checked, "broken_id": row_id}
        expected_prev = row_hash
    return {"ok": True, "checked": checked, "broken_id": False}
