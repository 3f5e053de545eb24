from django.db import models
from django.utils.translation import gettext_lazy as _


class TicketStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    CALLED = "called", _("Called to a counter")
    SERVED = "served", _("Served")
    NO_SHOW = "no_show", _("Did not come when called")


class AppointmentStatus(models.TextChoices):
    BOOKED = "booked", _("Booked")
    CANCELLED = "cancelled", _("Cancelled")
    ARRIVED = "arrived", _("Arrived, ticket issued")
