from . import dawa_approval_item_import
