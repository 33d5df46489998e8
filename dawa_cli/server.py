"""`./dawa run` and `./dawa stop`, and Odoo serving or seeding a database for the other parts:
odoo_server() (the ops tests, `./dawa bench load`), scratch_database() (benchmarks, i18n),
odoo_shell_script()."""

import contextlib
import ipaddress
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from .cluster import Cluster, chown_pg, dev_cluster_base, existing_dev_base, free_port
from .common import DB_NAME, LOCAL, MODULES, PG_PORT, ROOT, die, say
from .odoo_env import (
    ensure_demo_signing_pair,
    ensure_oca_addons,
    ensure_odoo,
    odoo_base_args,
    odoo_cmd,
)

# demo passwords: the login followed by this (password_security: 8+ characters, lower and upper
# case letters and a digit)
DEMO_PASSWORD_SUFFIX = "@Dawa2026"
DEMO_LOGINS = [
    ("admin", "Administrator 管理员"),
    ("clerk", "Window clerk 窗口受理员"),
    ("reviewer", "Reviewer 审查员"),
    ("approver", "Approver 审批负责人"),
    ("sealkeeper", "Seal keeper 印章管理员"),
    ("catalog", "Catalogue admin 事项管理员"),
    ("leader", "Bureau leader 局领导"),
    ("dept_housing", "Department user 部门用户 (住建局)"),
    ("dept_water", "Department user 部门用户 (水利局)"),
    ("hr", "HR officer 人事专员"),
    ("secadmin", "Security administrator 安全管理员"),
    ("auditor", "Audit administrator 审计管理员"),
    ("helper", "Project helper 项目帮办员"),
]


def default_workers():
    """HTTP workers of the multi-process server: Odoo's rule of thumb, 2 per CPU core + 1."""
    return 2 * (os.cpu_count() or 1) + 1


def server_mode_args(workers, gevent_port):
    """Odoo options of the multi-process server (its limits are in odoo.conf): `workers` HTTP
    worker processes (default_workers() when None), one cron worker, and the gevent process
    of the live bus (/websocket) on `gevent_port`."""
    workers = workers or default_workers()
    return [f"--workers={workers}", "--max-cron-threads=1", f"--gevent-port={gevent_port}"]


def parse_ipv4_addresses(ip_output):
    """The IPv4 addresses of `ip -o -4 addr show` output, in the order of the interfaces,
    without the loopback ones (127.0.0.0/8) and the link-local ones (169.254.0.0/16)."""
    addresses = []
    for line in ip_output.splitlines():
        fields = line.split()
        if "inet" not in fields or fields.index("inet") + 1 >= len(fields):
            continue
        try:
            address = ipaddress.ip_interface(fields[fields.index("inet") + 1]).ip
        except ValueError:
            continue
        if not (address.is_loopback or address.is_link_local or address.is_unspecified):
            addresses.append(str(address))
    return addresses


def local_ipv4_addresses():
    """The machine's non-loopback IPv4 addresses (`ip -o -4 addr show`), first the one of
    the first interface; [] when there is none or `ip` is missing."""
    ip = shutil.which("ip")
    if not ip:
        return []
    result = subprocess.run([ip, "-o", "-4", "addr", "show"], capture_output=True, text=True,
                            check=False)
    return parse_ipv4_addresses(result.stdout) if result.returncode == 0 else []


def check_public_url(url):
    """`url` without its trailing slash, or SystemExit when it is not an http(s) address."""
    url = (url or "").strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or "'" in url \
            or parts.path or parts.query:
        die(f"--public-url {url!r}: give an address such as http://192.168.1.20:8069 or "
            "https://zwfw.example.gov.cn (scheme, host and port only)")
    return url


