from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "motcua.dossiers"
    label = "dossiers"
    verbose_name = _("Dossiers")

    def ready(self) -> None:
        from motcua.workdays.replan import register_planner

        from .replan import PLANNER

        register_planner(PLANNER)

        from . import events
        from .notifications import notify_enqueue

        events.subscribe("dossiers.notifications", notify_enqueue, when=events.IN_TRANSACTION)

    def summary_counts(self) -> dict[str, int]:
        from .choices import CLOSED, DossierStatus
        from .models import Dossier

        received = Dossier.objects.exclude(status__in=[DossierStatus.SUBMITTED, DossierStatus.REFUSED])
        return {
            str(_("Dossiers received")): received.filter(received_at__isnull=False).count(),
            str(_("Dossiers in progress")): Dossier.objects.exclude(
                status__in=[*CLOSED, DossierStatus.SUBMITTED]
            ).count(),
        }
