from . import dawa_project_flow
from . import dawa_project_flow_stage
from . import dawa_project
from . import dawa_project_works
from . import dawa_project_stage
from . import dawa_approval_item_material
from . import dawa_approval_case
from . import dawa_approval_case_material
