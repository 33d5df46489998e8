"""The bureau's public address, as printed in QR codes and on notices."""

import ipaddress
from urllib.parse import urlsplit


def is_loopback(url):
    """True when ``url`` points at the machine itself (localhost, 127.x, ::1) or is empty:
    an applicant could not open it from a printed notice."""
    try:
        host = (urlsplit((url or "").strip()).hostname or "").lower()
    except ValueError:
        return True
    if not host or host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified
