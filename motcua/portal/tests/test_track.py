"""Public status look-up: second factor, rate limits, no leaks, no server errors on garbage."""

from __future__ import annotations

import pytest
from django.test import override_settings

from motcua.dossiers import services
from motcua.dossiers.choices import Action, DossierStatus
from motcua.dossiers.public import PUBLIC_EVENTS, PUBLIC_STATUS
from motcua.dossiers.tests.factories import World, vn

URL = "/tra-cuu/"
pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return World()


def lookup(client, code, digits, **extra):
    return client.post(URL, {"ma": code, "so": digits}, **extra)


def test_code_and_right_digits_show_status_dates_and_public_history(client, world):
    dossier = world.dossier_in(DossierStatus.IN_PROGRESS)

    response = lookup(client, dossier.code, "5678")

    assert response.status_code == 200
    html = response.content.decode()
    view = response.context["view"]
    assert view.code == dossier.code
    assert view.procedure_name == world.procedure.name
    assert [e.label for e in view.events] == [str(PUBLIC_EVENTS[Action.RECEIVE]), str(PUBLIC_EVENTS[Action.FORWARD])]
    # due date shown in Vietnam's day (received Mon 2 March 2026 09:00, 5 working days)
    assert "09/03/2026" in html
    assert "02/03/2026 09:00" in html


def test_public_history_has_no_officer_names_or_internal_steps(client, world):
    dossier = world.dossier_in(DossierStatus.AWAITING_SIGNATURE)

    html = lookup(client, dossier.code, "5678").content.decode()

    for officer in (world.counter, world.specialist, world.leader):
        assert officer.full_name not in html
    assert "Đủ điều kiện" not in html  # the appraisal opinion is internal
    assert "Nguyễn Văn An" not in html  # the applicant's name is not shown to whoever holds the code


def test_lowercase_code_with_spaces_is_accepted(client, world):
    dossier = world.dossier_in(DossierStatus.RECEIVED)

    response = lookup(client, f"  {dossier.code.lower()} ", "5678")

    assert response.status_code == 200
    assert response.context["view"].code == dossier.code


def test_wrong_digits_and_unknown_code_give_the_same_answer(client, world):
    dossier = world.dossier_in(DossierStatus.RECEIVED)

    wrong = lookup(client, dossier.code, "0000")
    unknown = lookup(client, "H22.99-260302-0001", "5678")

    assert wrong.status_code == unknown.status_code == 404
    assert "view" not in wrong.context
    assert wrong.context["not_found"] and unknown.context["not_found"]
    assert world.procedure.name not in wrong.content.decode()


def test_supplement_request_lists_the_items_to_provide(client, world):
    dossier = world.dossier_in(DossierStatus.SUBMITTED)
    world.act(
        services.dossier_request_supplement,
        dossier,
        at=vn(2026, 3, 2, 10, 0),
        officer=world.counter,
        items=["Bản sao giấy chứng sinh"],
    )

    response = lookup(client, dossier.code, "4321")

    assert response.context["view"].supplement_items == ("Bản sao giấy chứng sinh",)
    assert response.context["view"].status_label == str(PUBLIC_STATUS[DossierStatus.AWAITING_SUPPLEMENT][0])
    assert response.context["view"].due_at is None


@override_settings(MOTCUA_TRACK_LIMIT=(3, 600))
def test_failed_attempts_from_one_address_are_limited_even_with_the_right_digits_afterwards(client, world):
    dossier = world.dossier_in(DossierStatus.RECEIVED)
    for digits in ("0001", "0002", "0003"):
        assert lookup(client, dossier.code, digits).status_code == 404

    response = lookup(client, dossier.code, "5678")

    assert response.status_code == 429
    assert response.context["limited"]
    assert "view" not in response.context


@override_settings(MOTCUA_TRACK_LIMIT=(3, 600))
def test_one_code_is_limited_across_many_addresses(client, world):
    dossier = world.dossier_in(DossierStatus.RECEIVED)
    for n, digits in enumerate(("0001", "0002", "0003")):
        lookup(client, dossier.code, digits, REMOTE_ADDR=f"10.0.0.{n}")

    response = lookup(client, dossier.code, "5678", REMOTE_ADDR="10.0.0.99")

    assert response.status_code == 429


@override_settings(MOTCUA_TRACK_LIMIT=(3, 600))
def test_limit_on_one_address_does_not_block_another(client, world):
    dossier = world.dossier_in(DossierStatus.RECEIVED)
    for code in ("H22.99-260302-0001", "H22.99-260302-0002", "H22.99-260302-0003"):
        lookup(client, code, "1111", REMOTE_ADDR="10.0.0.1")

    response = lookup(client, dossier.code, "5678", REMOTE_ADDR="10.0.0.2")

    assert response.status_code == 200


def test_qr_link_prefills_the_code_and_focuses_the_digits(client):
    response = client.get(URL, {"ma": "H22.10-260302-0001"})

    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="H22.10-260302-0001"' in html
    assert "autofocus" in html


def test_script_in_inputs_is_escaped(client):
    payload = '<script>alert("x")</script>'

    get_html = client.get(URL, {"ma": payload}).content.decode()
    post_html = lookup(client, payload, payload).content.decode()

    for html in (get_html, post_html):
        assert payload not in html
        assert "&lt;script&gt;" in html


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"ma": ""},
        {"ma": "x" * 5000, "so": "1234"},
        {"ma": "H22.10-260302-0001", "so": "12a4"},
        {"ma": "H22.10-260302-0001", "so": "١٢٣٤"},  # Arabic-Indic digits are not phone digits here
        {"ma": "H22.10-999999-0001", "so": "1234"},  # impossible date
        {"ma": "'; DROP TABLE dossiers_dossier; --", "so": "1234"},
        {"ma": "\x00\x01", "so": "\x00\x00\x00\x00"},
    ],
)
def test_garbage_never_causes_a_server_error(client, data):
    response = client.post(URL, data)

    assert response.status_code in (400, 404)


def test_lookup_needs_csrf(world):
    from django.test import Client

    dossier = world.dossier_in(DossierStatus.RECEIVED)
    strict = Client(enforce_csrf_checks=True)

    response = strict.post(URL, {"ma": dossier.code, "so": "5678"})

    assert response.status_code == 403


def test_page_is_not_cached_by_browsers_or_proxies(client):
    response = client.get(URL)

    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


def test_the_public_lookup_reads_only_what_it_shows(world, django_assert_num_queries):
    """One query, and the applicant's name, ID number, address and e-mail are not even read."""
    from motcua.dossiers.selectors import dossier_get_public

    dossier = world.receive(at=vn(2026, 3, 2, 9, 0))
    with django_assert_num_queries(1):
        found = dossier_get_public(code=dossier.code, phone_last4="5678")
        assert found.procedure.name == world.procedure.name
    assert found.pk == dossier.pk
    deferred = found.get_deferred_fields()
    assert {"applicant_name", "applicant_id_number", "applicant_address", "applicant_email"} <= deferred
