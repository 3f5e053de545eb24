from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "motcua.feedback"
    label = "feedback"
    verbose_name = _("Ratings and feedback")

    def summary_counts(self) -> dict[str, int]:
        from .models import Rating

        return {str(_("Service ratings")): Rating.objects.count()}
