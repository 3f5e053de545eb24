"""The `motcua` console command: a thin, bilingual wrapper over Django management commands.

Every subcommand is a management command of one of the apps; this module only maps names, prints help in
Vietnamese and English, and turns any failure into one clear line on stderr and a non-zero exit status.
"""

from __future__ import annotations

import os
import sys

# name on the command line → (management command, Vietnamese help, English help)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "serve": (
        "serve",
        "Cài đặt CSDL, nạp dữ liệu mẫu nếu trống và chạy máy chủ",
        "Migrate, load demo data if empty, serve",
    ),
    "demo": (
        "demo",
        "Nạp dữ liệu mẫu (đơn vị, lịch, danh mục TTHC, tài khoản)",
        "Load demo data (units, calendar, catalogue, users)",
    ),
    "duedate": ("duedate", "Tính thời điểm bắt đầu và hạn giải quyết", "Compute the clock start and the due moment"),
    "import-procedures": (
        "import_procedures",
        "Nhập TTHC từ tệp JSON của Cổng DVC quốc gia",
        "Import procedures from national-portal JSON files",
    ),
    "procedure": ("procedure", "Xem thủ tục hành chính (procedure show MÃ)", "Show a procedure (procedure show CODE)"),
    "load-units": (
        "load_units",
        "Nạp 34 tỉnh, 3.321 xã và đơn vị hành chính cũ",
        "Load the 34 provinces, 3,321 communes and legacy units",
    ),
    "units": (
        "units",
        "Đơn vị: nhập mã định danh điện tử từ CSV (units import-identifiers TỆP.csv [--confirm] [--json])",
        "Units: import agencies' e-identifiers from a CSV (units import-identifiers FILE.csv [--confirm] [--json])",
    ),
    "calendar": (
        "calendar",
        "Xem ngày nghỉ, ngày làm bù của một năm; apply-notice TỆP: ghi thông báo, tính lại hạn",
        "Show a year's days off and make-up working days; apply-notice FILE: record a notice, re-plan",
    ),
    "simulate": (
        "simulate",
        "Mô phỏng hồ sơ qua các dịch vụ thật (--from --to --scale --seed)",
        "Simulate dossier traffic through the real services (--from --to --scale --seed)",
    ),
    "metrics": (
        "metrics",
        "Tính lại số liệu thống kê từ lịch sử hồ sơ, chốt tồn cuối tháng (metrics rebuild | close-months)",
        "Rebuild the metrics rollups from the history; close month-end stock (metrics rebuild | close-months)",
    ),
    "report": (
        "report",
        "Báo cáo kết quả giải quyết TTHC theo kỳ (report period --unit MÃ --period 2026-Q1)",
        "Period report (report period --unit CODE --period 2026-Q1 [--json] [--xlsx FILE])",
    ),
    "index766": (
        "index766",
        "Chỉ số 766 của đơn vị trong kỳ (index766 --unit MÃ --period 2026-Q1 [--json])",
        "Decision 766 index of a unit for a period (index766 --unit CODE --period 2026-Q1 [--json])",
    ),
    "evaluation": (
        "evaluation",
        "Đánh giá giải quyết TTHC theo TT 01/2018 (evaluation --unit MÃ --period 2026-Q1)",
        "TT 01/2018 evaluation of a unit (evaluation --unit CODE --period 2026-Q1 [--json])",
    ),
    "worker": (
        "worker",
        "Tiến trình nền: đồng bộ Cổng DVCQG, webhook, nhắc hạn (--once, --max-seconds N)",
        "Background worker: national-portal sync, webhooks, reminders (--once, --max-seconds N)",
    ),
    "sync": (
        "sync",
        "Đồng bộ: đối soát, thư chết, gửi lại, thủ tục chưa ánh xạ (sync reconcile|dead|replay|endpoints|unmapped)",
        "Sync: reconcile, dead letters, replay, unmapped procedures (sync reconcile|dead|replay|endpoints|unmapped)",
    ),
    "sms": (
        "sms",
        "Tin nhắn SMS: đọc báo cáo phát, mẫu đã đăng ký (sms listen [--seconds N] | sms templates)",
        "SMS: read delivery receipts, registered templates (sms listen [--seconds N] | sms templates)",
    ),
    "payment": (
        "payment",
        "Thanh toán trực tuyến: đối soát giao dịch trong ngày với nền tảng (payment reconcile [--date NGÀY])",
        "Online payment: reconcile a day's transactions with the platform (payment reconcile [--date DAY] [--json])",
    ),
    "partitions": (
        "partitions",
        "Phân vùng lịch sử hồ sơ theo tháng (partitions ensure --months-ahead 3 | detach --before YYYY-MM | list)",
        "Monthly partitions of the dossier history (partitions ensure --months-ahead 3 | detach --before YYYY-MM | list)",
    ),
    "audit": (
        "audit",
        "Kiểm tra lịch sử hồ sơ, điểm kiểm tra ký số (audit verify [--json] | checkpoint | keygen)",
        "Verify the dossier history; signed checkpoints (audit verify [--json] | checkpoint | keygen)",
    ),
    "api-client": (
        "api_client",
        "Ứng dụng tích hợp và khóa API (api-client create TÊN --unit MÃ --scope …)",
        "API clients and tokens (api-client create NAME --unit CODE --scope …; token, revoke, list)",
    ),
    "scorecard": (
        "scorecard",
        "Chỉ số CCHC: nạp khung (scorecard load-framework TỆP), nhập chỉ số công bố, điểm điều tra",
        "Reform scorecard: load-framework FILE, import-external FILE, import-survey FILE, list",
    ),
    "reform": (
        "reform",
        "Kế hoạch CCHC: nhiệm vụ quá hạn (reform overdue --unit MÃ), nhập phiếu khảo sát (reform survey-import TỆP)",
        "Reform plans: overdue tasks (reform overdue [--unit CODE] [--json]), survey-import FILE --survey CODE",
    ),
    "esign": (
        "esign",
        "Kết quả điện tử ký số: chứng thư của đơn vị, CA tin cậy, kiểm tra tệp PDF (credential|trust-root|verify)",
        "Signed e-results: unit credential, trusted CA, verify a PDF (credential|trust-root|verify)",
    ),
    "backup": (
        "backup",
        "Sao lưu CSDL, tệp đính kèm và bản kê vào THƯ_MỤC (backup THƯ_MỤC)",
        "Back up the database, uploaded files and a manifest into DIR (backup DIR)",
    ),
    "restore": (
        "restore",
        "Khôi phục bản sao lưu và kiểm tra số dòng, mã băm (restore THƯ_MỤC [--force])",
        "Restore a backup and verify row counts and checksums (restore DIR [--force])",
    ),
    "personal-data": (
        "personal_data",
        "Dữ liệu cá nhân: xuất, ẩn danh, dọn theo thời hạn lưu giữ "
        "(personal-data export --user U|--phone P; delete --user U --confirm; purge [--confirm])",
        "Personal data: export, anonymise, purge past retention "
        "(personal-data export --user U|--phone P; delete --user U --confirm; purge [--confirm])",
    ),
    "migrate": ("migrate", "Tạo hoặc nâng cấp cơ sở dữ liệu", "Create or upgrade the database"),
    "createsuperuser": ("createsuperuser", "Tạo tài khoản quản trị", "Create an administrator account"),
    "manage": ("", "Chạy một lệnh quản trị Django bất kỳ", "Run any Django management command"),
}


