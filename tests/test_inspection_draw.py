"""Tests of the 双随机 draw of dawa_supervision (tools/inspection_draw.py): anyone holding the
published figures gets the same result."""

import collections
import hashlib
import importlib.util
from pathlib import Path

import pytest

_PATH = (Path(__file__).resolve().parent.parent / "addons" / "dawa_supervision" / "tools"
         / "inspection_draw.py")
_SPEC = importlib.util.spec_from_file_location("dawa_supervision_inspection_draw", _PATH)
inspection_draw = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(inspection_draw)

SEED = inspection_draw.make_seed("a" * 64, "2026-11-30 上证综指收盘 3412.57")
POPULATION = [f"大洼审批许字〔2026〕{n}号" for n in range(1, 41)]
ROSTER = ["21110001", "21110002", "21110003", "21110004", "21110005"]


def test_seed_is_sha256_of_hash_and_public_value():
    expected = hashlib.sha256(("a" * 64 + ":2026-11-30 上证综指收盘 3412.57").encode()).hexdigest()
    assert SEED == expected
    # spaces around the announced value do not change the seed
    assert inspection_draw.make_seed("a" * 64, "  2026-11-30 上证综指收盘 3412.57 ") == SEED
    assert inspection_draw.make_seed("a" * 64, "other") != SEED


def test_population_sorted_by_utf8_bytes_and_digest():
    keys = inspection_draw.normalize_keys([" B-2", "A-10", "A-9", "B-2", ""])
    assert keys == ["A-10", "A-9", "B-2"]
    assert inspection_draw.population_digest(["B-2", "A-9", "A-10"]) == hashlib.sha256(
        b"A-10\nA-9\nB-2").hexdigest()


def test_stream_blocks():
    stream = inspection_draw.Stream("seed")
    digest = hashlib.sha256(b"seed:0").digest()
    assert [stream.next_int() for _ in range(4)] == [
        int.from_bytes(digest[i:i + 8], "big") for i in range(0, 32, 8)]
    digest = hashlib.sha256(b"seed:1").digest()
    assert stream.next_int() == int.from_bytes(digest[:8], "big")


def test_draw_is_reproducible_and_order_independent():
    first = inspection_draw.draw(SEED, POPULATION, 6, ROSTER, 2)
    again = inspection_draw.draw(SEED, list(reversed(POPULATION)), 6, list(reversed(ROSTER)), 2)
    assert first == again
    assert first["algorithm"] == "DAWA-DRAW-2"
    assert first["population_size"] == 40
    assert first["population_digest"] == inspection_draw.population_digest(POPULATION)
    holders = [holder for holder, _inspectors in first["result"]]
    assert len(set(holders)) == 6 and set(holders) <= set(POPULATION)
    for _holder, inspectors in first["result"]:
        assert len(set(inspectors)) == 2 and set(inspectors) <= set(ROSTER)


def test_known_answer():
    """A fixed vector: a change of the algorithm must change its name (DAWA-DRAW-2), since
    published draws must stay reproducible."""
    result = inspection_draw.draw("0" * 64, ["L1", "L2", "L3", "L4", "L5"], 2,
                                  ["C1", "C2", "C3"], 2)["result"]
    assert result == KNOWN_ANSWER


def test_other_seed_other_result():
    first = inspection_draw.draw(SEED, POPULATION, 6, ROSTER, 2)["result"]
    other = inspection_draw.draw(inspection_draw.make_seed("b" * 64, "x"), POPULATION, 6,
                                 ROSTER, 2)["result"]
    assert first != other


def test_exclusions_respected():
    exclusions = dict.fromkeys(POPULATION, ROSTER[:3])
    result = inspection_draw.draw(SEED, POPULATION, 10, ROSTER, 2, exclusions)["result"]
    for _holder, inspectors in result:
        assert sorted(inspectors) == ROSTER[3:]


def test_too_few_inspectors_or_holders():
    with pytest.raises(inspection_draw.DrawError):
        inspection_draw.draw(SEED, POPULATION, 1, ROSTER, 2, dict.fromkeys(POPULATION, ROSTER[1:]))
    with pytest.raises(inspection_draw.DrawError):
        inspection_draw.draw(SEED, POPULATION[:3], 4, ROSTER, 2)
    with pytest.raises(inspection_draw.DrawError):
        inspection_draw.draw("", POPULATION, 1, ROSTER, 2)


def test_whole_population_and_empty_sample():
    result = inspection_draw.draw(SEED, POPULATION[:5], 5, ROSTER, 1)["result"]
    assert sorted(holder for holder, _ in result) == sorted(POPULATION[:5])
    assert inspection_draw.draw(SEED, POPULATION, 0, ROSTER, 2)["result"] == []


@pytest.mark.parametrize(("size", "count", "ratio", "expected"), [
    (40, 6, 0, 6), (40, 0, 10, 4), (41, 0, 10, 5), (40, 0, 3.3, 2), (3, 10, 0, 3),
    (0, 0, 5, 0), (7, 0, 100, 7),
])
def test_sample_size(size, count, ratio, expected):
    assert inspection_draw.sample_size(size, count, ratio) == expected


def test_below_is_uniform_enough():
    stream = inspection_draw.Stream(SEED)
    counts = collections.Counter(stream.below(6) for _ in range(6000))
    assert set(counts) == set(range(6))
    assert all(850 < count < 1150 for count in counts.values())


