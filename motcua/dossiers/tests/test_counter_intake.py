"""Counter intake beyond the happy path: forms 02/03 recorded as dossiers with their history (ND 61/2018 art
17.1(b)–(c)), the supplement continuing the same dossier, and the intake details printed on form 01."""

from __future__ import annotations

import pytest
import time_machine

from motcua.dossiers import services
from motcua.dossiers.choices import Action, DeliveryMethod, DossierStatus
from motcua.dossiers.codes import parse_dossier_code
from motcua.dossiers.errors import DossierError, DossierPermissionDenied, TransitionNotAllowed
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import dossier_missing_documents
from motcua.dossiers.tests.factories import vn

pytestmark = pytest.mark.django_db
S = DossierStatus
APPLICANT = {"applicant_name": "Lê Văn Cường", "applicant_phone": "0911222333", "applicant_address": "Số 5 Trần Phú"}


def _first_document(world):
    return world.procedure.documents.order_by("order").first()


def _supplement_at_counter(world, **kwargs):
    with time_machine.travel(vn(2026, 3, 2, 9, 0), tick=False):
        return services.dossier_request_supplement_at_counter(
            officer=world.counter,
            unit=world.one_stop,
            procedure=world.procedure,
            presented_document_ids=[_first_document(world).pk],
            **APPLICANT,
            **kwargs,
        )


def test_missing_documents_are_the_mandatory_components_not_presented(world):
    first = _first_document(world)
    assert [d.name for d in dossier_missing_documents(world.procedure, [first.pk])] == ["Giấy chứng sinh"]
    assert dossier_missing_documents(world.procedure, world.all_documents()) == []


def test_counter_supplement_request_is_recorded_with_every_missing_item_at_once(world):
    dossier = _supplement_at_counter(world, extra_items=["Tờ khai ký lại", "  "])
    events = list(dossier.events.order_by("seq"))
    assert dossier.status == S.AWAITING_SUPPLEMENT
    assert [e.action for e in events] == [Action.PRESENT, Action.REQUEST_SUPPLEMENT]
    assert events[1].data["items"] == ["Giấy chứng sinh", "Tờ khai ký lại"]
    assert parse_dossier_code(dossier.code)[1].isoformat() == "2026-03-02"
    assert (dossier.register_number, dossier.clock_started_at, dossier.due_at) == (None, None, None)


def test_supplement_brought_back_continues_the_same_dossier_and_starts_the_clock(world):
    dossier = _supplement_at_counter(world)
    dossier = world.act(services.dossier_supplement_received, dossier, at=vn(2026, 3, 4, 9, 0), officer=world.counter)
    assert dossier.status == S.SUBMITTED
    dossier = world.act(
        services.dossier_receive,
        dossier,
        at=vn(2026, 3, 4, 9, 5),
        officer=world.counter,
        presented_document_ids=world.all_documents(),
    )
    assert dossier.status == S.RECEIVED
    assert Dossier.objects.count() == 1
    assert dossier.clock_started_at == vn(2026, 3, 4, 9, 5)
    assert [e.action for e in dossier.events.order_by("seq")] == [
        Action.PRESENT,
        Action.REQUEST_SUPPLEMENT,
        Action.SUPPLEMENT_RECEIVED,
        Action.RECEIVE,
    ]


def test_counter_refusal_is_recorded_with_its_reason(world):
    with time_machine.travel(vn(2026, 3, 2, 9, 0), tick=False):
        dossier = services.dossier_refuse_at_counter(
            officer=world.counter,
            unit=world.one_stop,
            procedure=world.procedure,
            reason="Không thuộc thẩm quyền giải quyết",
            **APPLICANT,
        )
    assert dossier.status == S.REFUSED
    assert dossier.finished_at == vn(2026, 3, 2, 9, 0)
    assert dossier.events.order_by("-seq").first().reason == "Không thuộc thẩm quyền giải quyết"


def test_counter_refusal_without_a_reason_records_nothing(world):
    with pytest.raises(TransitionNotAllowed):
        services.dossier_refuse_at_counter(
            officer=world.counter, unit=world.one_stop, procedure=world.procedure, reason="  ", **APPLICANT
        )
    assert not Dossier.objects.exists()


def test_supplement_request_with_nothing_missing_records_nothing(world):
    with pytest.raises(TransitionNotAllowed):
        services.dossier_request_supplement_at_counter(
            officer=world.counter,
            unit=world.one_stop,
            procedure=world.procedure,
            presented_document_ids=world.all_documents(),
            **APPLICANT,
        )
    assert not Dossier.objects.exists()


def test_only_counter_staff_record_a_dossier_at_the_counter(world):
    with pytest.raises(DossierPermissionDenied):
        services.dossier_request_supplement_at_counter(
            officer=world.specialist, unit=world.one_stop, procedure=world.procedure, **APPLICANT
        )
    assert not Dossier.objects.exists()


def test_reception_stores_how_the_result_is_collected_and_the_sets(world):
    dossier = world.receive(result_delivery=DeliveryMethod.POST, result_address="Hộp thư 12, Hạ Long", sets_count=2)
    assert (dossier.result_delivery, dossier.result_address, dossier.sets_count) == ("post", "Hộp thư 12, Hạ Long", 2)


def test_result_by_post_defaults_to_the_applicant_address(world):
    dossier = world.receive(result_delivery=DeliveryMethod.POST, applicant_address="Số 1 Lê Lợi")
    assert dossier.result_address == "Số 1 Lê Lợi"


@pytest.mark.parametrize(
    "details,code",
    [
        ({"result_delivery": DeliveryMethod.POST}, "address_required"),
        ({"result_delivery": "pigeon"}, "delivery_required"),
        ({"sets_count": 0}, "bad_sets_count"),
    ],
)
def test_bad_intake_details_are_refused_and_nothing_is_stored(world, details, code):
    with pytest.raises(DossierError) as error:
        world.receive(**details)
    assert error.value.code == code
    assert not Dossier.objects.exists()
