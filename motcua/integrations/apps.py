from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrationsConfig(AppConfig):
    name = "motcua.integrations"
    label = "integrations"
    verbose_name = _("Integrations")

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the deployment checks of the outside links
        from .memo import watch_integrations

        watch_integrations()
