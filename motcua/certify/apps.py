from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertifyConfig(AppConfig):
    name = "motcua.certify"
    label = "certify"
    verbose_name = _("Electronic certified copies")
