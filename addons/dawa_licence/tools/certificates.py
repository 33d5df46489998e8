"""Plain Python rules of the licence certificates (no Odoo): the date written in Chinese
numerals as certificates bear it, the serials of the blank certificate forms (制式证书) and
the gaps in them, the SHA-256 of an electronic licence (docs/domain.md, certificates).
"""

import datetime
import hashlib

DIGITS = "〇一二三四五六七八九"
# A batch of blank forms is a box or a few boxes: more than this many forms in one receipt
# is a typing error in the serial range.
MAX_BATCH = 100000
MAX_PADDING = 12


def chinese_number(value):
    """1..31 in Chinese numerals as dates write them (7 → 七, 10 → 十, 12 → 十二, 20 → 二十,
    31 → 三十一)."""
    if not isinstance(value, int) or not 1 <= value <= 99:
        raise ValueError("a number from 1 to 99")
    tens, units = divmod(value, 10)
    text = ""
    if tens:
        text = ("" if tens == 1 else DIGITS[tens]) + "十"
    if units:
        text += DIGITS[units]
    return text


def chinese_date(day):
    """The date as a certificate bears it under the seal: the year digit by digit, month and
    day in numerals (2026-12-07 → 二〇二六年十二月七日)."""
    if not isinstance(day, datetime.date):
        raise ValueError("a date")
    year = "".join(DIGITS[int(digit)] for digit in f"{day.year:04d}")
    return f"{year}年{chinese_number(day.month)}月{chinese_number(day.day)}日"


def form_serial(prefix, number, padding):
    """The serial printed on a blank form: its prefix and the number zero-padded
    (``J``, 17, 7 → ``J0000017``)."""
    if not isinstance(number, int) or number < 0:
        raise ValueError("the serial is a number from 0")
    if not isinstance(padding, int) or not 1 <= padding <= MAX_PADDING:
        raise ValueError(f"the padding is from 1 to {MAX_PADDING} digits")
    return f"{(prefix or '').strip()}{number:0{padding}d}"


def range_error(first, last, max_batch=MAX_BATCH):
    """``None`` for a valid serial range of a batch, else the reason: ``order`` (first after
    last, or negative), ``size`` (more than ``max_batch`` forms)."""
    if not isinstance(first, int) or not isinstance(last, int) or first < 0 or last < first:
        return "order"
    if last - first + 1 > max_batch:
        return "size"
    return None


def ranges(numbers):
    """Consecutive runs of ``numbers`` as ``(first, last)`` pairs, sorted
    ([5, 1, 2, 3, 7] → [(1, 3), (5, 5), (7, 7)])."""
    runs = []
    for number in sorted(set(numbers)):
        if runs and number == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], number)
        else:
            runs.append((number, number))
    return runs


def missing_ranges(received):
    """The serials missing between received ranges ``[(first, last), ...]``: the runs that no
    batch covers between the lowest and the highest serial received."""
    covered = sorted(received)
    gaps = []
    reach = None
    for first, last in covered:
        if reach is not None and first > reach + 1:
            gaps.append((reach + 1, first - 1))
        reach = last if reach is None else max(reach, last)
    return gaps


def overlaps(received):
    """The pairs of ranges that share serials (a form counted twice)."""
    ordered = sorted(received)
    return [(a, b) for a, b in zip(ordered, ordered[1:], strict=False) if b[0] <= a[1]]


def skipped(issued, on_hand):
    """The forms on hand with a serial below the highest issued one: skipped by the printing,
    which takes the forms in order (a form taken by a printing that failed goes back)."""
    if not issued:
        return []
    top = max(issued)
    return sorted(number for number in on_hand if number < top)


def format_ranges(runs, prefix="", padding=1):
    """Runs as a clerk reads them (``J0000101–J0000200, J0000305``)."""
    parts = []
    for first, last in runs:
        start = form_serial(prefix, first, padding)
        parts.append(start if first == last else f"{start}–{form_serial(prefix, last, padding)}")
    return ", ".join(parts)


def sha256_hex(data):
    """The SHA-256 of a file's bytes, lowercase hexadecimal (as ``sha256sum`` prints it)."""
    return hashlib.sha256(data).hexdigest()
