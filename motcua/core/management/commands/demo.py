"""`motcua demo`: load the demo installation (units, calendar, catalogue, users) — idempotent."""

from __future__ import annotations

from django.apps import apps
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu / load demo data (units, calendar, catalogue, demo accounts). Safe to re-run."

    def handle(self, *args, **options):
        loaded = 0
        # Apps contribute in INSTALLED_APPS order (units before catalogue before dossiers).
        for config in apps.get_app_configs():
            loader = getattr(config, "load_demo", None)
            if callable(loader):
                self.stdout.write(f"· {config.verbose_name}…")
                loader(stdout=self.stdout)
                loaded += 1
        self.stdout.write(self.style.SUCCESS(f"Đã nạp dữ liệu mẫu ({loaded} phần) / demo data loaded."))
