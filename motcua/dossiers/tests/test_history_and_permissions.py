import re
import threading
from pathlib import Path

import pytest
import time_machine
from django.db import connection, connections

from motcua.accounts.choices import Role
from motcua.dossiers import services
from motcua.dossiers.choices import DossierStatus
from motcua.dossiers.errors import DossierPermissionDenied, StaleDossier
from motcua.dossiers.models import DossierEvent
from motcua.dossiers.tests.factories import DepartmentFactory, World, officer_in, vn

S = DossierStatus


def test_each_action_appends_exactly_one_event_with_from_and_to(world):
    dossier = world.dossier_in(S.DELIVERED)
    events = list(dossier.events.order_by("seq"))
    assert [e.seq for e in events] == list(range(1, dossier.version + 1))
    assert [(e.action, e.from_status, e.to_status) for e in events] == [
        ("receive", "", S.RECEIVED),
        ("forward", S.RECEIVED, S.IN_PROGRESS),
        ("appraise", S.IN_PROGRESS, S.AWAITING_APPROVAL),
        ("approve", S.AWAITING_APPROVAL, S.AWAITING_SIGNATURE),
        ("sign", S.AWAITING_SIGNATURE, S.RESULT_READY),
        ("deliver", S.RESULT_READY, S.DELIVERED),
    ]
    assert events[0].actor == world.counter and events[0].unit == world.one_stop
    assert events[2].unit == world.department


def test_events_cannot_be_changed_or_deleted(world):
    event = world.dossier_in(S.RECEIVED).events.get()
    event.reason = "sửa"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        DossierEvent.objects.filter(pk=event.pk).update(reason="x")
    with pytest.raises(TypeError):
        DossierEvent.objects.filter(pk=event.pk).delete()


def test_only_the_engine_writes_the_status():
    """`engine.apply_action` through `steps.enter`, the rule the bulk simulator calls too (`d.status` included, the
    spelling the simulator's former copy used)."""
    root = Path(__file__).resolve().parents[2]
    engine = {Path("dossiers/engine.py"), Path("dossiers/steps.py")}
    writers = []
    for path in root.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts or path.relative_to(root) in engine:
            continue
        text = path.read_text(encoding="utf-8")
        # a queryset update of another model's status (an appointment, a proposal) names that model on its line
        updates = [
            line
            for line in text.splitlines()
            if re.search(r"\.update\([^)]*\bstatus=", line) and not re.search(r"\b(?!Dossier\b)[A-Z]\w*\.objects", line)
        ]
        if re.search(r"\b(dossier|d)\.status\s*=[^=]", text) or updates:
            writers.append(str(path.relative_to(root)))
    assert writers == []


def test_stale_version_is_refused_and_writes_nothing(world):
    dossier = world.dossier_in(S.RECEIVED)
    seen = dossier.version
    world.act(
        services.dossier_forward, dossier, at=vn(2026, 3, 2, 10, 0), officer=world.counter, to_units=[world.department]
    )
    with time_machine.travel(vn(2026, 3, 2, 10, 5), tick=False), pytest.raises(StaleDossier) as error:
        services.dossier_stop(officer=world.counter, dossier=dossier, expected_version=seen, reason="x")
    assert error.value.code == "stale"
    dossier.refresh_from_db()
    assert (dossier.status, dossier.events.count()) == (S.IN_PROGRESS, 2)


def test_officer_of_another_one_stop_centre_cannot_receive(world):
    stranger = officer_in(DepartmentFactory(), Role.COUNTER_OFFICER)
    dossier = world.dossier_in(S.SUBMITTED)
    with pytest.raises(DossierPermissionDenied):
        world.act(
            services.dossier_receive,
            dossier,
            at=vn(2026, 3, 2, 10, 0),
            officer=stranger,
            presented_document_ids=world.all_documents(),
        )


def test_specialist_cannot_approve(world):
    dossier = world.dossier_in(S.AWAITING_APPROVAL)
    with pytest.raises(DossierPermissionDenied):
        world.act(services.dossier_approve, dossier, at=vn(2026, 3, 2, 14, 0), officer=world.specialist)


def test_counter_officer_cannot_appraise_in_the_department(world):
    dossier = world.dossier_in(S.IN_PROGRESS)
    with pytest.raises(DossierPermissionDenied):
        world.act(services.dossier_appraise, dossier, at=vn(2026, 3, 2, 14, 0), officer=world.counter)


