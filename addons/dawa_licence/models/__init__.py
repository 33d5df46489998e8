from . import dawa_approval_case, dawa_approval_item, dawa_licence, dawa_personal_search
