"""Writes of the synchronisation domain: enqueue (inside the dossier transaction), dispatch, deliver, replay.

Retry policy: attempt n failed → wait min(base · 2^(n−1), max) seconds, multiplied by a random factor in
[0.5, 1] (jitter, so receivers coming back are not hit by every worker at once); after `max_attempts` failed
attempts the delivery is a dead letter until someone replays it. Deliveries of one dossier to one endpoint go in
event order: a delivery is not sent while an earlier one of the same dossier is undelivered (or not yet
dispatched), so the receiver never sees status 5 before 4.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import random
from collections.abc import Callable, Iterable

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from motcua.core.db import insert_blind
from motcua.dossiers.choices import Action, DossierStatus
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.integrations import links
from motcua.integrations.choices import LinkKind
from motcua.integrations.dvcqg import adapter as dvcqg
from motcua.integrations.dvcqg.client import LgspConfig

from . import claims, payload, signing, transport
from .choices import DeliveryStatus, EndpointKind, OutboxStatus, Topic
from .conf import sync_settings
from .models import Delivery, DeliveryAttempt, OutboxMessage, SyncEndpoint

logger = logging.getLogger("motcua.sync")

RESULT_STATES = {DossierStatus.RESULT_READY, DossierStatus.REJECTED, DossierStatus.DELIVERED}


def topic_for(event: DossierEvent) -> str:
    if not event.from_status:
        return Topic.CREATED
    if event.to_status in RESULT_STATES and event.action in (Action.SIGN, Action.REJECT, Action.DELIVER):
        return Topic.RESULT
    if event.from_status != event.to_status:
        return Topic.STATUS_CHANGED
    return Topic.UPDATED


def outbox_enqueue_event(*, dossier: Dossier, event: DossierEvent) -> OutboxMessage | None:
    """Queue one dossier event for synchronisation. Called by the dossier engine for every event, inside the
    action's transaction: the message exists if and only if the event was committed (transactional outbox)."""
    if not sync_settings().enabled:
        return None
    message = OutboxMessage(
        topic=topic_for(event),
        dossier=dossier,
        event=event,
        seq=event.seq,
        payload=payload.dossier_fields(dossier),
        created_at=event.created_at,
    )
    # Nothing reads its id back: on PostgreSQL it goes with the event's other blind writes in one round trip
    # (`core.db.writes_batched`, around every in-transaction subscriber); the returned row has no pk.
    insert_blind(message)
    return message


def endpoint_create(
    *,
    name: str,
    kind: str,
    url: str,
    summary_url: str = "",
    secret: str = "",
    topics: list[str] | None = None,
    timeout_seconds: float | None = None,
    auth_url: str = "",
    username: str = "",
    password: str = "",
    unit_code: str = "",
) -> SyncEndpoint:
    if kind not in EndpointKind.values:
        raise ValueError(f"unknown endpoint kind {kind!r}")
    unknown = set(topics or ()) - set(Topic.values)
    if unknown:
        raise ValueError(f"unknown topics: {', '.join(sorted(unknown))}")
    endpoint = SyncEndpoint(
        name=name,
        kind=kind,
        url=url,
        summary_url=summary_url,
        secret=secret,
        topics=list(topics or []),
        timeout_seconds=timeout_seconds,
        auth_url=auth_url,
        username=username,
        password=password,
        unit_code=unit_code,
    )
    endpoint.full_clean()
    endpoint.save()
    return endpoint


# --- dispatch: one outbox message → one delivery per subscribed endpoint ------------------------------------


def outbox_dispatch_batch(*, worker: str, now: dt.datetime | None = None) -> int:
    """Fan out a batch of pending messages; returns how many messages were dispatched."""
    conf = sync_settings()
    now = now or timezone.now()
    pending = OutboxMessage.objects.filter(status=OutboxStatus.PENDING)
    ids = claims.claim(pending, worker=worker, limit=conf.batch, lease=conf.lease, now=now)
    endpoints = list(SyncEndpoint.objects.all())  # an inactive endpoint is paused: its deliveries wait
    done = 0
    for message in OutboxMessage.objects.filter(id__in=ids).select_related(
        "dossier__procedure", "dossier__receiving_unit"
    ):
        with transaction.atomic():
            body = dict(message.payload)
            if message.dossier is not None:
                body |= payload.reference_fields(dossier=message.dossier, seq=message.seq)
            for endpoint in endpoints:
                if endpoint.wants(message.topic):
                    Delivery.objects.get_or_create(
                        message=message,
                        endpoint=endpoint,
                        defaults={"dossier_id_copy": message.dossier_id, "seq": message.seq},
                    )
            if claims.release(
                OutboxMessage,
                row_id=message.pk,
                worker=worker,
                payload=body,
                status=OutboxStatus.DISPATCHED,
                dispatched_at=timezone.now(),
            ):
                done += 1
            else:  # the lease ran out and another worker owns the message: undo our fan-out
                transaction.set_rollback(True)
    return done


