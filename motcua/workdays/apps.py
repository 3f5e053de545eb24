from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkdaysConfig(AppConfig):
    name = "motcua.workdays"
    label = "workdays"
    verbose_name = _("Working calendar")

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the cache invalidation receivers)

    def summary_counts(self) -> dict[str, int]:
        from .models import CalendarAdjustment

        return {str(_("Official calendar adjustments")): CalendarAdjustment.objects.count()}
