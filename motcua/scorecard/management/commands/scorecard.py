"""`motcua scorecard …` — load index frameworks, import external index results and survey points.

motcua scorecard load-framework FILE [--year 2025] [--replace]
motcua scorecard load-framework --shipped
motcua scorecard import-external FILE [--source TEXT]
motcua scorecard import-survey FILE --framework CODE --year YYYY --user USERNAME
motcua scorecard list
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from motcua.scorecard.errors import ScorecardError
from motcua.scorecard.external import external_results_import
from motcua.scorecard.loader import FrameworkError, framework_load_file, shipped_framework_files
from motcua.scorecard.models import Framework
from motcua.scorecard.services import survey_points_import


def _read_bytes(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise CommandError(
            f"không đọc được tệp / cannot read {path}: {exc.strerror or exc.__class__.__name__}"
        ) from None


class Command(BaseCommand):
    help = "Khung chỉ số CCHC và chỉ số bên ngoài / reform index frameworks and external indices"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load-framework", help="Nạp khung chỉ số từ YAML / load a framework from YAML")
        load.add_argument("file", nargs="?")
        load.add_argument("--year", type=int, help="Năm đánh giá (ghi đè) / evaluation year (overrides the file)")
        load.add_argument("--replace", action="store_true", help="Thay phiên bản cùng năm / replace the same year")
        load.add_argument("--shipped", action="store_true", help="Nạp các khung có sẵn / load the shipped frameworks")
        ext = sub.add_parser("import-external", help="Nhập kết quả chỉ số công bố (CSV) / import published results")
        ext.add_argument("file")
        ext.add_argument("--source", default="", help="Nguồn mặc định / default source")
        survey = sub.add_parser("import-survey", help="Nhập điểm điều tra XHH (CSV) / import survey points")
        survey.add_argument("file")
        survey.add_argument("--framework", required=True)
        survey.add_argument("--year", type=int, required=True)
        survey.add_argument("--user", required=True, help="Cán bộ Sở Nội vụ / Department officer (username)")
        sub.add_parser("list", help="Liệt kê khung chỉ số / list frameworks")

    def handle(self, *args, action, **options):
        return getattr(self, "_" + action.replace("-", "_"))(**options) or None

    def _load_framework(self, *, file, year, replace, shipped, **_):
        if not file and not shipped:
            raise CommandError("cần tệp YAML hoặc --shipped / give a YAML file or --shipped")
        paths = shipped_framework_files() if shipped else [Path(file)]
        for path in paths:
            if not path.exists():
                raise CommandError(f"không có tệp / no such file: {path}")
            try:
                framework = framework_load_file(path=path, year=year, replace=replace)
            except FrameworkError as exc:
                raise CommandError(f"{path.name}: " + " | ".join(exc.errors)) from None
            count = framework.nodes.count()
            self.stdout.write(f"{framework.code} {framework.year}: {count} mục / nodes — {framework.name}")

    def _import_external(self, *, file, source, **_):
        try:
            report = external_results_import(content=_read_bytes(file), default_source=source)
        except ScorecardError as exc:
            raise CommandError(f"{file}: {exc.message}") from None
        for warning in report.warnings:
            self.stdout.write(f"cảnh báo / warning: {warning}")
        if report.errors:
            raise CommandError(f"{file}: " + " | ".join(str(e) for e in report.errors))
        self.stdout.write(f"đã nhập / imported: {report.imported}")

    def _import_survey(self, *, file, framework, year, user, **_):
        fw = Framework.objects.filter(code=framework, year=year).first()
        if fw is None:
            raise CommandError(f"không có khung / no framework {framework} {year}")
        actor = get_user_model().objects.filter(username=user, is_active=True).first()
        if actor is None:
            raise CommandError(f"không có người dùng / no such user: {user}")
        try:
            report = survey_points_import(framework=fw, content=_read_bytes(file), actor=actor)
        except ScorecardError as exc:
            raise CommandError(f"{file}: {exc.message}") from None
        if report.errors:
            raise CommandError(f"{file}: " + " | ".join(str(e) for e in report.errors))
        self.stdout.write(f"đã nhập / imported: {report.imported}")

    def _list(self, **_):
        for fw in Framework.objects.order_by("-year", "code"):
            self.stdout.write(f"{fw.code}\t{fw.year}\t{fw.version}\t{fw.aggregation}\t{fw.nodes.count()}\t{fw.name}")
