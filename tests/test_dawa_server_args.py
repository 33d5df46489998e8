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
