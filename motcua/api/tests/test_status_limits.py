"""The API status look-up holds the same limits as the portal's page (issue 18, finding 3): misses count per
dossier code in the shared budget, and a `status:read` token reads only dossiers of its client's units."""

import pytest

from motcua.integrations.tests.factories import api_client, auth_header

pytestmark = pytest.mark.django_db


def _status(client, headers, code, digits):
    return client.get(f"/api/v1/status?code={code}&phone_last4={digits}", headers=headers)


def test_guessing_the_phone_digits_of_one_code_is_stopped_after_the_limit(client, world, headers, settings):
    settings.MOTCUA_TRACK_LIMIT = (10, 600)
    dossier = world.receive()
    misses = [_status(client, headers, dossier.code, f"{n:04d}").status_code for n in range(10)]
    assert misses == [404] * 10
    limited = _status(client, headers, dossier.code, "5678")  # the right digits, too late
    assert limited.status_code == 429
    assert "detail" in limited.json()


def test_the_per_code_budget_is_shared_with_the_portal_page(client, world, headers, settings):
    settings.MOTCUA_TRACK_LIMIT = (3, 600)
    dossier = world.receive()
    for digits in ("0001", "0002", "0003"):
        client.post("/tra-cuu/", {"ma": dossier.code, "so": digits}, REMOTE_ADDR=f"10.1.0.{digits[-1]}")
    assert _status(client, headers, dossier.code, "5678").status_code == 429


def test_other_codes_keep_their_own_budget(client, world, headers, settings):
    settings.MOTCUA_TRACK_LIMIT = (2, 600)
    first, second = world.receive(), world.receive()
    for digits in ("0001", "0002"):
        _status(client, headers, first.code, digits)
    assert _status(client, headers, second.code, "5678").status_code == 200


def test_a_token_reads_only_dossiers_of_its_clients_units(client, world):
    from motcua.dossiers.tests.factories import OneStopFactory

    dossier = world.receive()
    elsewhere = auth_header(api_client(OneStopFactory()), "status:read")
    assert _status(client, elsewhere, dossier.code, "5678").status_code == 404
    own = auth_header(api_client(world.one_stop), "status:read")
    assert _status(client, own, dossier.code, "5678").status_code == 200
