"""Bundles in the API (issue 21 part 2): the definitions, filing a bundle with an Idempotency-Key, and the bundles
of the client's units with each agency's part and time — scoped like the officers' pages, refusals in Vietnamese."""

from __future__ import annotations

import pytest
import time_machine

from motcua.bundles.models import Bundle
from motcua.bundles.tests.conftest import BundleWorld
from motcua.dossiers.choices import Channel, DossierStatus
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import vn
from motcua.integrations.models import ApiClient
from motcua.integrations.tests.factories import api_client, auth_header

from .helpers import post


@pytest.fixture
def bw(db):
    return BundleWorld()


@pytest.fixture
def centre_headers(bw):
    return auth_header(api_client(bw.centre))


def payload(**changes) -> dict:
    data = {
        "definition_code": "LT-KHAISINH",
        "receiving_unit": "",
        "applicant_name": "Nguyễn Thị Mai",
        "applicant_phone": "0912345678",
        "subject_name": "Trần Minh Khang",
        "subject_date": "2026-02-20",
    }
    return data | changes


def file(client, bw, headers, **changes):
    with time_machine.travel(vn(2026, 3, 2, 10, 0), tick=False):
        return post(client, "/api/v1/bundles", payload(**({"receiving_unit": bw.centre.code} | changes)), headers)


def test_definitions_list_the_national_groups(bw, client, centre_headers):
    response = client.get("/api/v1/bundle-definitions", headers=centre_headers)
    assert response.status_code == 200
    birth = next(d for d in response.json() if d["code"] == "LT-KHAISINH")
    assert birth["total_limit_days"] == 3 and birth["verification_limit_days"] == 5 and birth["cutoff"] == "15:00"
    assert [(c["order"], c["role"], c["depends_on"]) for c in birth["components"]] == [
        (1, "receiving", []),
        (2, "police", [1]),
        (3, "social_insurance", [1]),
    ]


def test_filing_a_bundle_once_per_idempotency_key(bw, client, centre_headers):
    headers = centre_headers | {"Idempotency-Key": "lt-1"}
    first = file(client, bw, headers)
    assert first.status_code == 201, first.content
    body = first.json()
    assert body["code"].startswith("LT-") and body["channel"] == Channel.ONLINE and body["state"] == "submitted"
    assert body["due_at"].startswith("2026-03-05T10:00")  # 3 working days, before the 15:00 cut-off
    assert [p["agency"]["name"] for p in body["parts"]] == [bw.centre.name, bw.police.name, bw.insurance.name]
    bundle = Bundle.objects.get()
    assert bundle.filed_by == ApiClient.objects.get().user and bundle.applicant_user is None
    assert {p.dossier.status for p in bundle.parts.all()} == {DossierStatus.SUBMITTED}
    again = file(client, bw, headers)
    assert again.status_code == 201 and again.json()["code"] == body["code"]
    assert again["Idempotent-Replayed"] == "true"
    assert Bundle.objects.count() == 1 and Dossier.objects.count() == 3


@pytest.mark.parametrize(
    ("changes", "status", "message"),
    [
        ({"subject_date": "2019-01-01"}, 422, "dưới 6 tuổi"),
        ({"applicant_phone": ""}, 422, "số điện thoại hoặc thư điện tử"),
        ({"definition_code": "LT-KHONGCO"}, 422, "Mã nhóm liên thông không tồn tại: LT-KHONGCO"),
        ({"subject_name": ""}, 422, "subject_name"),
    ],
)
def test_refusals_are_clear_and_write_nothing(bw, client, centre_headers, changes, status, message):
    response = file(client, bw, centre_headers, **changes)
    assert response.status_code == status and message in str(response.json())
    assert not Bundle.objects.exists() and not Dossier.objects.exists()


def test_only_the_clients_units(bw, client, centre_headers):
    response = file(client, bw, centre_headers, receiving_unit=bw.other_committee.code)
    assert response.status_code == 403 and not Bundle.objects.exists()
    read_only = auth_header(api_client(bw.centre), "dossiers:read")
    assert file(client, bw, read_only).status_code == 403


def test_list_and_detail_are_scoped_and_carry_each_agencys_time(bw, client, centre_headers):
    code = file(client, bw, centre_headers).json()["code"]
    with time_machine.travel(vn(2026, 3, 2, 11, 0), tick=False):
        detail = client.get(f"/api/v1/bundles/{code}", headers=centre_headers)
        assert detail.status_code == 200
        birth, residence, _insurance = detail.json()["parts"]
        assert birth["used_hours"] == 1 and birth["budget_hours"] == 8 and birth["started_at"] is not None
        assert residence["started_at"] is None and residence["used_hours"] == 0  # waits for the birth part

        police = auth_header(api_client(bw.police))  # holds a part
        listed = client.get("/api/v1/bundles", headers=police).json()
        assert listed["count"] == 1 and listed["items"][0]["code"] == code
        other = auth_header(api_client(bw.other_committee))
        assert client.get("/api/v1/bundles", headers=other).json()["count"] == 0
        assert client.get(f"/api/v1/bundles/{code}", headers=other).status_code == 404
        filtered = client.get("/api/v1/bundles?definition=LT-KHAITU", headers=centre_headers).json()
        assert filtered["count"] == 0
