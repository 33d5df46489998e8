from . import test_feedback_counts
from . import test_translations
