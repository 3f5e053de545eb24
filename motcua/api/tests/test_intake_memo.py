"""The per-process memo of what the intake reads on every request (core.memo, issue 20 item 1): the token and its
client, the client's unit, the current procedure with its time limits, the service commitment. Each test fills
the memo through the API, proves the next request is served from it (a change made without a signal is not
seen), then proves that the change made the ordinary way (a save, a service call) is seen at once."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.catalog.models import Procedure, ProcedureTimeLimit, ServiceCommitment
from motcua.catalog.services import commitment_set
from motcua.core.memo import memo
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import vn
from motcua.integrations import services as integrations
from motcua.integrations.models import ApiClient, ApiToken
from motcua.units.models import Unit

from .helpers import new_dossier, post

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _memo_in_use():
    """The test's own rows are saved inside its transaction, which bypasses the memo until it ends (core.memo);
    start from a memo in use, as a worker between requests is, and leave nothing behind. A working Tuesday."""
    with time_machine.travel(vn(2026, 3, 10, 9, 0), tick=False):
        yield
    memo.clear()


def file(client, world, headers, key, **extra):
    return post(client, "/api/v1/dossiers", new_dossier(world, **extra), {**headers, "Idempotency-Key": key})


def warm(client, world, headers):
    memo.clear()
    assert file(client, world, headers, "warm").status_code == 201


def test_the_second_intake_reads_nothing_the_memo_holds(client, world, headers):
    warm(client, world, headers)
    with CaptureQueriesContext(connection) as ctx:
        assert file(client, world, headers, "k2").status_code == 201
    reads = [q["sql"] for q in ctx.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")]
    assert reads == [], reads


def test_a_revoked_token_is_refused_at_the_next_request(client, world, headers, portal):
    warm(client, world, headers)
    token = ApiToken.objects.get(client=portal)
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))  # no signal
    assert file(client, world, headers, "memoised").status_code == 201  # served from the memo: proves it is one
    integrations.api_token_revoke(token=token)  # the row as read before: not revoked yet, so it saves
    assert file(client, world, headers, "revoked").status_code == 401


def test_a_deactivated_client_is_refused_at_the_next_request(client, world, headers, portal):
    warm(client, world, headers)
    integrations.api_client_deactivate(client=ApiClient.objects.get(pk=portal.pk))
    assert file(client, world, headers, "off").status_code == 401


def test_a_unit_taken_from_the_client_is_refused_at_the_next_request(client, world, headers, portal):
    warm(client, world, headers)
    ApiClient.objects.get(pk=portal.pk).units.remove(world.one_stop)
    assert file(client, world, headers, "gone").status_code == 403


def test_a_changed_unit_identifier_is_seen_at_the_next_request(client, world, headers):
    warm(client, world, headers)
    old = world.one_stop.e_identifier
    unit = Unit.objects.get(pk=world.one_stop.pk)
    unit.e_identifier = "000.00.99.H22"
    unit.save()
    assert file(client, world, headers, "old", receiving_unit=old).status_code == 403
    assert file(client, world, headers, "new", receiving_unit="000.00.99.H22").status_code == 201


def test_a_changed_time_limit_is_snapshotted_on_the_next_dossier(client, world, headers):
    warm(client, world, headers)
    limit = ProcedureTimeLimit.objects.get(procedure=world.procedure)
    ProcedureTimeLimit.objects.filter(pk=limit.pk).update(value=Decimal(9))  # no signal
    assert Dossier.objects.get(code=file(client, world, headers, "a").json()["code"]).time_limit_value == 5
    limit.value = Decimal(9)
    limit.save()
    assert Dossier.objects.get(code=file(client, world, headers, "b").json()["code"]).time_limit_value == 9


def test_a_closed_procedure_version_is_unknown_at_the_next_request(client, world, headers):
    warm(client, world, headers)
    procedure = Procedure.objects.get(pk=world.procedure.pk)
    procedure.valid_to = dt.date(2026, 1, 1)
    procedure.save()
    assert file(client, world, headers, "closed").status_code == 422


def test_a_new_commitment_is_snapshotted_on_the_next_dossier(client, world, headers):
    warm(client, world, headers)
    code = file(client, world, headers, "before").json()["code"]
    assert Dossier.objects.get(code=code).commitment_id is None
    commitment = commitment_set(
        procedure_code=world.procedure.code,
        scope=world.one_stop,
        value=Decimal(2),
        unit="working_days",
        decision_number="15/QĐ-UBND",
        decision_date=dt.date(2026, 1, 5),
        decision_issuer="UBND tỉnh Thử Nghiệm",
    )
    code = file(client, world, headers, "after").json()["code"]
    assert Dossier.objects.get(code=code).commitment_id == commitment.pk


def test_an_ended_commitment_is_not_snapshotted_on_the_next_dossier(client, world, headers):
    commitment = commitment_set(
        procedure_code=world.procedure.code,
        scope=world.one_stop,
        value=Decimal(2),
        unit="working_days",
        decision_number="15/QĐ-UBND",
        decision_date=dt.date(2026, 1, 5),
        decision_issuer="UBND tỉnh Thử Nghiệm",
    )
    warm(client, world, headers)
    ServiceCommitment.objects.filter(pk=commitment.pk).update(valid_to=dt.date(2026, 1, 6))  # no signal
    code = file(client, world, headers, "memoised").json()["code"]
    assert Dossier.objects.get(code=code).commitment_id == commitment.pk  # served from the memo
    commitment.valid_to = dt.date(2026, 1, 6)
    commitment.save()
    code = file(client, world, headers, "ended").json()["code"]
    assert Dossier.objects.get(code=code).commitment_id is None
