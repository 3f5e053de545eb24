"""`motcua serve`: the embedded default in one command — migrate, demo data if empty, serve on localhost."""

from __future__ import annotations

import errno
import os
import socket
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

ANOTHER_PORT = "motcua serve --port 8001  |  make run PORT=8001"


class Command(BaseCommand):
    help = "Cài đặt CSDL, nạp dữ liệu mẫu nếu trống, chạy máy chủ / migrate, load demo if empty, serve."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
        parser.add_argument(
            "--threads",
            type=int,
            default=4,
            help="threads per worker (gthread): a request waiting on a sandboxed PDF check does not hold a worker",
        )
        parser.add_argument("--no-demo", action="store_true", help="do not load demo data into an empty database")

    def handle(self, *args, host: str, port: int, workers: int, threads: int, no_demo: bool, **options):
        if not 1 <= port <= 65535:
            raise CommandError(f"cổng không hợp lệ / invalid port: {port}")
        if workers < 1:
            raise CommandError("cần ít nhất 1 tiến trình / at least one worker is needed")
        self._check_port_free(host, port)
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)  # only when MOTCUA_CACHE_URL=db
        # Production settings never seed the demo (its accounts have a published password, issue 18).
        if not no_demo and getattr(settings, "MOTCUA_DEMO_ALLOWED", True) and self._database_is_empty():
            call_command("demo", stdout=self.stdout)
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(self.style.SUCCESS(f"motcua: http://{host}:{port}/  (Ctrl+C để dừng / to stop)"))
        self.stdout.write(f"  cổng khác / another port: {ANOTHER_PORT}")
        sys.stdout.flush()
        os.execvp(  # noqa: S606 - replace this process with gunicorn serving the same settings
            sys.executable,
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                "--bind",
                f"{host}:{port}",
                "--workers",
                str(workers),
                "--threads",
                str(max(1, threads)),
                "--access-logfile",
                "-",
                "--env",
                f"DJANGO_SETTINGS_MODULE={os.environ.get('DJANGO_SETTINGS_MODULE', 'config.settings.local')}",
                "--chdir",
                str(settings.BASE_DIR),
            ],
        )

    @staticmethod
    def _check_port_free(host: str, port: int) -> None:
        """One clear line instead of gunicorn's traceback when the port is taken (issue 17)."""
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn: TIME_WAIT is not "taken"
            try:
                probe.bind((host, port))
            except OSError as error:
                if error.errno == errno.EADDRINUSE:
                    raise CommandError(
                        f"cổng {port} đang được dùng bởi chương trình khác / port {port} is already in use. "
                        f"{ANOTHER_PORT}"
                    ) from None
                raise CommandError(f"không mở được {host}:{port} / cannot listen on {host}:{port}: {error}") from None

    @staticmethod
    def _database_is_empty() -> bool:
        from django.apps import apps

        for config in apps.get_app_configs():
            is_empty = getattr(config, "demo_is_missing", None)
            if callable(is_empty) and is_empty():
                return True
        return False
