"""Which Python runs Odoo 18.0, Odoo's command line, its addons path and OCA's add-ons.

Odoo is found only through an interpreter that imports it, in this order:
1. DAWA_PYTHON when it is set (nothing else is tried);
2. python3, when it imports Odoo 18.0 (e.g. an editable install: left as it is);
3. the virtual environment .local/odoo-venv that the bootstrap made (bootstrap.py), which
   `./dawa run` and `./dawa test` create when neither of the above imports Odoo 18.0.
Nothing about where Odoo is installed is hard-coded.
"""

import functools
import os
import shutil
import subprocess
from pathlib import Path

from . import bootstrap
from .common import DB_USER, LOCAL, ROOT, die, rel, say

# OCA's add-ons of requirements-oca.txt, installed here with pip --target (see that file)
OCA_DIR = Path(os.environ.get("DAWA_OCA_DIR") or LOCAL / "oca")
OCA_REQUIREMENTS = ROOT / "requirements-oca.txt"

FIND_ODOO = """
import os, odoo.release
print(odoo.release.serie)
print(os.path.dirname(os.path.abspath(odoo.__path__[0])))
"""


@functools.cache
def find_odoo(python):
    """(series, directory holding the odoo package) as `python` imports Odoo, or None."""
    try:
        out = subprocess.run([python, "-c", FIND_ODOO], capture_output=True, text=True,
                             check=False)
    except OSError:
        return None
    lines = out.stdout.split("\n")
    return (lines[0].strip(), Path(lines[1].strip())) if out.returncode == 0 else None


def odoo_series(python):
    found = find_odoo(python)
    return found[0] if found else None


@functools.cache
def python():
    """The interpreter that runs Odoo (see the module's docstring)."""
    if os.environ.get("DAWA_PYTHON"):
        return os.environ["DAWA_PYTHON"]
    if odoo_series("python3") == "18.0":
        return "python3"
    venv = str(bootstrap.VENV_PYTHON)
    if bootstrap.VENV_PYTHON.exists() and bootstrap.matches_source() \
            and odoo_series(venv) == "18.0":
        return venv
    return "python3"


def odoo_version():
    """Odoo's series ("18.0") as seen by python(), or None when it cannot be imported."""
    return odoo_series(python())


def require_odoo():
    """None when python() imports Odoo 18.0, else what is wrong, in one sentence."""
    version = odoo_version()
    if version == "18.0":
        return None
    found = f" (found {version})" if version else ""
    if os.environ.get("DAWA_PYTHON"):
        return (f"Odoo 18.0 is not importable by {python()}{found} (DAWA_PYTHON): install "
                "Odoo 18.0 Community there, or unset DAWA_PYTHON (see README)")
    return (f"Odoo 18.0 is not importable by python3{found}: `./dawa run` and `./dawa test` "
            f"install it into {rel(bootstrap.VENV)} (from DAWA_ODOO_SOURCE, by default "
            "Odoo's official 18.0 source), or set DAWA_PYTHON (see README)")


def ensure_odoo():
    """What `./dawa run` and `./dawa test` call first: Odoo 18.0 from python3 or DAWA_PYTHON,
    else brought into .local/odoo-venv by the bootstrap. Returns None, or the problem."""
    problem = require_odoo()
    if not problem or os.environ.get("DAWA_PYTHON"):
        return problem
    try:
        bootstrap.bring_odoo()
    except bootstrap.BootstrapError as error:
        return str(error)
    python.cache_clear()
    find_odoo.cache_clear()
    return require_odoo()


def odoo_cmd():
    """Command prefix that runs Odoo's CLI with python() (no path to Odoo hard-coded): the
    script bin/dawa-odoo, a real file, since Odoo re-executes `sys.executable sys.argv[0]` to
    reload itself and to start its gevent process (`-m odoo` cannot be re-executed that way)."""
    return [python(), str(ROOT / "bin" / "dawa-odoo")]


