"""Tests of the QR codes of the public pages (addons/dawa_approval/tools/qrcodes.py)."""

import io
import secrets

import pytest
from PIL import Image
from tools import qrcodes

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
CASE_URL = "https://zwfw.dawa.gov.cn/dawa/case/" + secrets.token_urlsafe(32)


def _modules(data):
    """The image read back as a matrix of dark modules, one sample per module."""
    image = Image.open(io.BytesIO(data)).convert("L")
    size = image.width // qrcodes.BOX_SIZE
    half = qrcodes.BOX_SIZE // 2
    return [
        [image.getpixel((x * qrcodes.BOX_SIZE + half, y * qrcodes.BOX_SIZE + half)) < 128
         for x in range(size)]
        for y in range(size)
    ]


def test_png_signature_and_square_size():
    data = qrcodes.png(CASE_URL)
    assert data.startswith(PNG_SIGNATURE)
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    assert image.width == image.height
    assert image.width % qrcodes.BOX_SIZE == 0


def test_image_holds_the_encoded_matrix_with_quiet_zone():
    data = qrcodes.png(CASE_URL)
    expected = qrcodes.matrix(CASE_URL)
    assert _modules(data) == expected
    border = qrcodes.BORDER
    assert not any(expected[0]) and not any(row[0] for row in expected)
    # finder pattern in the top-left corner, just inside the quiet zone
    assert all(expected[border][border:border + 7])


def test_case_url_stays_a_small_symbol():
    """A case URL (43-character token) fits a version 5 symbol at level M: 37 modules,
    45 with the quiet zone, 360 pixels, about 3 cm at 300 dpi."""
    modules = len(qrcodes.matrix(CASE_URL)) - 2 * qrcodes.BORDER
    version = (modules - 17) // 4
    assert len(CASE_URL) < 100
    assert version <= 5
    assert Image.open(io.BytesIO(qrcodes.png(CASE_URL))).width <= 400


def test_same_payload_same_bytes_other_payload_other_bytes():
    assert qrcodes.png(CASE_URL) == qrcodes.png(CASE_URL)
    assert qrcodes.png(CASE_URL) != qrcodes.png(CASE_URL + "x")


def test_error_correction_level_m():
    code = qrcodes._build("https://example.com/dawa/guide/211104SP00001")
    assert code.error_correction == qrcodes.ERROR_CORRECT_M


@pytest.mark.parametrize("payload", ["", None, "x" * (qrcodes.MAX_PAYLOAD + 1)])
def test_refuses_empty_or_long_payloads(payload):
    with pytest.raises(ValueError):
        qrcodes.png(payload)
