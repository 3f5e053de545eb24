from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "motcua.api"
    label = "api"
    verbose_name = _("HTTP API")

    def ready(self) -> None:
        # a full upload disk → 507, an unreachable database → 503 on the API too (see security/middleware.py)
        from motcua.security.middleware import install_api_handlers

        from .api import api

        install_api_handlers(api)
