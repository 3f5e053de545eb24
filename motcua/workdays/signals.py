"""Keep the cached calendar in step with edits made in the admin or by services."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import CalendarAdjustment, CalendarYear, WorkSchedule
from .selectors import invalidate_calendar


@receiver(post_save, sender=CalendarAdjustment)
@receiver(post_delete, sender=CalendarAdjustment)
@receiver(post_save, sender=WorkSchedule)
@receiver(post_delete, sender=WorkSchedule)
@receiver(post_save, sender=CalendarYear)
@receiver(post_delete, sender=CalendarYear)
def _calendar_changed(**kwargs: object) -> None:
    invalidate_calendar()
    # a calendar built inside the transaction from uncommitted rows must not outlive a rollback
    transaction.on_commit(invalidate_calendar)
