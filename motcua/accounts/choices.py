from django.db import models
from django.utils.translation import gettext_lazy as _


class UserKind(models.TextChoices):
    OFFICER = "officer", _("Officer")
    CITIZEN = "citizen", _("Citizen or business")


class Role(models.TextChoices):
    """What an officer does in a unit (ND 61/2018 arts 17–20: reception, appraisal, approval, management)."""

    COUNTER_OFFICER = "counter_officer", _("Counter officer")
    SPECIALIST = "specialist", _("Specialist")
    UNIT_LEADER = "unit_leader", _("Unit leader")
    ONE_STOP_MANAGER = "one_stop_manager", _("One-stop centre manager")
    ADMINISTRATOR = "administrator", _("Administrator")


class SignInChannel(models.TextChoices):
    """Where a one-time sign-in code is delivered."""

    EMAIL = "email", _("Email")
    PHONE = "phone", _("Text message")
