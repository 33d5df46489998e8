from . import test_holiday
from . import test_approval_item
from . import test_seal
from . import test_transfer_agreement
from . import test_item_import
from . import test_approval_case
from . import test_seal_usage
from . import test_window_desk_tour
