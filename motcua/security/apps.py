from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    """Cross-cutting reliability and security: audit verification, backup/restore, personal-data requests,
    sign-in throttling and the log filter that masks personal data. Owns no tables."""

    name = "motcua.security"
    label = "security"
    verbose_name = _("Security")

    def ready(self) -> None:
        # a full upload disk → 507, an unreachable database → 503 on the API too (see security/middleware.py)
        from motcua.api.api import api

        from .middleware import install_api_handlers

        install_api_handlers(api)
