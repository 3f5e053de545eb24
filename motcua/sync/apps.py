from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SyncConfig(AppConfig):
    name = "motcua.sync"
    label = "sync"
    verbose_name = _("Synchronisation")

    def ready(self) -> None:
        from motcua.dossiers import events

        from .services import outbox_enqueue_event

        # Transactional outbox: the sync message commits or rolls back with the event (docs/sync.md).
        events.subscribe("sync.outbox", outbox_enqueue_event, when=events.IN_TRANSACTION)
