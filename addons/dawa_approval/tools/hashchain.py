"""Tamper-evident hash chain for append-only ledgers (HMAC-SHA-256 with a key kept outside the
database).

Each line stores the hash of the previous line (``GENESIS`` for the first one) and its own hash
``line_hash(key, prev_hash, payload)``, so changing, deleting or reordering a line behind the
ORM's back breaks the chain at that point. The hash is keyed: whoever can write the database but
does not hold the key cannot compute the hash of a forged line, so cannot re-chain the ledger
after changing it.

Removing the last lines leaves a shorter chain that is still consistent: the ledger therefore
also keeps a *head* (number of lines, id and hash of the last one), itself authenticated with
``head_mac``; ``verify`` compares it with the chain.
"""

import contextlib
import datetime
import hashlib
import hmac
import json
import os
import secrets
import tempfile

GENESIS = "0" * 64
KEY_BYTES = 32

_SCALAR_TYPES = (str, int, type(None))


def _canonical_value(key, value):
    """Return ``value`` as the JSON-ready value of the canonical form."""
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, _SCALAR_TYPES):  # bool is an int
        return value
    if isinstance(value, (list, tuple)):
        items = []
        for item in value:
            if isinstance(item, (list, tuple)):
                raise TypeError(f"Nested list for {key!r} in a ledger payload: {value!r}")
            items.append(_canonical_value(key, item))
        return items
    raise TypeError(f"Unsupported value for {key!r} in a ledger payload: {value!r}")


def canonical_json(payload):
    """Return the canonical JSON text of a flat payload dict.

    Canonical form: keys sorted, separators ``,`` and ``:`` with no whitespace, non-ASCII kept
    as is (UTF-8), values limited to str, int, bool, None and flat lists of those, dates as
    ``YYYY-MM-DD`` and datetimes as ``YYYY-MM-DD HH:MM:SS`` in UTC (microseconds dropped, as
    Odoo stores them). Floats, dicts and nested lists are refused so that any verifier can
    rebuild the same text. Lists keep their order: sort them first when it carries no meaning.
    """
    values = {}
    for key, value in payload.items():
        if not isinstance(key, str):
            raise TypeError(f"Ledger payload keys must be strings, got {key!r}")
        values[key] = _canonical_value(key, value)
    return json.dumps(values, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _check_key(key):
    if not isinstance(key, bytes) or not key:
        raise TypeError("The ledger key must be non-empty bytes")


def _mac(key, text):
    _check_key(key)
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()


def line_hash(key, prev_hash, payload):
    """Return the HMAC-SHA-256 hex digest, under ``key``, of
    ``"line:" + prev_hash + canonical_json(payload)`` in UTF-8."""
    if not isinstance(prev_hash, str):
        raise TypeError(f"prev_hash must be a hex string, got {prev_hash!r}")
    return _mac(key, "line:" + prev_hash + canonical_json(payload))


def head_mac(key, line_count, last_id, last_hash):
    """Return the HMAC-SHA-256 hex digest, under ``key``, of the chain head: how many lines
    the chain has, the id and the hash of the last one (``None`` and ``GENESIS`` when empty)."""
    head = {"line_count": line_count, "last_id": last_id, "last_hash": last_hash}
    return _mac(key, "head:" + canonical_json(head))


def empty_head():
    """The head of a chain without lines (needs no MAC: there is nothing to vouch for)."""
    return {"line_count": 0, "last_id": None, "last_hash": GENESIS, "mac": None}


def make_head(key, line_count, last_id, last_hash):
    """The head of a chain of ``line_count`` lines ending with line ``last_id``."""
    return {"line_count": line_count, "last_id": last_id, "last_hash": last_hash,
            "mac": head_mac(key, line_count, last_id, last_hash)}


def head_is_authentic(key, head):
    """Whether ``head`` is the empty head or carries a MAC made with ``key``."""
    if head == empty_head():
        return True
    expected = head_mac(key, head["line_count"], head["last_id"], head["last_hash"])
    return isinstance(head["mac"], str) and hmac.compare_digest(head["mac"], expected)


def verify(rows, key, head=None):
    """Check a chain given as ``(row_id, prev_hash, hash, payload)`` rows in chain order.

    A row is bad when its ``prev_hash`` is not the previous row's ``hash`` (``GENESIS`` for the
    first row) or its ``hash`` is not ``line_hash(key, prev_hash, payload)``. Stops at the first
    bad row. When ``head`` is given (a dict as made by ``make_head``), the chain must also end
    where the head says, with as many rows, and the head must be authentic: otherwise the last
    lines were removed (or the head forged) and ``broken_id`` is the id of the line the head
    names as the last one when it is not there, else the id of the last row.

    Returns ``{"ok": bool, "checked": n, "broken_id": row_id or False}`` where ``checked``
    counts the rows examined, the bad row included (all rows when the chain is intact).
    """
    _check_key(key)
    expected_prev = GENESIS
    checked = 0
    last_id = None
    for row_id, prev_hash, row_hash, payload in rows:
        checked += 1
        if prev_hash != expected_prev or not isinstance(row_hash, str) or not hmac.compare_digest(
                row_hash, line_hash(key, prev_hash, payload)):
            return {"ok": False, "checked": checked, "broken_id": row_id}
        expected_prev, last_id = row_hash, row_id
    if head is not None:
        ends_there = (head["line_count"], head["last_id"], head["last_hash"]) == (
            checked, last_id, expected_prev)
        if not (ends_there and head_is_authentic(key, head)):
            named = head["last_id"]
            broken_id = named if named is not None and named != last_id else last_id
            return {"ok": False, "checked": checked, "broken_id": broken_id or False}
    return {"ok": True, "checked": checked, "broken_id": False}


# ----------------------------------------------------------------------------- key file


def read_key(path):
    """Return the key stored in ``path`` (its text, stripped, as UTF-8 bytes)."""
    with open(path, encoding="utf-8") as handle:
        text = handle.read().strip()
    if not text:
        raise ValueError(f"The ledger key file {path} is empty")
    return text.encode("utf-8")


def load_or_create_key(path):
    """Return the key kept in the file ``path``, creating it on first use.

    A new key is ``KEY_BYTES`` random bytes written as hex into a file readable by its owner
    only (mode 0600), in a directory created with mode 0700 when missing. Creation is atomic
    (written aside, then hard-linked into place), so that processes starting together agree on
    one key: whoever loses the race reads the winner's file.
    """
    with contextlib.suppress(FileNotFoundError):
        return read_key(path)
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, mode=0o700, exist_ok=True)
    handle, draft = tempfile.mkstemp(dir=directory, prefix=".ledger-key-")  # mode 0600
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as draft_file:
            draft_file.write(secrets.token_hex(KEY_BYTES) + "\n")
            draft_file.flush()
            os.fsync(draft_file.fileno())
        # when another process created it first, use that one
        with contextlib.suppress(FileExistsError):
            os.link(draft, path)
    finally:
        os.unlink(draft)
    return read_key(path)
