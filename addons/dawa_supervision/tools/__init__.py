"""Pure Python helpers of dawa_supervision; no Odoo import here, they have plain unit tests."""

from . import inspection_draw
