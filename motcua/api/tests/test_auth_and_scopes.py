import datetime as dt

import pytest
from django.utils import timezone
from django.utils.translation import gettext

from motcua.integrations import services
from motcua.integrations.models import ApiToken
from motcua.integrations.tests.factories import api_client, auth_header

pytestmark = pytest.mark.django_db


def test_request_without_token_is_refused_with_401(client, world):
    response = client.get("/api/v1/dossiers")
    assert response.status_code == 401
    assert response.json() == {"detail": gettext("A valid bearer token is required.")}
    assert response["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize("value", ["Bearer nonsense", "Bearer mc_abc_def", "Token x", "Bearer mc__", "Bearer "])
def test_malformed_or_unknown_token_is_refused_with_401(client, portal, value):
    response = client.get("/api/v1/dossiers", headers={"Authorization": value})
    assert response.status_code == 401
    assert set(response.json()) == {"detail"}


def test_token_with_a_wrong_secret_is_refused(client, portal):
    good = auth_header(portal)["Authorization"]
    response = client.get("/api/v1/dossiers", headers={"Authorization": good[:-3] + "xyz"})
    assert response.status_code == 401


def test_revoked_token_is_refused(client, portal):
    issued = services.api_token_issue(client=portal, scopes=["dossiers:read"])
    services.api_token_revoke(token=issued.token)
    response = client.get("/api/v1/dossiers", headers={"Authorization": f"Bearer {issued.secret}"})
    assert response.status_code == 401


def test_expired_token_is_refused(client, portal):
    headers = auth_header(portal, "dossiers:read", expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert client.get("/api/v1/dossiers", headers=headers).status_code == 401


def test_token_of_a_deactivated_client_is_refused(client, portal):
    headers = auth_header(portal, "dossiers:read")
    services.api_client_deactivate(client=portal)
    assert client.get("/api/v1/dossiers", headers=headers).status_code == 401


def test_token_without_the_scope_gets_403(client, portal):
    headers = auth_header(portal, "catalog:read")
    response = client.get("/api/v1/dossiers", headers=headers)
    assert response.status_code == 403
    assert response.json() == {"detail": gettext("This token lacks the scope %(scope)s.") % {"scope": "dossiers:read"}}


def test_only_the_hash_of_the_secret_is_stored(portal):
    issued = services.api_token_issue(client=portal, scopes=["dossiers:read"])
    secret_part = issued.secret.split("_", 2)[2]
    row = ApiToken.objects.get(pk=issued.token.pk)
    assert secret_part not in row.secret_hash
    assert len(row.secret_hash) == 64
    assert issued.secret.startswith(f"mc_{row.prefix}_")


def test_use_of_a_token_is_recorded(client, portal):
    issued = services.api_token_issue(client=portal, scopes=["dossiers:read"])
    client.get("/api/v1/dossiers", headers={"Authorization": f"Bearer {issued.secret}"})
    issued.token.refresh_from_db()
    assert issued.token.last_used_at is not None


def test_rate_limit_answers_429_with_retry_after(client, world, settings):
    settings.MOTCUA_API_RATE_LIMIT = "3/60"
    headers = auth_header(api_client(world.one_stop), "dossiers:read")
    statuses = [client.get("/api/v1/dossiers", headers=headers).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/v1/dossiers", headers=headers)
    assert response.json() == {"detail": gettext("Too many requests; retry later.")}
    assert 1 <= int(response["Retry-After"]) <= 60


def test_rate_limit_is_counted_per_token(client, world, settings):
    settings.MOTCUA_API_RATE_LIMIT = "1/60"
    portal = api_client(world.one_stop)
    first, second = auth_header(portal, "dossiers:read"), auth_header(portal, "dossiers:read")
    assert client.get("/api/v1/dossiers", headers=first).status_code == 200
    assert client.get("/api/v1/dossiers", headers=second).status_code == 200
    assert client.get("/api/v1/dossiers", headers=first).status_code == 429


def test_client_rate_limit_overrides_the_site_default(client, world, settings):
    settings.MOTCUA_API_RATE_LIMIT = "100/60"
    headers = auth_header(api_client(world.one_stop, rate_limit=1), "dossiers:read")
    assert client.get("/api/v1/dossiers", headers=headers).status_code == 200
    assert client.get("/api/v1/dossiers", headers=headers).status_code == 429
