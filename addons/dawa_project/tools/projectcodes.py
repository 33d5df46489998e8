"""The codes of a construction project, as plain Python (no ORM).

- 投资项目统一代码 (``code`` of ``dawa.project``): issued by the national online approval
  and supervision platform for investment projects (发改投资〔2020〕1439号, GB/T 40058-2021);
  the platforms check it as ``\\d{4}-\\d{6}-\\d{2}-\\d{2}-\\d{6}``, 24 characters with four
  hyphens. The standard's digit counts per part were not found; the pattern is what the
  platforms and public validators check (``docs/projects.md``).
- 工程代码 (one per 单体 or 标段): no national rule was found; the approval systems use the
  project code followed by a hyphen and a 4-digit sequence counted per project code.
"""

import re

PROJECT_CODE_RE = re.compile(r"\d{4}-\d{6}-\d{2}-\d{2}-\d{6}")
WORKS_SUFFIX_RE = re.compile(r"\d{4}")


def normalize_code(code):
    """The code as stored: no surrounding or inner spaces, full-width hyphens made ASCII."""
    return re.sub(r"\s+", "", (code or "").replace("－", "-").replace("—", "-"))


def project_code_error(code):
    """``None`` for a well-formed 投资项目统一代码, else ``"length"`` (not 24 characters) or
    ``"format"`` (not four groups of 4, 6, 2, 2 and 6 digits joined by hyphens)."""
    code = normalize_code(code)
    if len(code) != 24:
        return "length"
    if not PROJECT_CODE_RE.fullmatch(code):
        return "format"
    return None


def works_code_error(project_code, works_code):
    """``None`` when ``works_code`` is ``project_code`` + ``-`` + 4 digits, else
    ``"prefix"`` (it does not start with the project code and a hyphen) or ``"suffix"``
    (what follows is not 4 digits)."""
    project_code = normalize_code(project_code)
    works_code = normalize_code(works_code)
    prefix = f"{project_code}-"
    if not project_code or not works_code.startswith(prefix):
        return "prefix"
    if not WORKS_SUFFIX_RE.fullmatch(works_code[len(prefix):]):
        return "suffix"
    return None


def next_works_code(project_code, existing):
    """The next 工程代码 of ``project_code``: its highest 4-digit sequence among
    ``existing`` codes plus one, from 0001."""
    project_code = normalize_code(project_code)
    numbers = [
        int(code[len(project_code) + 1:]) for code in existing
        if works_code_error(project_code, code) is None
    ]
    return f"{project_code}-{max(numbers, default=0) + 1:04d}"
