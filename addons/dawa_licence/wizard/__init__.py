from . import dawa_certificate_form_void
