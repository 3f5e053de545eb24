"""The population look-up against the loopback SOAP double: contract, consent, register, logs, breaker, checks."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
import requests

from motcua.integrations import checks
from motcua.integrations.choices import ConsentMethod, LookupOutcome, LookupPurpose
from motcua.integrations.dancu.client import WSDL
from motcua.integrations.dancu.double import NS, SOAP11
from motcua.integrations.dancu.models import PopulationLookup
from motcua.integrations.dancu.services import (
    PopulationLookupError,
    population_lookup,
    population_lookup_attach,
    subject_hash,
)
from motcua.integrations.models import LinkHealth

from .conftest import PERSON

pytestmark = pytest.mark.django_db

BIRTH = dt.date(1990, 4, 15)


def lookup(world, **overrides):
    values = {
        "officer": world.counter,
        "id_number": "079203001234",
        "full_name": "Lê  Thị Hoa",
        "birth_date": BIRTH,
        "purpose": LookupPurpose.INTAKE,
        "consent_method": ConsentMethod.SIGNED_AT_COUNTER,
    }
    return population_lookup(**(values | overrides))


def test_found_citizen_comes_back_and_the_lookup_is_registered(world, configured):
    result = lookup(world)
    assert result.citizen.full_name == "Lê Thị Hoa"
    assert result.citizen.permanent_address == PERSON["NoiThuongTru"]
    assert result.citizen.birth_date == "15/04/1990"
    row = PopulationLookup.objects.get()
    assert (row.officer, row.purpose, row.outcome, row.consent_method) == (
        world.counter,
        "intake",
        LookupOutcome.FOUND,
        "signed_at_counter",
    )
    assert row.subject_hash == subject_hash("079203001234") != "079203001234"
    assert configured.requests == [{"MaYeuCau": str(row.request_id), "MaCanBo": world.counter.get_username()}]
    assert configured.rejections == []


def test_no_match_is_not_an_error_and_is_registered(world, configured):
    result = lookup(world, birth_date=dt.date(1990, 4, 16))
    assert result.citizen is None
    assert PopulationLookup.objects.get().outcome == LookupOutcome.NOT_FOUND


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"id_number": "07920300123"}, "12 chữ số"),
        ({"id_number": "07920300123a"}, "12 chữ số"),
        ({"full_name": "  "}, "họ và tên"),
        ({"consent_method": ""}, "đồng ý"),
        ({"purpose": "curiosity"}, "mục đích"),
    ],
)
def test_bad_input_or_no_consent_sends_nothing(world, configured, overrides, message):
    with pytest.raises(PopulationLookupError, match=message):
        lookup(world, **overrides)
    assert configured.requests == [] and not PopulationLookup.objects.exists()


def test_logs_carry_ids_but_no_personal_data(world, configured, caplog):
    caplog.set_level(logging.DEBUG)
    lookup(world)
    text = " ".join(f"{r.getMessage()} {r.__dict__}" for r in caplog.records)
    assert "dancu.lookup" in text
    for secret in ("079203001234", "Hoa", "15/04/1990", "Trần Phú"):
        assert secret not in text


def test_attach_links_the_lookup_to_the_dossier_it_served(world, configured):
    result = lookup(world)
    dossier = world.receive()
    assert not population_lookup_attach(
        officer=world.manager, request_id=str(result.lookup.request_id), dossier=dossier
    )
    assert population_lookup_attach(officer=world.counter, request_id=str(result.lookup.request_id), dossier=dossier)
    assert dossier.population_lookups.count() == 1
    assert not population_lookup_attach(officer=world.counter, request_id="not-a-uuid", dossier=dossier)


def _post(double, body: str, action: str = f"{NS}/TraCuuThongTinCongDan"):
    return requests.post(
        double.url,
        data=body.encode(),
        headers={"Content-Type": "text/xml; charset=utf-8", "SOAPAction": f'"{action}"'},
        timeout=5,
    )


def _envelope(namespace: str = NS, **fields) -> str:
    values = {
        "MaYeuCau": "1",
        "MaDVC": "DVC-LD",
        "MaTichHop": "MOTCUA-LD",
        "MaCanBo": "canbo",
        "SoDinhDanh": "079203001234",
        "HoVaTen": "Lê Thị Hoa",
        "NgayThangNamSinh": "15/04/1990",
    } | fields
    inner = "".join(f"<d:{k}>{v}</d:{k}>" for k, v in values.items() if v is not None)
    return (
        f'<soap:Envelope xmlns:soap="{SOAP11}" xmlns:d="{namespace}"><soap:Body>'
        f"<d:TraCuuThongTinCongDan>{inner}</d:TraCuuThongTinCongDan></soap:Body></soap:Envelope>"
    )


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (_envelope(namespace="http://dancu.example"), "unknown operation"),
        (_envelope(MaCanBo=None), "MaCanBo missing"),
        (_envelope(SoDinhDanh="79203001234"), "12 digits"),
        (_envelope(NgayThangNamSinh="1990-04-15"), "dd/MM/yyyy"),
        (_envelope(NgayThangNamSinh="31/02/1990"), "not a date"),
        (_envelope(MaTichHop="KHAC"), "MaTichHop"),
        (_envelope().replace(SOAP11, "http://www.w3.org/2003/05/soap-envelope"), "SOAP 1.1"),
    ],
)
def test_the_double_refuses_a_malformed_envelope_with_a_fault(double, body, reason):
    response = _post(double, body)
    assert response.status_code == 500
    assert b"<soap:Fault>" in response.content
    assert reason in double.rejections[-1]


def test_the_double_answers_a_well_formed_envelope(double):
    response = _post(double, _envelope())
    assert response.status_code == 200
    assert b"<tns:MaKetQua>00</tns:MaKetQua>" in response.content
    assert _post(double, _envelope(), action="http://dancuquocgia.bca/Khac").status_code == 500


def test_the_wsdl_is_shipped_and_names_the_published_contract():
    text = WSDL.read_text(encoding="utf-8")
    assert 'targetNamespace="http://dancuquocgia.bca"' in text
    for field in ("MaYeuCau", "MaDVC", "MaTichHop", "MaCanBo", "SoDinhDanh", "HoVaTen", "NgayThangNamSinh"):
        assert f'name="{field}"' in text


def test_a_fault_is_a_refusal_that_does_not_trip_the_breaker(world, configured, settings):
    settings.MOTCUA_DANCU = settings.MOTCUA_DANCU | {"SERVICE_CODE": "SAI"}
    for _ in range(3):
        with pytest.raises(PopulationLookupError, match="từ chối"):
            lookup(world)
    link = LinkHealth.objects.get(name="dancu")
    assert (link.errors, link.failures, link.open_until) == (3, 0, None)
    assert set(PopulationLookup.objects.values_list("outcome", flat=True)) == {LookupOutcome.REFUSED}


def test_a_down_link_opens_the_breaker_and_later_calls_are_not_sent(world, configured):
    configured.down = True
    for _ in range(2):
        with pytest.raises(PopulationLookupError, match="không kết nối được"):
            lookup(world)
    assert LinkHealth.objects.get(name="dancu").open_until is not None
    configured.down = False
    with pytest.raises(PopulationLookupError, match="không kết nối được"):
        lookup(world)
    assert configured.requests == []  # the open breaker kept the third call home
    assert PopulationLookup.objects.filter(outcome=LookupOutcome.UNAVAILABLE).count() == 3


def test_unconfigured_link_refuses_with_a_clear_message(world, settings):
    settings.MOTCUA_DANCU = {}
    with pytest.raises(PopulationLookupError, match="Chưa cấu hình"):
        lookup(world)


def test_deploy_check_refuses_the_double_and_a_half_configured_link(configured, settings):
    assert [e.id for e in checks.check_population_link(None)] == ["motcua.E107"]
    settings.MOTCUA_DANCU = {"ENDPOINT": "https://lgsp.lamdong.gov.vn/dancu"}
    assert [e.id for e in checks.check_population_link(None)] == ["motcua.E106"]
    settings.MOTCUA_DANCU = {
        "ENDPOINT": "https://lgsp.lamdong.gov.vn/dancu",
        "SERVICE_CODE": "a",
        "INTEGRATION_CODE": "b",
    }
    assert checks.check_population_link(None) == []
    settings.MOTCUA_DANCU = {}
    assert [e.id for e in checks.check_population_link(None)] == ["motcua.W106"]


def test_indicator_4_5_counts_dossiers_served_by_a_found_lookup_or_an_assured_account(world, configured):
    from motcua.accounts.choices import UserKind
    from motcua.accounts.services import user_create
    from motcua.integrations.dancu.selectors import population_data_rate
    from motcua.sso.models import ExternalIdentity

    served, plain, online = world.receive(), world.receive(), world.receive()
    result = lookup(world)
    population_lookup_attach(officer=world.counter, request_id=str(result.lookup.request_id), dossier=served)
    missed = lookup(world, birth_date=dt.date(2000, 1, 1))  # no match: not population data
    population_lookup_attach(officer=world.counter, request_id=str(missed.lookup.request_id), dossier=plain)
    citizen = user_create(username="vneid-hoa", password=None, kind=UserKind.CITIZEN, full_name="Lê Thị Hoa")
    ExternalIdentity.objects.create(user=citizen, provider="vneid", issuer="https://id", subject="1", acr="muc-do-2")
    type(online).objects.filter(pk=online.pk).update(applicant_user=citizen)
    rate = population_data_rate(start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31))
    assert (rate.numerator, rate.denominator) == (2, 3)
    assert population_data_rate(start=dt.date(2026, 4, 1), end=dt.date(2026, 4, 30)).denominator == 0


def test_a_transient_failure_is_retried_with_backoff(world, configured, settings):
    settings.MOTCUA_DANCU = settings.MOTCUA_DANCU | {"RETRIES": 2}
    configured.fail_next = 2
    assert lookup(world).citizen.full_name == "Lê Thị Hoa"
    assert configured.fail_next == 0 and len(configured.requests) == 1
    configured.fail_next = 3
    with pytest.raises(PopulationLookupError, match="không kết nối được"):
        lookup(world)
