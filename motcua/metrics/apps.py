from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MetricsConfig(AppConfig):
    name = "motcua.metrics"
    label = "metrics"
    verbose_name = _("Metrics")

    def ready(self) -> None:
        from motcua.dossiers import events

        from .services import rollup_apply_event

        # The rollups change in the event's own transaction (docs/metrics.md).
        events.subscribe("metrics.rollups", rollup_apply_event, when=events.IN_TRANSACTION)