def public_address(http_port, public_url=None, addresses=None):
    """(public URL, interface Odoo listens on) of `./dawa run`: the address printed in the
    QR codes and links of the notices must open on a phone of the same network. Given
    `public_url` (e.g. behind a reverse proxy) wins; else the first non-loopback IPv4
    address of the machine with `http_port`, Odoo listening on every interface; only when
    there is none, 127.0.0.1 (the notices then carry a warning for the clerk)."""
    addresses = local_ipv4_addresses() if addresses is None else addresses
    if public_url:
        host = urlsplit(public_url).hostname or ""
        local = host == "localhost" or host.startswith("127.") or host == "::1"
        return public_url, "127.0.0.1" if local else "0.0.0.0"
    if addresses:
        return f"http://{addresses[0]}:{http_port}", "0.0.0.0"
    return f"http://127.0.0.1:{http_port}", "127.0.0.1"


def set_base_url_sql(url):
    """SQL that sets `web.base.url` to `url` and freezes it (an administrator's login would
    otherwise write the address of his own browser there)."""
    url = url.replace("'", "''")
    return "; ".join(
        "INSERT INTO ir_config_parameter (key, value, create_uid, write_uid, create_date, "
        f"write_date) VALUES ('{key}', '{value}', 1, 1, now() at time zone 'UTC', "
        "now() at time zone 'UTC') ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, "
        "write_date = EXCLUDED.write_date"
        for key, value in (("web.base.url", url), ("web.base.url.freeze", "True")))


SET_LANG_SCRIPT = """
users = env["res.users"].search([])  # active users only
users.write({"lang": "zh_CN", "tz": "Asia/Shanghai"})
env.cr.commit()
print("dawa: zh_CN / Asia/Shanghai set on %d users" % len(users))
"""


