"""`./dawa backup` and `./dawa restore`: one tar archive with the database (pg_dump's custom
format, database.dump) and its filestore (filestore/), and the seal ledger's key in a file of
its own beside it (`<archive>.key`), to be kept apart: whoever holds the archive alone can read
the database but cannot re-chain the ledger after changing it. docs/operations.md tells how
they are used.

Not click-odoo-contrib's click-odoo-backupdb / click-odoo-restoredb (pinned in
requirements-dev.txt for `./dawa i18n`): backupdb copies the filestore *before* it runs
pg_dump, so an attachment added meanwhile is in the dump without its file, the one
inconsistency a backup of a database in use must not have (here pg_dump runs first: a file
without its row, at worst); none of its formats holds the ledger's key, without which the
restored ledger no longer verifies; and restoredb wants backupdb's folder or zip format (with
Odoo's manifest.json) and hides pg_restore's messages when it fails.
"""

import shutil
import subprocess
import tarfile
import tempfile
import time
from pathlib import Path

from .cluster import Cluster, chown_pg, dev_cluster, free_port
from .common import DB_USER, LOCAL, PG_SUPERUSER, die, say

LEDGER_KEY_FILE = "dawa_ledger.key"  # dawa_approval's key file in Odoo's data directory


def key_path(archive):
    """The file the ledger's key of `archive` is written to: beside it, never in it."""
    archive = Path(archive)
    return archive.with_name(archive.name + ".key")


def backup_archive(cluster, db, data_dir, target):
    """One archive (tar) `target` holding `db` in pg_dump's custom format (database.dump) and
    its filestore (filestore/...); the seal ledger's key, when Odoo keeps it in `data_dir`,
    goes to `key_path(target)` (mode 0600). Returns the members of the archive and the key
    file written (or None)."""
    target = Path(target).resolve()
    with tempfile.TemporaryDirectory(prefix="dawa-backup-") as tmp:
        dump = Path(tmp) / "database.dump"
        subprocess.run([str(cluster.bindir / "pg_dump"), "-h", str(cluster.sock), "-p",
                        str(cluster.port), "-U", PG_SUPERUSER, "--format=custom",
                        "--no-owner", "--file", str(dump), db], check=True)
        members = ["database.dump"]
        with tarfile.open(target, "w") as archive:
            archive.add(dump, "database.dump")
            filestore = Path(data_dir) / "filestore" / db
            if filestore.is_dir():
                archive.add(filestore, "filestore")
                members.append("filestore/")
    key = Path(data_dir) / LEDGER_KEY_FILE
    if not key.is_file():
        return members, None
    key_file = key_path(target)
    key_file.touch(mode=0o600)
    key_file.chmod(0o600)
    key_file.write_bytes(key.read_bytes())
    return members, key_file


def restore_archive(source, cluster, db, data_dir, key_file=None):
    """Restore an archive of backup_archive() as database `db` of `cluster` (created, owned
    by the role odoo; refused if it exists) with its filestore in `data_dir`, and the ledger's
    key from `key_file` (refused when another key is already there). Without the key the
    database is restored, but its ledger no longer verifies."""
    if cluster.has_db(db):
        raise RuntimeError(f"database {db!r} already exists: restore into a new one")
    data_dir = Path(data_dir)
    with tempfile.TemporaryDirectory(prefix="dawa-restore-") as tmp:
        with tarfile.open(source) as archive:
            if hasattr(tarfile, "data_filter"):
                archive.extractall(tmp, filter="data")
            else:  # Python before 3.11.4
                archive.extractall(tmp)  # noqa: S202 (an archive of ./dawa backup)
        key = Path(key_file) if key_file else Path(tmp) / LEDGER_KEY_FILE
        if key_file and not key.is_file():
            raise RuntimeError(f"no ledger key in {key}")
        own_key = data_dir / LEDGER_KEY_FILE
        if key.is_file() and own_key.is_file() and own_key.read_bytes() != key.read_bytes():
            raise RuntimeError(f"{own_key} holds another ledger key: restore into another "
                               "data directory (--data-dir)")
        cluster.psql(f'CREATE DATABASE "{db}" OWNER {DB_USER}')
        # as the role odoo, so the restored tables are its own (the dump has no owner)
        subprocess.run([str(cluster.bindir / "pg_restore"), "-h", str(cluster.sock), "-p",
                        str(cluster.port), "-U", DB_USER, "--no-owner", "--exit-on-error",
                        "-d", db, str(Path(tmp) / "database.dump")], check=True)
        filestore = data_dir / "filestore" / db
        if (Path(tmp) / "filestore").is_dir():
            filestore.parent.mkdir(parents=True, exist_ok=True)
            shutil.copytree(Path(tmp) / "filestore", filestore)
        if key.is_file() and not own_key.is_file():
            data_dir.mkdir(parents=True, exist_ok=True)
            shutil.copy2(key, own_key)
            own_key.chmod(0o600)


def cmd_backup(args):
    cluster = dev_cluster()
    if not cluster.has_db(args.database):
        die(f"no database {args.database!r}")
    target = Path(args.file or f"dawa-{args.database}-{time.strftime('%Y%m%d-%H%M%S')}.tar")
    members, key_file = backup_archive(cluster, args.database, LOCAL / "odoo-data", target)
    say(f"backup of {args.database!r}: {target} ({target.stat().st_size} bytes: "
        f"{', '.join(members)})")
    if key_file:
        say(f"the seal ledger's key: {key_file} — keep it apart from the archive (another "
            "medium, another place); `./dawa restore` asks for it with --key")
    else:
        say(f"note: no {LEDGER_KEY_FILE} in the data directory (the key is set in the "
            "configuration file?): keep a copy of it apart")
    return 0


def cmd_restore(args):
    if args.cluster:
        base = Path(args.cluster).resolve()
        base.mkdir(parents=True, exist_ok=True)
        chown_pg(base)
        cluster = Cluster(base, args.port or free_port())
        cluster.init()
        cluster.start()
        cluster.ensure_role()
    else:
        cluster = dev_cluster()
    data_dir = Path(args.data_dir).resolve() if args.data_dir else LOCAL / "odoo-data"
    if not args.key and not args.without_key:
        die("give the seal ledger's key of this backup with --key (./dawa backup wrote it "
            f"beside the archive as {key_path(args.file).name}); without it the restored "
            "ledger does not verify: --without-key restores anyway")
    try:
        restore_archive(args.file, cluster, args.database, data_dir, key_file=args.key)
    except RuntimeError as error:
        die(str(error))
    say(f"restored {args.file} as database {args.database!r} of the cluster in {cluster.base} "
        f"(socket {cluster.sock}, port {cluster.port}); filestore and key in {data_dir}")
    return 0
