from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    """Cross-cutting reliability and security: audit verification, backup/restore, personal-data requests,
    sign-in throttling and the log filter that masks personal data. Owns no tables."""

    name = "motcua.security"
    label = "security"
    verbose_name = _("Security")
