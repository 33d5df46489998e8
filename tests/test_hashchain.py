"""Tests of the seal-ledger hash chain of dawa_approval (tools/hashchain.py)."""

import datetime
import hashlib

import pytest
from tools.hashchain import GENESIS, canonical_json, line_hash, verify


def make_chain(payloads):
    """Return ``(row_id, prev_hash, hash, payload)`` rows chained like the ledger does."""
    rows, prev_hash = [], GENESIS
    for row_id, payload in enumerate(payloads, start=1):
        row_hash = line_hash(prev_hash, payload)
        rows.append((row_id, prev_hash, row_hash, payload))
        prev_hash = row_hash
    return rows


def payload(number):
    return {
        "seal_id": 7,
        "case_id": 100 + number,
        "document_type": "approval_decision",
        "document_ref": f"洼审批许字〔2026〕{number}号",
        "used_at": datetime.datetime(2026, 3, 9, 9, number),
        "operator_id": 2,
        "approver_id": None,
    }


@pytest.fixture
def chain():
    return make_chain([payload(number) for number in range(1, 6)])


def test_canonical_json_form():
    text = canonical_json(
        {
            "b": "大洼",
            "a": 1,
            "used_at": datetime.datetime(2026, 3, 9, 9, 30, 15, 123456),
            "day": datetime.date(2026, 3, 9),
            "flag": True,
            "none": None,
        }
    )
    assert text == (
        '{"a":1,"b":"大洼","day":"2026-03-09","flag":true,"none":null,'
        '"used_at":"2026-03-09 09:30:15"}'
    )


def test_canonical_json_aware_datetime_is_utc():
    beijing = datetime.timezone(datetime.timedelta(hours=8))
    aware = datetime.datetime(2026, 3, 9, 17, 30, tzinfo=beijing)
    naive_utc = datetime.datetime(2026, 3, 9, 9, 30)
    assert canonical_json({"at": aware}) == canonical_json({"at": naive_utc})


@pytest.mark.parametrize("value", [1.5, [1], {"a": 1}, b"x"])
def test_canonical_json_refuses_other_values(value):
    with pytest.raises(TypeError):
        canonical_json({"value": value})


def test_canonical_json_refuses_non_string_keys():
    with pytest.raises(TypeError):
        canonical_json({1: "a"})


def test_line_hash_recomputable():
    data = {"z": "印章", "a": datetime.date(2026, 10, 1)}
    expected_text = GENESIS + '{"a":"2026-10-01","z":"印章"}'
    expected = hashlib.sha256(expected_text.encode("utf-8")).hexdigest()
    assert line_hash(GENESIS, data) == expected
    # key order and value types with the same canonical text do not matter
    assert line_hash(GENESIS, {"a": "2026-10-01", "z": "印章"}) == expected
    assert line_hash("1" * 64, data) != expected


def test_line_hash_refuses_missing_prev_hash():
    with pytest.raises(TypeError):
        line_hash(None, {"a": 1})


def test_good_chain(chain):
    assert chain[0][1] == GENESIS
    assert verify(chain) == {"ok": True, "checked": 5, "broken_id": False}
    assert verify(iter(chain)) == {"ok": True, "checked": 5, "broken_id": False}


def test_empty_chain():
    assert verify([]) == {"ok": True, "checked": 0, "broken_id": False}


def test_modified_payload(chain):
    row_id, prev_hash, row_hash, data = chain[2]
    chain[2] = (row_id, prev_hash, row_hash, dict(data, document_ref="洼审批许字〔2026〕99号"))
    assert verify(chain) == {"ok": False, "checked": 3, "broken_id": 3}


def test_deleted_row(chain):
    del chain[2]
    assert verify(chain) == {"ok": False, "checked": 3, "broken_id": 4}


def test_deleted_first_row(chain):
    del chain[0]
    assert verify(chain) == {"ok": False, "checked": 1, "broken_id": 2}


def test_reordered_rows(chain):
    chain[2], chain[3] = chain[3], chain[2]
    assert verify(chain) == {"ok": False, "checked": 3, "broken_id": 4}


def test_forged_hash(chain):
    row_id, prev_hash, _row_hash, data = chain[1]
    chain[1] = (row_id, prev_hash, "f" * 64, data)
    assert verify(chain) == {"ok": False, "checked": 2, "broken_id": 2}


def test_rehashed_row_breaks_the_next_one(chain):
    """A forger who recomputes the changed row's hash is caught by the following row."""
    row_id, prev_hash, _row_hash, data = chain[2]
    data = dict(data, case_id=999)
    chain[2] = (row_id, prev_hash, line_hash(prev_hash, data), data)
    assert verify(chain) == {"ok": False, "checked": 4, "broken_id": 4}


def test_first_row_must_start_from_genesis():
    data = payload(1)
    prev_hash = "a" * 64
    rows = [(1, prev_hash, line_hash(prev_hash, data), data)]
    assert verify(rows) == {"ok": False, "checked": 1, "broken_id": 1}


def test_missing_hash_is_broken(chain):
    row_id, prev_hash, _row_hash, data = chain[4]
    chain[4] = (row_id, prev_hash, False, data)
    assert verify(chain) == {"ok": False, "checked": 5, "broken_id": 5}
