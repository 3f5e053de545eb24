"""The API exposes the committed due date of a dossier and the commitments of a procedure (deadlines.md §10)."""

import pytest
import time_machine

from motcua.dossiers.tests.factories import vn
from motcua.dossiers.tests.test_commitments import committed_world
from motcua.integrations.tests.factories import api_client, auth_header

pytestmark = pytest.mark.django_db


def test_dossier_read_and_procedure_read_carry_the_commitment(client):
    world = committed_world()
    headers = auth_header(api_client(world.one_stop))
    dossier = world.receive(at=vn(2026, 3, 6, 14, 0))
    body = client.get(f"/api/v1/dossiers/{dossier.code}", headers=headers).json()
    assert body["committed_due_at"].startswith("2026-03-09T01:30:00") or body["committed_due_at"].startswith(
        "2026-03-09T08:30:00+07:00"
    )
    assert body["due_at"] is not None and body["due_at"] != body["committed_due_at"]
    with time_machine.travel(vn(2026, 3, 6, 14, 0), tick=False):
        detail = client.get(f"/api/v1/catalog/procedures/{world.procedure.code}", headers=headers).json()
    assert detail["time_limits"][0]["value"] == 3  # the legal limit, unchanged
    [commitment] = detail["commitments"]
    assert (commitment["value"], commitment["unit"], commitment["decision_number"]) == (
        4,
        "working_hours",
        "15/QĐ-UBND",
    )


def test_a_dossier_without_a_commitment_reads_null(client):
    from motcua.dossiers.tests.factories import World

    world = World()
    headers = auth_header(api_client(world.one_stop))
    dossier = world.receive(at=vn(2026, 3, 6, 14, 0))
    assert client.get(f"/api/v1/dossiers/{dossier.code}", headers=headers).json()["committed_due_at"] is None
