"""Test settings.

The time zone is deliberately not Vietnam's: code that computes days must use the Vietnamese zone
explicitly (motcua.workdays), never the process or display zone.
"""

import os

from .base import *  # noqa: F403
from .base import DATA_DIR

TIME_ZONE = "America/Los_Angeles"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = DATA_DIR / "test-media" / str(os.getpid())
# The PDF checking slots are host-wide in production (motcua.esign.verification); each test process (one per
# pytest-xdist worker) gets its own, so two workers checking PDFs at once do not see each other as "busy".
MOTCUA_PDF_CHECK_LOCK_DIR = DATA_DIR / "test-locks" / str(os.getpid())
MOTCUA_PDF_CHECK_LOCK_DIR.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "motcua.security.storage.CleanFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
# The CI machine is shared: a sandboxed PDF check may wait long for a core. The CPU and memory limits stay as in
# production (motcua.esign.pdfcheck); only the wall clock is relaxed (the sandbox tests set their own).
MOTCUA_PDF_CHECK_LIMITS = {"wall_seconds": 60}
# One process; tests clear it between them (the shipped default is the shared database cache, base.py). A test
# that starts another process with MOTCUA_CACHE_URL (core/tests/test_cache.py) gets that cache.
if not os.environ.get("MOTCUA_CACHE_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "motcua-test"}}
