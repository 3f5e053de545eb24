"""`motcua simulate`: seeded dossier traffic through the real dossier services (docs/simulation.md)."""

from __future__ import annotations

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError

from motcua.simulation import parallel
from motcua.simulation.actors import SimulationSetupError
from motcua.simulation.services import SimulationInputError, simulation_run


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"ngày không hợp lệ '{value}' (YYYY-MM-DD) / invalid date '{value}' (YYYY-MM-DD)") from None


class Command(BaseCommand):
    help = (
        "Mô phỏng lưu lượng hồ sơ qua các dịch vụ thật / simulate dossier traffic through the real services "
        "(same seed, same data)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", required=True, help="YYYY-MM-DD (giờ Việt Nam / Vietnam days)")
        parser.add_argument("--to", dest="end", required=True, help="YYYY-MM-DD, bao gồm / inclusive")
        parser.add_argument("--scale", default="0.05", help="1.0 ≈ 1,5 triệu hồ sơ/tỉnh/năm / 1.5 M per province-year")
        parser.add_argument("--seed", default="7", help="hạt giống ngẫu nhiên / random seed")
        parser.add_argument("--units", default="5", help="số xã mô phỏng / number of communes")
        parser.add_argument(
            "--bulk",
            action="store_true",
            help="ghi hàng loạt, cùng dữ liệu / bulk writes, the same rows (docs/simulation.md)",
        )
        parser.add_argument(
            "--workers",
            default=None,
            help=(
                "số tiến trình song song (--bulk, PostgreSQL; mặc định: số lõi CPU, 1 = tuần tự) / parallel "
                "processes (--bulk, PostgreSQL; default: the CPU cores, 1 = serial)"
            ),
        )
        parser.add_argument("--json", action="store_true", help="in kết quả dạng JSON / print JSON")

    def handle(self, *args, **options):
        start, end = _date(options["start"]), _date(options["end"])
        try:
            scale = float(options["scale"])
            seed = int(options["seed"])
            units = int(options["units"])
            workers = parallel.cores() if options["workers"] is None else int(options["workers"])
        except ValueError:
            raise CommandError(
                "--scale là số, --seed, --units và --workers là số nguyên / --scale is a number, --seed, --units and "
                "--workers are integers"
            ) from None
        try:
            summary = simulation_run(
                start=start, end=end, scale=scale, seed=seed, units=units, bulk=options["bulk"], workers=workers
            )
        except (SimulationInputError, SimulationSetupError) as error:
            raise CommandError(str(error)) from None
        if options["json"]:
            self.stdout.write(json.dumps(summary.as_dict(), ensure_ascii=False, indent=2))
            return
        pct = lambda v: "—" if v is None else f"{v * 100:.1f}%"  # noqa: E731
        self.stdout.write(
            f"hồ sơ/dossiers: {summary.dossiers}  sự kiện/events: {summary.events}  "
            f"đã giải quyết/resolved: {summary.resolved}\n"
            f"đúng hạn/on time: {pct(summary.on_time_share)}  trực tuyến/online: {pct(summary.online_share)}\n"
            f"xã/communes: {summary.offices}  thủ tục/procedures: {summary.procedures}  "
            f"thời gian/seconds: {summary.seconds}  ({summary.dossiers_per_second} hồ sơ/s, "
            f"{summary.events_per_second} sự kiện/s)"
        )
        if summary.refused_actions:
            self.stdout.write(f"thao tác bị từ chối / refused actions: {summary.refused_actions}")
