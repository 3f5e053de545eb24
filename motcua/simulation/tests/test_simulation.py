"""Runs of the simulator through the real dossier services: determinism, complete histories, realistic shares."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Count, Max

from motcua.dossiers.choices import Channel, DossierStatus
from motcua.dossiers.clock import VN_TZ
from motcua.dossiers.models import DossierEvent
from motcua.simulation import distributions as dist
from motcua.simulation.services import demo_history_load, simulated_dossiers, simulation_run

from .conftest import commune_with_agencies


def digest() -> list[tuple]:
    rows = simulated_dossiers().annotate(n_events=Count("events")).order_by("code")
    return [
        (d.code, d.status, d.channel, d.procedure.code, d.outcome, d.n_events, d.due_at, d.finished_at)
        for d in rows.select_related("procedure")
    ]


def run_and_forget(offices, seed: int) -> list[tuple]:
    with transaction.atomic():
        simulation_run(start=dt.date(2025, 9, 8), end=dt.date(2025, 9, 19), scale=0.04, seed=seed, offices=offices)
        result = digest()
        transaction.set_rollback(True)
    return result


def test_same_seed_gives_the_same_history_and_another_seed_another(offices):
    first = run_and_forget(offices[:2], seed=11)
    assert len(first) > 12
    assert run_and_forget(offices[:2], seed=11) == first
    assert run_and_forget(offices[:2], seed=12) != first


@pytest.fixture
def tet_run(offices):
    """Six weeks across Tết 2025 (holiday 27 Jan – 1 Feb) in three communes."""
    return simulation_run(start=dt.date(2025, 1, 6), end=dt.date(2025, 2, 14), scale=0.04, seed=7, offices=offices)


def test_every_simulated_dossier_has_a_complete_history_that_explains_its_status(tet_run):
    assert tet_run.dossiers > 60
    assert tet_run.refused_actions == {}
    dossiers = simulated_dossiers().annotate(n_events=Count("events"), last_seq=Max("events__seq"))
    assert all(d.n_events == d.version == d.last_seq for d in dossiers)
    # Received at the counter on the window's last day (14 February): the transfer may fall on the next working
    # day (after 15:00, ND 61/2018 art 18), after the window; such a dossier has its one reception event.
    last_day = dossiers.filter(status=DossierStatus.RECEIVED, received_at__gte=dt.datetime(2025, 2, 14, tzinfo=VN_TZ))
    assert all(d.n_events == 1 for d in last_day)
    assert all(d.n_events >= 2 for d in dossiers.exclude(status=DossierStatus.SUBMITTED).exclude(pk__in=last_day))
    last_events = {
        e.dossier_id: e.to_status
        for e in DossierEvent.objects.filter(dossier__in=dossiers).order_by("dossier_id", "seq")
    }
    assert all(last_events[d.pk] == d.status for d in dossiers)
    assert dossiers.filter(status=DossierStatus.DELIVERED).count() > tet_run.dossiers / 2


def test_tet_dip_peak_and_lateness_follow_the_configured_distributions(tet_run, offices):
    counter = simulated_dossiers().exclude(channel=Channel.ONLINE)
    days = [d.received_at.astimezone(VN_TZ).date() for d in counter]
    assert not set(days) & dist.tet_days(2025)
    before = sum(dt.date(2025, 1, 13) <= day <= dt.date(2025, 1, 24) for day in days)
    after = sum(dt.date(2025, 2, 3) <= day <= dt.date(2025, 2, 14) for day in days)
    assert before > after
    # on-time share high, and the late dossiers sit in the struggling unit
    assert 0.9 <= tet_run.on_time_share <= 1.0
    assert list(tet_run.late_by_unit)[:1] == [offices[2].one_stop.code]


def test_demo_history_is_loaded_once(catalogue, province, settings, monkeypatch):
    settings.MOTCUA_DEMO_PROVINCE = "22"
    commune_with_agencies(province, 4)
    monkeypatch.setattr("motcua.simulation.services.DEMO_DAYS", 10)
    now = dt.datetime(2025, 10, 17, 10, 0, tzinfo=VN_TZ)
    summary = demo_history_load(now=now)
    assert summary.dossiers > 0
    assert simulated_dossiers().filter(created_at__gt=now).count() == 0
    assert demo_history_load(now=now) is None


def test_the_demo_history_includes_the_demo_accounts_commune(catalogue, province, settings, monkeypatch):
    """The demo officers (docs/demo.md) work in the province's first commune: its inbox must show the simulated
    traffic, whichever other communes the seed picks."""
    from motcua.units.choices import UnitKind
    from motcua.units.tests.factories import UnitFactory

    settings.MOTCUA_DEMO_PROVINCE = "22"
    centres = [commune_with_agencies(province, n)[0] for n in range(1, 9)]
    for suffix in ("TTPVHCC", "STP"):
        UnitFactory(code=f"{province.code}-{suffix}", kind=UnitKind.ONE_STOP, parent=province, admin_code="")
    monkeypatch.setattr("motcua.simulation.services.DEMO_DAYS", 5)
    monkeypatch.setattr("motcua.simulation.services.DEMO_UNITS", 2)
    monkeypatch.setattr("motcua.simulation.services.DEMO_SCALE", 0.5)
    first = centres[0]  # lowest statistics code: the demo accounts' commune
    assert services_module()._demo_accounts_centre() == (first,)

    demo_history_load(now=dt.datetime(2025, 10, 17, 10, 0, tzinfo=VN_TZ))

    units = set(simulated_dossiers().values_list("receiving_unit", flat=True))
    assert first.pk in units
    assert len(units) == 2


def test_demo_offices_always_include_the_given_centre_and_keep_the_count(province):
    import random

    from motcua.simulation.actors import demo_offices

    centres = [commune_with_agencies(province, n)[0] for n in range(1, 9)]
    for seed in range(5):
        chosen = demo_offices(count=3, rng=random.Random(seed), province_code="22", include=(centres[5],))
        assert len(chosen) == 3
        assert centres[5] in [office.one_stop for office in chosen]
    plain = demo_offices(count=3, rng=random.Random(1), province_code="22")
    again = demo_offices(count=3, rng=random.Random(1), province_code="22", include=())
    assert [o.one_stop for o in plain] == [o.one_stop for o in again]  # no include: the same draw as before


def services_module():
    from motcua.simulation import services

    return services


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2025-02-01", "--to", "2025-01-01"], "--from is after --to"),
        (["--from", "2025-01-01", "--to", "2025-01-02", "--scale", "-1"], "--scale must not be negative"),
        (["--from", "2025-13-01", "--to", "2025-01-02"], "invalid date"),
        (["--from", "2025-01-01", "--to", "2025-01-02", "--seed", "x"], "integers"),
    ],
)
def test_simulate_command_rejects_bad_input_with_one_line(db, args, message):
    with pytest.raises(CommandError, match=message) as error:
        call_command("simulate", *args)
    assert "\n" not in str(error.value)


def test_simulate_command_prints_a_json_summary(offices, province, settings, capsys):
    settings.MOTCUA_DEMO_PROVINCE = "22"
    call_command("simulate", "--from", "2025-10-06", "--to", "2025-10-08", "--scale", "0.05", "--units", "2", "--json")
    out = capsys.readouterr().out
    assert '"dossiers":' in out
    assert '"on_time_share":' in out
