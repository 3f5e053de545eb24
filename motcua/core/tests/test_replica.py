"""The read-replica router and its staleness guard (motcua.core.replica, issue 20 part 4), with a fake lag
measure: which database each read and write goes to, inside and outside `reading_from_replica()`. The live test
with a real streaming replica is `test_replica_live.py` (opt-in, `make bench`)."""

from __future__ import annotations

import pytest
from django.db import DEFAULT_DB_ALIAS, transaction
from django.template.loader import render_to_string
from django.test import RequestFactory, override_settings
from django.utils import translation

from motcua.core import context_processors, replica
from motcua.core.dbrouter import ReplicaRouter
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.metrics.models import DailyRollup

router = ReplicaRouter()


@pytest.fixture
def fake_replica(monkeypatch):
    """A configured replica whose lag is whatever the test sets (`lag["value"]`, None = down); counts measures."""
    lag = {"value": 0.0, "measures": 0}

    def measure(alias=replica.REPLICA_ALIAS):
        lag["measures"] += 1
        return lag["value"]

    monkeypatch.setattr(replica, "configured", lambda: True)
    monkeypatch.setattr(replica, "measure_lag", measure)
    replica.forget_lag()
    yield lag
    replica.forget_lag()


def test_without_a_replica_everything_reads_and_writes_the_primary(monkeypatch):
    monkeypatch.setattr(replica, "configured", lambda: False)
    with replica.reading_from_replica() as state:
        assert state.use is False
        assert router.db_for_read(Dossier) == DEFAULT_DB_ALIAS
        assert replica.replica_notice() is None
    assert router.db_for_write(Dossier) == DEFAULT_DB_ALIAS


def test_reads_go_to_the_replica_only_inside_the_block(fake_replica):
    assert router.db_for_read(Dossier) == DEFAULT_DB_ALIAS
    with replica.reading_from_replica() as state:
        assert state.use is True
        assert router.db_for_read(Dossier) == "replica"
        assert router.db_for_read(DailyRollup) == "replica"
    assert router.db_for_read(DossierEvent) == DEFAULT_DB_ALIAS


def test_sessions_and_accounts_stay_on_the_primary_inside_the_block(fake_replica):
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.models import Session

    with replica.reading_from_replica():
        assert router.db_for_read(Session) == DEFAULT_DB_ALIAS
        assert router.db_for_read(get_user_model()) == DEFAULT_DB_ALIAS
        assert router.db_for_read(Dossier) == "replica"


def test_writes_always_go_to_the_primary_and_later_reads_of_the_block_follow_them(fake_replica):
    with replica.reading_from_replica():
        assert router.db_for_read(Dossier) == "replica"
        assert router.db_for_write(Dossier) == DEFAULT_DB_ALIAS
        assert router.db_for_read(Dossier) == DEFAULT_DB_ALIAS  # read-your-write
        assert replica.replica_notice() is None


@pytest.mark.django_db(transaction=True)
def test_reads_inside_a_transaction_stay_on_the_primary(fake_replica):
    with replica.reading_from_replica():
        with transaction.atomic():
            assert router.db_for_read(Dossier) == DEFAULT_DB_ALIAS
        assert router.db_for_read(Dossier) == "replica"


@override_settings(MOTCUA_REPLICA_MAX_LAG_SECONDS=30)
def test_a_replica_lagging_beyond_the_setting_is_not_used(fake_replica):
    fake_replica["value"] = 31.0
    with replica.reading_from_replica() as state:
        assert state.use is False
        assert router.db_for_read(Dossier) == DEFAULT_DB_ALIAS
        assert replica.replica_notice() is None


@override_settings(MOTCUA_REPLICA_MAX_LAG_SECONDS=30)
def test_within_the_limit_the_page_says_how_old_the_figures_may_be(fake_replica):
    fake_replica["value"] = 7.6
    with replica.reading_from_replica():
        assert router.db_for_read(Dossier) == "replica"
        assert replica.replica_notice() == 7
    fake_replica["value"] = 0.4
    replica.forget_lag()
    with replica.reading_from_replica():
        assert replica.replica_notice() is None  # under a second: nothing to say


def test_a_replica_that_is_down_is_not_used(fake_replica):
    fake_replica["value"] = None
    with replica.reading_from_replica() as state:
        assert state.use is False
        assert router.db_for_read(Dossier) == DEFAULT_DB_ALIAS


@override_settings(MOTCUA_REPLICA_LAG_CHECK_SECONDS=60)
def test_the_lag_is_measured_once_per_period_per_process(fake_replica):
    for _ in range(5):
        with replica.reading_from_replica():
            pass
    assert fake_replica["measures"] == 1
    replica.forget_lag()
    with replica.reading_from_replica():
        pass
    assert fake_replica["measures"] == 2


def test_nested_blocks_share_the_outer_decision(fake_replica):
    with replica.reading_from_replica() as outer:
        fake_replica["value"] = None
        replica.forget_lag()
        with replica.reading_from_replica() as inner:
            assert inner is outer
            assert router.db_for_read(Dossier) == "replica"


def test_a_public_lookup_that_misses_on_the_replica_asks_the_primary(fake_replica):
    seen = []

    def lookup():
        alias = router.db_for_read(Dossier)
        seen.append(alias)
        return "found" if alias == DEFAULT_DB_ALIAS else None

    assert replica.first_found(lookup) == "found"
    assert seen == ["replica", DEFAULT_DB_ALIAS]
    seen.clear()
    fake_replica["value"] = None  # replica down: one look-up, on the primary
    replica.forget_lag()
    assert replica.first_found(lookup) == "found"
    assert seen == [DEFAULT_DB_ALIAS]


def test_the_replica_is_never_migrated():
    assert router.allow_migrate("replica", "dossiers") is False
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "dossiers") is None


@override_settings(MOTCUA_REPLICA_MAX_LAG_SECONDS=30)
def test_the_page_shows_the_lag_in_vietnamese(fake_replica):
    fake_replica["value"] = 12.2
    request = RequestFactory().get("/")
    with replica.reading_from_replica(), translation.override("vi"):
        context = context_processors.site(request)
        assert context["replica_lag_seconds"] == 12
        html = render_to_string("base.html", context, request=request)
    assert "Số liệu trễ 12 giây." in html


@pytest.mark.django_db
def test_measure_lag_of_a_server_not_in_recovery_is_zero():
    # the primary itself (PostgreSQL: pg_is_in_recovery() is false) or SQLite: never a reason to fall back
    assert replica.measure_lag(DEFAULT_DB_ALIAS) == 0.0
