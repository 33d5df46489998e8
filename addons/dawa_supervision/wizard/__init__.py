from . import dawa_supervision_catalog_import
from . import dawa_supervision_statistics_wizard
