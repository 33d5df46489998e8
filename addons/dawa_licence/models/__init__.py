from . import (
    dawa_approval_case,
    dawa_approval_item,
    dawa_certificate_form,
    dawa_certificate_stock,
    dawa_certificate_type,
    dawa_licence_certificate,
    dawa_licence_electronic,
    dawa_licence,
    dawa_personal_search,
)
