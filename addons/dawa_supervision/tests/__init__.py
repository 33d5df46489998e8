from . import test_department_access
from . import test_department_privileges
