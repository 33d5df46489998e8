from . import main, public
