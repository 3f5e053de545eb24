"""The background worker: outbox dispatch, deliveries with retries, the applicants' pending notifications
(`dossiers.notifications`), officer reminders (docs/sync.md), and once a
Vietnamese day the month-end open-stock checkpoints (`metrics.services.checkpoints_close`, docs/domain/metrics.md).

Any number of workers may run against the same database (see `claims.py`); SIGTERM or SIGINT lets the current
attempt finish, hands the rest of the batch back and exits.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import signal
import socket
import threading
import time
import uuid

from django.db import IntegrityError, close_old_connections, connection, transaction
from django.utils import timezone

from motcua.dossiers.notifications import notifications_send_pending
from motcua.metrics import services as metrics_services
from motcua.workdays.calendar import VN_TZ

from . import services
from .conf import sync_settings
from .reminders import reminders_send

logger = logging.getLogger("motcua.sync.worker")
MONTHS_LOCK = 766_2018_01  # advisory lock key of the daily month closing (any constant shared by all workers)


def worker_name() -> str:
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class Worker:
    def __init__(self, *, name: str | None = None, reminders: bool = True, close_months: bool | None = None) -> None:
        self.name = name or worker_name()
        self.reminders = reminders
        self.close_months = reminders if close_months is None else close_months
        self.months_closed_on: dt.date | None = None
        self.stopping = threading.Event()
        self.totals = {"dispatched": 0, "attempts": 0, "notifications": 0, "reminders": 0, "months_closed": 0}

    def stop(self, *_args: object) -> None:
        self.stopping.set()

    def install_signal_handlers(self) -> None:
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, self.stop)
            signal.signal(signal.SIGINT, self.stop)

    def drain(self) -> int:
        """Dispatch and send until nothing is due now (retries scheduled later wait for the next pass)."""
        work = 0
        while not self.stopping.is_set():
            dispatched = services.outbox_dispatch_batch(worker=self.name)
            attempts = services.delivery_send_batch(worker=self.name, stop=self.stopping.is_set)
            notified = notifications_send_pending()
            self.totals["dispatched"] += dispatched
            self.totals["attempts"] += attempts
            self.totals["notifications"] += notified
            work += dispatched + attempts + notified
            if not dispatched and not attempts and not notified:
                break
        return work

    def remind(self) -> None:
        if self.reminders and not self.stopping.is_set():
            self.totals["reminders"] += sum(reminders_send().values())

    def close_completed_months(self, *, today: dt.date | None = None) -> int:
        """Once per Vietnamese day: close the completed months (idempotent). Workers racing for it are serialised
        by a transaction-scoped advisory lock on PostgreSQL (the loser skips); on SQLite writers are serialised
        and a loser that inserted the same month marker rolls back (IntegrityError), like the reminders' claim."""
        today = today or timezone.now().astimezone(VN_TZ).date()
        if not self.close_months or self.stopping.is_set() or self.months_closed_on == today:
            return 0
        self.months_closed_on = today  # one attempt a day: a failure is logged by the loop and retried tomorrow
        closed = []
        try:
            with transaction.atomic():
                if connection.vendor == "postgresql":
                    with connection.cursor() as cursor:
                        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [MONTHS_LOCK])
                        locked = cursor.fetchone()[0]
                else:
                    locked = True
                if locked:
                    closed = metrics_services.checkpoints_close()
        except IntegrityError:  # another worker closed the same month at the same moment
            closed = []
        self.totals["months_closed"] += len(closed)
        return len(closed)

    def run_once(self) -> dict[str, int]:
        self.drain()
        self.remind()
        self.close_completed_months()
        return dict(self.totals)

    def run(self, *, max_seconds: float | None = None) -> dict[str, int]:
        conf = sync_settings()
        started = time.monotonic()
        last_reminders = -conf.reminder_interval
        logger.info("worker.start", extra={"worker": self.name})
        while not self.stopping.is_set():
            if not connection.in_atomic_block:  # a long-running worker drops stale or broken connections
                close_old_connections()
            try:
                work = self.drain()
                if time.monotonic() - last_reminders >= conf.reminder_interval:
                    self.remind()
                    last_reminders = time.monotonic()
                self.close_completed_months()
            except Exception:  # a database hiccup must not kill the worker; retry after a pause
                logger.exception("worker.error", extra={"worker": self.name})
                work = 0
            if max_seconds is not None and time.monotonic() - started >= max_seconds:
                break
            if not work:
                remaining = None if max_seconds is None else max(max_seconds - (time.monotonic() - started), 0)
                self.stopping.wait(conf.idle_sleep if remaining is None else min(conf.idle_sleep, remaining))
        logger.info("worker.stop", extra={"worker": self.name, **self.totals})
        return dict(self.totals)
