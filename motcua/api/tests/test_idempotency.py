import threading

import pytest
from django.db import connection, connections
from django.test import Client

from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import World
from motcua.integrations.models import IdempotencyRecord
from motcua.integrations.tests.factories import api_client, auth_header

from .helpers import new_dossier, post


@pytest.mark.django_db
def test_retry_with_the_same_key_returns_the_first_response_and_files_once(client, world, headers):
    first = post(client, "/api/v1/dossiers", new_dossier(world), headers, **{"Idempotency-Key": "k-1"})
    again = post(client, "/api/v1/dossiers", new_dossier(world), headers, **{"Idempotency-Key": "k-1"})
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Dossier.objects.count() == 1


@pytest.mark.django_db
def test_same_key_with_a_different_body_is_a_422(client, world, headers):
    post(client, "/api/v1/dossiers", new_dossier(world), headers, **{"Idempotency-Key": "k-2"})
    other = post(
        client, "/api/v1/dossiers", new_dossier(world, applicant_name="Lê Thị C"), headers, **{"Idempotency-Key": "k-2"}
    )
    assert other.status_code == 422
    assert other.json()["code"] == "idempotency_conflict"
    assert Dossier.objects.count() == 1


@pytest.mark.django_db
def test_different_keys_file_different_dossiers(client, world, headers):
    post(client, "/api/v1/dossiers", new_dossier(world), headers, **{"Idempotency-Key": "a"})
    post(client, "/api/v1/dossiers", new_dossier(world), headers, **{"Idempotency-Key": "b"})
    assert Dossier.objects.count() == 2


@pytest.mark.django_db
def test_keys_belong_to_their_client(client, world, headers):
    other_headers = auth_header(api_client(world.one_stop))
    post(client, "/api/v1/dossiers", new_dossier(world), headers, **{"Idempotency-Key": "shared"})
    post(client, "/api/v1/dossiers", new_dossier(world), other_headers, **{"Idempotency-Key": "shared"})
    assert Dossier.objects.count() == 2


@pytest.mark.django_db
def test_a_failed_write_does_not_keep_the_key(client, world, headers):
    bad = post(
        client, "/api/v1/dossiers", new_dossier(world, procedure_code="nope"), headers, **{"Idempotency-Key": "k-3"}
    )
    assert bad.status_code == 422
    assert not IdempotencyRecord.objects.exists()
    good = post(client, "/api/v1/dossiers", new_dossier(world), headers, **{"Idempotency-Key": "k-4"})
    assert good.status_code == 201


@pytest.mark.django_db
def test_action_retried_with_its_key_is_applied_once(client, world, headers):
    dossier = world.dossier_in("submitted")
    body = {"action": "request_supplement", "expected_version": 1, "items": ["Tờ khai"]}
    path = f"/api/v1/dossiers/{dossier.code}/actions"
    first = post(client, path, body, headers, **{"Idempotency-Key": "act-1"})
    again = post(client, path, body, headers, **{"Idempotency-Key": "act-1"})
    assert first.status_code == again.status_code == 200
    assert again.json()["version"] == 2
    assert dossier.events.count() == 2


@pytest.mark.django_db
def test_too_long_key_is_a_400(client, world, headers):
    response = post(client, "/api/v1/dossiers", new_dossier(world), headers, **{"Idempotency-Key": "x" * 256})
    assert response.status_code == 400
    assert response.json()["code"] == "bad_idempotency_key"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrent transactions need PostgreSQL")
def test_two_identical_concurrent_requests_file_exactly_one_dossier():
    world = World()
    headers = auth_header(api_client(world.one_stop))
    barrier = threading.Barrier(2)
    results = []

    def send():
        try:
            barrier.wait()
            response = post(Client(), "/api/v1/dossiers", new_dossier(world), headers, **{"Idempotency-Key": "race"})
            results.append((response.status_code, response.json()["code"]))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Dossier.objects.count() == 1
    assert [status for status, _code in results] == [201, 201]
    assert len({code for _status, code in results}) == 1
