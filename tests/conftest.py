"""Make the pure Python ``tools`` package of dawa_approval importable without Odoo.

The add-on directory goes on ``sys.path`` so tests import ``from tools import workdays``; the
add-on's own ``__init__`` (which imports Odoo) is never executed.
"""

import sys
from pathlib import Path

ADDON_DIR = Path(__file__).resolve().parent.parent / "addons" / "dawa_approval"

if str(ADDON_DIR) not in sys.path:
    sys.path.insert(0, str(ADDON_DIR))
