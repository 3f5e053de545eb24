"""Outreach sessions in the API: scoped to the client's units, with the session report's figures, no personal
data, filters checked."""

from __future__ import annotations

import pytest
import time_machine

from motcua.integrations.tests.factories import api_client, auth_header
from motcua.outreach import services
from motcua.outreach.choices import SessionStatus
from motcua.outreach.tests.conftest import NOW, OutreachWorld


@pytest.fixture
def ow(db):
    with time_machine.travel(NOW, tick=False):
        yield OutreachWorld()


KEYS = ("0d4a7c1e-0000-4000-8000-000000000001", "0d4a7c1e-0000-4000-8000-000000000002")


def _receive(ow, session, key, *, from_queue=False):
    fields = {"procedure": str(ow.birth.pk), "applicant_name": "Lò Văn Páo"}
    with time_machine.travel(NOW, tick=False):
        return services.session_intake(
            officer=ow.officer,
            session=session,
            key=key,
            request_hash=services.submission_fingerprint(fields),
            procedure=ow.birth,
            presented_document_ids=ow.docs(ow.birth),
            from_queue=from_queue,
            applicant_name="Lò Văn Páo",
            applicant_phone="0912345678",
        )


def _session(ow: OutreachWorld, **kwargs):
    with time_machine.travel(NOW, tick=False):
        return ow.plan(**kwargs)


def test_sessions_of_the_clients_units_with_their_figures(client, ow):
    session = _session(ow)
    _receive(ow, session, KEYS[0])
    _receive(ow, session, KEYS[1], from_queue=True)
    headers = auth_header(api_client(ow.centre), "metrics:read")
    response = client.get("/api/v1/outreach/sessions", headers=headers)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["id"] == session.pk and item["status"] == "held" and item["place"] == "Thôn Đồng Tâm"
    assert item["figures"]["received"] == 2 and item["figures"]["live"] == 1 and item["figures"]["from_queue"] == 1
    by_code = {row["code"]: row["received"] for row in item["figures"]["by_procedure"]}
    assert by_code == {ow.birth.code: 2, ow.residence.code: 0}
    assert "Lò Văn Páo" not in response.content.decode() and "0912345678" not in response.content.decode()
    detail = client.get(f"/api/v1/outreach/sessions/{session.pk}", headers=headers)
    assert detail.status_code == 200 and detail.json()["figures"]["received"] == 2


def test_another_units_sessions_are_not_seen(client, ow):
    session = _session(ow)
    headers = auth_header(api_client(ow.elsewhere), "metrics:read")
    assert client.get("/api/v1/outreach/sessions", headers=headers).json()["count"] == 0
    assert client.get(f"/api/v1/outreach/sessions/{session.pk}", headers=headers).status_code == 404
    refused = client.get(f"/api/v1/outreach/sessions?unit={ow.centre.code}", headers=headers)
    assert refused.status_code == 403


def test_the_scope_is_needed(client, ow):
    session = _session(ow)
    headers = auth_header(api_client(ow.centre), "dossiers:read")
    assert client.get(f"/api/v1/outreach/sessions/{session.pk}", headers=headers).status_code == 403


def test_filters_by_day_and_status(client, ow):
    import datetime as dt

    first = _session(ow)
    _session(ow, day=dt.date(2026, 3, 12), place="Thôn Trung")
    with time_machine.travel(NOW, tick=False):
        services.session_mark(officer=ow.manager, session=first, status=SessionStatus.HELD)
    headers = auth_header(api_client(ow.centre), "metrics:read")
    later = client.get("/api/v1/outreach/sessions?date_from=2026-03-10", headers=headers).json()
    assert [item["place"] for item in later["items"]] == ["Thôn Trung"]
    held = client.get("/api/v1/outreach/sessions?status=held", headers=headers).json()
    assert [item["id"] for item in held["items"]] == [first.pk]
    reversed_window = client.get("/api/v1/outreach/sessions?date_from=2026-03-10&date_to=2026-03-01", headers=headers)
    assert reversed_window.status_code == 422 and "ngày" in reversed_window.json()["detail"]
