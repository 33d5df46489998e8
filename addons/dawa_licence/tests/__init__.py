from . import (
    test_licence_access,
    test_licence_concurrency,
    test_licence_expiry,
    test_licence_issue,
    test_licence_public,
    test_translations,
)
from . import test_licence_dashboard
