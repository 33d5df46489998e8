"""On a machine whose python3 cannot import Odoo, `./dawa run` brings Odoo 18.0 itself and
serves (dawa_cli/bootstrap.py).

Not a test_*.py file, so that no `pytest tests` collects it: it takes tens of minutes (a
virtual environment with Odoo's requirements, the OCA add-ons, a database with the demo data).
Run it with `./dawa test --only bootstrap` (or `pytest tests/bootstrap/check_odoo_bootstrap.py`),
with DAWA_ODOO_SOURCE naming Odoo 18.0's source as `./dawa` takes it (a URL, a local archive or
a local source directory); unset, Odoo's official source is downloaded.

1. A clean virtual environment (`python3 -m venv`, without the system's site-packages) whose
   python3 cannot import Odoo, whatever the machine's python3 does.
2. A copy of the repository's working tree (without .git and .local) in a scratch directory.
3. `./dawa run` in the copy, with that python3 first on PATH and no DAWA_PYTHON, on free ports:
   it makes the copy's .local/odoo-venv, its cluster and its database, and starts Odoo.
4. /web/health answers, and so does the login page of the database; the timings are printed
   and kept in .local/test-logs/bootstrap-figures.txt.
5. Odoo and the copy's PostgreSQL are stopped and the scratch directory removed. The machine's
   python3 imports the same Odoo as before (or none, as before).
"""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from dawa_cli.cluster import free_port
from dawa_cli.common import LOG_DIR, ROOT

TIMEOUT = 90 * 60  # seconds until Odoo must answer (source, pip, OCA, database with demo data)
WHERE_IS_ODOO = "import odoo, os; print(os.path.abspath(odoo.__path__[0]))"
# lines of `./dawa run` whose time is reported
MARKS = {
    "== odoo: python3 cannot import Odoo 18.0": "bootstrap started",
    "== odoo: pip install": "source ready, pip starts",
    "== odoo: Odoo 18.0 from": "Odoo 18.0 importable in .local/odoo-venv",
    "Creating database": "OCA add-ons installed, database creation starts",
    "Dawa back office:": "database ready, Odoo starts",
}


def system_odoo():
    """Where the machine's python3 imports Odoo from, or None."""
    out = subprocess.run(["python3", "-c", WHERE_IS_ODOO], capture_output=True, text=True,
                         check=False)
    return out.stdout.strip() if out.returncode == 0 else None


def answers(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status == 200
    except OSError:
        return False


def test_dawa_run_brings_odoo_and_serves():
    before = system_odoo()
    start = time.monotonic()
    scratch = Path(tempfile.mkdtemp(prefix="dawa-bootstrap-", dir="/tmp"))
    scratch.chmod(0o755)  # the postgres user reaches the copy's .local/
    copy = scratch / "repo"
    venv = scratch / "clean-venv"
    proc = None
    env = None
    try:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        probe = subprocess.run([str(venv / "bin" / "python3"), "-c", "import odoo"],
                               capture_output=True, check=False)
        assert probe.returncode != 0, "the clean environment imports Odoo"
        shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(
            ".git", ".local", "__pycache__", ".pytest_cache", ".ruff_cache"))
        env = {key: value for key, value in os.environ.items()
               if key not in ("DAWA_PYTHON", "PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
        env["PATH"] = f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}"
        http_port, gevent_port = free_port(), free_port()
        log_path = scratch / "dawa-run.log"
        proc = subprocess.Popen(
            [str(copy / "dawa"), "run", "--workers", "2", "--http-port", str(http_port),
             "--gevent-port", str(gevent_port)],
            cwd=copy, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            errors="replace", start_new_session=True)
        seen = {}

        def read_output():
            with open(log_path, "w", encoding="utf-8") as log:
                for line in proc.stdout:
                    log.write(line)
                    log.flush()
                    for mark, label in MARKS.items():
                        if line.startswith(mark) and label not in seen:
                            seen[label] = time.monotonic() - start
                            print(f"[{seen[label]:7.0f} s] {line.rstrip()}", flush=True)  # noqa: T201 (-s)

        reader = threading.Thread(target=read_output, daemon=True)
        reader.start()
        url = f"http://127.0.0.1:{http_port}"
        while not answers(url + "/web/health"):
            assert proc.poll() is None, (
                f"./dawa run exited with {proc.returncode}:\n"
                + log_path.read_text(encoding="utf-8", errors="replace")[-5000:])
            assert time.monotonic() - start < TIMEOUT, f"no answer within {TIMEOUT} s"
            time.sleep(2)
        serving = time.monotonic() - start
        assert answers(url + "/web/login"), "the database's login page does not answer"
        assert (copy / ".local" / "odoo-venv" / "bin" / "python").exists()
        figures = [f"{label}: {seconds:.0f} s" for label, seconds in seen.items()]
        figures.append(f"/web/health answers: {serving:.0f} s")
        line = ("bootstrap (source " + os.environ.get("DAWA_ODOO_SOURCE", "default") + "): "
                + "; ".join(figures))
        print(line, flush=True)  # noqa: T201 (the figures, run with -s)
        LOG_DIR.mkdir(parents=True, exist_ok=True)
        with open(LOG_DIR / "bootstrap-figures.txt", "a", encoding="utf-8") as out:
            out.write(line + "\n")
    finally:
        if proc is not None and proc.poll() is None:
            os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C, as a person stops ./dawa run
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        if env is not None and (copy / "dawa").exists():
            subprocess.run([str(copy / "dawa"), "stop"], cwd=copy, env=env, check=False)
        shutil.rmtree(scratch, ignore_errors=True)
    assert system_odoo() == before, "the machine's python3 no longer imports the same Odoo"
