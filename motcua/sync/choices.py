"""Choices of the synchronisation domain (English msgids, Vietnamese in `locale/`)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class EndpointKind(models.TextChoices):
    NATIONAL_PORTAL = "national_portal", _("National public service portal")
    WEBHOOK = "webhook", _("Webhook")


class Topic(models.TextChoices):
    CREATED = "dossier.created", _("Dossier created")
    STATUS_CHANGED = "dossier.status_changed", _("Dossier status changed")
    RESULT = "dossier.result", _("Dossier result issued")
    UPDATED = "dossier.updated", _("Dossier updated")


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be dispatched")
    DISPATCHED = "dispatched", _("Dispatched to the endpoints")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    DELIVERED = "delivered", _("Delivered")
    DEAD = "dead", _("Dead letter")


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", _("Due within 1 working day")
    OVERDUE = "overdue", _("Overdue")


class ReminderStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    SKIPPED = "skipped", _("Skipped (no address)")
    FAILED = "failed", _("Failed")