def _help() -> str:
    lines = [
        "motcua — hệ thống giải quyết thủ tục hành chính / administrative procedure system",
        "",
        "Cách dùng / usage: motcua LỆNH/COMMAND [tham số/options]   (motcua LỆNH --help)",
        "",
    ]
    width = max(len(name) for name in COMMANDS)
    for name, (_cmd, vi, en) in COMMANDS.items():
        lines.append(f"  {name.ljust(width)}  {vi}")
        lines.append(f"  {' ' * width}  {en}")
    return "\n".join(lines)


def _fail(message: str, status: int = 2) -> int:
    print(f"motcua: lỗi / error: {message}", file=sys.stderr)
    return status


def run(argv: list[str]) -> int:
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(_help())
        return 0
    name, rest = argv[0], argv[1:]
    if name not in COMMANDS:
        return _fail(f"không có lệnh '{name}' / unknown command '{name}' (motcua --help)")
    command_name = COMMANDS[name][0]
    if not command_name:
        if not rest:
            return _fail("thiếu tên lệnh / missing command name: motcua manage COMMAND ...")
        command_name, rest = rest[0], rest[1:]

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django
    from django.core.management import get_commands, load_command_class
    from django.core.management.base import CommandError
    from django.db import DatabaseError, connections

    try:
        django.setup()
    except Exception as exc:  # configuration errors must not print a traceback
        return _fail(f"cấu hình sai / bad configuration: {exc}")

    app_name = get_commands().get(command_name)
    if app_name is None:
        return _fail(f"không có lệnh '{command_name}' / unknown command '{command_name}'")
    command = load_command_class(app_name, command_name)
    command._called_from_command_line = True  # argparse errors print usage and exit 2
    parser = command.create_parser("motcua", name if COMMANDS.get(name, ("",))[0] else command_name)
    options = vars(parser.parse_args(rest))
    args = options.pop("args", ())
    try:
        command.execute(*args, **options)
    except CommandError as exc:
        return _fail(str(exc), getattr(exc, "returncode", 1) or 1)
    except DatabaseError as exc:
        first_line = str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
        return _fail(
            f"cơ sở dữ liệu / database: {first_line} (đã chạy 'motcua migrate'? / did you run 'motcua migrate'?)"
        )
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        return _fail(f"{exc.__class__.__name__}: {exc}")
    finally:
        connections.close_all()
    return 0


def main() -> None:
    sys.exit(run(sys.argv[1:]))


if __name__ == "__main__":
    main()
