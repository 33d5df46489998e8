from . import dawa_case_document, dawa_case_payment_notice
