from django.db import models
from django.utils.translation import gettext_lazy as _


class TaskBand(models.TextChoices):
    """TT 01/2018/TT-VPCP art 15.3(a): an officer who receives, handles and returns dossiers "hoàn thành 100%
    nhiệm vụ" with at least 5 points, "từ 70% đến dưới 100%" with 3.5 to under 5, "dưới 70%" under 3.5."""

    FULL = "full", _("Completed 100% of the tasks (5 points or more)")
    PARTIAL = "partial", _("Completed 70% to under 100% of the tasks (3.5 to under 5 points)")
    LOW = "low", _("Completed under 70% of the tasks (under 3.5 points)")
