"""gunicorn `_bare_wsgi:application` (bench/ on PYTHONPATH): the project's WSGI application with the bench's
baseline view added (`bench/_bare_urls.py`). Only benches serve this."""

from django.conf import settings
from django.core.wsgi import get_wsgi_application

application = get_wsgi_application()
settings.ROOT_URLCONF = "_bare_urls"
