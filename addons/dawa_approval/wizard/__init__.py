from . import dawa_approval_item_import
from . import dawa_holiday_seed
from . import dawa_case_statistics_wizard
from . import dawa_case_fee_payment
from . import dawa_security_policy
from . import dawa_rate_thresholds
