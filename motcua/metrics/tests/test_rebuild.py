import datetime as dt
from collections import Counter

from django.core.management import call_command

from motcua.dossiers.tests.factories import vn
from motcua.metrics.choices import COUNTERS, UNIT_DAY_COLUMNS
from motcua.metrics.coarse import MONTHLY_COUNTERS
from motcua.metrics.models import (
    DailyRollup,
    DossierMetricState,
    MonthlyRollup,
    OpenStock,
    StockCheckpoint,
    UnitDayRollup,
)
from motcua.metrics.selectors import period_report
from motcua.metrics.services import checkpoints_close, rollups_rebuild

from .factories import finish


def snapshot() -> tuple:
    flows = {
        (r.unit_id, r.procedure_id, r.field_id, r.channel, r.day): tuple(getattr(r, n) for n in COUNTERS)
        for r in DailyRollup.objects.all()
    }
    stock = Counter()
    for r in OpenStock.objects.all():
        stock[(r.unit_id, r.procedure_id, r.field_id, r.channel, r.day, r.bucket, r.due_day)] += r.delta
    states = set(
        DossierMetricState.objects.values_list("dossier_id", "bucket", "due_day", "ending", "last_seq", "channel")
    )
    monthly = {
        (r.unit_id, r.month): tuple(getattr(r, n) for n in MONTHLY_COUNTERS) for r in MonthlyRollup.objects.all()
    }
    checkpoints = {
        (r.unit_id, r.month_end): (r.in_progress, r.overdue, r.waiting)
        for r in StockCheckpoint.objects.all()
        if (r.in_progress, r.overdue, r.waiting) != (0, 0, 0)
    }
    unit_days = {
        (r.unit_id, r.day): values
        for r in UnitDayRollup.objects.all()
        if any(values := tuple(getattr(r, n) for n in UNIT_DAY_COLUMNS))
    }
    stock = {key: value for key, value in stock.items() if value}
    return flows, stock, states, monthly, checkpoints, unit_days


def test_rebuild_from_history_gives_the_incremental_rollups(season):
    checkpoints_close()  # the completed months, as the daily job would
    incremental = snapshot()
    assert len(incremental[0]) > 10 and len(incremental[1]) > 5 and len(incremental[5]) > 5
    counts = rollups_rebuild()
    assert snapshot() == incremental
    assert counts["dossiers"] == len(season.dossiers)


def test_events_after_a_rebuild_continue_from_the_rebuilt_state(season):
    rollups_rebuild()
    a3 = finish(season.a, season.dossiers["a3"], at=vn(2026, 4, 20, 9, 0))  # due 1/4: late
    after_event = snapshot()
    rollups_rebuild()
    assert snapshot() == after_event
    april = period_report(unit=season.province, start=dt.date(2026, 4, 1), end=dt.date(2026, 4, 30))
    assert (april.resolved["late"], april.in_progress["overdue"]) == (1, 1)
    assert a3.outcome == "late"


def test_rebuild_command_reports_what_it_wrote(season, capsys):
    DailyRollup.objects.all().delete()
    call_command("metrics", "rebuild")
    assert "13 hồ sơ / dossiers" in capsys.readouterr().out
    march = period_report(unit=season.province, start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31))
    assert march.received["total"] == 11


def test_rollup_rows_keep_one_row_per_unit_procedure_channel_and_day(season):
    a = season.a
    for hour in (13, 14, 15):
        a.receive(at=vn(2026, 3, 2, hour, 0))
    row = DailyRollup.objects.get(unit=a.one_stop, procedure=a.procedure, channel="counter", day=dt.date(2026, 3, 2))
    # a1, a2, a9, a10 at 09:00 plus three more the same afternoon
    assert row.received == 7


def test_the_migration_fills_the_unit_day_totals_the_hook_wrote(season):
    """`metrics.0008_unit_day_rollups` fills the per-unit daily totals of an existing installation from its daily
    rollups and open-stock changes: the rows the event hook writes (a frozen copy of `coarse.unit_day_changes`)."""
    from importlib import import_module

    from django.apps import apps

    written = snapshot()[5]
    assert written
    UnitDayRollup.objects.all().delete()
    import_module("motcua.metrics.migrations.0008_unit_day_rollups").fill(apps, None)
    assert snapshot()[5] == written
