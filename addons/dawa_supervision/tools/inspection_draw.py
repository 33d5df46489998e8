"""The 双随机 draw of a random inspection plan, reproducible by anyone (algorithms DAWA-DRAW-2
and, for the plans confirmed before it, DAWA-DRAW-1).

No Odoo import: the plan model calls ``draw()`` with the plain figures it publishes, and anyone
holding the same figures (the public page shows them all) gets the same result with this file
alone, or with any re-implementation of the steps below.

Algorithm DAWA-DRAW-2
---------------------
1. Seed: ``seed = SHA-256(confirmation_hash + ":" + secret + ":" + witness_value)`` as 64
   lowercase hex digits (``make_seed_2()``), where
   - ``confirmation_hash`` is the SHA-256 of the plan's terms fixed when it is confirmed;
   - ``secret`` is a random value drawn by the system for the department when it confirms,
     kept from everybody until the draw; the terms publish its SHA-256 (``commitment()``),
     so that it cannot be changed afterwards, and the draw reveals it;
   - ``witness_value`` is entered by the draw's witness (a leader of the bureau, not the
     department) after the confirmation, so without knowing the secret.
   Nobody who can confirm the plan knows the seed at confirmation, and the witness, who
   knows the terms, does not know the secret: neither can try values until the draw suits
   them. Anyone checks that the revealed secret matches the published commitment.
2. to 5.: as DAWA-DRAW-1 below.

Algorithm DAWA-DRAW-1 (plans confirmed before DAWA-DRAW-2)
----------------------------------------------------------
1. Seed: ``seed = SHA-256(confirmation_hash + ":" + public_value)`` as 64 lowercase hex
   digits, where ``confirmation_hash`` is the SHA-256 of the plan's terms fixed when it is
   confirmed and ``public_value`` a value announced before the draw (``make_seed()``). The
   department chooses both the value and the moment of confirmation: it can try them until
   the draw suits it, which DAWA-DRAW-2 prevents.
2. Population: the licence numbers of the population, each stripped of surrounding spaces,
   sorted by their UTF-8 bytes, duplicates removed. Its digest is the SHA-256 of the
   numbers joined with a line feed (``population_digest()``).
3. Random numbers: block ``i`` (i = 0, 1, 2 ...) of the stream is
   ``SHA-256(seed + ":" + str(i))`` (ASCII); each block gives four 64-bit unsigned integers
   (big-endian, 8 bytes each, in order). ``below(n)`` takes the next integer ``x`` and
   returns ``x mod n``, skipping (taking the next one) while ``x >= 2**64 - (2**64 mod n)`` so
   that every value is equally likely.
4. Holders: a partial Fisher–Yates shuffle of the sorted population: for ``i`` from 0 to
   ``k - 1`` swap position ``i`` with position ``i + below(n - i)``; the first ``k`` entries,
   in that order, are the drawn holders.
5. Inspectors: for each drawn holder, in draw order, the roster's certificate numbers sorted
   like the population, minus the inspectors excluded for that holder (who handled it or
   inspected it last time); a partial Fisher–Yates shuffle of that list with the same stream
   gives the ``per_task`` inspectors, in that order.
"""

import hashlib
import hmac
import secrets

ALGORITHM_1 = "DAWA-DRAW-1"
ALGORITHM = "DAWA-DRAW-2"
ALGORITHMS = (ALGORITHM_1, ALGORITHM)
SECRET_BYTES = 32
_TWO_64 = 2**64


class DrawError(ValueError):
    """The figures do not allow a draw (too few holders or inspectors)."""