def odoo_source_addons():
    """Odoo's own add-ons when they lie beside the odoo package, as in Odoo's source tree
    (its top-level addons/; a pip install of the source does not install them): Odoo only adds
    odoo/addons by itself once an addons path is given. None in the packaged layout."""
    found = find_odoo(python())
    if not found:
        return None
    addons = found[1] / "addons"
    return addons if (addons / "web" / "__manifest__.py").is_file() else None


def oca_pins():
    """[(distribution, version)] pinned in requirements-oca.txt."""
    pins = []
    for line in OCA_REQUIREMENTS.read_text(encoding="utf-8").splitlines():
        req = line.split("#", 1)[0].strip()
        if "==" in req:
            name, version = (part.strip() for part in req.split("==", 1))
            pins.append((name, version))
    return pins


def oca_missing():
    """Pins of requirements-oca.txt without their exact version in OCA_DIR."""
    return [
        (name, version) for name, version in oca_pins()
        if not (OCA_DIR / f"{name.replace('-', '_')}-{version}.dist-info").is_dir()
    ]


def ensure_oca_addons():
    """Install the pinned OCA add-ons into OCA_DIR when one is missing (pip --no-deps)."""
    if not oca_missing():
        return
    say(f"== oca: pip install --no-deps --target {rel(OCA_DIR)} -r {rel(OCA_REQUIREMENTS)}")
    if OCA_DIR.exists():
        shutil.rmtree(OCA_DIR)  # a clean target: pip --target does not replace versions well
    subprocess.run([python(), "-m", "pip", "install", "--quiet", "--no-deps", "--target",
                    str(OCA_DIR), "-r", str(OCA_REQUIREMENTS)], check=True)
    missing = oca_missing()
    if missing:
        die("OCA add-ons still missing after pip: "
            + ", ".join(f"{name}=={version}" for name, version in missing))


def ensure_demo_signing_pair():
    """The signing certificate and key odoo.conf names for dawa_licence's electronic licences
    (.local/licence-signing): a SELF-SIGNED pair made once when missing, for the demonstration
    and the tests only (docs/operations.md, Electronic licences)."""
    folder = LOCAL / "licence-signing"
    cert, key = folder / "demo-cert.pem", folder / "demo-key.pem"
    if cert.is_file() and key.is_file():
        return
    say(f"== licences: a self-signed demonstration signing pair in {rel(folder)}")
    subprocess.run([python(), str(ROOT / "addons" / "dawa_licence" / "tools" / "signing.py"),
                    str(cert), str(key)], check=True)


def addons_path():
    """Our addons directory, OCA's (requirements-oca.txt), Odoo's own when it lies outside the
    odoo package (a source tree) and DAWA_EXTRA_ADDONS (a CLI addons path replaces
    odoo.conf's)."""
    paths = [str(ROOT / "addons")]
    if (OCA_DIR / "odoo" / "addons").is_dir():
        paths.append(str(OCA_DIR / "odoo" / "addons"))
    source_addons = odoo_source_addons()
    if source_addons:
        paths.append(str(source_addons))
    paths += [p for p in os.environ.get("DAWA_EXTRA_ADDONS", "").split(",") if p.strip()]
    return ",".join(paths)


def odoo_base_args(sock_dir, port, data_dir):
    return [
        "--config", str(ROOT / "odoo.conf"),
        "--addons-path", addons_path(),
        "--db_host", str(sock_dir),  # a directory: connect through the unix socket
        "--db_port", str(port),
        "--db_user", DB_USER,
        "--data-dir", str(data_dir),
    ]


def odoo_config_file(path, sock_dir, port, data_dir):
    """Write an Odoo configuration file for the tools that read only a file (click-odoo's):
    odoo.conf's options plus the ones odoo_base_args() gives on the command line."""
    options = {"addons_path": addons_path(), "db_host": str(sock_dir), "db_port": str(port),
               "db_user": DB_USER, "data_dir": str(data_dir)}
    lines = []
    for line in (ROOT / "odoo.conf").read_text(encoding="utf-8").splitlines():
        key = line.split("=", 1)[0].strip()
        if key not in options:
            lines.append(line)
    lines += [f"{key} = {value}" for key, value in options.items()]
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return Path(path)
