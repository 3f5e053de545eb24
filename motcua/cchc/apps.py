from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CchcConfig(AppConfig):
    name = "motcua.cchc"
    label = "cchc"
    verbose_name = _("Administrative reform screens")
