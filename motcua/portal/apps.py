from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "motcua.portal"
    label = "portal"
    verbose_name = _("Citizen portal")

    def home_view(self, request):
        """The site's home page (`core.views.home` asks the apps for it): most used services, life events,
        hotline, a link to the public statistics."""
        from .views.home import home

        return home(request)
