"""Issue 21 part 6, follow-up: each scan taken at a session names the required document (thành phần hồ sơ) it
satisfies, and the server checks that document belongs to the very procedure version received; a queue filled in
under one officer's sign-in is never received under another's; the sign-out page (which warns about the dossiers
not sent) and the "who is signed in" answer the intake page asks before sending."""

from __future__ import annotations

import base64
import datetime as dt

import time_machine
from django.urls import reverse

from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import ProcedureFactory
from motcua.outreach import access
from motcua.outreach.models import OutreachIntake

from .conftest import NOW
from .test_views import _scan, post_intake


def test_each_scan_is_stored_under_the_document_it_satisfies(ow, client):
    session = ow.plan()
    form, certificate = ow.birth.documents.order_by("order")
    client.force_login(ow.officer)
    with time_machine.travel(NOW, tick=False):
        response = post_intake(
            client,
            ow,
            session,
            presented=[],  # the scans stand for the documents presented
            **{
                f"file_{form.pk}": [_scan(name="to-khai.pdf")],
                f"file_{certificate.pk}": [_scan(b"%PDF-1.4\n% giay chung sinh\n", name="chung-sinh.pdf")],
            },
        )
    assert response.status_code == 201, response.content
    dossier = Dossier.objects.get()
    stored = {d.name: d.required_document_id for d in dossier.documents.all()}
    assert stored == {"to-khai.pdf": form.pk, "chung-sinh.pdf": certificate.pk}
    page = client.get(reverse("console:dossier", args=[dossier.code])).content.decode()
    assert "Tờ khai" in page and "Giấy chứng sinh" in page  # the received dossier names each scan's document


def test_a_scan_for_a_document_of_another_procedure_or_version_is_refused(ow, client):
    """The session offers the current version of "Đăng ký khai sinh": a document of another procedure offered at
    the same session, or of an older version of the same procedure, is refused in Vietnamese and claims no key."""
    session = ow.plan()
    older = ProcedureFactory(
        code=ow.birth.code, version=0, name=ow.birth.name, valid_from=dt.date(2020, 1, 1), valid_to=dt.date(2021, 1, 1)
    )
    foreign = ow.residence.documents.get()
    stale = older.documents.order_by("order").first()
    client.force_login(ow.officer)
    with time_machine.travel(NOW, tick=False):
        other_procedure = post_intake(client, ow, session, **{f"file_{foreign.pk}": [_scan()]})
        other_version = post_intake(client, ow, session, **{f"file_{stale.pk}": [_scan()]})
        malformed = post_intake(client, ow, session, **{"file_x1": [_scan()]})
        ticked = post_intake(client, ow, session, presented=[str(foreign.pk)])
        fixed = post_intake(client, ow, session)
    for refused in (other_procedure, other_version, malformed, ticked):
        assert refused.status_code == 400, refused.content
        assert refused.json()["code"] == "bad_document"
        assert "không thuộc thành phần hồ sơ của thủ tục này" in refused.json()["message"]
    assert fixed.status_code == 201  # nothing was claimed by the refused tries
    assert Dossier.objects.count() == 1


def test_the_same_scan_under_another_document_is_another_submission(ow, client):
    session = ow.plan()
    form, certificate = ow.birth.documents.order_by("order")
    client.force_login(ow.officer)
    with time_machine.travel(NOW, tick=False):
        first = post_intake(client, ow, session, **{f"file_{form.pk}": [_scan()]})
        replay = post_intake(client, ow, session, from_queue="1", **{f"file_{form.pk}": [_scan(name="khac.pdf")]})
        moved = post_intake(client, ow, session, **{f"file_{certificate.pk}": [_scan()]})
    assert first.status_code == 201 and replay.status_code == 200 and replay.json()["replayed"] is True
    assert moved.status_code == 409 and moved.json()["code"] == "key_conflict"
    assert Dossier.objects.count() == 1 and Dossier.objects.get().documents.count() == 1


def test_a_queue_of_another_officer_is_never_received(ow, client):
    """The page sends the id of the officer the queue was filled in under; another officer's sign-in gets 409
    other_officer (the page then erases the queue) and nothing is written, not even the key's claim."""
    session = ow.plan(officers=[ow.officer, ow.stay_home])
    client.force_login(ow.stay_home)
    with time_machine.travel(NOW, tick=False):
        refused = post_intake(client, ow, session, officer=str(ow.officer.pk))
        client.force_login(ow.officer)
        mine = post_intake(client, ow, session, officer=str(ow.officer.pk))
    assert refused.status_code == 409 and refused.json()["code"] == "other_officer"
    assert "cán bộ khác" in refused.json()["message"]
    assert mine.status_code == 201  # the same officer, signed in again, sends it once
    assert OutreachIntake.objects.get().officer == ow.officer and Dossier.objects.count() == 1


def test_who_is_signed_in(ow, client):
    url = reverse("outreach:who")
    answer = client.get(url)
    assert answer.status_code == 401 and answer.json()["code"] == "signed_out"
    client.force_login(ow.officer)
    answer = client.get(url)
    assert answer.json() == {"ok": True, "user": ow.officer.pk, "vault": access.vault_secret(ow.officer)}
    assert "no-cache" in answer["Cache-Control"] or "no-store" in answer["Cache-Control"]
    # The officer's secret that opens the queue's key on the laptop: 32 bytes, one per officer, stable.
    secret = answer.json()["vault"]
    assert len(base64.b64decode(secret)) == 32 and secret == access.vault_secret(ow.officer)
    assert access.vault_secret(ow.stay_home) != secret


def test_the_sign_out_page_asks_to_confirm(ow, client):
    client.force_login(ow.officer)
    url = reverse("accounts:logout")
    page = client.get(url, {"next": f"/luu-dong/{ow.plan().pk}/tiep-nhan/"})
    text = page.content.decode()
    assert page.status_code == 200
    assert 'id="sign-out-unsent"' in text and "hồ sơ chưa gửi" in text  # filled in by motcua.js from the laptop
    assert "data-sign-out-confirmed" in text and "/tiep-nhan/" in text  # "stay signed in" goes back
    assert 'href="https://example.org/"' not in client.get(url, {"next": "https://example.org/"}).content.decode()
    assert client.post(url).status_code == 302
    assert client.get(reverse("outreach:who")).status_code == 401  # signed out


def test_the_key_conflict_is_unchanged_by_the_officer_field(ow, client):
    """The officer id is not part of the request hash: an entry queued before the page sent it replays."""
    session = ow.plan()
    client.force_login(ow.officer)
    with time_machine.travel(NOW, tick=False):
        old = post_intake(client, ow, session)
        new = post_intake(client, ow, session, officer=str(ow.officer.pk))
    assert old.status_code == 201 and new.status_code == 200
