"""`./dawa backup` / `./dawa restore`: a database with sealed cases, their decision PDFs and
seal ledger lines comes back in a fresh cluster identical and verifiable."""

import hashlib
import json
import shutil
import tarfile

from conftest import SEEDED_CASES, new_cluster, odoo_args, record, shell

from dawa_cli.backup import LEDGER_KEY_FILE, backup_archive, key_path, restore_archive

FIGURES = """
import json
env.cr.execute("SELECT count(*) FROM dawa_approval_case")
cases = env.cr.fetchone()[0]
attachments = env["ir.attachment"].search(
    [("res_model", "=", "dawa.approval.case"), ("mimetype", "=", "application/pdf")])
chain = env["dawa.seal.usage"].verify_chain()
print("FIGURES " + json.dumps({
    "cases": cases,
    "pdfs": sorted((a.name, a.checksum, a.store_fname) for a in attachments),
    "content": sorted(__import__("hashlib").sha1(a.raw).hexdigest() for a in attachments),
    "ledger": env["dawa.seal.usage"].search_count([]),
    "chain": chain["ok"], "checked": chain["checked"],
}))
"""


def figures(args):
    out = shell(args, FIGURES)
    return json.loads(out.split("FIGURES ", 1)[1].splitlines()[0])


def test_backup_restores_into_a_fresh_cluster(primary, tmp_path):
    before = figures(primary.args)
    assert before["cases"] == SEEDED_CASES and before["ledger"] == SEEDED_CASES
    assert len(before["pdfs"]) == SEEDED_CASES and before["chain"]

    archive = tmp_path / "dawa.tar"
    members, key_file = backup_archive(primary.cluster, primary.db, primary.data_dir, archive)
    # the key is not in the archive: whoever holds the archive cannot re-chain the ledger
    assert members == ["database.dump", "filestore/"]
    assert key_file == key_path(archive) and key_file.stat().st_mode & 0o777 == 0o600
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert all(f"filestore/{fname}" in names for _n, _c, fname in before["pdfs"])
    assert not any(LEDGER_KEY_FILE in name for name in names)
    key = primary.data_dir / LEDGER_KEY_FILE
    assert key.read_bytes() not in archive.read_bytes()

    restored = new_cluster("restore")
    try:
        data_dir = restored.base / "odoo-data"
        restore_archive(archive, restored, "ops_restored", data_dir, key_file=key_file)
        for _name, checksum, fname in before["pdfs"]:
            stored = (data_dir / "filestore" / "ops_restored" / fname).read_bytes()
            assert hashlib.sha1(stored).hexdigest() == checksum  # noqa: S324 (Odoo's checksum)
        key = (data_dir / LEDGER_KEY_FILE)
        assert key.read_bytes() == (primary.data_dir / LEDGER_KEY_FILE).read_bytes()
        after = figures(odoo_args(restored, data_dir, "ops_restored"))
        assert after == before
        record(f"backup: archive {archive.stat().st_size} bytes ({', '.join(members)}); "
               f"restored: {after['cases']} cases, {len(after['pdfs'])} PDFs same checksums, "
               f"{after['ledger']} ledger lines, chain ok {after['chain']}")
        # the archive alone, restored without its key file (Odoo makes a new key), gives the
        # same data but a ledger that no longer verifies
        alone_dir = restored.base / "odoo-data-alone"
        restore_archive(archive, restored, "ops_alone", alone_dir)
        assert not (alone_dir / LEDGER_KEY_FILE).exists()
        alone = figures(odoo_args(restored, alone_dir, "ops_alone"))
        assert alone["cases"] == before["cases"] and not alone["chain"]
    finally:
        restored.stop()
        shutil.rmtree(restored.base, ignore_errors=True)
