"""Applicant identifiers: resident ID numbers (GB 11643), USCC (GB 32100) and masking.

Check functions return ``None`` for a valid number, else a short error key the caller turns
into a translated message. Region codes are deliberately not checked: library tables lag behind
administrative changes (Dawa district 211104 since 2016, former Dawa county 211121).
"""

import datetime
import re
import unicodedata

from stdnum.cn import ric, uscc

RESIDENT_ID_ERRORS = ("length", "format", "checksum", "birth_date")
USCC_ERRORS = ("length", "format", "checksum")

_RESIDENT_ID_RE = re.compile(r"\d{17}[\dX]")
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_RE = re.compile(rf"[{_USCC_ALPHABET}]{{2}}\d{{6}}[{_USCC_ALPHABET}]{{10}}")
_MIN_BIRTH_DATE = datetime.date(1900, 1, 1)


def _normalize(number, separators):
    """Fold full-width characters, drop whitespace and ``separators``, uppercase."""
    if not number:
        return ""
    number = unicodedata.normalize("NFKC", str(number))
    number = "".join(number.split())
    for separator in separators:
        number = number.replace(separator, "")
    return number.upper()


def normalize_resident_id(number):
    """Return the resident ID number without spaces, with an uppercase ``X``."""
    return _normalize(number, "")


def resident_id_error(number, today=None):
    """Check an 18-character resident ID number (居民身份证号码, GB 11643).

    Returns ``None`` when valid, else ``"length"``, ``"format"``, ``"checksum"`` (ISO 7064
    MOD 11-2) or ``"birth_date"`` (not a real date, before 1900 or after ``today``).
    ``today`` defaults to the current date.
    """
    number = normalize_resident_id(number)
    if len(number) != 18:
        return "length"
    if not _RESIDENT_ID_RE.fullmatch(number):
        return "format"
    if number[-1] != ric.calc_check_digit(number):
        return "checksum"
    try:
        birth_date = ric.get_birth_date(number)
    except ValueError:
        return "birth_date"
    if not _MIN_BIRTH_DATE <= birth_date <= (today or datetime.date.today()):
        return "birth_date"
    return None


def normalize_uscc(number):
    """Return the USCC without spaces or hyphens, uppercased."""
    return _normalize(number, "-")


def uscc_error(number):
    """Check a unified social credit code (统一社会信用代码, GB 32100).

    Returns ``None`` when valid, else ``"length"``, ``"format"`` (characters outside
    0-9 A-H J-N P-R T-U W-Y, or a non-numeric region code) or ``"checksum"`` (mod 31).
    """
    number = normalize_uscc(number)
    if len(number) != 18:
        return "length"
    if not _USCC_RE.fullmatch(number):
        return "format"
    if number[-1] != uscc.calc_check_digit(number):
        return "checksum"
    return None


def mask(value, head=4, tail=4):
    """Hide the middle of ``value`` behind ``*``, keeping ``head`` and ``tail`` characters.

    A value of at most ``head + tail`` characters is masked entirely (same length);
    an empty value gives ``""``.
    """
    if head < 0 or tail < 0:
        raise ValueError("head and tail must be >= 0")
    if not value:
        return ""
    value = str(value)
    if len(value) <= head + tail:
        return "*" * len(value)
    return value[:head] + "*" * (len(value) - head - tail) + value[len(value) - tail :]
