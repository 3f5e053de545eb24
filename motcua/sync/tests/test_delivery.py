import datetime as dt
import json
import random

import time_machine
from django.utils import timezone

from motcua.dossiers import services as dossier_services
from motcua.dossiers.choices import DossierStatus
from motcua.dossiers.tests.factories import vn
from motcua.sync import claims, signing
from motcua.sync.choices import DeliveryStatus, EndpointKind
from motcua.sync.models import Delivery, DeliveryAttempt
from motcua.sync.services import (
    backoff_seconds,
    deliverable,
    delivery_replay,
    delivery_send,
    endpoint_create,
    outbox_dispatch_batch,
)
from motcua.sync.testing import FAIL, TIMEOUT, NationalPortalMock, fail_first_request
from motcua.sync.worker import Worker

S = DossierStatus


def drain() -> None:
    Worker(name="test-worker", reminders=False).drain()


def test_worker_delivers_every_event_and_logs_the_attempt(world, national, portal):
    dossier = world.dossier_in(S.IN_PROGRESS)
    drain()
    assert portal.records[dossier.code]["TrangThaiHoSo"] == 4
    assert list(Delivery.objects.values_list("status", flat=True)) == [DeliveryStatus.DELIVERED] * 2
    attempt = DeliveryAttempt.objects.order_by("id").first()
    assert (attempt.number, attempt.response_status, attempt.worker) == (1, 200, "test-worker")


def test_a_failed_delivery_waits_an_exponential_backoff_with_jitter(world, national, portal, settings):
    settings.MOTCUA_SYNC |= {"BACKOFF_BASE": 60}
    portal.mode = FAIL
    world.dossier_in(S.RECEIVED)
    before = timezone.now()
    drain()
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_status) == (DeliveryStatus.PENDING, 1, 500)
    assert before + dt.timedelta(seconds=30) <= delivery.next_attempt_at <= timezone.now() + dt.timedelta(seconds=60)
    drain()  # not due yet: no second attempt
    assert Delivery.objects.get().attempts == 1


def test_a_due_retry_is_sent_and_succeeds(world, national, portal, settings):
    settings.MOTCUA_SYNC |= {"BACKOFF_BASE": 60}
    portal.mode = FAIL
    dossier = world.dossier_in(S.RECEIVED)
    drain()
    portal.mode = "accept"
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=2)):
        drain()
    assert (Delivery.objects.get().status, portal.records[dossier.code]["TrangThaiHoSo"]) == (
        DeliveryStatus.DELIVERED,
        2,
    )


def test_backoff_doubles_up_to_the_cap_and_keeps_half_to_all_of_it():
    rng = random.Random(7)
    waits = [backoff_seconds(n, base=10, cap=100, rng=rng) for n in range(1, 7)]
    bounds = [(5, 10), (10, 20), (20, 40), (40, 80), (50, 100), (50, 100)]
    assert [low <= wait <= high for wait, (low, high) in zip(waits, bounds, strict=True)] == [True] * 6


def test_a_delivery_is_a_dead_letter_after_the_maximum_attempts(world, national, portal):
    portal.mode = FAIL
    world.dossier_in(S.RECEIVED)
    drain()
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.log.count()) == (DeliveryStatus.DEAD, 5, 5)
    assert delivery.last_error == "HTTP 500"


def test_replaying_a_dead_letter_sends_it_again(world, national, portal):
    portal.mode = FAIL
    dossier = world.dossier_in(S.RECEIVED)
    drain()
    portal.mode = "accept"
    assert delivery_replay(deliveries=Delivery.objects.filter(status=DeliveryStatus.DEAD)) == 1
    drain()
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.log.count()) == (DeliveryStatus.DELIVERED, 1, 6)
    assert portal.records[dossier.code]["TrangThaiHoSo"] == 2


def test_a_timeout_is_a_failed_attempt_and_does_not_hang_the_worker(world, national, portal, settings):
    settings.MOTCUA_SYNC |= {"TIMEOUT": 0.2, "MAX_ATTEMPTS": 2}
    portal.mode = TIMEOUT
    world.dossier_in(S.RECEIVED)
    drain()
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.last_error, delivery.response_status) == (DeliveryStatus.DEAD, "timeout", None)


def test_a_dossier_later_event_waits_until_the_earlier_one_is_delivered(world, national, portal, settings):
    settings.MOTCUA_SYNC |= {"BACKOFF_BASE": 600}
    portal.plan = fail_first_request
    dossier = world.dossier_in(S.AWAITING_APPROVAL)
    drain()
    assert portal.arrivals == []  # event 1 failed and waits; events 2 and 3 may not overtake it
    with time_machine.travel(timezone.now() + dt.timedelta(hours=1)):
        drain()
    assert portal.arrivals == [(dossier.code, 1), (dossier.code, 2), (dossier.code, 3)]


def test_a_webhook_is_signed_and_the_receiver_verifies_it(world):
    with NationalPortalMock(secret="s3cret") as hook:
        endpoint_create(name="integrator", kind=EndpointKind.WEBHOOK, url=hook.url + "/hook", secret="s3cret")
        dossier = world.dossier_in(S.RECEIVED)
        drain()
    assert (hook.bad_signatures, hook.records[dossier.code]["TrangThaiHoSo"]) == (0, 2)


def test_a_webhook_with_the_wrong_secret_is_refused_and_retried(world):
    with NationalPortalMock(secret="right") as hook:
        endpoint_create(name="integrator", kind=EndpointKind.WEBHOOK, url=hook.url + "/hook", secret="wrong")
        world.dossier_in(S.RECEIVED)
        drain()
    assert (hook.bad_signatures, hook.records, Delivery.objects.get().response_status) == (5, {}, 401)


def test_signature_verification_rejects_a_changed_body_and_an_old_timestamp():
    body = json.dumps({"MaHoSo": "H22.10-260302-0001"}).encode()
    header = signing.sign(secret="k", body=body, timestamp=1_800_000_000)
    assert signing.verify(secret="k", body=body, header=header, now=1_800_000_010)
    assert not signing.verify(secret="k", body=body + b" ", header=header, now=1_800_000_010)
    assert not signing.verify(secret="k", body=body, header=header, now=1_800_000_400)
    assert not signing.verify(secret="other", body=body, header=header, now=1_800_000_010)


def test_an_inactive_endpoint_gets_nothing_until_switched_back_on(world, national, portal):
    national.active = False
    national.save()
    dossier = world.dossier_in(S.RECEIVED)
    with time_machine.travel(vn(2026, 3, 2, 10, 0), tick=False):
        dossier_services.dossier_forward(
            officer=world.counter, dossier=dossier, expected_version=dossier.version, to_units=[world.department]
        )
    drain()
    assert portal.requests == 0
    national.active = True
    national.save()
    drain()
    assert portal.arrivals == [(dossier.code, 1), (dossier.code, 2)]


def test_a_worker_that_lost_its_lease_does_not_send(world, national, portal):
    world.dossier_in(S.RECEIVED)
    outbox_dispatch_batch(worker="a")
    now = timezone.now()
    [delivery_id] = claims.claim(deliverable(now), worker="a", limit=10, lease=0.001, now=now)
    later = now + dt.timedelta(seconds=1)
    assert claims.claim(deliverable(later), worker="b", limit=10, lease=60, now=later) == [delivery_id]
    assert delivery_send(delivery_id=delivery_id, worker="a") is None
    assert (portal.requests, delivery_send(delivery_id=delivery_id, worker="b")) == (0, DeliveryStatus.DELIVERED)
