"""Send the reminders of tomorrow's (next working day's) appointments: run from cron, e.g. hourly 08:00–17:00."""

from django.core.management.base import BaseCommand

from motcua.counter.services import appointment_send_reminders


class Command(BaseCommand):
    help = "Send appointment reminders due today through the message channel (working day before)."

    def handle(self, *args, **options):
        sent = appointment_send_reminders()
        self.stdout.write(f"{sent}")