# --- delivery ---------------------------------------------------------------------------------------------


def backoff_seconds(attempts: int, *, base: float, cap: float, rng: random.Random | None = None) -> float:
    """Wait after the `attempts`-th failure: exponential, capped, with jitter in [50 %, 100 %]."""
    doublings: int = 2 ** max(attempts - 1, 0)
    delay = min(base * doublings, cap)
    jitter: float = (rng or random).uniform(0.5, 1.0)
    return delay * jitter


def deliverable(now: dt.datetime) -> QuerySet[Delivery]:
    """Pending deliveries that are due and have no earlier undelivered event of the same dossier."""
    earlier_delivery = Delivery.objects.filter(
        endpoint=OuterRef("endpoint"), dossier_id_copy=OuterRef("dossier_id_copy"), seq__lt=OuterRef("seq")
    ).exclude(status=DeliveryStatus.DELIVERED)
    earlier_message = OutboxMessage.objects.filter(
        dossier_id=OuterRef("dossier_id_copy"), seq__lt=OuterRef("seq"), status=OutboxStatus.PENDING
    )
    return (
        Delivery.objects.filter(status=DeliveryStatus.PENDING, endpoint__active=True)
        .filter(claims.due(now))
        .exclude(Exists(earlier_delivery))
        .exclude(Exists(earlier_message))
    )


def request_for(delivery: Delivery) -> tuple[bytes, dict[str, str]]:
    """Body and headers of a webhook: an envelope around the outbox payload (the national portal is sent the
    LGSP records instead, `national_portal_send`)."""
    message, endpoint = delivery.message, delivery.endpoint
    document = {
        "id": str(message.uuid),
        "topic": message.topic,
        "seq": message.seq,
        "occurred_at": message.created_at.isoformat(),
        "data": message.payload,
    }
    body = json.dumps(document, ensure_ascii=False, sort_keys=True).encode()
    headers = {
        "X-Motcua-Message-Id": str(message.uuid),
        "X-Motcua-Topic": message.topic,
        "X-Motcua-Sequence": str(message.seq),
    }
    if endpoint.secret:
        headers[signing.HEADER] = signing.sign(secret=endpoint.secret, body=body)
    return body, headers


def link_name(endpoint: SyncEndpoint) -> str:
    return f"sync:{endpoint.pk}:{endpoint.name}"[:100]


def lgsp_config(endpoint: SyncEndpoint, *, timeout: float) -> LgspConfig:
    return LgspConfig(
        auth_url=endpoint.auth_url,
        service_url=endpoint.url,
        username=endpoint.username,
        password=endpoint.password,
        unit_code=endpoint.unit_code,
        timeout=timeout,
    )


def national_portal_send(delivery: Delivery, *, timeout: float) -> dvcqg.Reply:
    """The LGSP contract (motcua.integrations.dvcqg): the envelope is built now from the dossier, so the outbox
    row never holds the applicant's data."""
    message = delivery.message
    dossier = None
    if message.dossier_id is not None:
        dossier = (
            Dossier.objects.select_related("procedure__field", "current_unit").filter(pk=message.dossier_id).first()
        )
    if dossier is None:
        return dvcqg.Reply(None, "", "no dossier", 0)
    event = None
    if message.event_id is not None:
        event = DossierEvent.objects.select_related("actor", "unit", "dossier").filter(pk=message.event_id).first()
    return dvcqg.deliver(config=lgsp_config(delivery.endpoint, timeout=timeout), dossier=dossier, event=event)


