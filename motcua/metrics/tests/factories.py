"""A province with two one-stop centres and a season of dossiers driven through the real services, across
February–April 2026, covering every way a dossier moves through the period report."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import factory

from motcua.datastore.models import DocumentReuse
from motcua.datastore.tests.factories import StoredDocumentFactory
from motcua.dossiers import services
from motcua.dossiers.choices import DocumentKind, DossierStatus
from motcua.dossiers.models import DossierDocument
from motcua.dossiers.tests.factories import FieldFactory, World, vn
from motcua.feedback.choices import RatingChannel
from motcua.feedback.models import Rating
from motcua.feedback.tests.factories import CitizenFactory
from motcua.sync.choices import DeliveryStatus, EndpointKind, OutboxStatus, Topic
from motcua.sync.models import Delivery, OutboxMessage, SyncEndpoint
from motcua.units.tests.factories import ProvinceFactory

S = DossierStatus


def finish(world: World, dossier, *, at: dt.datetime):
    """Appraise, approve and sign, one hour apart, starting at `at`."""
    dossier = world.act(services.dossier_appraise, dossier, at=at, officer=world.specialist, opinion="Đủ điều kiện")
    dossier = world.act(services.dossier_approve, dossier, at=at + dt.timedelta(hours=1), officer=world.leader)
    return world.act(services.dossier_sign, dossier, at=at + dt.timedelta(hours=2), officer=world.leader)


def receive_online(world: World, dossier, *, at: dt.datetime):
    docs = world.all_documents()
    return world.act(services.dossier_receive, dossier, at=at, officer=world.counter, presented_document_ids=docs)


def forward(world: World, dossier, *, at: dt.datetime):
    return world.act(services.dossier_forward, dossier, at=at, officer=world.counter, to_units=[world.department])


@dataclass
class Season:
    province: object
    a: World  # civil status (Hộ tịch), 5 working days
    b: World  # land (Đất đai), 10 working days
    dossiers: dict = field(default_factory=dict)


def build_season() -> Season:
    """Expected figures are spelled out in the tests (test_period_report.py)."""
    province = ProvinceFactory()
    a = World()
    b = World(field=FieldFactory(name="Đất đai"), time_limit_value=10)
    for world in (a, b):
        world.one_stop.parent = province
        world.one_stop.save()
    season = Season(province, a, b)
    d = season.dossiers

    # Received in February, resolved on its due day before the due moment (due Thu 5/3 09:00): on time.
    d["a11"] = a.dossier_in(S.IN_PROGRESS, at=vn(2026, 2, 26, 9, 0))
    d["a11"] = finish(a, d["a11"], at=vn(2026, 3, 5, 6, 30))
    # Received, resolved and delivered on Mon 2/3: early.
    d["a1"] = a.dossier_in(S.DELIVERED)
    # Due Mon 9/3, signed 18/3: late.
    d["a2"] = finish(a, a.dossier_in(S.IN_PROGRESS), at=vn(2026, 3, 18, 9, 0))
    # Received 25/3 (due 1/4), never finished: within time at the end of March, overdue at the end of April.
    d["a3"] = a.dossier_in(S.IN_PROGRESS, at=vn(2026, 3, 25, 9, 0))
    # Online: supplement at reception, then received 12/3 10:00 (due 19/3 10:00), signed 19/3 09:00: on time.
    d["a4"] = a.dossier_in(S.SUBMITTED, at=vn(2026, 3, 10, 9, 0))
    d["a4"] = a.act(
        services.dossier_request_supplement, d["a4"], at=vn(2026, 3, 10, 10, 0), officer=a.counter, items=["Tờ khai"]
    )
    d["a4"] = a.act(services.dossier_supplement_received, d["a4"], at=vn(2026, 3, 12, 9, 0), officer=a.counter)
    d["a4"] = forward(a, receive_online(a, d["a4"], at=vn(2026, 3, 12, 10, 0)), at=vn(2026, 3, 12, 11, 0))
    d["a4"] = finish(a, d["a4"], at=vn(2026, 3, 19, 7, 0))
    # Online, submitted 30/3, refused at reception 1/4 (carried over into April, refused there).
    d["a5"] = a.dossier_in(S.SUBMITTED, at=vn(2026, 3, 30, 9, 0))
    d["a5"] = a.act(
        services.dossier_refuse_reception, d["a5"], at=vn(2026, 4, 1, 9, 0), officer=a.counter, reason="Sai thẩm quyền"
    )
    # Withdrawn: received 16/3, withdrawal requested 17/3, stopped 18/3.
    d["a6"] = a.receive(at=vn(2026, 3, 16, 9, 0))
    d["a6"] = a.act(services.dossier_request_withdrawal, d["a6"], at=vn(2026, 3, 17, 9, 0), officer=a.counter)
    d["a6"] = a.act(services.dossier_stop, d["a6"], at=vn(2026, 3, 18, 9, 0), officer=a.counter, reason="Rút hồ sơ")
    # By post, suspended 17/3 (waiting at the end of March), stopped 3/4.
    d["a7"] = a.receive(at=vn(2026, 3, 16, 9, 0), channel="post")
    d["a7"] = a.act(
        services.dossier_suspend, d["a7"], at=vn(2026, 3, 17, 9, 0), officer=a.counter, reason="Công dân đề nghị"
    )
    d["a7"] = a.act(services.dossier_stop, d["a7"], at=vn(2026, 4, 3, 9, 0), officer=a.counter, reason="Quá hạn chờ")
    # Supplement during appraisal 27/3 (waiting at the end of March), back 6/4 (clock restarts), signed 7/4: early.
    d["a8"] = a.dossier_in(S.IN_PROGRESS, at=vn(2026, 3, 26, 9, 0))
    d["a8"] = a.act(
        services.dossier_request_supplement, d["a8"], at=vn(2026, 3, 27, 9, 0), officer=a.specialist, items=["Bản sao"]
    )
    d["a8"] = a.act(services.dossier_supplement_received, d["a8"], at=vn(2026, 4, 6, 9, 0), officer=a.counter)
    d["a8"] = finish(a, d["a8"], at=vn(2026, 4, 7, 9, 0))
    # Extended 5/3 to 20/3, signed 13/3: early (it would be late against the original 9/3).
    d["a9"] = a.dossier_in(S.IN_PROGRESS)
    d["a9"] = a.act(
        services.dossier_extend,
        d["a9"],
        at=vn(2026, 3, 5, 10, 0),
        officer=a.leader,
        new_due_at=vn(2026, 3, 20, 17, 0),
        apology="Xin lỗi vì cần xác minh",
    )
    d["a9"] = finish(a, d["a9"], at=vn(2026, 3, 13, 9, 0))
    # Refused after appraisal on 4/3: a result (ND 61/2018 art 19.6), early.
    d["a10"] = a.act(
        services.dossier_reject,
        a.dossier_in(S.IN_PROGRESS),
        at=vn(2026, 3, 4, 9, 0),
        officer=a.leader,
        reason="Không đủ điều kiện",
    )
    # Land, online 3/3, received the same day (due 17/3), never finished: overdue at the end of March.
    d["b1"] = receive_online(b, b.dossier_in(S.SUBMITTED, at=vn(2026, 3, 3, 9, 0)), at=vn(2026, 3, 3, 10, 0))
    d["b1"] = forward(b, d["b1"], at=vn(2026, 3, 3, 11, 0))
    # Land, counter 1/4, resolved the same day: early.
    d["b2"] = b.dossier_in(S.RESULT_READY, at=vn(2026, 4, 1, 9, 0))
    return season


# --- Data of the other apps read by the indicators (ratings, PAKN, data-store reuse, portal sync) ---


class RatingFactory(factory.django.DjangoModelFactory):
    """A citizen's rating given at the counter device (feedback.Rating); `created_at` places it in a period."""

    class Meta:
        model = Rating

    channel = RatingChannel.KIOSK
    overall = 5
    answers = factory.LazyAttribute(lambda o: {"overall": o.overall})


