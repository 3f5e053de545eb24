from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DatastoreConfig(AppConfig):
    name = "motcua.datastore"
    label = "datastore"
    verbose_name = _("Personal data store")

    def ready(self) -> None:
        from . import hooks

        hooks.connect()

    def summary_counts(self) -> dict[str, int]:
        from .models import DocumentReuse

        return {str(_("Documents reused from personal data stores")): DocumentReuse.objects.count()}
