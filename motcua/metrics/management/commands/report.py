"""`motcua report period --unit CODE (--from DAY --to DAY | --period 2026-Q1 [--cutoff nd09|calendar]) [--field F]
[--procedure CODE] [--by unit|field|procedure] [--json] [--xlsx FILE]`.

`--cutoff nd09` maps a named period to its official reporting window (ND 09/2019/NĐ-CP art 12, see
`metrics.periods`); `--cutoff calendar` (the default on the command line) to its calendar months."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q
from django.utils import timezone, translation
from django_stubs_ext import StrOrPromise

from motcua.catalog.models import Field, Procedure
from motcua.core.text import fold
from motcua.metrics import figures as registry
from motcua.metrics.bundle_figures import BundleReport, bundle_report_for_filters
from motcua.metrics.choices import Cutoff, Grouping
from motcua.metrics.periods import BadPeriod, parse_cutoff, parse_day, parse_period, window_label
from motcua.metrics.selectors import PeriodFigures, ReportRow, period_report, period_report_grouped
from motcua.units.models import Unit
from motcua.units.selectors import unit_get_by_code
from motcua.workdays.calendar import VN_TZ


class Command(BaseCommand):
    help = "Báo cáo / reports: report period --unit MÃ --from NGÀY --to NGÀY | --period 2026-Q1 [--json] [--xlsx F]"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", metavar="period")
        period = sub.add_parser("period", help="period report (carried over, received, resolved, in progress…)")
        period.add_argument("--unit", required=True, help="unit code, e.g. P22")
        period.add_argument("--from", dest="start", help="first day (YYYY-MM-DD or DD/MM/YYYY)")
        period.add_argument("--to", dest="end", help="last day (inclusive)")
        period.add_argument("--period", help="2026 | 2026-H1 | 2026-Q1 | 2026-03")
        period.add_argument(
            "--cutoff",
            choices=Cutoff.values,
            help="nd09: official reporting window (ND 09/2019 art 12, 15th → 14th); calendar (default): calendar months",
        )
        period.add_argument("--field", help="field name or code (lĩnh vực)")
        period.add_argument("--procedure", help="procedure code (all versions)")
        period.add_argument("--own", action="store_true", help="only the unit itself, not the units below it")
        period.add_argument("--by", choices=[g.value for g in Grouping], help="one row per child unit/field/procedure")
        period.add_argument("--json", action="store_true")
        period.add_argument("--xlsx", metavar="FILE", help="write the official-looking table to FILE")

    def handle(self, *args: Any, **options: Any) -> None:
        if options.get("action") != "period":
            raise CommandError("thiếu lệnh con / missing subcommand: report period --unit CODE --period 2026-Q1")
        unit = self._unit(options["unit"])
        start, end = self._period(options)
        named, cutoff = (options["period"] or "").strip().upper(), options["cutoff"] or Cutoff.CALENDAR
        with translation.override("vi"):
            window = window_label(named, cutoff, start, end)
        field = self._field(options["field"]) if options["field"] else None
        procedure = self._procedure(options["procedure"]) if options["procedure"] else None
        now = timezone.now()
        figures = period_report(
            unit=unit,
            start=start,
            end=end,
            field=field,
            procedure=procedure,
            include_descendants=not options["own"],
            now=now,
        )
        if figures.as_of:  # the period includes today: stock figures measured now (issue 15)
            local = figures.as_of.astimezone(VN_TZ)
            window = f"{window} · số liệu tính đến {local:%H:%M} ngày {local:%d/%m/%Y}"
        by = options["by"]
        rows: list[ReportRow] = []
        if by or options["xlsx"]:
            by = by or Grouping.UNIT
            rows, _total = period_report_grouped(
                unit=unit, start=start, end=end, by=by, field=field, procedure=procedure, now=now
            )
        # the bundled procedures (liên thông) received in the subtree: not split by field, procedure or own unit
        bundles = bundle_report_for_filters(
            unit=unit, start=start, end=end, field=field, procedure=procedure, own_only=options["own"], now=now
        )
        if options["xlsx"]:
            self._xlsx(options["xlsx"], unit=unit, window=window, by=by, rows=rows, total=figures, bundles=bundles)
        if options["json"]:
            payload = {
                "unit": unit.code,
                "from": start.isoformat(),
                "to": end.isoformat(),
                **({"period": named, "cutoff": cutoff} if named else {}),
                "window": window,
                "as_of": figures.as_of.isoformat() if figures.as_of else None,
                **figures.as_dict(),
                "bundles": bundles.as_dict() if bundles is not None else None,
            }
            if options["by"]:
                payload["rows"] = [{"key": str(row.key), "label": row.label, **row.figures.as_dict()} for row in rows]
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
        else:
            self._text(unit, window, figures, rows if options["by"] else [])
            if bundles is not None and not bundles.empty:
                self._bundle_text(bundles)

    def _unit(self, code: str) -> Unit:
        try:
            return unit_get_by_code(code)
        except Unit.DoesNotExist:
            raise CommandError(f"không có đơn vị mã {code} / unknown unit code {code}") from None

    def _period(self, options: dict[str, Any]) -> tuple[dt.date, dt.date]:
        try:
            if options["period"]:
                if options["start"] or options["end"]:
                    raise CommandError("dùng --period hoặc --from/--to / use either --period or --from/--to")
                return parse_period(options["period"], parse_cutoff(options["cutoff"]))
            if options["cutoff"]:
                raise CommandError("--cutoff chỉ dùng với --period / --cutoff goes with --period")
            if not (options["start"] and options["end"]):
                raise CommandError("cần --from và --to, hoặc --period / --from and --to, or --period, are required")
            start, end = parse_day(options["start"]), parse_day(options["end"])
        except BadPeriod as exc:
            raise CommandError(
                f"kỳ/ngày không hợp lệ: {exc} (2026, 2026-H1, 2026-Q1, 2026-03, 2026-03-31) / bad period or date: {exc}"
            ) from None
        if start > end:
            raise CommandError(f"--from {start} sau --to {end} / --from is after --to")
        return start, end

    def _field(self, text: str) -> Field:
        value = text.strip()
        field = Field.objects.filter(Q(code__iexact=value) | Q(search_name=fold(value))).first()
        if field is None:  # rows created without a folded name: compare folded names (a few hundred fields)
            field = next((f for f in Field.objects.all() if fold(f.name) == fold(value)), None)
        if field is None:
            raise CommandError(f"không có lĩnh vực {value} / unknown field {value}")
        return field

    def _procedure(self, code: str) -> str:
        code = code.strip()
        if not Procedure.objects.filter(code=code).exists():
            raise CommandError(f"không có thủ tục mã {code} / unknown procedure code {code}")
        return code

    def _xlsx(
        self,
        path: str | Path,
        *,
        unit: Unit,
        window: str,
        by: str,
        rows: list[ReportRow],
        total: PeriodFigures,
        bundles: BundleReport | None = None,
    ) -> None:
        from motcua.metrics.xlsx import write_period_xlsx

        headers = {Grouping.UNIT: "Đơn vị", Grouping.FIELD: "Lĩnh vực", Grouping.PROCEDURE: "Thủ tục hành chính"}
        try:
            written = write_period_xlsx(
                path,
                title="Báo cáo tình hình, kết quả giải quyết thủ tục hành chính",
                unit_name=unit.name,
                period=f"Kỳ báo cáo: {window}",
                row_header=headers[Grouping(by)],
                rows=rows,
                total=total,
                bundles=bundles,
            )
        except OSError as exc:
            raise CommandError(f"không ghi được tệp {path} / cannot write {path}: {exc.strerror}") from None
        self.stderr.write(f"Đã ghi / written: {written}")

    def _text(self, unit: Unit, window: str, figures: PeriodFigures, rows: list[ReportRow]) -> None:
        """The figures of the HTML table, one line each, in registry order (`metrics.figures.outline`), named in
        Vietnamese / English; a nested figure (received, resolved, in progress) with its parts in brackets."""
        values = registry.values_of(figures)
        lines = [f"{unit.name} ({unit.code}) — {window}"]
        outline = registry.outline()
        heads = [_named(line.figure.label) for line in outline]
        width = max(len(head) for head in heads)
        for line, head in zip(outline, heads, strict=True):
            text = f"  {head:<{width}}  {_shown(line.figure, values[line.figure.key])}"
            if line.parts:
                parts = ", ".join(f"{_named(p.column, '/')} {_shown(p, values[p.key])}" for p in line.parts)
                text += f"  ({parts})"
            lines.append(text)
        for row in rows:
            lines.append(
                f"    {row.label[:50]:<50} nhận/rcv {row.figures.received['total']:>6}  "
                f"xong/done {row.figures.resolved['total']:>6}  đang/open {row.figures.open_at_end:>6}"
            )
        self.stdout.write("\n".join(lines))

    def _bundle_text(self, bundles: BundleReport) -> None:
        """The bundled procedures (liên thông) by group, then each agency's average attributed time."""
        lines = ["  Hồ sơ liên thông / bundles (QĐ 296/QĐ-VPCP: thời hạn chung / total limit)"]
        for group in [*bundles.groups, bundles.total]:
            rate = "—" if group.on_time_rate is None else f"{100 * group.on_time_rate:.1f}%"
            lines.append(
                f"    {(group.code or 'Tổng số / total')[:24]:<24} nhận/rcv {group.received:>5}  xong/done "
                f"{group.finished:>5}  trong hạn/in time {group.finished_on_time:>5} ({rate})  mở/open "
                f"{group.open:>5}  quá hạn/overdue {group.overdue:>5}"
            )
        for agency in bundles.agencies:
            lines.append(
                f"    {agency.agency[:40]:<40} phần/parts {agency.parts:>5}  TB/avg {agency.average_hours} h "
                f"(giao/budget {agency.average_budget_hours} h)  quá/over {agency.over_budget}"
            )
        self.stdout.write("\n".join(lines))


def _named(label: StrOrPromise, between: str = " / ") -> str:
    """A figure's name in Vietnamese and in English (the command's messages are in both)."""
    with translation.override("vi"):
        vietnamese = str(label)
    with translation.override("en"):
        english = str(label)
    return f"{vietnamese}{between}{english.lower()}"


def _shown(figure: registry.Figure, value: registry.Value) -> str:
    if figure.share:
        return "—" if value is None else f"{100 * value:.1f}%"
    return str(value)
