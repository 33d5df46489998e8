from . import test_project
from . import test_stage
from . import test_material_reuse
from . import test_project_access
from . import test_project_tour
from . import test_translations
from . import test_no_english
from . import test_no_english_browser
