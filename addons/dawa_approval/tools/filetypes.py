"""Uploads of applicants (网上申报): the file type read from the content, never from the name.

Only PDF, JPEG and PNG are taken: they are what a clerk previews in the browser, and none of
them runs anything when opened. An executable renamed ``.pdf`` starts with ``MZ`` or
``\\x7fELF``, not ``%PDF-``, and is refused whatever its name.
"""

# (file type, mimetype, extension, leading bytes)
SIGNATURES = (
    ("pdf", "application/pdf", "pdf", b"%PDF-"),
    ("jpeg", "image/jpeg", "jpg", b"\xff\xd8\xff"),
    ("png", "image/png", "png", b"\x89PNG\r\n\x1a\n"),
)
# Bytes to read to tell the types apart.
HEAD_SIZE = 8
# Largest image taken, in pixels: an A4 page scanned at 600 dpi has 35 million. Above it, an
# image of a few hundred kilobytes may decode to gigabytes (a decompression bomb).
MAX_IMAGE_PIXELS = 50_000_000
# JPEG markers that start a frame (SOF0..SOF15, except DHT, JPG and DAC) and carry its size.
JPEG_FRAME_MARKERS = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


def sniff(head):
    """(mimetype, extension) of a file starting with ``head``, or ``None`` when it is none
    of the accepted types."""
    for _kind, mimetype, extension, magic in SIGNATURES:
        if head.startswith(magic):
            return mimetype, extension
    return None


def image_size(data):
    """(width, height) of a PNG or JPEG read from its header, without decoding the image;
    ``None`` when the header cannot be read (a truncated or forged image)."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        # the first chunk is IHDR: length (4), type (4), width (4), height (4)
        if len(data) < 24 or data[12:16] != b"IHDR":
            return None
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    if data.startswith(b"\xff\xd8"):
        position = 2
        while position + 9 <= len(data):
            if data[position] != 0xFF:
                return None
            marker = data[position + 1]
            if marker == 0xFF:  # fill byte
                position += 1
                continue
            if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:  # no length
                position += 2
                continue
            length = int.from_bytes(data[position + 2:position + 4], "big")
            if marker in JPEG_FRAME_MARKERS:
                height = int.from_bytes(data[position + 5:position + 7], "big")
                width = int.from_bytes(data[position + 7:position + 9], "big")
                return width, height
            if length < 2:
                return None
            position += 2 + length
        return None
    return None


def safe_filename(name, extension, fallback="upload"):
    """A file name to store: the applicant's name without its path and with the extension of
    the real type (a JPEG named ``a.pdf`` is stored as ``a.jpg``)."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if ch.isprintable() and ch not in '<>:"|?*').strip(" .")
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = stem[:80] or fallback
    return f"{stem}.{extension}"


def mask_person_name(name):
    """A natural person's name as published (双公示): the family name, then one ``*`` per
    other character (张三 → 张*, 欧阳娜娜 → 欧***)."""
    name = (name or "").strip()
    if not name:
        return ""
    return name[0] + "*" * max(len(name) - 1, 1)
