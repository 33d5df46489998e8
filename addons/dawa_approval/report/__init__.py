from . import dawa_case_payment_notice
