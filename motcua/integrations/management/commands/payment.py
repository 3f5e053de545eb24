"""`motcua payment reconcile [--date YYYY-MM-DD] [--json]`: compare the day's online payments with the payment
platform (querydr for each) and list the differences; exit status 1 when there is one. Run it each morning for
the day before (a systemd timer next to the worker). It changes nothing: a payment the platform took but we
never heard of is settled by the platform repeating its IPN, or by the finance officer with the platform."""

from __future__ import annotations

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from motcua.integrations.payment import protocol
from motcua.integrations.payment.services import payment_reconcile


class Command(BaseCommand):
    help = "Thanh toán trực tuyến / online payment: reconcile"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", metavar="reconcile")
        reconcile = sub.add_parser("reconcile", help="compare one day's payments with the platform")
        reconcile.add_argument("--date", help="YYYY-MM-DD (default: yesterday, Vietnam time)")
        reconcile.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        if options.get("action") != "reconcile":
            raise CommandError("thiếu lệnh con / missing subcommand: payment reconcile")
        if options.get("date"):
            try:
                day = dt.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError("ngày không hợp lệ / bad date: YYYY-MM-DD") from None
        else:
            day = timezone.now().astimezone(protocol.VIETNAM).date() - dt.timedelta(days=1)
        report = payment_reconcile(day=day)
        if options.get("json"):
            rows = [row.__dict__ for row in report.rows]
            self.stdout.write(json.dumps({"day": day.isoformat(), "unreachable": report.unreachable, "rows": rows}))
        else:
            for row in report.rows:
                problems = ",".join(row.problems) or "ok"
                self.stdout.write(
                    f"{row.txn_ref}\t{row.dossier_code}\t{row.local_status}\t{row.platform_status}\t"
                    f"{row.local_amount}\t{row.platform_amount}\t{problems}"
                )
            self.stdout.write(
                f"{len(report.rows)} giao dịch / transactions, {len(report.mismatches)} lệch / mismatches"
            )
        if report.mismatches:
            raise SystemExit(1)
