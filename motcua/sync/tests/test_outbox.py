import pytest
import time_machine
from django.db import transaction

from motcua.dossiers import services as dossier_services
from motcua.dossiers.choices import DossierStatus
from motcua.dossiers.tests.factories import vn
from motcua.sync.choices import OutboxStatus, Topic
from motcua.sync.models import OutboxMessage
from motcua.sync.services import outbox_dispatch_batch

S = DossierStatus


class Boom(Exception):
    pass


def test_each_dossier_event_queues_one_message_with_the_national_fields(world):
    dossier = world.dossier_in(S.IN_PROGRESS)
    messages = list(OutboxMessage.objects.filter(dossier=dossier).order_by("seq"))
    assert [(m.seq, m.topic, m.payload["TrangThaiHoSo"]) for m in messages] == [
        (1, Topic.CREATED, 2),
        (2, Topic.STATUS_CHANGED, 4),
    ]
    first = messages[0].payload
    assert (first["MaHoSo"], first["KenhThucHien"], first["NgayTiepNhan"]) == (dossier.code, 1, "20260302090000")
    assert first["NgayHenTra"] == "20260309090000"


def test_a_rolled_back_action_leaves_no_outbox_message(world):
    with pytest.raises(Boom), transaction.atomic():
        world.receive()
        raise Boom
    assert OutboxMessage.objects.count() == 0


def test_signing_the_result_is_a_result_message_with_the_e_result_codes(world, national):
    dossier = world.dossier_in(S.AWAITING_SIGNATURE)
    with time_machine.travel(vn(2026, 3, 3, 9, 0), tick=False):
        dossier_services.dossier_sign(officer=world.leader, dossier=dossier, expected_version=dossier.version)
    outbox_dispatch_batch(worker="w1")
    message = OutboxMessage.objects.get(dossier=dossier, topic=Topic.RESULT)
    assert (message.status, message.payload["TrangThaiHoSo"]) == (OutboxStatus.DISPATCHED, 9)
    assert message.payload["NgayKetThucXuLy"] == "20260303090000"
    assert message.payload["MaTTHC"] == world.procedure.code


def test_dispatch_creates_one_delivery_per_subscribed_endpoint(world, national):
    world.dossier_in(S.RECEIVED)
    outbox_dispatch_batch(worker="w1")
    message = OutboxMessage.objects.get()
    assert list(message.deliveries.values_list("endpoint", flat=True)) == [national.pk]
    assert message.payload["MaCoQuan"] == world.one_stop.e_identifier


def test_the_outbox_holds_no_personal_data(world):
    world.dossier_in(S.RECEIVED)
    text = str(OutboxMessage.objects.get().payload)
    assert ("Nguyễn Văn An" in text, "0912345678" in text, "an@example.com" in text) == (False, False, False)


def test_national_time_is_strftime_of_the_vietnam_time():
    """Formatted field by field for speed (five per message): the text of `strftime(DATE_FORMAT)`."""
    import datetime as dt
    import random

    from motcua.sync.payload import DATE_FORMAT, VN_TZ, national_time

    rng = random.Random(20)
    origin = dt.datetime(1000, 1, 1, tzinfo=dt.UTC)
    for _ in range(5000):
        moment = origin + dt.timedelta(seconds=rng.randrange(0, 1200 * 365 * 86400), microseconds=rng.randrange(10**6))
        moment = moment.astimezone(VN_TZ) if rng.random() < 0.5 else moment
        assert national_time(moment) == moment.astimezone(VN_TZ).strftime(DATE_FORMAT)
    assert national_time(None) == ""
    assert national_time(dt.datetime(2026, 3, 3, 2, 0, 5, tzinfo=dt.UTC)) == "20260303090005"