def delivery_send(*, delivery_id: int, worker: str) -> str | None:
    """One attempt of a delivery this worker has claimed; returns the new status (None if the lease was lost)."""
    conf = sync_settings()
    # Renew the lease right before sending (fenced by claimed_by): a slow batch can outlive the first lease,
    # and a row another worker took over meanwhile is skipped instead of being sent twice.
    renewed = Delivery.objects.filter(id=delivery_id, claimed_by=worker).update(
        lease_until=timezone.now() + dt.timedelta(seconds=conf.lease)
    )
    if not renewed:
        return None
    delivery = Delivery.objects.select_related("message", "endpoint").get(pk=delivery_id)
    link = link_name(delivery.endpoint)
    paused_until = links.link_open_until(name=link)
    if paused_until is not None:
        # Circuit open: the far side is down. Not an attempt; the delivery keeps its place in the outbox.
        if not claims.release(Delivery, row_id=delivery.pk, worker=worker, next_attempt_at=paused_until):
            return None
        return DeliveryStatus.PENDING
    timeout = delivery.endpoint.timeout_seconds or conf.timeout
    started = timezone.now()
    reply: dvcqg.Reply | transport.Response
    if delivery.endpoint.kind == EndpointKind.NATIONAL_PORTAL:
        reply = national_portal_send(delivery, timeout=timeout)
        unreachable = reply.unreachable
    else:
        body, headers = request_for(delivery)
        reply = transport.post(url=delivery.endpoint.url, body=body, headers=headers, timeout=timeout)
        unreachable = reply.status is None or reply.status >= 500
    kind = LinkKind.NATIONAL_PORTAL if delivery.endpoint.kind == EndpointKind.NATIONAL_PORTAL else LinkKind.WEBHOOK
    if reply.ok:
        links.link_succeeded(name=link, kind=kind, duration_ms=reply.duration_ms)
    else:
        links.link_failed(name=link, kind=kind, error=reply.error, counts=unreachable)
    attempts = delivery.attempts + 1
    DeliveryAttempt.objects.create(
        delivery=delivery,
        number=attempts,
        worker=worker[:64],
        started_at=started,
        duration_ms=reply.duration_ms,
        response_status=reply.status,
        error=reply.error[:255],
        response_excerpt=reply.body[:500],
    )
    changes: dict[str, object] = {
        "attempts": attempts,
        "response_status": reply.status,
        "response_body": reply.body[:2000],
    }
    status: str = DeliveryStatus.PENDING
    if reply.ok:
        status = DeliveryStatus.DELIVERED
        changes |= {"status": status, "delivered_at": timezone.now(), "last_error": ""}
    elif attempts >= conf.max_attempts:
        status = DeliveryStatus.DEAD
        changes |= {"status": status, "last_error": reply.error[:255]}
    else:
        wait = backoff_seconds(attempts, base=conf.backoff_base, cap=conf.backoff_max)
        changes |= {"next_attempt_at": timezone.now() + dt.timedelta(seconds=wait), "last_error": reply.error[:255]}
    if not claims.release(Delivery, row_id=delivery.pk, worker=worker, **changes):
        return None
    logger.info(
        "sync.delivery",
        extra={"delivery_id": delivery.pk, "endpoint_id": delivery.endpoint_id, "status": status, "http": reply.status},
    )
    return status


def delivery_send_batch(
    *, worker: str, now: dt.datetime | None = None, stop: Callable[[], bool] = lambda: False
) -> int:
    """Claim a batch of deliverable rows and attempt each; returns how many attempts were made."""
    conf = sync_settings()
    now = now or timezone.now()
    ids = claims.claim(deliverable(now), worker=worker, limit=conf.batch, lease=conf.lease, now=now)
    sent = 0
    for position, delivery_id in enumerate(ids):
        if stop():  # graceful stop: give the rest of the batch back at once
            Delivery.objects.filter(id__in=ids[position:], claimed_by=worker).update(claimed_by="", lease_until=None)
            break
        if delivery_send(delivery_id=delivery_id, worker=worker) is not None:
            sent += 1
    return sent


def delivery_replay(*, deliveries: Iterable[Delivery | int | str]) -> int:
    """Send again (dead letters, or delivered ones an integrator lost): back to pending, attempts reset.

    Receivers must ignore a message whose `X-Motcua-Sequence` is lower than the last one applied for the dossier
    (docs/sync.md), so a replayed old event never rolls a dossier back."""
    ids = [d.pk if isinstance(d, Delivery) else int(d) for d in deliveries]
    # Replaying says "the far side is back": close the breakers of the endpoints concerned.
    for endpoint in SyncEndpoint.objects.filter(deliveries__id__in=ids).distinct():
        links.link_reset(name=link_name(endpoint))
    reset = {
        "status": DeliveryStatus.PENDING,
        "attempts": 0,
        "next_attempt_at": None,
        "last_error": "",
        "claimed_by": "",
        "lease_until": None,
    }
    return Delivery.objects.filter(id__in=ids).update(**reset)


def outbox_purge(*, older_than: dt.timedelta) -> int:
    """Delete dispatched messages older than `older_than` whose deliveries all succeeded (their log goes too)."""
    limit = timezone.now() - older_than
    open_delivery = Delivery.objects.filter(message=OuterRef("pk")).exclude(status=DeliveryStatus.DELIVERED)
    old = OutboxMessage.objects.filter(status=OutboxStatus.DISPATCHED, dispatched_at__lt=limit).exclude(
        Exists(open_delivery)
    )
    ids = list(old.values_list("id", flat=True))
    Delivery.objects.filter(message_id__in=ids).delete()
    OutboxMessage.objects.filter(id__in=ids).delete()
    return len(ids)
