"""Where a search domain may name personal data (ID numbers, phones).

A masked value next to an exact-match search is an oracle: OR'ing a thousand candidates in one
search, or negating one, tells which is right without ever reading it. So a domain may name a
personal field in one leaf at most, and only in a leaf that every record found must satisfy:
under AND only, never under OR or NOT. Plain Python on Odoo's prefix domains (``'&'``,
``'|'``, ``'!'`` and leaves; consecutive terms are AND'ed)."""

OPERATORS = ("&", "|", "!")
ARITY = {"&": 2, "|": 2, "!": 1}

SEVERAL = "several"
NOT_CONJUNCTIVE = "not_conjunctive"


def _is_leaf(term):
    return isinstance(term, (list, tuple)) and len(term) == 3 and isinstance(term[0], str)


def personal_search_problem(domain, names):
    """``None`` when ``domain`` names the fields of ``names`` (top-level field names) in one
    leaf at most, reached through AND only; else ``SEVERAL`` or ``NOT_CONJUNCTIVE``."""
    found = []
    # one entry per operator whose operands are being read: [operands left, conjunctive]
    pending = []
    for term in domain or []:
        conjunctive = all(is_and for _left, is_and in pending)
        if term in OPERATORS:
            pending.append([ARITY[term], conjunctive and term == "&"])
            continue
        if _is_leaf(term) and term[0].split(".")[0] in names:
            found.append(conjunctive)
        # a term is complete: it is one operand of the operators above it
        while pending:
            pending[-1][0] -= 1
            if pending[-1][0]:
                break
            pending.pop()
    if pending:
        raise ValueError("incomplete domain")
    if len(found) > 1:
        return SEVERAL
    if found and not found[0]:
        return NOT_CONJUNCTIVE
    return None
