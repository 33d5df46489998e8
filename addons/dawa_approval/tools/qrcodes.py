"""QR codes of the public pages (case page, service guide), as PNG bytes.

Pure function, no Odoo import: ``png(payload)`` returns the PNG of a QR code with error
correction level M (about 15 % of the symbol may be damaged or covered), a quiet zone of four
modules (ISO/IEC 18004) and modules of ``BOX_SIZE`` pixels, enough for a sharp print at about
3 cm. Payloads must stay short (a URL, not a document): a short payload keeps the symbol at a
low version with large modules that cheap phone cameras read from a printed notice.
"""

import io

import qrcode
from qrcode.constants import ERROR_CORRECT_M

BOX_SIZE = 8
BORDER = 4
MAX_PAYLOAD = 200


def matrix(payload):
    """The module matrix (list of rows of booleans, quiet zone included) of ``payload``."""
    return _build(payload).get_matrix()


def png(payload):
    """PNG bytes of the QR code of ``payload`` (a short text, usually a URL)."""
    code = _build(payload)
    image = code.make_image(fill_color="black", back_color="white")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _build(payload):
    if not isinstance(payload, str) or not payload:
        raise ValueError("A QR code needs a non-empty text payload.")
    if len(payload) > MAX_PAYLOAD:
        raise ValueError(
            f"A QR code payload of {len(payload)} characters is too long to print legibly "
            f"(at most {MAX_PAYLOAD}): encode a short URL instead.")
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=BOX_SIZE, border=BORDER)
    code.add_data(payload)
    code.make(fit=True)
    return code
