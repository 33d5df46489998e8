"""Tests of the applicant identifier checks of dawa_approval (tools/idnumbers.py)."""

import datetime

import pytest
from stdnum.cn import ric, uscc
from tools.idnumbers import (
    mask,
    normalize_resident_id,
    normalize_uscc,
    resident_id_error,
    uscc_error,
)

TODAY = datetime.date(2026, 6, 1)


def with_check_char(body):
    """Complete 17 digits with their GB 11643 check character (ISO 7064 MOD 11-2)."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(digit) * weight for digit, weight in zip(body, weights, strict=True))
    return body + "10X98765432"[total % 11]


def with_wrong_check_char(body):
    right = with_check_char(body)[-1]
    return body + ("1" if right == "0" else "0")


# resident ID numbers


@pytest.mark.parametrize(
    "body",
    [
        "21110419900101123",  # Dawa district, code since 2016
        "21112119751231002",  # former Dawa county
        "21110420260531001",  # born the day before TODAY
        "11010519000101001",
    ],
)
def test_resident_id_valid(body):
    number = with_check_char(body)
    assert resident_id_error(number, today=TODAY) is None


def test_reference_check_char_agrees_with_stdnum():
    for body in ("36042619910101007", "21110419900101123", "21112119751231002"):
        assert with_check_char(body)[-1] == ric.calc_check_digit(body + "0")
    assert with_check_char("36042619910101007") == "360426199101010071"


def test_resident_id_unknown_region_is_accepted():
    """stdnum's region table does not know 211104 yet; the region must not be checked."""
    number = with_check_char("21110419900101123")
    assert not ric.is_valid(number)
    assert resident_id_error(number, today=TODAY) is None


def test_resident_id_check_char_x():
    bodies = (f"21110419900101{serial:03d}" for serial in range(1000))
    body = next(body for body in bodies if with_check_char(body).endswith("X"))
    number = with_check_char(body)
    assert resident_id_error(number, today=TODAY) is None
    assert resident_id_error(number.lower(), today=TODAY) is None
    assert normalize_resident_id(number.lower()) == number


def test_normalize_resident_id():
    assert normalize_resident_id(" 211104 19900101 123x ") == "21110419900101123X"
    assert normalize_resident_id("２１１１０４１９９００１０１１２３ｘ") == "21110419900101123X"
    assert normalize_resident_id(None) == ""
    number = with_check_char("21110419900101123")
    assert resident_id_error(f" {number[:6]} {number[6:14]} {number[14:]} ", today=TODAY) is None


@pytest.mark.parametrize(
    ("number", "error"),
    [
        (None, "length"),
        ("", "length"),
        ("21110419900101123", "length"),
        ("2111041990010112345", "length"),
        ("211104900101123", "length"),  # first-generation 15-digit number
        ("21110419900101123A", "format"),
        ("X11104199001011234", "format"),
        ("2111041990O101123X", "format"),
    ],
)
def test_resident_id_errors(number, error):
    assert resident_id_error(number, today=TODAY) == error


def test_resident_id_wrong_check_char():
    assert resident_id_error(with_wrong_check_char("21110419900101123"), today=TODAY) == "checksum"


@pytest.mark.parametrize(
    "body",
    [
        "21110419900230123",  # 30 February
        "21110419901301123",  # month 13
        "21110419900100123",  # day 0
        "21110418991231123",  # before 1900
        "21110420260602123",  # after TODAY
        "21110430000101123",
    ],
)
def test_resident_id_bad_birth_date(body):
    assert resident_id_error(with_check_char(body), today=TODAY) == "birth_date"


def test_resident_id_leap_day():
    assert resident_id_error(with_check_char("21110420000229123"), today=TODAY) is None
    assert resident_id_error(with_check_char("21110419000229123"), today=TODAY) == "birth_date"


# unified social credit codes


@pytest.mark.parametrize(
    "number",
    [
        "91110000600037341L",
        "91110108551385082Q",
        "91110000802100433B",
        "91440300708461136T",
        " 9111-0000-6000-3734-1l ",
    ],
)
def test_uscc_valid(number):
    assert uscc_error(number) is None
    assert uscc.is_valid(number)


def test_uscc_first_position_may_be_a_letter():
    """GB 32100 registration authorities A, N and Y are letters; stdnum only takes digits."""
    body = "Y2211104MA0U12345"
    number = body + uscc.calc_check_digit(body + "0")
    assert not uscc.is_valid(number)
    assert uscc_error(number) is None


@pytest.mark.parametrize(
    ("number", "error"),
    [
        (None, "length"),
        ("", "length"),
        ("91110000600037341", "length"),
        ("91110000600037341LL", "length"),
        ("91110000600037341I", "format"),  # I is not in the alphabet
        ("9111000060003734OL", "format"),  # neither is O
        ("911A0000600037341L", "format"),  # region code must be digits
        ("91110000600037341K", "checksum"),
        ("91110000600037342L", "checksum"),
    ],
)
def test_uscc_errors(number, error):
    assert uscc_error(number) == error


def test_normalize_uscc():
    assert normalize_uscc(" 9111 0000-6000 3734 1l") == "91110000600037341L"
    assert normalize_uscc(None) == ""


# masking


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("211104199001011234",), "2111**********1234"),
        (("13812345678", 3, 4), "138****5678"),
        (("123456789", 4, 4), "1234*6789"),
        (("12345678",), "********"),
        (("1234",), "****"),
        (("张三丰",), "***"),
        (("13812345678", 3, 0), "138********"),
        (("13812345678", 0, 4), "*******5678"),
        (("",), ""),
        ((None,), ""),
        ((False,), ""),
    ],
)
def test_mask(args, expected):
    assert mask(*args) == expected


def test_mask_negative_length_is_refused():
    with pytest.raises(ValueError):
        mask("13812345678", -1, 4)
