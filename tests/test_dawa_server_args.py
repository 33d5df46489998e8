"""The `./dawa` command's server options (dawa_cli/server.py and odoo_env.py, no Odoo needed):
the multi-process mode of `./dawa run` and the entry point Odoo can re-execute."""

import os
from pathlib import Path

from dawa_cli import odoo_env, server

ROOT = Path(__file__).resolve().parent.parent


def test_workers_from_the_cpu_count(monkeypatch):
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert server.default_workers() == 5
    assert server.server_mode_args(None, 8072) == [
        "--workers=5", "--max-cron-threads=1", "--gevent-port=8072"]


def test_workers_overridden():
    assert server.server_mode_args(3, 9000)[0] == "--workers=3"
    assert "--gevent-port=9000" in server.server_mode_args(3, 9000)


def test_odoo_started_through_a_real_script():
    """Odoo re-executes `sys.executable sys.argv[0]`: argv[0] must be a script file, not
    odoo/__main__.py of `python3 -m odoo` (its relative imports fail when run as a script)."""
    command = odoo_env.odoo_cmd()
    assert "-m" not in command
    script = Path(command[-1])
    assert script == ROOT / "bin" / "dawa-odoo"
    assert os.access(script, os.X_OK)
    assert script.read_text(encoding="utf-8").startswith("#!/usr/bin/env python3")


IP_OUTPUT = """\
1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever
2: docker0    inet 169.254.3.1/16 scope link docker0\\       valid_lft forever
4: eth0    inet 192.168.1.23/24 brd 192.168.1.255 scope global eth0\\       valid_lft forever
5: wlan0    inet 10.0.0.7/8 brd 10.255.255.255 scope global wlan0\\       valid_lft forever
"""


def test_network_addresses_without_loopback():
    assert server.parse_ipv4_addresses(IP_OUTPUT) == ["192.168.1.23", "10.0.0.7"]
    assert server.parse_ipv4_addresses("1: lo    inet 127.0.0.1/8 scope host lo") == []
    assert server.parse_ipv4_addresses("garbage inet\nx inet not-an-ip/24") == []


def test_public_address_is_the_first_network_address():
    """A phone of the same network opens the QR codes: the first non-loopback address, Odoo
    listening on every interface."""
    assert server.public_address(8069, addresses=["192.168.1.23", "10.0.0.7"]) == (
        "http://192.168.1.23:8069", "0.0.0.0")


def test_public_address_loopback_only_without_network():
    assert server.public_address(8070, addresses=[]) == ("http://127.0.0.1:8070", "127.0.0.1")


def test_public_url_overrides():
    assert server.public_address(8069, "https://zwfw.dawa.gov.cn", ["192.168.1.23"]) == (
        "https://zwfw.dawa.gov.cn", "0.0.0.0")
    assert server.public_address(8069, "http://localhost:8069", ["192.168.1.23"]) == (
        "http://localhost:8069", "127.0.0.1")
    assert server.check_public_url(" https://zwfw.dawa.gov.cn/ ") == "https://zwfw.dawa.gov.cn"
    for bad in ("zwfw.dawa.gov.cn", "ftp://x", "http://x/'; DROP", "http://x/path"):
        try:
            server.check_public_url(bad)
        except SystemExit:
            continue
        raise AssertionError(f"{bad!r} accepted")


def test_base_url_frozen():
    sql = server.set_base_url_sql("http://192.168.1.23:8069")
    assert "('web.base.url', 'http://192.168.1.23:8069'" in sql
    assert "('web.base.url.freeze', 'True'" in sql
    assert "ON CONFLICT (key) DO UPDATE" in sql
