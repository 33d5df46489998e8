"""Tests of the seal-ledger hash chain of dawa_approval (tools/hashchain.py)."""

import datetime
import hashlib
import hmac
import os
import stat
import threading

import pytest
from tools.hashchain import (
    GENESIS,
    canonical_json,
    empty_head,
    head_is_authentic,
    head_mac,
    line_hash,
    load_or_create_key,
    make_head,
    read_key,
    verify,
)

KEY = b"test key of the ledger, never used in production"


def make_chain(payloads, key=KEY):
    """Return ``(row_id, prev_hash, hash, payload)`` rows chained like the ledger does."""
    rows, prev_hash = [], GENESIS
    for row_id, payload in enumerate(payloads, start=1):
        row_hash = line_hash(key, prev_hash, payload)
        rows.append((row_id, prev_hash, row_hash, payload))
        prev_hash = row_hash
    return rows


def head_of(rows, key=KEY):
    if not rows:
        return empty_head()
    return make_head(key, len(rows), rows[-1][0], rows[-1][2])


def payload(number):
    return {
        "seal_id": 7,
        "case_id": 100 + number,
        "document_type": "approval_decision",
        "document_ref": f"大洼审批许字〔2026〕{number}号",
        "used_at": datetime.datetime(2026, 3, 9, 9, number),
        "operator_id": 2,
        "approver_id": None,
        "case_name": f"DW202603{number:06d}",
        "decision": "approved",
        "decision_ref": f"大洼审批许字〔2026〕{number}号",
        "decision_date": datetime.date(2026, 3, 9),
        "decision_approver_id": 5,
        "item_codes": ["211104SP00001", "211104SP00007"],
        "applicant_name": "盘锦建业建筑有限公司",
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
            "codes": ["B", "A", None],
        }
    )
    assert text == (
        '{"a":1,"b":"大洼","codes":["B","A",null],"day":"2026-03-09","flag":true,"none":null,'
        '"used_at":"2026-03-09 09:30:15"}'
    )


def test_canonical_json_aware_datetime_is_utc():
    beijing = datetime.timezone(datetime.timedelta(hours=8))
    aware = datetime.datetime(2026, 3, 9, 17, 30, tzinfo=beijing)
    naive_utc = datetime.datetime(2026, 3, 9, 9, 30)
    assert canonical_json({"at": aware}) == canonical_json({"at": naive_utc})


@pytest.mark.parametrize("value", [1.5, [1.5], [[1]], {"a": 1}, b"x", {1, 2}])
def test_canonical_json_refuses_other_values(value):
    with pytest.raises(TypeError):
        canonical_json({"value": value})


def test_canonical_json_refuses_non_string_keys():
    with pytest.raises(TypeError):
        canonical_json({1: "a"})


def test_line_hash_is_an_hmac_of_the_canonical_text():
    data = {"z": "印章", "a": datetime.date(2026, 10, 1)}
    expected_text = "line:" + GENESIS + '{"a":"2026-10-01","z":"印章"}'
    expected = hmac.new(KEY, expected_text.encode("utf-8"), hashlib.sha256).hexdigest()
    assert line_hash(KEY, GENESIS, data) == expected
    # key order and value types with the same canonical text do not matter
    assert line_hash(KEY, GENESIS, {"a": "2026-10-01", "z": "印章"}) == expected
    assert line_hash(KEY, "1" * 64, data) != expected


def test_line_hash_needs_the_key():
    """Without the key nobody recomputes a hash: neither a plain SHA-256 nor another key."""
    data = payload(1)
    plain = hashlib.sha256((GENESIS + canonical_json(data)).encode("utf-8")).hexdigest()
    assert line_hash(KEY, GENESIS, data) != plain
    assert line_hash(b"another key", GENESIS, data) != line_hash(KEY, GENESIS, data)


@pytest.mark.parametrize("key", [None, b"", "text key"])
def test_line_hash_refuses_a_missing_key(key):
    with pytest.raises(TypeError):
        line_hash(key, GENESIS, {"a": 1})


def test_line_hash_refuses_missing_prev_hash():
    with pytest.raises(TypeError):
        line_hash(KEY, None, {"a": 1})


def test_good_chain(chain):
    assert chain[0][1] == GENESIS
    assert verify(chain, KEY) == {"ok": True, "checked": 5, "broken_id": False}
    assert verify(iter(chain), KEY, head_of(chain)) == {
        "ok": True, "checked": 5, "broken_id": False}


def test_empty_chain():
    assert verify([], KEY) == {"ok": True, "checked": 0, "broken_id": False}
    assert verify([], KEY, empty_head()) == {"ok": True, "checked": 0, "broken_id": False}


def test_chain_checked_with_another_key_is_broken(chain):
    assert verify(chain, b"another key") == {"ok": False, "checked": 1, "broken_id": 1}


@pytest.mark.parametrize("field", [
    "document_ref", "case_name", "decision", "decision_ref", "decision_date",
    "decision_approver_id", "item_codes", "applicant_name",
])
def test_modified_payload(chain, field):
    row_id, prev_hash, row_hash, data = chain[2]
    forged = {
        "document_ref": "大洼审批许字〔2026〕99号",
        "case_name": "DW202603000099",
        "decision": "denied",
        "decision_ref": "大洼审批许字〔2026〕99号",
        "decision_date": datetime.date(2026, 3, 10),
        "decision_approver_id": 6,
        "item_codes": ["211104SP00001"],
        "applicant_name": "盘锦鑫达建筑工程有限公司",
    }[field]
    chain[2] = (row_id, prev_hash, row_hash, dict(data, **{field: forged}))
    assert verify(chain, KEY, head_of(chain)) == {"ok": False, "checked": 3, "broken_id": 3}


