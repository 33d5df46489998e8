"""Tests of the upload type check (addons/dawa_approval/tools/filetypes.py)."""

import struct
import zlib

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


def _png_header(width, height):
    """A PNG's signature and IHDR chunk (8-bit grey), as a scanner writes them."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    return (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", len(ihdr)) + chunk
            + struct.pack(">I", zlib.crc32(chunk)))


def _jpeg_header(width, height):
    """A JPEG's SOI, an APP0 segment and a baseline frame header (SOF0)."""
    app0 = b"\xff\xe0" + (16).to_bytes(2, "big") + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof0 = (b"\xff\xc0" + (11).to_bytes(2, "big") + b"\x08" + height.to_bytes(2, "big")
            + width.to_bytes(2, "big") + b"\x01\x01\x11\x00")
    return b"\xff\xd8" + app0 + sof0


def test_image_size_read_from_the_header():
    assert filetypes.image_size(_png_header(12000, 12000)) == (12000, 12000)
    assert filetypes.image_size(_jpeg_header(4960, 7016)) == (4960, 7016)
    # a DHT segment (0xC4) carries no size: skipped, the frame after it is read
    dht = b"\xff\xc4" + (5).to_bytes(2, "big") + b"\x00\x01\x02"
    jpeg = _jpeg_header(800, 600)
    assert filetypes.image_size(jpeg[:20] + dht + jpeg[20:]) == (800, 600)
    assert filetypes.image_size(b"\xff\xd8\xff\xe0\x00") is None
    assert filetypes.image_size(b"\x89PNG\r\n\x1a\n\x00\x00") is None
    assert filetypes.image_size(b"%PDF-1.4") is None
    assert 12000 * 12000 > filetypes.MAX_IMAGE_PIXELS >= 4960 * 7016