class DocumentReuseFactory(factory.django.DjangoModelFactory):
    """A component of `dossier` taken from its applicant's personal data store (766 indicators 4.3/4.4)."""

    class Meta:
        model = DocumentReuse

    stored_document = factory.SubFactory(StoredDocumentFactory, owner=factory.SubFactory(CitizenFactory))


class PortalEndpointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SyncEndpoint

    name = factory.Sequence(lambda n: f"Cổng DVCQG {n}")
    kind = EndpointKind.NATIONAL_PORTAL
    url = "https://dvcqg.example.invalid/api/hoso"


def portal_delivery(*, endpoint, dossier, status: str) -> Delivery:
    """One status message of `dossier` and its delivery to the national portal, in the given state."""
    message = OutboxMessage.objects.create(topic=Topic.STATUS_CHANGED, dossier=dossier, status=OutboxStatus.DISPATCHED)
    return Delivery.objects.create(message=message, endpoint=endpoint, dossier_id_copy=dossier.pk, status=status)


def build_points_at_risk():
    """One unit under a province on Friday 20/3/2026 10:00 (test_at_risk.NOW), procedure of 5 working days with a
    paper result, a national-portal endpoint: the dossiers of the points-at-risk worklist (metrics.at_risk)."""
    province = ProvinceFactory()
    world = World()
    world.one_stop.parent = province
    world.one_stop.save()
    world.procedure.results.create(name="Giấy chứng nhận", code="KQ.1.000009")  # requires a paper result
    d = {
        "soon": world.dossier_in(S.IN_PROGRESS, at=vn(2026, 3, 16, 9, 0)),  # due Mon 23/3 09:00
        "later": world.dossier_in(S.IN_PROGRESS, at=vn(2026, 3, 19, 9, 0)),  # due Thu 26/3: beyond 3 days
        "lost": world.dossier_in(S.IN_PROGRESS, at=vn(2026, 3, 2, 9, 0)),  # due 9/3, still open: already late
        "done": world.dossier_in(S.RESULT_READY, at=vn(2026, 3, 3, 9, 0)),  # resolved, no e-result
        "signed": world.dossier_in(S.RESULT_READY, at=vn(2026, 3, 4, 9, 0)),  # resolved with an e-result
    }
    once = world.dossier_in(S.IN_PROGRESS, at=vn(2026, 3, 19, 10, 0))
    once = world.act(
        services.dossier_request_supplement,
        once,
        at=vn(2026, 3, 19, 11, 0),
        officer=world.specialist,
        items=["Bản sao"],
    )
    d["once"] = world.act(services.dossier_supplement_received, once, at=vn(2026, 3, 19, 15, 0), officer=world.counter)
    DossierDocument.objects.create(
        dossier=d["signed"], kind=DocumentKind.RESULT, name="KQ", file="r.pdf", result_code="X-KQ-1"
    )
    endpoint = PortalEndpointFactory()
    for name in ("soon", "done", "signed"):
        portal_delivery(endpoint=endpoint, dossier=d[name], status=DeliveryStatus.DELIVERED)
    return province, d
