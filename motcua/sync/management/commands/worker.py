"""`motcua worker [--once] [--max-seconds N] [--no-reminders]`: the background worker (docs/sync.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.sync.worker import Worker


class Command(BaseCommand):
    help = "Tiến trình nền / background worker: đồng bộ, webhook, nhắc hạn (outbox, webhooks, reminders)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="one pass until nothing is due, then exit")
        parser.add_argument("--max-seconds", type=float, default=None, help="exit after N seconds")
        parser.add_argument("--no-reminders", action="store_true", help="do not send officer reminders")
        parser.add_argument("--name", default="", help="worker name in the delivery log (default host:pid)")

    def handle(self, *args: Any, **options: Any) -> None:
        max_seconds = options["max_seconds"]
        if max_seconds is not None and max_seconds <= 0:
            raise CommandError("--max-seconds phải lớn hơn 0 / --max-seconds must be greater than 0")
        worker = Worker(name=options["name"] or None, reminders=not options["no_reminders"])
        worker.install_signal_handlers()
        totals = worker.run_once() if options["once"] else worker.run(max_seconds=max_seconds)
        self.stdout.write(
            f"{worker.name}: {totals['dispatched']} tin đã phân phối / messages dispatched, "
            f"{totals['attempts']} lần gửi / delivery attempts, {totals['reminders']} nhắc hạn / reminders"
        )
