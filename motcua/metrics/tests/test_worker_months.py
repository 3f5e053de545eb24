"""The sync worker closes the completed months once a Vietnamese day (metrics.services.checkpoints_close)."""

import datetime as dt

from motcua.metrics.coarse import last_complete_checkpoint
from motcua.metrics.models import ClosedMonth, StockCheckpoint
from motcua.sync.worker import Worker


def test_the_worker_closes_the_completed_months_once_a_day(season):
    ClosedMonth.objects.all().delete()
    StockCheckpoint.objects.all().delete()
    worker = Worker(name="months", reminders=False, close_months=True)
    totals = worker.run_once()
    closed = set(ClosedMonth.objects.values_list("month_end", flat=True))
    # From the half month before the season's first change (26/2/2026) to the last complete half month
    assert min(closed) == dt.date(2026, 2, 14)
    assert max(closed) == last_complete_checkpoint()
    assert totals["months_closed"] == len(closed)
    # March ends with a3 (due 1/4) and others open in season.a's one-stop centre
    assert StockCheckpoint.objects.filter(month_end=dt.date(2026, 3, 31)).exists()
    ClosedMonth.objects.filter(month_end=max(closed)).delete()
    StockCheckpoint.objects.filter(month_end=max(closed)).delete()
    assert worker.close_completed_months() == 0  # already ran today
    assert worker.close_completed_months(today=dt.date.max) == 1  # the next day it closes what is missing


def test_a_worker_without_housekeeping_leaves_the_months_alone(season):
    ClosedMonth.objects.all().delete()
    Worker(name="sender", reminders=False).run_once()
    assert not ClosedMonth.objects.exists()
