"""Tests of the licence register's plain rules of dawa_licence (addons/dawa_licence/tools/
licences.py): the GB/T 36904 identifier and its ISO/IEC 7064 MOD 37,36 check character, the
licence number, the validity and the expiry reminder windows."""

import datetime
import importlib.util
from pathlib import Path

import pytest

LICENCES_PATH = (Path(__file__).resolve().parent.parent / "addons" / "dawa_licence" / "tools"
                 / "licences.py")
_spec = importlib.util.spec_from_file_location("dawa_licence_licences", LICENCES_PATH)
licences = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(licences)

# Identifiers published by issuing authorities (docs/law.md, licences), check character
# included.
PUBLISHED = [
    "1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F",
    "1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U",
    "1.2.156.3005.2.11100000000013338W009.11330105002500287C.2025052201.002.0",
    "1.2.156.3005.2.11100000MB03271699022.340100.000000016.001.9",
]


@pytest.mark.parametrize("identifier", PUBLISHED)
def test_published_identifiers_have_the_right_check_character(identifier):
    assert licences.identifier_error(identifier) is None
    root_less = identifier[len(licences.ROOT) + 1:].split(".")
    assert licences.check_character("".join(root_less[:4])) == root_less[4]


@pytest.mark.parametrize("identifier", PUBLISHED)
def test_one_changed_character_is_caught(identifier):
    body, check = identifier.rsplit(".", 1)
    # the serial's last digit changed: MOD 37,36 catches every single substitution
    head, serial, version = body.rsplit(".", 2)
    last = serial[-1]
    other = "0" if last != "0" else "1"
    changed = f"{head}.{serial[:-1]}{other}.{version}.{check}"
    assert licences.identifier_error(changed) == "check"


def test_make_identifier_round_trip():
    made = licences.make_identifier(
        "11100000000013338W032", "11220000013544541J", "2430599", 1)
    assert made == PUBLISHED[0]
    made = licences.make_identifier(
        "11100000000013338W009", "11330105002500287C", "2025052201", 2)
    assert made == PUBLISHED[2]


def test_make_identifier_refuses_bad_parts():
    with pytest.raises(ValueError):
        licences.make_identifier("", "11220000013544541J", "1", 1)
    with pytest.raises(ValueError):
        licences.make_identifier("11100000000013338W032", "1122.0000", "1", 1)
    with pytest.raises(ValueError):
        licences.make_identifier("11100000000013338W032", "11220000013544541J", "1", 0)
    with pytest.raises(ValueError):
        licences.make_identifier("11100000000013338W032", "11220000013544541J", "1", 1000)


def test_malformed_identifiers():
    assert licences.identifier_error("") == "root"
    assert licences.identifier_error("1.2.156.3005.3.A.B.C.001.X") == "root"
    assert licences.identifier_error("1.2.156.3005.2.A.B.C.1.X") == "format"
    assert licences.identifier_error("1.2.156.3005.2.A.B.C.001") == "format"
    assert licences.identifier_error("1.2.156.3005.2.A.B.c-1.001.X") == "format"


def test_check_character_alphabet():
    with pytest.raises(ValueError):
        licences.check_character("")
    with pytest.raises(ValueError):
        licences.check_character("AB.C")
    assert licences.check_character("a1") == licences.check_character("A1")


def test_licence_number():
    assert licences.licence_number("大洼建施", 2026, 17) == "大洼建施202600017"
    assert licences.licence_number(" 大洼水取 ", 2026, 3, padding=3) == "大洼水取2026003"
    assert licences.licence_number("", 2027, 123456, padding=4) == "2027123456"
    for serial, padding in ((0, 5), (-1, 5), (1, 0), (1, 11)):
        with pytest.raises(ValueError):
            licences.licence_number("X", 2026, serial, padding=padding)


def test_identifier_serial():
    assert licences.identifier_serial(2026, 17) == "2026000017"


def test_valid_to():
    day = datetime.date
    assert licences.valid_to(day(2026, 3, 10), 60) == day(2031, 3, 9)
    assert licences.valid_to(day(2026, 1, 1), 12) == day(2026, 12, 31)
    # 31 March + 1 month is 30 April: valid through 29 April
    assert licences.valid_to(day(2026, 3, 31), 1) == day(2026, 4, 29)
    # 29 February + 12 months is 28 February: valid through the 27th
    assert licences.valid_to(day(2028, 2, 29), 12) == day(2029, 2, 27)
    assert licences.valid_to(day(2026, 3, 10), 0) is None
    assert licences.valid_to(day(2026, 3, 10), None) is None
    with pytest.raises(ValueError):
        licences.valid_to(day(2026, 3, 10), -1)


def test_expiry_windows():
    assert licences.expiry_window(61, 0) is None
    assert licences.expiry_window(60, 0) == 60
    assert licences.expiry_window(45, 60) is None
    assert licences.expiry_window(30, 60) == 30
    assert licences.expiry_window(30, 30) is None
    # found late (a licence issued with 20 days left): the closest window only
    assert licences.expiry_window(20, 0) == 30
    assert licences.expiry_window(0, 30) is None
    assert licences.expiry_window(-1, 0) is None
    assert licences.days_left(datetime.date(2026, 5, 1), datetime.date(2026, 4, 1)) == 30