def test_department_cannot_deliver_at_the_counter(world):
    dossier = world.dossier_in(S.RESULT_READY)
    with pytest.raises(DossierPermissionDenied):
        world.act(services.dossier_deliver, dossier, at=vn(2026, 3, 3, 9, 0), officer=world.leader, method="counter")


def test_revoked_or_anonymous_officer_cannot_act(world):
    from django.contrib.auth.models import AnonymousUser

    from motcua.accounts.services import membership_revoke

    dossier = world.dossier_in(S.SUBMITTED)
    membership_revoke(user=world.counter, unit=world.one_stop, role=Role.COUNTER_OFFICER)
    for officer in (world.counter, AnonymousUser(), None):
        with pytest.raises(DossierPermissionDenied):
            world.act(
                services.dossier_refuse_reception,
                dossier,
                at=vn(2026, 3, 2, 10, 0),
                officer=officer,
                reason="Không thuộc thẩm quyền",
            )


def test_assigning_someone_outside_the_unit_is_refused(world):
    from motcua.dossiers.errors import DossierError

    dossier = world.dossier_in(S.IN_PROGRESS)
    with pytest.raises(DossierError) as error:
        world.act(
            services.dossier_assign, dossier, at=vn(2026, 3, 2, 11, 0), officer=world.leader, specialist=world.counter
        )
    assert error.value.code == "not_member"


def test_delivery_by_post_needs_a_tracking_number_and_fees_settled(world):
    from motcua.dossiers.errors import DossierError, TransitionNotAllowed

    dossier = world.dossier_in(S.RESULT_READY)
    with pytest.raises(DossierError):
        world.act(services.dossier_deliver, dossier, at=vn(2026, 3, 3, 9, 0), officer=world.counter, method="post")
    dossier = world.act(
        services.dossier_request_payment, dossier, at=vn(2026, 3, 3, 9, 0), officer=world.counter, amount=8000
    )
    with pytest.raises(TransitionNotAllowed):
        world.act(services.dossier_deliver, dossier, at=vn(2026, 3, 3, 9, 5), officer=world.counter, method="counter")
    dossier = world.act(
        services.dossier_record_payment, dossier, at=vn(2026, 3, 3, 9, 10), officer=world.counter, method="transfer"
    )
    delivered = world.act(
        services.dossier_deliver,
        dossier,
        at=vn(2026, 3, 3, 9, 20),
        officer=world.counter,
        method="post",
        tracking_number="EB123456789VN",
        reason="Gửi tại bưu cục, đường truyền tới bưu điện bị gián đoạn",
    )
    assert (delivered.status, delivered.national_status, delivered.postal_tracking) == (
        S.DELIVERED,
        10,
        "EB123456789VN",
    )


@pytest.mark.django_db(transaction=True)
def test_two_officers_acting_at_once_one_wins_the_other_is_told():
    if connection.vendor != "postgresql":
        pytest.skip("real concurrent transactions need PostgreSQL row locks (SQLite serialises writers)")
    world = World()
    dossiers = [world.dossier_in(S.IN_PROGRESS) for _ in range(5)]
    second_leader = officer_in(world.department, Role.UNIT_LEADER)
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def act(officer, dossier, version):
        try:
            barrier.wait()
            services.dossier_suspend(officer=officer, dossier=dossier, expected_version=version, reason="Tạm dừng")
            outcomes.append("ok")
        except StaleDossier:
            outcomes.append("stale")
        finally:
            connections.close_all()

    for dossier in dossiers:
        barrier.reset()
        threads = [
            threading.Thread(target=act, args=(o, dossier, dossier.version)) for o in (world.leader, second_leader)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert sorted(outcomes) == ["ok"] * 5 + ["stale"] * 5
    for dossier in dossiers:
        dossier.refresh_from_db()
        assert [e.seq for e in dossier.events.order_by("seq")] == [1, 2, 3]
        assert dossier.status == S.SUSPENDED


@pytest.mark.django_db(transaction=True)
def test_concurrent_receptions_get_distinct_consecutive_codes():
    if connection.vendor != "postgresql":
        pytest.skip("real concurrent transactions need PostgreSQL row locks (SQLite serialises writers)")
    world = World()
    codes: list[str] = []
    barrier = threading.Barrier(6)

    def receive():
        try:
            barrier.wait()
            dossier = services.dossier_receive_at_counter(
                officer=world.counter,
                unit=world.one_stop,
                procedure=world.procedure,
                applicant_name="Phạm D",
                presented_document_ids=world.all_documents(),
            )
            codes.append(dossier.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=receive) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(int(code.rsplit("-", 1)[1]) for code in codes) == [1, 2, 3, 4, 5, 6]
