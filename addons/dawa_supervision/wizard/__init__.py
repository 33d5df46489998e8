from . import dawa_supervision_catalog_import
from . import dawa_supervision_statistics_wizard
from . import dawa_inspection_witness