def sha256_hex(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def make_seed(confirmation_hash, public_value):
    """The seed of a plan of DAWA-DRAW-1: its confirmation hash combined with the value
    announced before."""
    return sha256_hex(f"{confirmation_hash}:{(public_value or '').strip()}")


def new_secret():
    """The department's secret of a plan of DAWA-DRAW-2 (64 lowercase hex digits)."""
    return secrets.token_hex(SECRET_BYTES)


def commitment(secret):
    """What the terms publish of the secret: its SHA-256."""
    return sha256_hex(secret)


def secret_matches(secret, published):
    """Whether ``secret`` is the one committed to by ``published``."""
    return isinstance(secret, str) and isinstance(published, str) and hmac.compare_digest(
        commitment(secret), published)


def make_seed_2(confirmation_hash, secret, witness_value):
    """The seed of a plan of DAWA-DRAW-2 (step 1)."""
    if not secret or not (witness_value or "").strip():
        raise DrawError("The seed needs the revealed secret and the witness's value.")
    return sha256_hex(f"{confirmation_hash}:{secret}:{witness_value.strip()}")


def normalize_keys(keys):
    """Stripped, without blanks or duplicates, sorted by UTF-8 bytes (step 2)."""
    cleaned = {str(key).strip() for key in keys}
    cleaned.discard("")
    return sorted(cleaned, key=lambda key: key.encode("utf-8"))


def population_digest(keys):
    """SHA-256 of the sorted population, one licence number per line (step 2)."""
    return sha256_hex("\n".join(normalize_keys(keys)))


class Stream:
    """The deterministic random numbers of a seed (step 3)."""

    def __init__(self, seed):
        self.seed = seed
        self.block = 0
        self.buffer = []

    def next_int(self):
        if not self.buffer:
            digest = hashlib.sha256(f"{self.seed}:{self.block}".encode("ascii")).digest()
            self.block += 1
            self.buffer = [int.from_bytes(digest[i:i + 8], "big") for i in range(0, 32, 8)]
        return self.buffer.pop(0)

    def below(self, n):
        """A whole number from 0 to n - 1, every value equally likely."""
        if n <= 0:
            raise ValueError("n must be positive")
        limit = _TWO_64 - (_TWO_64 % n)
        while True:
            value = self.next_int()
            if value < limit:
                return value % n


def _pick(stream, values, count):
    """The first ``count`` entries of a partial Fisher–Yates shuffle of ``values``."""
    values = list(values)
    for i in range(count):
        j = i + stream.below(len(values) - i)
        values[i], values[j] = values[j], values[i]
    return values[:count]


def sample_size(population_size, count=0, ratio=0.0):
    """How many holders to draw: ``count`` if given, else ``ratio`` (percent) of the
    population rounded up; never more than the population."""
    if count:
        size = count
    else:
        size = -(-population_size * round(ratio * 100) // 10000)  # ceil, no float error
    return max(0, min(size, population_size))


def draw(seed, population, sample, inspectors, per_task, exclusions=None,
         algorithm=ALGORITHM):
    """Draw ``sample`` holders from ``population`` (licence numbers) and ``per_task``
    inspectors (certificate numbers) for each, none excluded for that holder
    (``exclusions``: {licence number: certificate numbers}).

    Returns ``{"algorithm", "seed", "population_digest", "population_size", "result":
    [[licence number, [certificate numbers]], ...]}``; raises ``DrawError`` when a holder
    has fewer eligible inspectors than ``per_task``.
    """
    if not seed:
        raise DrawError("The draw needs a seed.")
    keys = normalize_keys(population)
    roster = normalize_keys(inspectors)
    exclusions = {str(key).strip(): {str(c).strip() for c in value}
                  for key, value in (exclusions or {}).items()}
    if sample > len(keys):
        raise DrawError(f"Cannot draw {sample} holders from a population of {len(keys)}.")
    stream = Stream(seed)
    holders = _pick(stream, keys, sample)
    result = []
    for holder in holders:
        eligible = [code for code in roster if code not in exclusions.get(holder, ())]
        if len(eligible) < per_task:
            raise DrawError(
                f"{holder}: {len(eligible)} eligible inspectors, {per_task} needed.")
        result.append([holder, _pick(stream, eligible, per_task)])
    return {
        "algorithm": algorithm,
        "seed": seed,
        "population_digest": population_digest(keys),
        "population_size": len(keys),
        "result": result,
    }