def cmd_run(args):
    problem = ensure_odoo()
    if problem:
        die(problem)
    ensure_oca_addons()
    ensure_demo_signing_pair()
    cluster = Cluster(dev_cluster_base(), PG_PORT)
    cluster.init()
    cluster.start()
    cluster.ensure_role()
    odoo = odoo_cmd()
    base = odoo_base_args(cluster.sock, cluster.port, LOCAL / "odoo-data")
    os.chdir(ROOT)
    if not cluster.has_db(DB_NAME):
        say(f"Creating database {DB_NAME!r} with demo data (takes a few minutes)...")
        install = subprocess.run([
            *odoo, *base, "-d", DB_NAME, "-i", ",".join(MODULES), "--load-language=zh_CN",
            "--stop-after-init", "--no-http",
        ], check=False)
        if install.returncode == 0:
            shell = subprocess.run([*odoo, "shell", *base, "-d", DB_NAME, "--no-http"],
                                   input=SET_LANG_SCRIPT, text=True, check=False)
            install = shell
        if install.returncode != 0:
            # never leave a half-installed database behind: the next run would just start it
            cluster.psql(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
            die("installing the add-ons failed (see the log above); database dropped")
    say()
    public_url = check_public_url(args.public_url) if args.public_url else None
    public_url, interface = public_address(args.http_port, public_url)
    interface = args.http_interface or interface
    cluster.psql(set_base_url_sql(public_url), db=DB_NAME)
    mode = ["--workers=0"] if args.dev else server_mode_args(args.workers, args.gevent_port)
    say(f"Dawa back office: http://127.0.0.1:{args.http_port}  (Ctrl-C stops Odoo; "
        "`./dawa stop` stops PostgreSQL)")
    say(f"Public address (QR codes and links of the notices, web.base.url): {public_url}")
    if interface == "127.0.0.1":
        say("  WARNING: only this machine can open it (no network address found, or "
            "--http-interface=127.0.0.1): the notices printed now carry a warning; give "
            "--public-url, see docs/operations.md")
    else:
        say(f"  Odoo listens on {interface}: a phone on the same network opens {public_url} "
            "(the demo's passwords are public: run it on a trusted network only)")
    if args.dev:
        say("  development mode: one threaded process (--workers=0)")
    else:
        say(f"  multi-process: {mode[0][len('--workers='):]} HTTP workers, 1 cron worker; "
            f"live updates (/websocket) on ws://127.0.0.1:{args.gevent_port} (a reverse proxy "
            "sends /websocket there: docs/operations.md, Deploy); limits in odoo.conf")
    say("Demo logins and passwords (the password expires after 90 days: Odoo then asks for a "
        "new one):")
    for login, role in DEMO_LOGINS:
        say(f"  {login:<13} {login + DEMO_PASSWORD_SUFFIX:<22} {role}")
    say()
    sys.stdout.flush()
    # exec: Odoo gets Ctrl-C directly; the cluster keeps running for the next start
    os.execvp(odoo[0], [
        *odoo, *base, "-d", DB_NAME, f"--db-filter=^{DB_NAME}$",
        f"--http-interface={interface}", f"--http-port={args.http_port}", *mode,
    ])


def cmd_stop(_args):
    cluster = Cluster(existing_dev_base(), PG_PORT)
    if cluster.running():
        cluster.stop()
        say("PostgreSQL stopped")
    else:
        say("PostgreSQL is not running")


def wait_http(url, proc, timeout=300):
    """Wait until `url` answers 200 (Odoo's /web/health), or fail when `proc` exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"Odoo exited with code {proc.returncode} before answering {url}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"no answer from {url} within {timeout} s")


@contextlib.contextmanager
def odoo_server(odoo_args, log_path, mode=None, extra=()):
    """Odoo serving the database of `odoo_args` (as scratch_database yields them) on a free
    loopback port, in the multi-process mode of `./dawa run` unless `mode` gives other options;
    yields (url, process) once /web/health answers, stops it (SIGTERM) afterwards."""
    dropped = ("--no-http", "--workers=0", "--max-cron-threads=0")
    args = [arg for arg in odoo_args if arg not in dropped]
    port = free_port()
    mode = server_mode_args(None, free_port()) if mode is None else mode
    cmd = [*odoo_cmd(), *args, "--http-interface=127.0.0.1", f"--http-port={port}", *mode,
           *extra]
    url = f"http://127.0.0.1:{port}"
    with open(log_path, "w", encoding="utf-8") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_http(url + "/web/health", proc)
        yield url, proc
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@contextlib.contextmanager
def scratch_setup(prefix, modules):
    """A throwaway cluster with a database ``dawa_scratch`` where ``modules`` are installed
    without demo data; yields (Odoo arguments that reach it, cluster, data directory). Removed
    afterwards."""
    ensure_oca_addons()
    base = Path(tempfile.mkdtemp(prefix=f"dawa-{prefix}-", dir="/tmp"))
    chown_pg(base)
    cluster = Cluster(base, free_port())
    try:
        cluster.init()
        cluster.start()
        cluster.ensure_role()
        data_dir = base / "odoo-data"
        data_dir.mkdir()
        odoo_args = [*odoo_base_args(cluster.sock, cluster.port, data_dir), "-d", "dawa_scratch",
                     "--no-http", "--workers=0", "--max-cron-threads=0"]
        say(f"== {prefix}: installing {','.join(modules)} in a scratch database ({base})")
        subprocess.run([*odoo_cmd(), *odoo_args, "-i", ",".join(modules), "--without-demo=all",
                        "--stop-after-init", "--log-level=warn"], cwd=ROOT, check=True)
        yield odoo_args, cluster, data_dir
    finally:
        cluster.stop()
        shutil.rmtree(base, ignore_errors=True)


@contextlib.contextmanager
def scratch_database(prefix, modules):
    """scratch_setup() when only the Odoo arguments are needed."""
    with scratch_setup(prefix, modules) as (odoo_args, _cluster, _data_dir):
        yield odoo_args


def odoo_shell_script(odoo_args, script, env=None, capture=False):
    """Run `script` (a file of benchmarks/) in `odoo shell` on the database of `odoo_args`."""
    with open(script, encoding="utf-8") as code:
        return subprocess.run([*odoo_cmd(), "shell", *odoo_args, "--log-level=warn"], cwd=ROOT,
                              stdin=code, env={**os.environ, **(env or {})}, check=False,
                              capture_output=capture, text=True)


