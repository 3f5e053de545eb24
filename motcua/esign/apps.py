from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EsignConfig(AppConfig):
    name = "motcua.esign"
    label = "esign"
    verbose_name = _("Signed electronic results")

    def summary_counts(self) -> dict[str, int]:
        from .models import SignedResult

        return {str(_("Signed electronic results")): SignedResult.objects.count()}
