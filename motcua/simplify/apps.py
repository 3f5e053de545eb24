from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SimplifyConfig(AppConfig):
    name = "motcua.simplify"
    label = "simplify"
    verbose_name = _("Review and simplification of procedures")
