"""Run and test the Dawa approval back office (three Odoo 18.0 add-ons under addons/).

    ./dawa run     create what is missing (local PostgreSQL cluster, role, database `dawa`
                   with demo data and Chinese UI) and start Odoo on http://127.0.0.1:8069,
                   multi-process (--workers N; --dev: one threaded process)
    ./dawa test    static checks + repo-level pytest + the add-ons' Odoo tests in a throwaway
                   database; the last output line is exactly "N passed, N failed" (followed by
                   ", N skipped" when tests were skipped)
    ./dawa stop    stop the local PostgreSQL cluster started by `./dawa run`
    ./dawa bench   run a benchmark (benchmarks/bench_<name>.py; `load`: concurrent clients)
    ./dawa backup  one archive of the database, its filestore and the ledger key;
                   `./dawa restore` brings it back into a new database or cluster
    ./dawa i18n    export the add-ons' terms to i18n/<module>.pot and merge them into
                   i18n/zh_CN.po (new terms empty, to be translated)

`run` and `test` bring Odoo 18.0 Community into .local/odoo-venv when python3 cannot import
it (bootstrap.py); the other commands use that environment when it is there.
"""

import argparse
import sys

from .backup import cmd_backup, cmd_restore
from .bench import cmd_bench
from .common import DB_NAME, GEVENT_PORT, HTTP_PORT
from .i18n import cmd_i18n
from .server import cmd_run, cmd_stop, default_workers
from .testing import cmd_test


def build_parser():
    parser = argparse.ArgumentParser(prog="dawa", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="create the local cluster/database if needed and start Odoo")
    run.add_argument("--workers", type=int, default=None,
                     help=f"HTTP worker processes (default 2 per CPU core + 1: "
                     f"{default_workers()} here)")
    run.add_argument("--dev", action="store_true",
                     help="one threaded process (--workers=0), for development")
    run.add_argument("--http-port", type=int, default=HTTP_PORT,
                     help=f"HTTP port (default {HTTP_PORT})")
    run.add_argument("--gevent-port", type=int, default=GEVENT_PORT,
                     help=f"port of the live bus, /websocket (default {GEVENT_PORT})")
    run.add_argument("--public-url",
                     help="address printed in the QR codes and links of the notices "
                     "(web.base.url; default http://<first non-loopback IPv4 address>:<port>)")
    run.add_argument("--http-interface",
                     help="address Odoo listens on (default 0.0.0.0 when the machine has a "
                     "network address, else 127.0.0.1)")
    sub.add_parser("stop", help="stop the local PostgreSQL cluster")
    test = sub.add_parser("test", help="static checks, pytest and the add-ons' Odoo tests")
    test.add_argument("--only", choices=["static", "pytest", "ops", "odoo", "bootstrap"],
                      help="run only one part (bootstrap: the check that a machine without "
                      "Odoo brings it and serves, never part of the whole run)")
    test.add_argument("--tags", help="Odoo --test-tags instead of all three add-ons, "
                      "e.g. /dawa_approval:TestSeal or /dawa_approval:TestCase.test_accept "
                      "(implies --only odoo unless --only is given)")
    bench = sub.add_parser("bench", help="run a benchmark of benchmarks/ on a scratch database")
    bench.add_argument("name", help="e.g. cases for benchmarks/bench_cases.py")
    bench.add_argument("--clients", default="1,10,50",
                       help="load: numbers of concurrent clients, one pass each")
    bench.add_argument("--duration", type=float, default=60,
                       help="load: seconds of each pass (a started cycle is finished)")
    bench.add_argument("--think", type=float, default=5, help="load: think time in seconds")
    bench.add_argument("--saturation-clients", type=int, default=10,
                       help="load: clients of the pass without think time")
    bench.add_argument("--saturation-duration", type=float, default=30,
                       help="load: seconds of that pass (0: none)")
    bench.add_argument("--workers", type=int, default=None,
                       help="load: HTTP workers (default 2 per CPU core + 1)")
    sub.add_parser("i18n", help="export the add-ons' terms (.pot) and merge them into zh_CN.po")
    backup = sub.add_parser("backup", help="one archive with the database, its filestore and "
                            "the seal ledger's key")
    backup.add_argument("file", nargs="?", help="archive to write (default "
                        "dawa-<database>-<date>.tar in the current directory)")
    backup.add_argument("--database", default=DB_NAME)
    restore = sub.add_parser("restore", help="restore a `./dawa backup` archive into a new "
                             "database or a new cluster")
    restore.add_argument("file")
    restore.add_argument("--key", help="the seal ledger's key written by ./dawa backup "
                         "(<archive>.key), kept apart from the archive")
    restore.add_argument("--without-key", action="store_true",
                         help="restore without the key (the ledger will not verify)")
    restore.add_argument("--database", default="dawa_restored",
                         help="database to create (default dawa_restored)")
    restore.add_argument("--cluster", help="directory of a new cluster to create for it "
                         "(default: the cluster of ./dawa run)")
    restore.add_argument("--port", type=int, help="port of the new cluster (default: free)")
    restore.add_argument("--data-dir", help="Odoo data directory receiving the filestore and "
                         "the key (default .local/odoo-data)")
    return parser


def main():
    args = build_parser().parse_args()
    if args.command == "test" and args.tags and not args.only:
        args.only = "odoo"
    handler = {"run": cmd_run, "stop": cmd_stop, "test": cmd_test,
               "bench": cmd_bench, "i18n": cmd_i18n, "backup": cmd_backup,
               "restore": cmd_restore}[args.command]
    try:
        sys.exit(handler(args) or 0)
    except KeyboardInterrupt:
        sys.exit(130)
