"""Tests of the loopback check of the public address (addons/dawa_approval/tools/publicurl.py)."""

import pytest
from tools import publicurl


@pytest.mark.parametrize("url", [
    "", None, "http://127.0.0.1:8069", "http://127.8.0.3", "http://localhost:8069",
    "https://LOCALHOST/", "http://[::1]:8069", "http://0.0.0.0:8069", "http://app.localhost",
    "http://[::1",
])
def test_loopback_addresses(url):
    assert publicurl.is_loopback(url)


@pytest.mark.parametrize("url", [
    "https://zwfw.dawa.gov.cn", "http://10.1.2.3:8069", "https://218.60.1.2/",
    "https://localhost.example.cn",
])
def test_public_addresses(url):
    assert not publicurl.is_loopback(url)
