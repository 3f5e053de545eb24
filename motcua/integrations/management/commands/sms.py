"""`motcua sms listen [--seconds N]`: read late SMS delivery receipts on a receiver bind (run it from cron or a
systemd timer next to the worker); `motcua sms templates`: list the registered templates."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from motcua.integrations.models import SmsTemplate
from motcua.integrations.sms.services import sms_receipts_listen
from motcua.integrations.sms.smpp import GatewayError


class Command(BaseCommand):
    help = "Tin nhắn / SMS: listen, templates"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", metavar="listen|templates")
        listen = sub.add_parser("listen", help="read delivery receipts for N seconds")
        listen.add_argument("--seconds", type=float, default=55.0)
        sub.add_parser("templates", help="list the registered templates")

    def handle(self, *args, **options):
        if options.get("action") == "listen":
            try:
                count = sms_receipts_listen(seconds=options["seconds"])
            except GatewayError as error:
                raise CommandError(f"không kết nối được cổng SMS / SMS gateway unavailable: {error}") from None
            self.stdout.write(f"{count} báo cáo phát / delivery receipts")
        elif options.get("action") == "templates":
            for template in SmsTemplate.objects.all():
                state = "on" if template.active else "off"
                self.stdout.write(f"{template.code}\t{state}\t{template.registration}\t{template.pattern}")
        else:
            raise CommandError("thiếu lệnh con / missing subcommand: sms listen|templates")
