from django.apps import AppConfig
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class ReformConfig(AppConfig):
    name = "motcua.reform"
    label = "reform"
    verbose_name = _("Administrative reform")

    def summary_counts(self) -> dict[str, int]:
        from .selectors import reform_counts

        counts = reform_counts()
        return {
            gettext("Reform tasks"): counts["tasks"],
            gettext("Overdue reform tasks"): counts["overdue"],
            gettext("Survey responses"): counts["responses"],
        }
