#!/usr/bin/env python
"""Refresh the Vietnamese catalogue from the sources and list what still needs a translator.

Usage: python scripts/i18n-check.py [--no-refresh]

Runs ``manage.py makemessages -l vi`` (needs the GNU gettext tools), then prints every untranslated or fuzzy
msgid with its source location and exits 1 if there is any. After translating, run
``manage.py compilemessages -l vi -i .venv`` and commit both django.po and django.mo;
``motcua/core/tests/test_translations.py`` checks the result without gettext tools.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.po"
IGNORE = (".venv/*", "var/*", "bench/*", "node_modules/*")


def run(*args: str) -> str:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings.test")}
    return subprocess.run(args, cwd=ROOT, env=env, check=True, capture_output=True, text=True).stdout


def main() -> int:
    if "--no-refresh" not in sys.argv:
        ignores = [arg for pattern in IGNORE for arg in ("-i", pattern)]
        run(sys.executable, "manage.py", "makemessages", "-l", "vi", "--no-obsolete", *ignores)
    pending = run("msgattrib", "--no-wrap", "--untranslated", str(PO)) + run(
        "msgattrib", "--no-wrap", "--only-fuzzy", str(PO)
    )
    lines = [line for line in pending.splitlines() if line.startswith(("#:", "msgid ")) and line != 'msgid ""']
    stats = subprocess.run(
        ["msgfmt", "--statistics", "-o", os.devnull, str(PO)], capture_output=True, text=True, check=True
    ).stderr.strip()
    print("\n".join(lines))
    print(stats)
    # msgfmt prints "N translated messages[, M fuzzy translations][, K untranslated messages]."
    return 1 if "fuzzy" in stats or "untranslated" in stats else 0


if __name__ == "__main__":
    sys.exit(main())
