"""Province deployment: PostgreSQL through DATABASE_URL, HTTPS behind a reverse proxy."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import SECRET_KEY, env_bool

if SECRET_KEY.startswith("insecure") or not os.environ.get("DATABASE_URL"):
    raise ImproperlyConfigured("Production needs MOTCUA_SECRET_KEY and DATABASE_URL (see docs/operations.md).")

DEBUG = False
MOTCUA_DEMO_ALLOWED = False  # `motcua serve` never loads the demo (accounts with a published password) here
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env_bool("MOTCUA_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("MOTCUA_SECURE_COOKIES", True)
SECURE_HSTS_SECONDS = int(os.environ.get("MOTCUA_HSTS_SECONDS", "31536000"))
EMAIL_BACKEND = os.environ.get("MOTCUA_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
