"""`motcua sync reconcile|dead|replay|endpoints|add-endpoint|purge`: operate the outbound synchronisation."""

from __future__ import annotations

import datetime as dt
import json
import os
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from motcua.integrations.dvcqg.client import LgspClient, LgspError
from motcua.integrations.dvcqg.selectors import unmapped_procedures
from motcua.sync import selectors, services
from motcua.sync.choices import EndpointKind, Topic
from motcua.sync.models import SyncEndpoint
from motcua.sync.reconcile import RemoteUnavailable, Report, reconcile


def _endpoint(value: str) -> SyncEndpoint:
    try:
        return SyncEndpoint.objects.get(pk=int(value))
    except (ValueError, SyncEndpoint.DoesNotExist):
        raise CommandError(f"không có điểm nhận {value} / no endpoint {value} (motcua sync endpoints)") from None


class Command(BaseCommand):
    help = "Đồng bộ / sync: reconcile, dead, replay, endpoints, add-endpoint, unmapped, purge"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", metavar="reconcile|dead|replay|endpoints|add-endpoint|purge")
        rec = sub.add_parser("reconcile", help="compare local and remote counts per status and per dossier")
        rec.add_argument("--endpoint", help="endpoint id (default: every active endpoint with a summary URL)")
        rec.add_argument("--json", action="store_true", help="machine-readable output")
        dead = sub.add_parser("dead", help="list dead letters")
        dead.add_argument("--endpoint")
        replay = sub.add_parser("replay", help="send deliveries again")
        replay.add_argument("ids", nargs="*", help="delivery ids")
        replay.add_argument("--dead", action="store_true", help="every dead letter (of --endpoint)")
        replay.add_argument("--endpoint")
        sub.add_parser("endpoints", help="list endpoints with their queues")
        add = sub.add_parser("add-endpoint", help="add an endpoint")
        add.add_argument("--name", required=True)
        add.add_argument("--kind", required=True, choices=EndpointKind.values)
        add.add_argument("--url", required=True)
        add.add_argument("--summary-url", default="")
        add.add_argument("--secret", default="")
        add.add_argument("--topics", default="", help=f"comma-separated, among: {', '.join(Topic.values)}")
        add.add_argument("--auth-url", default="", help="national portal: the LGSP sign-in URL")
        add.add_argument("--username", default="", help="national portal: the LGSP user")
        add.add_argument("--password-env", default="", help="national portal: environment variable with the password")
        add.add_argument("--unit-code", default="", help="national portal: madonvi (MaDinhDanhDV)")
        sub.add_parser("unmapped", help="procedures without a national code (MaTTHC)")
        portal = sub.add_parser("portal-procedures", help="the national portal's procedures (LayThuTuc)")
        portal.add_argument("--endpoint", required=True, help="id of the national portal endpoint")
        purge = sub.add_parser("purge", help="delete delivered messages older than N days")
        purge.add_argument("--older-than-days", type=int, default=90)

    def handle(self, *args: Any, **options: Any) -> None:
        action = options.get("action")
        if not action:
            raise CommandError("thiếu lệnh con / missing subcommand: sync reconcile|dead|replay|endpoints|…")
        getattr(self, "do_" + action.replace("-", "_"))(options)

    def do_reconcile(self, options: dict[str, Any]) -> None:
        if options["endpoint"]:
            endpoints = [_endpoint(options["endpoint"])]
        else:
            endpoints = list(
                SyncEndpoint.objects.filter(active=True).filter(
                    Q(kind=EndpointKind.NATIONAL_PORTAL) | ~Q(summary_url="")
                )
            )
        if not endpoints:
            raise CommandError("không có điểm nhận nào có URL tổng hợp / no endpoint with a summary URL")
        reports = []
        for endpoint in endpoints:
            try:
                reports.append(reconcile(endpoint=endpoint))
            except RemoteUnavailable as error:
                raise CommandError(
                    f"không lấy được số liệu từ {endpoint.name} / cannot read the summary of {endpoint.name}: {error}"
                ) from None
        if options["json"]:
            self.stdout.write(json.dumps([report.as_dict() for report in reports], ensure_ascii=False, indent=2))
        else:
            for report in reports:
                self._print_report(report)
        differences = sum(report.differences for report in reports)
        if differences:
            raise CommandError(f"{differences} chênh lệch / differences", returncode=1)

    def _print_report(self, report: Report) -> None:
        self.stdout.write(f"== {report.endpoint}: {report.local_total} local / {report.remote_total} remote")
        self.stdout.write("TrangThaiHoSo  local  remote")
        for status, row in report.by_status.items():
            mark = "" if row["local"] == row["remote"] else "  ≠"
            self.stdout.write(f"{status:>13}  {row['local']:>5}  {row['remote']:>6}{mark}")
        for code in report.missing_remote:
            self.stdout.write(f"thiếu ở nơi nhận / missing remotely: {code}")
        for code in report.unknown_locally:
            self.stdout.write(f"không có ở đây / unknown locally: {code}")
        for mismatch in report.status_mismatch:
            self.stdout.write(
                f"khác trạng thái / status differs: {mismatch['code']} local {mismatch['local']} ≠ {mismatch['remote']}"
            )
        self.stdout.write(
            f"chờ gửi / undelivered: {report.undelivered}, thư chết / dead letters: {report.dead}, "
            f"chênh lệch / differences: {report.differences}"
        )

    def do_dead(self, options: dict[str, Any]) -> None:
        endpoint = _endpoint(options["endpoint"]) if options["endpoint"] else None
        for delivery in selectors.dead_letters(endpoint=endpoint):
            self.stdout.write(
                f"{delivery.pk}\t{delivery.endpoint.name}\t{delivery.message.topic}\t"
                f"{delivery.message.payload.get('MaHoSo', '')}#{delivery.seq}\t{delivery.attempts}\t{delivery.last_error}"
            )

    def do_replay(self, options: dict[str, Any]) -> None:
        endpoint = _endpoint(options["endpoint"]) if options["endpoint"] else None
        if options["dead"]:
            ids = [delivery.pk for delivery in selectors.dead_letters(endpoint=endpoint)]
        else:
            try:
                ids = [int(value) for value in options["ids"]]
            except ValueError:
                raise CommandError("mã lần gửi phải là số / delivery ids must be numbers") from None
            if not ids:
                raise CommandError("cho biết mã lần gửi hoặc --dead / give delivery ids or --dead")
        count = services.delivery_replay(deliveries=ids)
        self.stdout.write(f"{count} lần gửi sẽ gửi lại / deliveries queued again")

    def do_endpoints(self, options: dict[str, Any]) -> None:
        for endpoint, counts in selectors.endpoint_queues():
            self.stdout.write(
                f"{endpoint.pk}\t{endpoint.name}\t{endpoint.kind}\t{'on' if endpoint.active else 'off'}\t"
                f"pending {counts['pending']}\tdelivered {counts['delivered']}\tdead {counts['dead']}"
            )

    def do_add_endpoint(self, options: dict[str, Any]) -> None:
        topics = [topic.strip() for topic in options["topics"].split(",") if topic.strip()]
        password = os.environ.get(options["password_env"], "") if options["password_env"] else ""
        try:
            endpoint = services.endpoint_create(
                name=options["name"],
                kind=options["kind"],
                url=options["url"],
                summary_url=options["summary_url"],
                secret=options["secret"],
                topics=topics,
                auth_url=options["auth_url"],
                username=options["username"],
                password=password,
                unit_code=options["unit_code"],
            )
        except (ValueError, ValidationError) as error:
            message = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            raise CommandError(f"điểm nhận không hợp lệ / invalid endpoint: {message}") from None
        self.stdout.write(f"{endpoint.pk}\t{endpoint.name}")

    def do_unmapped(self, options: dict[str, Any]) -> None:
        rows = unmapped_procedures()
        for code, name in rows:
            self.stdout.write(f"{code}\t{name}")
        if rows:
            raise CommandError(
                f"{len(rows)} thủ tục chưa có mã TTHC quốc gia / procedures without a national code "
                "(admin: procedure mappings)",
                returncode=1,
            )
        self.stdout.write("mọi thủ tục đã có mã quốc gia / every procedure has a national code")

    def do_portal_procedures(self, options: dict[str, Any]) -> None:
        endpoint = _endpoint(options["endpoint"])
        if endpoint.kind != EndpointKind.NATIONAL_PORTAL:
            raise CommandError("điểm nhận này không phải Cổng DVCQG / not a national portal endpoint")
        config = services.lgsp_config(endpoint, timeout=endpoint.timeout_seconds or 10.0)
        try:
            rows = LgspClient(config).procedures()
        except LgspError as error:
            raise CommandError(f"không đọc được danh sách thủ tục / cannot read LayThuTuc: {error}") from None
        for row in rows:
            self.stdout.write(f"{row.get('MaTTHC', '')}\t{row.get('TenTTHC', '')}")

    def do_purge(self, options: dict[str, Any]) -> None:
        days = options["older_than_days"]
        if days < 1:
            raise CommandError("số ngày phải ≥ 1 / days must be ≥ 1")
        count = services.outbox_purge(older_than=dt.timedelta(days=days))
        self.stdout.write(f"{count} tin đã xoá / messages deleted")
