from . import dawa_staff_evaluation
