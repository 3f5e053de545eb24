"""Embedded default: one process, SQLite, demo data, server on localhost."""

from .base import *  # noqa: F403
from .base import DATA_DIR, env_bool

DEBUG = env_bool("MOTCUA_DEBUG", False)
DATA_DIR.mkdir(parents=True, exist_ok=True)
