"""Tests of the query codes of cases (addons/dawa_approval/tools/querycodes.py)."""

from tools import querycodes


def test_codes_have_eight_characters_without_look_alikes():
    codes = {querycodes.new_code() for _ in range(2000)}
    assert len(codes) == 2000
    for code in codes:
        assert len(code) == 8
        assert not set(code) & set("0O1IL"), code
        assert set(code) <= set(querycodes.ALPHABET)


def test_alphabet_has_no_look_alikes():
    assert not set(querycodes.ALPHABET) & set("0OQD1IL2Z5S8BUV")
    assert len(set(querycodes.ALPHABET)) == len(querycodes.ALPHABET)


def test_normalize_accepts_what_an_applicant_types():
    assert querycodes.normalize("k7mp 3xwa") == "K7MP3XWA"
    assert querycodes.normalize(" K7MP-3XWA ") == "K7MP3XWA"


def test_normalize_refuses_anything_else():
    for text in ("", None, "K7MP3XW", "K7MP3XWAA", "K7MP3XW0", "K7MP3XWI", "'; DROP--"):
        assert querycodes.normalize(text) == ""