def test_deleted_row(chain):
    head = head_of(chain)
    del chain[2]
    assert verify(chain, KEY, head) == {"ok": False, "checked": 3, "broken_id": 4}


def test_deleted_first_row(chain):
    del chain[0]
    assert verify(chain, KEY) == {"ok": False, "checked": 1, "broken_id": 2}


def test_deleted_last_row_is_caught_by_the_head(chain):
    head = head_of(chain)
    del chain[-1]
    assert verify(chain, KEY) == {"ok": True, "checked": 4, "broken_id": False}
    assert verify(chain, KEY, head) == {"ok": False, "checked": 4, "broken_id": 5}


def test_every_row_deleted_is_caught_by_the_head(chain):
    assert verify([], KEY, head_of(chain)) == {"ok": False, "checked": 0, "broken_id": 5}


def test_head_rewound_without_the_key_is_caught(chain):
    """Deleting the last line and rewinding the head needs a MAC only the key makes."""
    del chain[-1]
    forged = dict(head_of(chain), mac="f" * 64)
    assert verify(chain, KEY, forged) == {"ok": False, "checked": 4, "broken_id": 4}
    emptied = dict(empty_head(), line_count=4, last_id=4, last_hash=chain[-1][2])
    assert verify(chain, KEY, emptied) == {"ok": False, "checked": 4, "broken_id": 4}


def test_head_reset_to_empty_with_rows_left(chain):
    assert verify(chain, KEY, empty_head()) == {"ok": False, "checked": 5, "broken_id": 5}


def test_head_authenticity():
    assert head_is_authentic(KEY, empty_head())
    head = make_head(KEY, 3, 42, "a" * 64)
    assert head["mac"] == head_mac(KEY, 3, 42, "a" * 64)
    assert head_is_authentic(KEY, head)
    assert not head_is_authentic(b"another key", head)
    assert not head_is_authentic(KEY, dict(head, line_count=2))
    assert not head_is_authentic(KEY, dict(head, mac=None))


def test_reordered_rows(chain):
    chain[2], chain[3] = chain[3], chain[2]
    assert verify(chain, KEY) == {"ok": False, "checked": 3, "broken_id": 4}


def test_forged_hash(chain):
    row_id, prev_hash, _row_hash, data = chain[1]
    chain[1] = (row_id, prev_hash, "f" * 64, data)
    assert verify(chain, KEY) == {"ok": False, "checked": 2, "broken_id": 2}


def test_rehashed_row_breaks_the_next_one(chain):
    """A forger who recomputes the changed row's hash is caught by the following row."""
    row_id, prev_hash, _row_hash, data = chain[2]
    data = dict(data, case_id=999)
    chain[2] = (row_id, prev_hash, line_hash(KEY, prev_hash, data), data)
    assert verify(chain, KEY) == {"ok": False, "checked": 4, "broken_id": 4}


def test_rechained_without_the_key_is_caught(chain):
    """Re-chaining every line after a change needs the key: any other one is caught."""
    payloads = [row[3] for row in chain]
    payloads[2] = dict(payloads[2], applicant_name="Someone else")
    forged = make_chain(payloads, key=b"the forger's key")
    assert verify(forged, KEY, head_of(forged, key=b"the forger's key")) == {
        "ok": False, "checked": 1, "broken_id": 1}


def test_first_row_must_start_from_genesis():
    data = payload(1)
    prev_hash = "a" * 64
    rows = [(1, prev_hash, line_hash(KEY, prev_hash, data), data)]
    assert verify(rows, KEY) == {"ok": False, "checked": 1, "broken_id": 1}


def test_missing_hash_is_broken(chain):
    row_id, prev_hash, _row_hash, data = chain[4]
    chain[4] = (row_id, prev_hash, None, data)
    assert verify(chain, KEY) == {"ok": False, "checked": 5, "broken_id": 5}


# ----------------------------------------------------------------------------- key file


def test_key_file_created_once_owner_only(tmp_path):
    path = tmp_path / "data" / "dawa_ledger.key"
    key = load_or_create_key(str(path))
    assert len(key) == 64
    int(key, 16)  # hex text
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700
    assert load_or_create_key(str(path)) == key
    assert read_key(str(path)) == key
    assert os.listdir(path.parent) == ["dawa_ledger.key"], "no draft left behind"
    assert load_or_create_key(str(tmp_path / "other.key")) != key


def test_key_file_kept_when_given(tmp_path):
    path = tmp_path / "dawa_ledger.key"
    path.write_text("  my own key\n", encoding="utf-8")
    assert load_or_create_key(str(path)) == b"my own key"


def test_empty_key_file_is_refused(tmp_path):
    path = tmp_path / "dawa_ledger.key"
    path.write_text("\n", encoding="utf-8")
    with pytest.raises(ValueError):
        load_or_create_key(str(path))


def test_processes_starting_together_agree_on_one_key(tmp_path):
    path = str(tmp_path / "dawa_ledger.key")
    barrier = threading.Barrier(8)
    keys = []

    def first_use():
        barrier.wait()
        keys.append(load_or_create_key(path))

    threads = [threading.Thread(target=first_use) for _i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(keys) == 8
    assert len(set(keys)) == 1
    assert os.listdir(tmp_path) == ["dawa_ledger.key"]
