"""The forward box of a commune-level dossier: the deciding units are the receiving commune's and the province's,
never another commune's committee (ND 61/2018 art 19.5: liên thông at the same level stays in the receiving unit's
hierarchy), unless the procedure is boundary-free (phi địa giới, ND 118/2025 — received at any one-stop unit of the
province and sent on to the competent commune). The console offers only those units and the service refuses the
others, in Vietnamese, whatever is posted."""

from __future__ import annotations

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from motcua.bundles.tests.conftest import BundleWorld
from motcua.catalog.selectors import procedure_get_current
from motcua.dossiers import services
from motcua.dossiers.choices import Action, DossierStatus
from motcua.dossiers.errors import TransitionNotAllowed
from motcua.dossiers.tests.factories import vn

S = DossierStatus
pytestmark = pytest.mark.django_db
ONSTAGE = vn(2026, 3, 2, 9, 0)


@pytest.fixture
def bw(db):
    return BundleWorld()


def received(bw, *, boundary_free=False):
    procedure = procedure_get_current("1.001193")  # birth registration, a commune-level procedure
    procedure.boundary_free = boundary_free
    procedure.save(update_fields=["boundary_free"])
    with time_machine.travel(ONSTAGE, tick=False):
        return services.dossier_receive_at_counter(
            officer=bw.centre_officer,
            unit=bw.centre,
            procedure=procedure,
            applicant_name="Nguyễn Thị Mai",
            applicant_phone="0912345678",
            presented_document_ids=[],
        )


def forward_form(client, bw, dossier):
    client.force_login(bw.centre_officer)
    with time_machine.travel(ONSTAGE, tick=False):
        response = client.get(reverse("console:dossier", args=[dossier.code]))
    assert response.status_code == 200
    (item,) = [i for i in response.context["action_forms"] if i["action"] == Action.FORWARD]
    return item["form"]


def offered(field) -> set[str]:
    names = set()
    for _value, label in field.choices:
        names |= {name for _v, name in label} if isinstance(label, list | tuple) else {label}
    return names


def test_the_forward_box_offers_no_other_communes_committee(client, bw):
    dossier = received(bw)
    form = forward_form(client, bw, dossier)
    for field in ("to_unit", "parallel"):
        names = offered(form.fields[field])
        assert "Ủy ban nhân dân xã Tân Lập" in names and "Công an tỉnh" in names
        assert "Ủy ban nhân dân xã Tân Phú" not in names
    assert form.initial["to_unit"] == str(bw.committee.pk)  # the receiving commune's committee, pre-selected


def test_a_crafted_forward_to_another_commune_is_refused_not_a_500(client, bw):
    dossier = received(bw)
    client.force_login(bw.centre_officer)
    with time_machine.travel(ONSTAGE, tick=False):
        response = client.post(
            reverse("console:dossier_action", args=[dossier.code, Action.FORWARD]),
            {"expected_version": dossier.version, "forward-to_unit": bw.other_committee.pk, "forward-note": ""},
        )
    assert response.status_code == 400
    (item,) = [i for i in response.context["action_forms"] if i["action"] == Action.FORWARD]
    assert "to_unit" in item["form"].errors  # not one of the offered units
    dossier.refresh_from_db()
    assert dossier.status == S.RECEIVED and dossier.current_unit == bw.centre


@pytest.mark.parametrize("parallel", [False, True])
def test_the_service_refuses_another_commune_in_vietnamese(bw, parallel):
    dossier = received(bw)
    targets = [bw.committee, bw.other_committee] if parallel else [bw.other_committee]
    with translation.override("vi"), time_machine.travel(ONSTAGE, tick=False):
        with pytest.raises(TransitionNotAllowed) as refused:
            services.dossier_forward(
                officer=bw.centre_officer, dossier=dossier, expected_version=dossier.version, to_units=targets
            )
        message = str(refused.value.message)
    assert refused.value.code == "foreign_commune"
    assert message == "Ủy ban nhân dân xã Tân Phú thuộc xã khác: hồ sơ này do xã đã tiếp nhận giải quyết."
    dossier.refresh_from_db()
    assert dossier.status == S.RECEIVED and not dossier.events.filter(action=Action.FORWARD).exists()


def test_the_normal_forward_to_the_communes_committee_and_the_police_works(client, bw):
    dossier = received(bw)
    client.force_login(bw.centre_officer)
    with time_machine.travel(ONSTAGE, tick=False):
        response = client.post(
            reverse("console:dossier_action", args=[dossier.code, Action.FORWARD]),
            {
                "expected_version": dossier.version,
                "forward-to_unit": bw.committee.pk,
                "forward-parallel": [bw.police.pk],
                "forward-note": "Chuyển xử lý",
            },
        )
    assert response.status_code == 302, [str(m) for m in response.context["messages"]] + [
        f["form"].errors for f in response.context["action_forms"] if f["form"].is_bound
    ]
    dossier.refresh_from_db()
    assert dossier.status == S.IN_PROGRESS and dossier.current_unit == bw.committee
    event = dossier.events.get(action=Action.FORWARD)
    assert [s["unit"] for s in event.data["steps"]] == [bw.committee.pk, bw.police.pk]


def test_a_boundary_free_procedure_may_go_to_the_competent_commune(client, bw):
    """ND 118/2025 (phi địa giới): the applicant may file at any one-stop unit of the province; the receiving
    commune sends the dossier on to the commune that decides it."""
    dossier = received(bw, boundary_free=True)
    form = forward_form(client, bw, dossier)
    assert "Ủy ban nhân dân xã Tân Phú" in offered(form.fields["to_unit"])
    with time_machine.travel(ONSTAGE, tick=False):
        services.dossier_forward(
            officer=bw.centre_officer, dossier=dossier, expected_version=dossier.version, to_units=[bw.other_committee]
        )
    dossier.refresh_from_db()
    assert dossier.status == S.IN_PROGRESS and dossier.current_unit == bw.other_committee


REFERENCE = settings.MOTCUA_SHARED_DATA.parent / "reference" / "onestop-rules.md"


@pytest.mark.shared_data
@pytest.mark.skipif(not REFERENCE.is_file(), reason="../shared/reference is absent")
def test_the_exception_is_the_published_boundary_free_rule(client, bw):
    """The rule's two sources as quoted in shared/reference/onestop-rules.md, read at test time: liên thông at the
    same level is arranged by the receiving one-stop unit (ND 61/2018 art 19.5), and boundary-free reception
    (ND 118/2025) lets a commune's procedure be filed at any one-stop unit of the province — the one case where the
    receiving commune sends a commune's dossier to another commune."""
    text = " ".join(REFERENCE.read_text(encoding="utf-8").split())
    assert "Liên thông: same level → the one-stop unit fixes order, lead agency and per-agency limits" in text
    assert "accept, regardless of boundary within the province: province TTHC; any commune's TTHC" in text
    assert "Ủy ban nhân dân xã Tân Phú" in offered(
        forward_form(client, bw, received(bw, boundary_free=True)).fields["to_unit"]
    )
