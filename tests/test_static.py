"""Static checks of the add-ons' files, without Odoo: XML syntax, ACL coverage of every model,
complete zh_CN translations, manifest conventions, every Odoo test file imported. Run with
`pytest tests` (or `./dawa test`).

Every check is parametrised per file / module / model, so an empty or half-written module simply
yields fewer tests; nothing here imports the add-ons' code.
"""

import ast
import csv
from pathlib import Path

import polib
import pytest
from lxml import etree

from dawa_cli import accounting

ADDONS = Path(__file__).resolve().parent.parent / "addons"
MODULES = sorted(p.name for p in ADDONS.glob("dawa_*") if (p / "__manifest__.py").is_file())


def _rel(path):
    return str(path.relative_to(ADDONS))


def _files(pattern):
    return sorted(p for p in ADDONS.glob(f"dawa_*/**/{pattern}") if p.is_file())


def _manifest(module):
    return ast.literal_eval((ADDONS / module / "__manifest__.py").read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- XML


@pytest.mark.parametrize("path", _files("*.xml"), ids=_rel)
def test_xml_parses(path):
    etree.parse(str(path))  # raises XMLSyntaxError with line and column


# --------------------------------------------------------------------------- ACLs


def _str_value(node):
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _class_attrs(cls):
    attrs = {}
    for stmt in cls.body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(
            stmt.targets[0], ast.Name
        ):
            attrs[stmt.targets[0].id] = stmt.value
    return attrs


def _declared_models():
    """pytest params (module, model, file) of every class that declares a new model (`_name`).

    Abstract models have no table and need no ACL; transient (wizard) models do need ACLs in
    Odoo 18. A class whose `_name` is also in its `_inherit` only extends an existing model.
    """
    found = []
    for module in MODULES:
        for path in sorted((ADDONS / module).glob("**/*.py")):
            if "tests" in path.relative_to(ADDONS / module).parts:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
                bases = {ast.unparse(b).split(".")[-1] for b in cls.bases}
                if "AbstractModel" in bases:
                    continue
                attrs = _class_attrs(cls)
                name = _str_value(attrs.get("_name"))
                if not name:
                    continue
                inherit = attrs.get("_inherit")
                inherited = {_str_value(inherit)} if _str_value(inherit) else set()
                if isinstance(inherit, ast.List | ast.Tuple):
                    inherited = {_str_value(e) for e in inherit.elts}
                if name in inherited:
                    continue
                found.append(pytest.param(module, name, path, id=f"{module}:{name}"))
    return found


def _acl_model_ids():
    """model_id:id values of every ACL line in our modules (without any module prefix)."""
    ids = set()
    for csv_path in sorted(ADDONS.glob("dawa_*/security/ir.model.access.csv")):
        with open(csv_path, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                xmlid = (row.get("model_id:id") or row.get("model_id/id") or "").strip()
                if xmlid:
                    ids.add(xmlid.split(".")[-1])
    return ids


@pytest.mark.parametrize("module,model,path", _declared_models())
def test_model_has_acl(module, model, path):
    xmlid = "model_" + model.replace(".", "_")
    assert xmlid in _acl_model_ids(), (
        f"{model} (declared in {_rel(path)}) has no line in any "
        f"dawa_*/security/ir.model.access.csv (model_id:id {xmlid})"
    )


# --------------------------------------------------------------------------- translations


@pytest.mark.parametrize("path", _files("*.po") + _files("*.pot"), ids=_rel)
def test_po_parses(path):
    polib.pofile(str(path))  # raises IOError/ValueError on a syntax error


@pytest.mark.parametrize("path", _files("zh_CN.po"), ids=_rel)
def test_zh_cn_complete(path):
    po = polib.pofile(str(path))
    missing = [
        entry.msgid
        for entry in po
        if not entry.obsolete
        and entry.msgid
        and (
            "fuzzy" in entry.flags
            or (entry.msgid_plural and not all(entry.msgstr_plural.values()))
            or (not entry.msgid_plural and not entry.msgstr.strip())
        )
    ]
    assert not missing, f"{len(missing)} untranslated or fuzzy entries in {_rel(path)}: " + (
        "; ".join(repr(m[:60]) for m in missing[:10])
    )


# --------------------------------------------------------------------------- manifests


@pytest.mark.parametrize("module", MODULES)
def test_manifest_conventions(module):
    manifest = _manifest(module)
    assert str(manifest.get("version", "")).startswith("18.0."), "version must be 18.0.x.y.z"
    assert manifest.get("license") == "LGPL-3"
    assert "description" not in manifest, "use readme/DESCRIPTION.md, not a description key"


@pytest.mark.parametrize("module", MODULES)
def test_manifest_files_exist(module):
    manifest = _manifest(module)
    missing = [
        f"{key}: {name}"
        for key in ("data", "demo")
        for name in manifest.get(key, [])
        if not (ADDONS / module / name).is_file()
    ]
    assert not missing, f"{module}/__manifest__.py lists missing files: {', '.join(missing)}"


# --------------------------------------------------------------------------- Odoo tests


@pytest.mark.parametrize("path", _files("tests/test_*.py"), ids=_rel)
def test_odoo_test_file_is_imported(path):
    """Odoo only runs the test_* modules its tests/__init__.py imports: a file left out would
    pass silently, never run."""
    init = path.parent / "__init__.py"
    assert init.is_file(), f"{_rel(path.parent)} has test files but no __init__.py"
    imported = accounting.imported_test_modules(init.read_text(encoding="utf-8"),
                                                    path.parent.parent.name)
    assert path.stem in imported, f"{_rel(init)} does not import {path.stem}"


@pytest.mark.parametrize("module", MODULES)
def test_odoo_tests_are_collected(module):
    collected = accounting.CollectedTests()
    collected.add_module(module, ADDONS / module)
    assert not collected.unreadable, collected.unreadable
    assert not collected.never_run, (
        "tagged neither at_install nor post_install: "
        + ", ".join(f"{name} ({_rel(path)})" for path, name, _count in collected.never_run))
    assert collected.total > 0, f"{module} has no Odoo test"
