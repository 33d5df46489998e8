"""Plain Python rules of the licence register (no Odoo): the electronic licence identifier of
GB/T 36904 with its check character, the licence number of an item's numbering rule, the
validity's last day and the expiry reminder windows (docs/law.md, licences).

The identifier (电子证照标识, GB/T 36904)::

    1.2.156.3005.2.<licence type code>.<issuing authority code>.<serial>.<version>.<check>

- ``1.2.156.3005.2``: the root OID of electronic licences, fixed;
- licence type code (证照类型代码): the defining body's unified social credit code and a
  3-digit number (21 characters); issuing authority code (证照颁发机构代码): the issuer's
  credit code (or its 6-digit area code); serial (流水号): chosen by the issuer; version
  (版本号): 3 digits from ``001``, one more at each new version;
- check character (校验位): ISO/IEC 7064 MOD 37,36 (hybrid) over the type code, the
  authority code, the serial and the version joined without dots, alphabet ``0-9A-Z``.
"""

import datetime
import re

from dateutil.relativedelta import relativedelta

ROOT = "1.2.156.3005.2"
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
PART_PATTERN = re.compile(r"^[0-9A-Z]+$")
VERSION_PATTERN = re.compile(r"^\d{3}$")
# Reminders before the last day of validity: the 行政许可法 §50 renewal is asked for 30 days
# before expiry; the first reminder leaves a month to prepare it.
EXPIRY_WINDOWS = (60, 30)
# 行政许可法 §50: the renewal is applied for this many days before expiry.
RENEWAL_NOTICE_DAYS = 30
# The register's "expiring" figure and filter: the licences ending within this many days.
EXPIRING_DAYS = 90
MAX_PADDING = 10


def check_character(body):
    """ISO/IEC 7064 MOD 37,36 (hybrid) check character of ``body`` (0-9, A-Z)."""
    body = (body or "").upper()
    if not body or not PART_PATTERN.match(body):
        raise ValueError("the body must be made of 0-9 and A-Z")
    product = 36
    for char in body:
        total = (product + ALPHABET.index(char)) % 36 or 36
        product = (2 * total) % 37
    return ALPHABET[(37 - product) % 36]


def version_code(version):
    """The 3-digit version of the identifier (1 → ``001``)."""
    if not isinstance(version, int) or not 1 <= version <= 999:
        raise ValueError("the version is a number from 1 to 999")
    return f"{version:03d}"


def make_identifier(type_code, authority_code, serial, version):
    """The GB/T 36904 identifier of a licence, with its check character."""
    parts = [(part or "").strip().upper() for part in (type_code, authority_code, serial)]
    for part in parts:
        if not part or not PART_PATTERN.match(part):
            raise ValueError(f"{part!r} is not made of 0-9 and A-Z")
    parts.append(version_code(version))
    return ".".join([ROOT, *parts, check_character("".join(parts))])


def identifier_error(identifier):
    """``None`` for a well-formed identifier with the right check character, else the
    reason: ``root``, ``format`` or ``check``."""
    identifier = (identifier or "").strip().upper()
    if not identifier.startswith(ROOT + "."):
        return "root"
    parts = identifier[len(ROOT) + 1:].split(".")
    if len(parts) != 5 or not all(PART_PATTERN.match(part) for part in parts) \
            or not VERSION_PATTERN.match(parts[3]) or len(parts[4]) != 1:
        return "format"
    if check_character("".join(parts[:4])) != parts[4]:
        return "check"
    return None


def licence_number(prefix, year, serial, padding=5):
    """The licence number of an item's rule: its prefix, the year, the serial of the year
    zero-padded (``大洼建施`` 2026 17 → ``大洼建施202600017``)."""
    if not isinstance(serial, int) or serial < 1:
        raise ValueError("the serial is a positive number")
    if not isinstance(padding, int) or not 1 <= padding <= MAX_PADDING:
        raise ValueError(f"the padding is from 1 to {MAX_PADDING} digits")
    return f"{(prefix or '').strip()}{int(year):04d}{serial:0{padding}d}"


def identifier_serial(year, serial):
    """The identifier's serial (流水号) of a licence: the year and its serial of the year
    (2026, 17 → ``2026000017``): digits only, unique per item and never reused."""
    return f"{int(year):04d}{int(serial):06d}"


def valid_to(valid_from, months):
    """The last day of validity of a licence valid ``months`` months from ``valid_from``
    (the day before the same date ``months`` later; the end of a shorter month when that
    date does not exist); ``None`` when ``months`` is empty (no end)."""
    if not months:
        return None
    if not isinstance(valid_from, datetime.date) or months < 0:
        raise ValueError("a start date and a positive number of months")
    return valid_from + relativedelta(months=months) - datetime.timedelta(days=1)


def days_left(valid_to_date, today):
    """Days from ``today`` to the last day of validity (0: the last day is today)."""
    return (valid_to_date - today).days


def expiry_window(days, last_window, windows=EXPIRY_WINDOWS):
    """The reminder window a licence with ``days`` left enters, or ``None``: the smallest of
    ``windows`` that ``days`` is within and that is smaller than ``last_window`` (the
    window of the last reminder, 0 when none was sent). A licence found late gets the
    closest window only, one reminder per run."""
    if days < 0:
        return None
    due = [window for window in windows if days <= window
           and (not last_window or window < last_window)]
    return min(due) if due else None
