"""Query codes of cases: short, random, typed by an applicant from a paper notice.

The alphabet leaves out the characters read one for another on paper or typed one for another
(0/O/Q/D, 1/I/L, 2/Z, 5/S, 8/B, U/V): 21 characters, 8 of them give 21**8 ≈ 3.8e10 codes.
"""

import secrets

ALPHABET = "34679ACEFGHJKMNPRTWXY"
LENGTH = 8


def new_code():
    """A random query code (``secrets``: not guessable from other codes)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalize(text):
    """The code as typed (spaces, dashes, lower case) in its stored form, or "" when it
    cannot be a query code."""
    code = "".join(ch for ch in (text or "").upper() if not ch.isspace() and ch != "-")
    if len(code) != LENGTH or any(ch not in ALPHABET for ch in code):
        return ""
    return code
