from . import (
    test_certificate_concurrency,
    test_certificate_print,
    test_certificate_stock,
    test_licence_access,
    test_licence_concurrency,
    test_licence_electronic,
    test_licence_expiry,
    test_licence_issue,
    test_licence_public,
    test_translations,
)
from . import test_licence_dashboard
