"""The Odoo bootstrap of `./dawa` (dawa_cli/bootstrap.py), without Odoo nor network: Odoo's
requirements adjusted for this Python, where the source root lies, archives unpacked, and the
messages that say what to set DAWA_ODOO_SOURCE to. The whole bootstrap, serving included, is
checked by `./dawa test --only bootstrap` (tests/bootstrap/)."""

import tarfile
import zipfile

import pytest

from dawa_cli import bootstrap
from dawa_cli.cluster import free_port

ODOO_REQUIREMENTS = """\
# The officially supported versions
asn1crypto==1.5.1 ; python_version >= '3.11'
cbor2==5.4.2 ; python_version < '3.12'
cbor2==5.6.2 ; python_version >= '3.12'
psycopg2==2.9.5 ; python_version == '3.11'
psycopg2==2.9.9 ; python_version >= '3.12' and python_version < '3.13' # (Noble)
python-ldap==3.4.0 ; sys_platform != 'win32' and python_version < '3.12' # min version = 3.2.0
pytz  # no version pinning
"""

RELEASE = 'version_info = (18, 0, 0, "final", 0, "")\nserie = "18.0"\n'


def test_requirements_adjusted_markers_kept():
    lines = bootstrap.patch_requirements(ODOO_REQUIREMENTS).splitlines()
    assert lines[0] == "# The officially supported versions"
    assert "asn1crypto==1.5.1 ; python_version >= '3.11'" in lines
    assert "cbor2==5.4.6 ; python_version < '3.12'" in lines
    assert "cbor2==5.6.2 ; python_version >= '3.12'" in lines  # has a wheel: kept
    assert "psycopg2-binary==2.9.5 ; python_version == '3.11'" in lines
    assert any(line.startswith("psycopg2-binary==2.9.9 ;") for line in lines)
    assert not any(line.startswith(("psycopg2==", "python-ldap")) for line in lines)
    assert any(line.startswith("# skipped by ./dawa: python-ldap==3.4.0") for line in lines)
    assert "pytz  # no version pinning" in lines


def _odoo_tree(root):
    (root / "odoo").mkdir(parents=True)
    (root / "odoo" / "release.py").write_text(RELEASE, encoding="utf-8")
    (root / "addons" / "web").mkdir(parents=True)
    (root / "requirements.txt").write_text(ODOO_REQUIREMENTS, encoding="utf-8")
    return root


def test_source_root_is_the_tree_or_its_one_subdirectory(tmp_path):
    tree = _odoo_tree(tmp_path / "wrapper" / "odoo-18.0")
    assert bootstrap.source_root(tree) == tree
    assert bootstrap.source_root(tmp_path / "wrapper") == tree  # an archive's top directory
    assert bootstrap.source_root(tmp_path) is None
    assert bootstrap.source_series(tree) == "18.0"


@pytest.fixture
def local(tmp_path, monkeypatch):
    """.local/ of the bootstrap in tmp_path (not the repository's)."""
    monkeypatch.setattr(bootstrap, "LOCAL", tmp_path / "local")
    monkeypatch.setattr(bootstrap, "SOURCE_DIR", tmp_path / "local" / "odoo-src")
    return tmp_path / "local"


def test_local_directory_is_used_where_it_is(tmp_path, local):
    tree = _odoo_tree(tmp_path / "clone")
    (tree / ".git").mkdir()
    assert bootstrap.fetch_source(str(tree)) == tree.resolve()
    assert not (local / "odoo-src").exists()


@pytest.mark.parametrize("suffix", [".tar.gz", ".zip"])
def test_archive_is_unpacked_into_local(tmp_path, local, suffix):
    tree = _odoo_tree(tmp_path / "src" / "odoo-18.0")
    archive = tmp_path / f"odoo{suffix}"
    if suffix == ".zip":
        with zipfile.ZipFile(archive, "w") as zipped:
            for path in tree.parent.rglob("*"):
                zipped.write(path, path.relative_to(tree.parent))
    else:
        with tarfile.open(archive, "w:gz") as tar:
            tar.add(tree, "odoo-18.0")
    root = bootstrap.fetch_source(str(archive))
    assert root == local / "odoo-src"
    assert (root / "odoo" / "release.py").read_text(encoding="utf-8") == RELEASE
    assert (root / "addons" / "web").is_dir()
    assert bootstrap.fetch_source(archive.as_uri()) == root  # file:// URL, again


def test_unreachable_url_says_what_to_set(local):
    url = f"http://127.0.0.1:{free_port()}/odoo_18.0.latest.tar.gz"  # nobody listens there
    with pytest.raises(bootstrap.BootstrapError) as raised:
        bootstrap.fetch_source(url)
    assert url in str(raised.value)
    assert "set DAWA_ODOO_SOURCE to" in str(raised.value)


@pytest.mark.parametrize("location", ["/nonexistent/odoo", "not-odoo"])
def test_not_a_source_says_what_to_set(tmp_path, local, location):
    (tmp_path / "not-odoo").mkdir()
    target = location if location.startswith("/") else str(tmp_path / location)
    with pytest.raises(bootstrap.BootstrapError, match="set DAWA_ODOO_SOURCE to"):
        bootstrap.fetch_source(target)


def test_source_recorded_against_the_environment(tmp_path, monkeypatch):
    record = tmp_path / "dawa-odoo-source"
    monkeypatch.setattr(bootstrap, "SOURCE_RECORD", record)
    monkeypatch.delenv("DAWA_ODOO_SOURCE", raising=False)
    assert bootstrap.matches_source()  # unset: whatever the environment was made from
    monkeypatch.setenv("DAWA_ODOO_SOURCE", "/srv/odoo-18.0")
    assert not bootstrap.matches_source()  # no record
    record.write_text("/srv/odoo-18.0\n", encoding="utf-8")
    assert bootstrap.matches_source()
    monkeypatch.setenv("DAWA_ODOO_SOURCE", "/srv/other")
    assert not bootstrap.matches_source()
