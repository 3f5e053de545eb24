"""Choices of bundled procedures (translated labels, English msgids)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AgencyRole(models.TextChoices):
    """Which agency takes a component of a bundle (liên thông). `RECEIVING` is the unit where the bundle is filed
    (the commune's People's Committee / one-stop centre, which registers births and deaths itself); the others are
    resolved through `AgencyRoute` from the receiving unit up the tree."""

    RECEIVING = "receiving", _("Receiving unit (commune civil status)")
    POLICE = "police", _("Police (residence registration)")
    SOCIAL_INSURANCE = "social_insurance", _("Social insurance")
    SOCIAL_PROTECTION = "social_protection", _("Social protection (culture and society office)")


class BundleState(models.TextChoices):
    """The bundle's state, derived from its component dossiers (never stored, never a second state machine)."""

    SUBMITTED = "submitted", _("Submitted, awaiting reception")
    IN_PROGRESS = "in_progress", _("In progress")
    WAITING = "waiting", _("Waiting for the applicant")
    COMPLETED = "completed", _("All results ready")
    CLOSED = "closed", _("Closed (a part was refused or stopped)")
