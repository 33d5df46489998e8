"""Pure Python helpers of dawa_approval; no Odoo import here, they have plain unit tests."""

from . import hashchain, idnumbers, workdays
