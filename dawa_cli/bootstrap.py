"""Odoo 18.0 Community for a machine whose python3 cannot import it.

`./dawa run` and `./dawa test` call bring_odoo() (through odoo_env.ensure_odoo()) when neither
DAWA_PYTHON is set nor python3 imports Odoo 18.0. It makes a virtual environment
.local/odoo-venv (git-ignored) with:

- Odoo's source, from DAWA_ODOO_SOURCE: a URL of an archive (.tar.gz, .tgz or .zip), a local
  archive, or a local source directory (a git clone or an unpacked archive, used where it is);
  by default Odoo's official 18.0 source (DEFAULT_SOURCE). An archive is unpacked into
  .local/odoo-src. The source is put on the environment's path by a .pth file, as an editable
  install does: Odoo's source tree keeps its add-ons in a top-level addons/ directory beside the
  odoo package, which no pip install of the source would install (odoo_env.addons_path() adds
  that directory to Odoo's addons path);
- Odoo's requirements.txt of that source, with the pins that do not install on a Python where
  they have no wheel replaced (REPLACED_PINS, SKIPPED), then our requirements.txt and
  requirements-dev.txt (websocket-client for the browser tests, click-odoo-contrib for backup,
  restore and i18n), in one pip command so that pip refuses conflicting pins.

Nothing here touches an Odoo that python3 already imports: the bootstrap only runs without one.
"""

import os
import re
import runpy
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path

from .common import LOCAL, ROOT, rel, say

DEFAULT_SOURCE = "https://github.com/odoo/odoo/archive/refs/heads/18.0.tar.gz"
VENV = LOCAL / "odoo-venv"
VENV_PYTHON = VENV / "bin" / "python"
SOURCE_DIR = LOCAL / "odoo-src"  # where an archive is unpacked
SOURCE_RECORD = VENV / "dawa-odoo-source"  # the DAWA_ODOO_SOURCE the environment was made from
PTH_NAME = "dawa-odoo-source.pth"

# Pins of Odoo 18.0's requirements.txt that do not install here (Python 3.11, no compiler nor
# development headers needed), and what replaces them.
REPLACED_PINS = {
    # 5.4.2 has no wheel for Python 3.11 and its sdist fails to build; 5.4.6 has a wheel
    "cbor2==5.4.2": "cbor2==5.4.6",
}
# psycopg2 is built from source (pg_config, libpq headers): the binary wheel of the same
# version is the same driver
BINARY_DRIVER = ("psycopg2==", "psycopg2-binary==")
# python-ldap builds against OpenLDAP's headers; it only serves the LDAP login (auth_ldap),
# which the bureau does not use
SKIPPED = ("python-ldap",)


class BootstrapError(RuntimeError):
    """The bootstrap could not bring Odoo; the message says what to do."""


def source_location():
    return os.environ.get("DAWA_ODOO_SOURCE") or DEFAULT_SOURCE


def matches_source():
    """False when DAWA_ODOO_SOURCE names another source than the environment was made from."""
    wanted = os.environ.get("DAWA_ODOO_SOURCE")
    if not wanted:
        return True
    recorded = SOURCE_RECORD.read_text(encoding="utf-8").strip() if SOURCE_RECORD.is_file() \
        else None
    return recorded == wanted


def patch_requirements(text):
    """Odoo's requirements.txt with REPLACED_PINS, BINARY_DRIVER and SKIPPED applied (the
    environment markers of each line kept)."""
    lines = []
    for line in text.splitlines():
        requirement = line.split("#", 1)[0].strip()
        name = re.split(r"[=<>~!;\s\[]", requirement, maxsplit=1)[0].lower()
        if name in SKIPPED:
            lines.append(f"# skipped by ./dawa: {line}")
            continue
        for old, new in REPLACED_PINS.items():
            if requirement.startswith(old):
                line = line.replace(old, new, 1)
        if requirement.startswith(BINARY_DRIVER[0]):
            line = line.replace(BINARY_DRIVER[0], BINARY_DRIVER[1], 1)
        lines.append(line)
    return "\n".join(lines) + "\n"


def source_root(directory):
    """The directory holding the odoo package (odoo/release.py) in `directory` or in its one
    top-level subdirectory (how archives unpack), or None."""
    directory = Path(directory)
    if (directory / "odoo" / "release.py").is_file():
        return directory
    subdirs = [p for p in directory.iterdir() if p.is_dir()] if directory.is_dir() else []
    if len(subdirs) == 1 and (subdirs[0] / "odoo" / "release.py").is_file():
        return subdirs[0]
    return None


def source_series(root):
    """Odoo's series of a source tree, read from odoo/release.py (plain Python, no import of
    Odoo, whose dependencies are not installed yet)."""
    return runpy.run_path(str(Path(root) / "odoo" / "release.py")).get("serie")


def what_to_set():
    return ("set DAWA_ODOO_SOURCE to a URL of Odoo 18.0's source archive, to a local archive "
            "(.tar.gz or .zip) or to a local Odoo 18.0 source directory (e.g. a git clone of "
            "Odoo's official repository, branch 18.0)")


