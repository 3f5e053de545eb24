"""Embedded default: one process, SQLite, demo data, server on localhost."""

import os

from .base import *  # noqa: F403
from .base import DATA_DIR, env_bool

DEBUG = env_bool("MOTCUA_DEBUG", False)
DATA_DIR.mkdir(parents=True, exist_ok=True)

# Passphrase of the throw-away demo signing credential (`motcua demo`, docs/esign.md). Local settings only:
# production never defaults it, so a demo credential cannot sign there.
os.environ.setdefault("MOTCUA_DEMO_P12_PASSPHRASE", "motcua-demo-p12")

# The demo's one-time sign-in codes are readable on /thu-nghiem/ma-xac-thuc/ (motcua.core.demo_outbox, issue 17).
MOTCUA_DEMO_OUTBOX = env_bool("MOTCUA_DEMO_OUTBOX", True)
