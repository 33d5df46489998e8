"""The PostgreSQL clusters of `./dawa`: the development cluster of `./dawa run` (.local/pgdata,
unix socket only) and the throwaway ones of the tests, benchmarks and restores."""

import contextlib
import glob
import os
import shutil
import socket
import subprocess
from pathlib import Path

from .common import DB_USER, IS_ROOT, LOCAL, PG_PORT, PG_SUPERUSER, ROOT, die, say


def pg_bindir():
    """Directory of the PostgreSQL server binaries (Debian keeps them out of PATH)."""
    if os.environ.get("DAWA_PG_BINDIR"):
        return Path(os.environ["DAWA_PG_BINDIR"])
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent  # follow symlinks such as /usr/local/bin/initdb
    candidates = glob.glob("/usr/lib/postgresql/*/bin/initdb")
    if not candidates:
        die("PostgreSQL server binaries not found: install postgresql-15 (see README) "
            "or set DAWA_PG_BINDIR")
    candidates.sort(key=lambda p: int(Path(p).parent.parent.name)
                    if Path(p).parent.parent.name.isdigit() else 0)
    return Path(candidates[-1]).parent


def as_pg_owner(cmd):
    """initdb and postgres refuse to run as root: run them as the `postgres` OS user then."""
    if IS_ROOT:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


def chown_pg(path):
    if IS_ROOT:
        shutil.chown(path, "postgres", "postgres")


def postgres_can_traverse(path):
    """True when the `postgres` OS user can reach `path` (only matters when running as root)."""
    if not IS_ROOT:
        return True
    probe = subprocess.run(["runuser", "-u", "postgres", "--", "test", "-x", str(path)],
                           capture_output=True, check=False)
    return probe.returncode == 0


class Cluster:
    """A PostgreSQL cluster listening only on a unix socket (listen_addresses = '')."""

    def __init__(self, base, port):
        self.base = Path(base)
        self.data = self.base / "pgdata"
        self.sock = self.base / "pgrun"
        self.port = port
        self.bindir = pg_bindir()

    def _bin(self, name):
        return str(self.bindir / name)

    def init(self):
        if (self.data / "PG_VERSION").exists():
            return
        for d in (self.data, self.sock):
            d.mkdir(parents=True, exist_ok=True)
            chown_pg(d)
        subprocess.run(as_pg_owner([
            self._bin("initdb"), "--pgdata", str(self.data), "--auth=trust",
            "--username", PG_SUPERUSER, "--encoding=UTF8", "--locale=C.UTF-8",
        ]), check=True, stdout=subprocess.DEVNULL)
        with open(self.data / "postgresql.conf", "a", encoding="utf-8") as conf:
            conf.write("\n# added by ./dawa: unix socket only\n"
                       "listen_addresses = ''\n"
                       f"unix_socket_directories = '{self.sock}'\n"
                       f"port = {self.port}\n"
                       "# a decision or a sealing takes a second connection for its own\n"
                       "# transaction; a benchmark's 50 simultaneous approvals need 100\n"
                       "max_connections = 200\n")

    def running(self):
        return subprocess.run(
            [self._bin("pg_isready"), "-q", "-h", str(self.sock), "-p", str(self.port)],
            check=False).returncode == 0

    def start(self):
        if self.running():
            return
        self.sock.mkdir(parents=True, exist_ok=True)
        chown_pg(self.sock)
        subprocess.run(as_pg_owner([
            self._bin("pg_ctl"), "--pgdata", str(self.data),
            "--log", str(self.sock / "postgres.log"), "--wait", "--silent", "start",
        ]), check=True)

    def stop(self):
        if (self.data / "postmaster.pid").exists():
            subprocess.run(as_pg_owner([
                self._bin("pg_ctl"), "--pgdata", str(self.data), "--mode=fast", "--wait",
                "--silent", "stop",
            ]), check=False)

    def psql(self, sql, db="postgres"):
        out = subprocess.run(
            [self._bin("psql"), "-h", str(self.sock), "-p", str(self.port), "-U", PG_SUPERUSER,
             "-d", db, "-tAX", "-v", "ON_ERROR_STOP=1", "-c", sql],
            capture_output=True, text=True, check=True)
        return out.stdout.strip()

    def ensure_role(self):
        if not self.psql(f"SELECT 1 FROM pg_roles WHERE rolname = '{DB_USER}'"):
            self.psql(f"CREATE ROLE {DB_USER} LOGIN CREATEDB")

    def has_db(self, name):
        return bool(self.psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'"))


def free_port():
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def dev_cluster_base():
    """.local/ in the repo, or a /var/tmp directory when postgres cannot traverse the repo."""
    LOCAL.mkdir(exist_ok=True)
    if postgres_can_traverse(LOCAL):
        return LOCAL
    alt = fallback_base()
    alt.mkdir(exist_ok=True)
    chown_pg(alt)
    say(f"note: the postgres user cannot traverse {ROOT}; the cluster lives in {alt}")
    return alt


def fallback_base():
    return Path("/var/tmp") / f"dawa-{ROOT.name}"


def existing_dev_base():
    """Where `./dawa run` put its cluster: .local/, else the /var/tmp fallback."""
    return LOCAL if (LOCAL / "pgdata").exists() else fallback_base()


def dev_cluster():
    """The cluster of `./dawa run`, started (it must have been created by `./dawa run`)."""
    base = existing_dev_base()
    if not (base / "pgdata" / "PG_VERSION").exists():
        die("no local cluster: `./dawa run` creates it")
    cluster = Cluster(base, PG_PORT)
    cluster.start()
    return cluster
