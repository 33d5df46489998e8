"""`./dawa i18n`: each add-on's terms exported to i18n/<module>.pot and merged into its
i18n/zh_CN.po (translations kept, new terms left empty for the translator, terms the code no
longer has dropped).

The export and the merge are click-odoo-contrib's click-odoo-makepot (pinned in
requirements-dev.txt), run in Odoo's Python on a scratch database where the add-ons are
installed: Odoo's own exporter writes the template, GNU gettext's msgmerge merges it into the
.po files (--no-fuzzy-matching: a new term is never given the translation of a similar one)
and msgattrib drops the obsolete terms (--purge-old-translations).
"""

import os
import shutil
import subprocess
import tempfile

from .common import MODULES, ROOT, die, rel, say
from .odoo_env import odoo_config_file, python, require_odoo
from .server import scratch_setup

# Run by Odoo's Python (polib comes with Odoo): the terms of a .po file without translation.
UNTRANSLATED = """
import sys, polib
print(sum(1 for entry in polib.pofile(sys.argv[1]) if not entry.msgstr and not entry.obsolete))
"""


def makepot_command(config, database):
    return [python(), "-m", "click_odoo_contrib.makepot", "--config", str(config),
            "--database", database, "--log-level", "warn", "--addons-dir", str(ROOT / "addons"),
            "--modules", ",".join(MODULES), "--msgmerge", "--no-fuzzy-matching",
            "--purge-old-translations", "--no-commit"]


def cmd_i18n(_args):
    problem = require_odoo()
    if problem:
        die(problem)
    if subprocess.run([python(), "-c", "import click_odoo_contrib"], capture_output=True,
                      check=False).returncode:
        die(f"click-odoo-contrib is not importable by {python()}: pip install -r "
            "requirements-dev.txt")
    if not shutil.which("msgmerge") or not shutil.which("msgattrib"):
        die("msgmerge / msgattrib not found: install GNU gettext (Debian: gettext)")
    with scratch_setup("i18n", MODULES) as (_args, cluster, data_dir), \
            tempfile.TemporaryDirectory(prefix="dawa-i18n-") as tmp:
        config = odoo_config_file(os.path.join(tmp, "odoo.conf"), cluster.sock, cluster.port,
                                  data_dir)
        command = makepot_command(config, "dawa_scratch")
        say("== i18n: " + " ".join(command))
        # VERSION_CONTROL=off: msgmerge -U leaves no zh_CN.po~ backup behind
        subprocess.run(command, cwd=ROOT, env={**os.environ, "VERSION_CONTROL": "off"},
                       check=True)
    for module in MODULES:
        i18n = ROOT / "addons" / module / "i18n"
        result = subprocess.run([python(), "-c", UNTRANSLATED, str(i18n / "zh_CN.po")],
                                capture_output=True, text=True, check=True)
        say(f"== i18n: {rel(i18n / f'{module}.pot')}; zh_CN.po has {result.stdout.strip()} "
            "term(s) to translate")
    return 0
