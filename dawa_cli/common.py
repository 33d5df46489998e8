"""Paths, names and ports every part of `./dawa` shares, and how it talks."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the repository
# DAWA_MODULES (comma-separated) replaces the list, e.g. to test this script on a probe module
MODULES = os.environ.get(
    "DAWA_MODULES",
    "dawa_approval,dawa_licence,dawa_supervision,dawa_staff,dawa_staff_supervision,"
    "dawa_project").split(",")
DB_NAME = "dawa"
PG_PORT = 54329  # fixed port of the development cluster (unix socket only, no TCP)
HTTP_PORT = 8069
GEVENT_PORT = 8072  # live bus (/websocket) of the multi-process server
PG_SUPERUSER = "postgres"  # superuser created by initdb --username
DB_USER = "odoo"  # Odoo refuses to connect as "postgres"
IS_ROOT = os.geteuid() == 0
LOCAL = ROOT / ".local"
LOG_DIR = LOCAL / "test-logs"


def say(msg=""):
    print(msg, flush=True)


def die(msg, code=1):
    print(f"dawa: {msg}", file=sys.stderr, flush=True)
    sys.exit(code)


def rel(path):
    """`path` relative to the repository when it is inside it."""
    try:
        return str(Path(path).relative_to(ROOT))
    except ValueError:
        return str(path)
