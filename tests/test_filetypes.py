"""Tests of the upload type check (addons/dawa_approval/tools/filetypes.py)."""

from tools import filetypes


def test_accepted_types_are_read_from_the_content():
    assert filetypes.sniff(b"%PDF-1.7\n") == ("application/pdf", "pdf")
    assert filetypes.sniff(b"\xff\xd8\xff\xe0\x00\x10JFIF") == ("image/jpeg", "jpg")
    assert filetypes.sniff(b"\x89PNG\r\n\x1a\n\x00") == ("image/png", "png")


def test_other_content_is_refused_whatever_the_name():
    for head in (b"MZ\x90\x00\x03\x00", b"\x7fELF\x02\x01", b"PK\x03\x04", b"<html>",
                 b"", b"%PD", b"GIF89a", b"#!/bin/sh"):
        assert filetypes.sniff(head) is None, head


def test_safe_filename_keeps_the_name_and_takes_the_real_extension():
    assert filetypes.safe_filename("营业执照.pdf", "pdf") == "营业执照.pdf"
    assert filetypes.safe_filename("photo.PDF", "jpg") == "photo.jpg"
    assert filetypes.safe_filename("C:\\Users\\a\\scan.png", "png") == "scan.png"
    assert filetypes.safe_filename("../../etc/passwd", "pdf") == "passwd.pdf"
    assert filetypes.safe_filename("", "png") == "upload.png"
    assert filetypes.safe_filename('a<b>"c".pdf', "pdf") == "abc.pdf"


def test_person_names_are_masked_after_the_family_name():
    assert filetypes.mask_person_name("张三") == "张*"
    assert filetypes.mask_person_name("王小明") == "王**"
    assert filetypes.mask_person_name("张") == "张*"
    assert filetypes.mask_person_name("  ") == ""
