"""The background worker: outbox dispatch, deliveries with retries, officer reminders (docs/sync.md).

Any number of workers may run against the same database (see `claims.py`); SIGTERM or SIGINT lets the current
attempt finish, hands the rest of the batch back and exits.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
import time
import uuid

from django.db import close_old_connections, connection

from . import services
from .conf import sync_settings
from .reminders import reminders_send

logger = logging.getLogger("motcua.sync.worker")


def worker_name() -> str:
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class Worker:
    def __init__(self, *, name: str | None = None, reminders: bool = True) -> None:
        self.name = name or worker_name()
        self.reminders = reminders
        self.stopping = threading.Event()
        self.totals = {"dispatched": 0, "attempts": 0, "reminders": 0}

    def stop(self, *_args) -> None:
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
            self.totals["dispatched"] += dispatched
            self.totals["attempts"] += attempts
            work += dispatched + attempts
            if not dispatched and not attempts:
                break
        return work

    def remind(self) -> None:
        if self.reminders and not self.stopping.is_set():
            self.totals["reminders"] += sum(reminders_send().values())

    def run_once(self) -> dict[str, int]:
        self.drain()
        self.remind()
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