class ScriptedStream(inspection_draw.Stream):
    """A stream whose 64-bit integers are given, in order, instead of hashed."""

    def __init__(self, values):
        super().__init__("scripted")
        self.values = list(values)

    def next_int(self):
        return self.values.pop(0)


def test_below_rejects_the_values_past_the_last_whole_range():
    # n = 2**63 + 1: 2**64 mod n = 2**63 - 1, so every x >= n is skipped; with x mod n, a
    # value at n or above would give x - n, and half the values would land below 2**63 - 1
    n = 2**63 + 1
    stream = ScriptedStream([n, 2**64 - 1, n - 1, 5])
    assert stream.below(n) == n - 1  # n and 2**64 - 1 skipped, not taken as 0 and 2**63 - 2
    assert stream.below(n) == 5
    # n = 3: 2**64 mod 3 = 1, only the very last value is skipped
    stream = ScriptedStream([2**64 - 1, 2**64 - 2, 7])
    assert stream.below(3) == (2**64 - 2) % 3
    assert stream.below(3) == 1
    # a power of two never skips
    stream = ScriptedStream([2**64 - 1])
    assert stream.below(4) == 3


def test_below_on_the_hashed_stream_skips_as_published():
    """Step 3 on a real seed, the skips worked out here from the digests: with n = 2**63 + 1,
    ``below(n)`` gives the integers of the stream below n, in order, and skips the others."""
    n = 2**63 + 1
    values = []
    for block in range(4):
        digest = hashlib.sha256(f"seed:{block}".encode("ascii")).digest()
        values += [int.from_bytes(digest[i:i + 8], "big") for i in range(0, 32, 8)]
    kept = [value for value in values if value < n]
    assert len(kept) < len(values) - 3, "the seed's stream has values to skip"
    stream = inspection_draw.Stream("seed")
    assert [stream.below(n) for _ in kept] == kept
    assert kept != [value % n for value in values[:len(kept)]]


def test_exclusion_keys_and_codes_stripped():
    """Licence and certificate numbers of the exclusions are compared stripped, as the
    population and the roster are."""
    exclusions = {f"  {holder} ": [f" {code}" for code in ROSTER[:2]] + [f"{ROSTER[2]}  "]
                  for holder in POPULATION}
    result = inspection_draw.draw(SEED, POPULATION, 10, ROSTER, 2, exclusions)["result"]
    for _holder, inspectors in result:
        assert sorted(inspectors) == ROSTER[3:]
    # the same draw as with the numbers written without spaces
    clean = dict.fromkeys(POPULATION, ROSTER[:3])
    assert inspection_draw.draw(SEED, POPULATION, 10, ROSTER, 2, clean)["result"] == result


def test_every_holder_can_be_drawn():
    drawn = collections.Counter()
    for n in range(400):
        seed = inspection_draw.make_seed(f"{n:064x}", "")
        for holder, _ in inspection_draw.draw(seed, POPULATION[:10], 2, ROSTER, 2)["result"]:
            drawn[holder] += 1
    assert set(drawn) == set(POPULATION[:10])
    assert all(40 < count < 120 for count in drawn.values())


KNOWN_ANSWER = [["L1", ["C1", "C2"]], ["L5", ["C3", "C1"]]]


def test_seed_2_needs_the_secret_and_the_witness_value():
    secret = inspection_draw.new_secret()
    assert len(secret) == 64 and int(secret, 16) >= 0
    assert inspection_draw.new_secret() != secret
    published = inspection_draw.commitment(secret)
    assert published == hashlib.sha256(secret.encode()).hexdigest()
    assert inspection_draw.secret_matches(secret, published)
    assert not inspection_draw.secret_matches(inspection_draw.new_secret(), published)
    seed = inspection_draw.make_seed_2("a" * 64, secret, " 2026-12-01 双色球 03 07 ")
    assert seed == hashlib.sha256(
        f"{'a' * 64}:{secret}:2026-12-01 双色球 03 07".encode()).hexdigest()
    with pytest.raises(inspection_draw.DrawError):
        inspection_draw.make_seed_2("a" * 64, secret, "  ")
    with pytest.raises(inspection_draw.DrawError):
        inspection_draw.make_seed_2("a" * 64, "", "witness")


def test_whoever_confirms_cannot_steer_the_draw_of_algorithm_2():
    """The attack on DAWA-DRAW-1: the department tries announced values (or confirmation
    seconds) offline until the seed draws the holder it wants. With DAWA-DRAW-2 what it
    chooses no longer decides the seed: the same confirmation hash gives every holder with
    the secrets it does not know."""
    wanted = POPULATION[7]
    steered = next(value for value in (f"公告{n}" for n in range(1000))
                   if inspection_draw.draw(inspection_draw.make_seed("a" * 64, value),
                                           POPULATION, 1, ROSTER, 2)["result"][0][0] == wanted)
    assert steered  # DAWA-DRAW-1: found offline
    drawn = collections.Counter(
        inspection_draw.draw(inspection_draw.make_seed_2(
            "a" * 64, inspection_draw.new_secret(), "witness"), POPULATION, 1, ROSTER,
            2)["result"][0][0] for _ in range(400))
    assert len(drawn) > 20 and drawn[wanted] < 40


def test_draw_names_its_algorithm():
    assert inspection_draw.draw(SEED, POPULATION, 1, ROSTER, 2)["algorithm"] == "DAWA-DRAW-2"
    assert inspection_draw.draw(SEED, POPULATION, 1, ROSTER, 2, algorithm="DAWA-DRAW-1")[
        "algorithm"] == "DAWA-DRAW-1"
