from . import main
from . import portal
from . import export
from . import online
from . import dataset
