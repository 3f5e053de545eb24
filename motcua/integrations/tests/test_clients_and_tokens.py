import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from motcua.accounts.choices import Role
from motcua.cli import run
from motcua.dossiers.tests.factories import OneStopFactory
from motcua.integrations import services
from motcua.integrations.models import ApiClient, IdempotencyRecord
from motcua.integrations.tests.factories import api_client

pytestmark = pytest.mark.django_db


def test_client_acts_through_a_service_account_with_the_counter_role_in_its_units():
    unit = OneStopFactory()
    client = api_client(unit)
    memberships = list(client.user.memberships.values_list("unit_id", "role", "is_active"))
    assert memberships == [(unit.pk, Role.COUNTER_OFFICER, True)]
    assert not client.user.has_usable_password()


def test_deactivating_a_client_ends_its_memberships():
    client = api_client(OneStopFactory())
    services.api_client_deactivate(client=client)
    assert not client.user.memberships.filter(is_active=True).exists()


def test_unknown_scope_is_refused():
    with pytest.raises(services.IntegrationError):
        services.api_token_issue(client=api_client(OneStopFactory()), scopes=["dossiers:delete"])


def test_authentication_accepts_only_the_full_secret():
    issued = services.api_token_issue(client=api_client(OneStopFactory()), scopes=["dossiers:read"])
    assert services.token_authenticate(issued.secret) == issued.token
    assert services.token_authenticate(issued.secret + "x") is None
    assert services.token_authenticate(issued.secret.replace("mc_", "xx_")) is None


def test_old_idempotency_records_are_purged():
    client = api_client(OneStopFactory())
    IdempotencyRecord.objects.create(
        client=client, key="old", request_hash="h", created_at=timezone.now() - dt.timedelta(days=2)
    )
    IdempotencyRecord.objects.create(client=client, key="new", request_hash="h")
    assert services.idempotency_purge() == 1
    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["new"]


def test_command_creates_a_client_and_prints_the_token_once(capsys):
    unit = OneStopFactory()
    call_command(
        "api_client", "create", "Cổng DVC", "--kind", "national_portal", "--unit", unit.code, "--scope", "dossiers:read"
    )
    out = capsys.readouterr().out
    secret = out.strip().splitlines()[-1]
    client = ApiClient.objects.get(name="Cổng DVC")
    assert services.token_authenticate(secret).client == client
    call_command("api_client", "list")
    listed = capsys.readouterr().out
    assert "Cổng DVC [national_portal, active]" in listed
    assert secret not in listed


@pytest.mark.parametrize(
    "argv",
    [
        ["create", "X", "--unit", "NOWHERE", "--scope", "dossiers:read"],
        ["create", "X", "--scope", "dossiers:read"],
        ["create", "X", "--unit", "U", "--scope", "everything"],
        ["create", "X", "--unit", "U", "--kind", "robot", "--scope", "dossiers:read"],
        ["token", "nobody", "--scope", "dossiers:read"],
        ["revoke", "mc_000000000000"],
        [],
    ],
)
def test_command_bad_input_is_a_command_error(argv):
    OneStopFactory(code="U")
    with pytest.raises(CommandError):
        call_command("api_client", *argv)


def test_console_command_maps_api_client(capsys):
    assert run(["api-client", "revoke", "mc_missing"]) == 1
    assert "unknown token" in capsys.readouterr().err
