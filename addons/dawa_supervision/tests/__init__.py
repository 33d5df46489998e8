from . import test_department_access
from . import test_department_privileges
from . import test_supervision_catalog
from . import test_supervision_feedback
from . import test_supervision_isolation
from . import test_supervision_push
from . import test_supervision_report
from . import test_supervision_task
