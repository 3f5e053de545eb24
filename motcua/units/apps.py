from io import TextIOBase

from django.apps import AppConfig
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    name = "motcua.units"
    label = "units"
    verbose_name = _("Administrative units")

    def ready(self) -> None:
        from motcua.core.memo import watch

        from .models import Unit

        watch(Unit)  # memoised look-ups hold units (integrations.selectors.api_client_unit, catalog commitment_for)

    def load_demo(self, *, stdout: TextIOBase) -> None:
        """Load the 34 provinces, 3,321 communes, legacy units and the demo province's agencies (idempotent)."""
        from . import services

        summary = services.units_load()
        agencies = services.demo_province_setup()
        stdout.write(
            f"  {summary.provinces} tỉnh/provinces, {summary.communes} xã/communes, "
            f"{summary.legacy_provinces} tỉnh cũ/legacy provinces, {summary.legacy_districts} huyện cũ/legacy "
            f"districts, {agencies['agencies']} cơ quan/agencies"
        )

    def demo_is_missing(self) -> bool:
        from .choices import UnitKind
        from .models import Unit

        return not Unit.objects.filter(kind=UnitKind.PROVINCE).exists()

    def summary_counts(self) -> dict[str, int]:
        from .selectors import unit_counts

        counts = unit_counts()
        return {
            gettext("Provinces"): counts["provinces"],
            gettext("Communes"): counts["communes"],
            gettext("Agencies"): counts["agencies"],
        }
