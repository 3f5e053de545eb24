"""Done means: the national-portal mock shows the same numbers as motcua after the worker runs, even when the
mock failed half of the deliveries."""

import json
from collections import Counter

import pytest
import time_machine
from django.core.management import CommandError, call_command

from motcua.dossiers import services as dossier_services
from motcua.dossiers.choices import NATIONAL_STATUS, DossierStatus
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import vn
from motcua.sync.choices import DeliveryStatus
from motcua.sync.models import Delivery
from motcua.sync.reconcile import reconcile
from motcua.sync.testing import fail_half_the_messages
from motcua.sync.worker import Worker

S = DossierStatus
STATES = [S.SUBMITTED, S.RECEIVED, S.IN_PROGRESS, S.AWAITING_APPROVAL, S.AWAITING_SIGNATURE, S.RESULT_READY]


@pytest.fixture
def traffic(world):
    dossiers = [world.dossier_in(state, at=vn(2026, 3, 2, 8 + n % 6, n)) for n, state in enumerate(STATES * 2)]
    refused = world.dossier_in(S.RECEIVED, at=vn(2026, 3, 3, 9, 0))
    with time_machine.travel(vn(2026, 3, 3, 10, 0), tick=False):
        dossier_services.dossier_stop(
            officer=world.counter, dossier=refused, expected_version=refused.version, reason="Công dân đề nghị"
        )
    return [*dossiers, refused]


def test_portal_matches_local_counts_after_the_worker_even_when_half_the_deliveries_failed(
    traffic, national, portal, capsys
):
    portal.plan = fail_half_the_messages
    Worker(name="e2e", reminders=False).run_once()

    local = Counter(str(int(NATIONAL_STATUS[status])) for status in Dossier.objects.values_list("status", flat=True))
    summary = portal.summary()
    assert summary["by_status"] == dict(sorted(local.items()))
    assert summary["total"] == len(traffic)
    report = reconcile(endpoint=national)
    assert (report.differences, report.undelivered, report.dead) == (0, 0, 0)
    retried = Delivery.objects.filter(attempts=3, status=DeliveryStatus.DELIVERED).count()
    assert retried == (Delivery.objects.count() + 1) // 2  # half the deliveries failed twice first

    call_command("sync", "reconcile", "--json")
    printed = json.loads(capsys.readouterr().out)
    assert [(row["endpoint"], row["differences"], row["local_total"]) for row in printed] == [
        (national.name, 0, len(traffic))
    ]


def test_reconcile_reports_the_differences_while_deliveries_are_pending(traffic, national, portal, capsys):
    portal.mode = "fail"
    with pytest.raises(CommandError) as error:
        call_command("sync", "reconcile", "--endpoint", str(national.pk))
    out = capsys.readouterr().out
    assert error.value.returncode == 1
    assert "missing remotely" in out
    assert reconcile(endpoint=national).missing_remote == sorted(d.code for d in traffic)


def test_reconcile_sees_a_status_the_portal_got_wrong(traffic, national, portal):
    Worker(name="e2e", reminders=False).run_once()
    code = traffic[0].code
    portal.records[code] = dict(portal.records[code], TrangThaiHoSo=10)
    report = reconcile(endpoint=national)
    assert report.status_mismatch == [{"code": code, "local": 1, "remote": 10}]
