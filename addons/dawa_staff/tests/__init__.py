from . import test_demo_accounts
from . import test_hr_rights
from . import test_secondment
from . import test_evaluation
from . import test_evaluation_rules
from . import test_staff_access
from . import test_staff_reports
from . import test_staff_tours