def download(url, target):
    say(f"== odoo: downloading {url}")
    start = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=60) as response, open(target, "wb") as out:
            shutil.copyfileobj(response, out, 1 << 20)
    except OSError as error:  # URLError, timeouts, refused connections
        raise BootstrapError(f"cannot download Odoo's source from {url} ({error}): "
                             f"{what_to_set()}") from error
    say(f"== odoo: {Path(target).stat().st_size // (1 << 20)} MiB in "
        f"{time.monotonic() - start:.0f} s")


def unpack(archive, name):
    """Unpack `archive` (its file name `name` tells the format) into SOURCE_DIR; returns the
    source root."""
    say(f"== odoo: unpacking {name} into {rel(SOURCE_DIR)}")
    LOCAL.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="odoo-src-", dir=LOCAL) as tmp:
        try:
            if name.endswith(".zip"):
                with zipfile.ZipFile(archive) as zipped:
                    zipped.extractall(tmp)
            else:
                with tarfile.open(archive) as tar:
                    if hasattr(tarfile, "data_filter"):
                        tar.extractall(tmp, filter="data")
                    else:  # Python before 3.11.4
                        tar.extractall(tmp)  # noqa: S202 (Odoo's own archive)
        except (tarfile.TarError, zipfile.BadZipFile, OSError) as error:
            raise BootstrapError(f"cannot unpack {name} ({error}): {what_to_set()}") from error
        root = source_root(tmp)
        if root is None:
            raise BootstrapError(f"{name} holds no Odoo source (no odoo/release.py): "
                                 f"{what_to_set()}")
        if SOURCE_DIR.exists():
            shutil.rmtree(SOURCE_DIR)
        shutil.move(str(root), SOURCE_DIR)
    return SOURCE_DIR


def fetch_source(location):
    """The root of Odoo's source named by `location` (URL, archive or directory)."""
    parsed = urllib.parse.urlparse(location)
    if parsed.scheme in ("http", "https", "ftp", "file"):
        name = Path(parsed.path).name or "odoo.tar.gz"
        if parsed.scheme == "file":
            return fetch_source(urllib.request.url2pathname(parsed.path))
        LOCAL.mkdir(exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="odoo-download-", dir=LOCAL) as tmp:
            archive = Path(tmp) / name
            download(location, archive)
            return unpack(archive, name)
    path = Path(location).expanduser()
    if path.is_dir():
        root = source_root(path)
        if root is None:
            raise BootstrapError(f"{path} is not an Odoo source directory (no odoo/release.py"
                                 f"): {what_to_set()}")
        return root.resolve()
    if path.is_file():
        return unpack(path, path.name)
    raise BootstrapError(f"Odoo's source {location!r} is neither a URL nor an existing archive "
                         f"or directory: {what_to_set()}")


def pip(args):
    subprocess.run([str(VENV_PYTHON), "-m", "pip", *args], check=True)


def bring_odoo():
    """Make .local/odoo-venv with Odoo 18.0 from source_location() (see the module's
    docstring). Raises BootstrapError with what to do when it cannot."""
    location = source_location()
    say(f"== odoo: python3 cannot import Odoo 18.0: installing it into {rel(VENV)} from "
        f"{location}")
    start = time.monotonic()
    root = fetch_source(location)
    series = source_series(root)
    if series != "18.0":
        raise BootstrapError(f"the source in {root} is Odoo {series}, not 18.0: "
                             f"{what_to_set()}")
    if not VENV_PYTHON.exists():
        say(f"== odoo: {sys.executable} -m venv {rel(VENV)}")
        if subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=False).returncode:
            shutil.rmtree(VENV, ignore_errors=True)
            raise BootstrapError(f"{sys.executable} -m venv failed (Debian: install python3-venv)")
    try:
        requirements = VENV / "odoo-requirements.txt"
        requirements.write_text(
            patch_requirements((root / "requirements.txt").read_text(encoding="utf-8")),
            encoding="utf-8")
        say(f"== odoo: pip install -r {rel(requirements)} (Odoo's, adjusted) "
            "-r requirements.txt -r requirements-dev.txt")
        pip(["install", "--quiet", "-r", str(requirements),
             "-r", str(ROOT / "requirements.txt"), "-r", str(ROOT / "requirements-dev.txt")])
    except (subprocess.CalledProcessError, OSError) as error:
        raise BootstrapError(f"making {rel(VENV)} failed ({error}); see pip's messages above. "
                             f"Delete {rel(VENV)} to start again") from error
    purelib = subprocess.run(
        [str(VENV_PYTHON), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True, text=True, check=True).stdout.strip()
    Path(purelib, PTH_NAME).write_text(f"{root}\n", encoding="utf-8")
    SOURCE_RECORD.write_text(f"{location}\n" if os.environ.get("DAWA_ODOO_SOURCE") else "\n",
                             encoding="utf-8")
    check = subprocess.run([str(VENV_PYTHON), "-c", "import odoo.release as r; print(r.serie)"],
                           capture_output=True, text=True, check=False)
    if check.stdout.strip() != "18.0":
        raise BootstrapError(f"{rel(VENV)} still cannot import Odoo 18.0: {check.stderr[-2000:]}")
    say(f"== odoo: Odoo 18.0 from {root} ready in {rel(VENV)} "
        f"({time.monotonic() - start:.0f} s)")

