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


def sniff(head):
    """(mimetype, extension) of a file starting with ``head``, or ``None`` when it is none
    of the accepted types."""
    for _kind, mimetype, extension, magic in SIGNATURES:
        if head.startswith(magic):
            return mimetype, extension
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
