"""Receive-to-receipt time of the counter screen vs a trivial request through the same stack, same run.

    python bench/counter_receipt.py [N]            # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/motcua_bench python bench/counter_receipt.py [N]

What an officer waits for at the counter: the intake form POST (validation, `dossier_receive_at_counter`: code,
clock, event, rollups, outbox, notification) and the printable receipt (form 01 with its QR code) that opens
after it. Both go through the whole Django stack (middleware, sessions, CSRF-exempt test client, templates) in a
throw-away test database. The baseline is `/healthz` through the same client, timed in the same run.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from django.test.utils import setup_test_environment, teardown_test_environment  # noqa: E402


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run(n: int) -> None:
    from django.test import Client
    from django.urls import reverse

    from motcua.dossiers.models import Dossier
    from motcua.dossiers.tests.factories import World

    world = World(name="Đăng ký khai sinh", search_text="dang ky khai sinh")
    client = Client()
    client.force_login(world.counter)
    payload = {
        "procedure": str(world.procedure.pk),
        "unit": str(world.one_stop.pk),
        "channel": "counter",
        "applicant_name": "Nguyễn Văn An",
        "applicant_id_number": "001099012345",
        "applicant_phone": "0912345678",
        "applicant_email": "",
        "applicant_address": "Số 1 Lê Lợi",
        "presented": [str(pk) for pk in world.all_documents()],
        "fee_amount": "0",
    }
    intake = reverse("console:intake")
    health = reverse("core:healthz")
    for _ in range(3):  # warm caches (calendar, templates, URL resolver)
        client.get(health)
    receive_ms, receipt_ms, total_ms, base_ms = [], [], [], []
    for _ in range(n):
        start = time.perf_counter()
        response = client.post(intake, payload)
        mid = time.perf_counter()
        assert response.status_code == 302, response.status_code
        code = Dossier.objects.order_by("-pk").values_list("code", flat=True)[0]
        receipt = client.get(reverse("console:dossier_form", args=[code, "01"]))
        end = time.perf_counter()
        assert receipt.status_code == 200 and code in receipt.content.decode()
        receive_ms.append((mid - start) * 1000)
        receipt_ms.append((end - mid) * 1000)
        total_ms.append((end - start) * 1000)
        b0 = time.perf_counter()
        client.get(health)
        base_ms.append((time.perf_counter() - b0) * 1000)

    engine = django.db.connection.vendor
    print(f"Counter screen, {n} dossiers, {engine}: median (p95) in ms\n")
    print("| step | median ms | p95 ms | × baseline (median) |")
    print("|---|---:|---:|---:|")
    base = statistics.median(base_ms)
    for label, values in (
        ("receive (intake POST)", receive_ms),
        ("receipt (form 01 page)", receipt_ms),
        ("receive-to-receipt", total_ms),
        ("baseline: /healthz", base_ms),
    ):
        med = statistics.median(values)
        print(f"| {label} | {med:.1f} | {pct(values, 0.95):.1f} | {med / base:.1f} |")


def main(n: int) -> None:
    from django.conf import settings
    from django.test.utils import get_runner

    setup_test_environment()
    runner = get_runner(settings)(verbosity=0, interactive=False)
    old = runner.setup_databases()
    try:
        run(n)
    finally:
        runner.teardown_databases(old)
        teardown_test_environment()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
