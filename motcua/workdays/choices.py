from django.db import models
from django.utils.translation import gettext_lazy as _


class AdjustmentKind(models.TextChoices):
    """What an official notice does to one date, whatever the `holidays` package says about it."""

    DAY_OFF = "day_off", _("Day off")
    WORKING_DAY = "working_day", _("Working day")
