from . import test_demo_accounts
from . import test_hr_rights
