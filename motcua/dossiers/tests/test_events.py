"""The one event path (`dossiers.events`): who listens, in which phase, and what a failure does."""

import pytest

from motcua.dossiers import events
from motcua.dossiers.choices import DossierStatus
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.metrics.models import DailyRollup, DossierMetricState

from .factories import vn

S = DossierStatus


@pytest.fixture
def subscribed():
    """Subscribe test handlers for one test; removed afterwards whatever happens."""
    names = []

    def add(name, handler, *, when):
        events.subscribe(name, handler, when=when)
        names.append(name)

    yield add
    for name in names:
        events.unsubscribe(name)


def test_the_apps_subscribe_in_ready_each_in_its_phase():
    in_transaction = events.subscribers(events.IN_TRANSACTION)
    after_commit = events.subscribers(events.AFTER_COMMIT)
    # rollups before the sync outbox, as when the engine called them itself
    assert in_transaction.index("metrics.rollups") < in_transaction.index("sync.outbox")
    assert "datastore.collect" in after_commit
    assert not set(in_transaction) & set(after_commit)


def test_subscribing_twice_under_one_name_keeps_one_subscriber(subscribed):
    calls = []
    subscribed("test.twice", lambda **kw: calls.append(1), when=events.IN_TRANSACTION)
    subscribed("test.twice", lambda **kw: calls.append(2), when=events.IN_TRANSACTION)
    assert events.subscribers(events.IN_TRANSACTION).count("test.twice") == 1
    with pytest.raises(ValueError):
        events.subscribe("test.bad", print, when="later")


def test_a_failing_in_transaction_subscriber_rolls_the_whole_event_back(world, subscribed):
    def fail(*, dossier, event):
        # it runs after the event row and the rollups are written, inside the same transaction
        assert DossierEvent.objects.filter(pk=event.pk).exists()
        assert DossierMetricState.objects.filter(pk=dossier.pk).exists()
        raise RuntimeError("subscriber failed")

    subscribed("test.fail", fail, when=events.IN_TRANSACTION)
    with pytest.raises(RuntimeError):
        world.receive()

    assert not Dossier.objects.exists()
    assert not DossierEvent.objects.exists()
    assert not DailyRollup.objects.exists() and not DossierMetricState.objects.exists()


def test_a_failing_in_transaction_subscriber_rolls_back_a_later_action_too(world, subscribed):
    dossier = world.receive()
    subscribed("test.fail", lambda **kw: (_ for _ in ()).throw(RuntimeError("no")), when=events.IN_TRANSACTION)
    with pytest.raises(RuntimeError):
        _forward(world, dossier)
    dossier.refresh_from_db()
    assert dossier.status == S.RECEIVED and dossier.events.count() == 1


def _forward(world, dossier):
    from motcua.dossiers import services

    return world.act(
        services.dossier_forward, dossier, at=vn(2026, 3, 2, 10, 0), officer=world.counter, to_units=[world.department]
    )


def test_after_commit_subscribers_run_only_once_the_event_is_committed(
    world, subscribed, django_capture_on_commit_callbacks
):
    seen = []
    subscribed("test.after", lambda *, dossier, event: seen.append((dossier.pk, event.seq)), when=events.AFTER_COMMIT)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        dossier = world.receive()
        assert seen == []  # the action has returned, but its transaction has not committed yet
    assert callbacks  # queued on commit
    assert seen == [(dossier.pk, 1)]


def test_after_commit_subscribers_never_run_for_a_rolled_back_event(
    world, subscribed, django_capture_on_commit_callbacks
):
    seen = []
    subscribed("test.after", lambda **kw: seen.append(1), when=events.AFTER_COMMIT)
    subscribed("test.fail", lambda **kw: (_ for _ in ()).throw(RuntimeError("no")), when=events.IN_TRANSACTION)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        world.receive()
    assert seen == []
