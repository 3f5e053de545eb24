"""The bundled procedures' counters (liên thông, `metrics.bundle_rollup`): a worked example on a frozen clock — a
bundle filed after 15:00 counts from the next working day and finishes within its total limit, one runs over it,
one is still open after a verification moved its due date — and the rebuild from history gives the same rows.

Total limit: QĐ 296/QĐ-VPCP of 12/6/2024 (at most 3 working days for the national groups, 5 with verification),
as `bundles.rules` cites it; the 3 days are checked against the published report there
(`bundles/tests/test_bundles.py::test_national_limits_are_three_and_five_working_days`)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.conf import settings

from motcua.bundles import services
from motcua.bundles.rules import NATIONAL_LIMIT_DAYS
from motcua.bundles.tests.conftest import BundleWorld
from motcua.bundles.tests.test_notices import Agency
from motcua.dossiers.tests.factories import vn
from motcua.metrics.bundle_figures import bundle_report
from motcua.metrics.models import BundleAgencyRollup, BundleDailyRollup, BundleMetricState, BundleOpenStock
from motcua.metrics.services import rollups_rebuild

HOUR = 3600


def file(world, *, at):
    with time_machine.travel(at, tick=False):
        return services.bundle_apply(
            definition=world.birth,
            receiving_unit=world.centre,
            applicant_user=world.citizen,
            applicant_name="Nguyễn Thị Mai",
            applicant_phone="0912345678",
            applicant_email="mai@example.com",
            subject_name="Trần Minh Khang",
            subject_date=dt.date(2026, 2, 20),
        )


class Season:
    """Three birth bundles of March 2026 at the commune's centre (parts: birth at the centre, then residence at
    the police and health insurance at social insurance, each after the birth)."""

    def __init__(self) -> None:
        self.world = w = BundleWorld()
        self.agencies = {u.pk: Agency(u) for u in (w.centre, w.police, w.insurance)}
        # B: filed Monday 2/3 10:00, due Thursday 5/3 10:00; the insurance part's result only Friday 6/3 → late
        self.b = file(w, at=vn(2026, 3, 2, 10, 0))
        self.finish(self.b, [vn(2026, 3, 2, 13, 0), vn(2026, 3, 3, 9, 0), vn(2026, 3, 6, 9, 0)])
        # C: filed Monday 2/3 10:00 too; verification recorded Tuesday: due Monday 9/3 10:00; never finished
        self.c = file(w, at=vn(2026, 3, 2, 10, 0))
        with time_machine.travel(vn(2026, 3, 3, 8, 0), tick=False):
            self.c = services.bundle_mark_verification(officer=w.centre_officer, bundle=self.c, reason="Xác minh")
        # A: filed Friday 6/3 15:30, after the 15:00 cut-off: the clock starts Monday 9/3; finished Tuesday
        self.a = file(w, at=vn(2026, 3, 6, 15, 30))
        self.finish(self.a, [vn(2026, 3, 9, 7, 30), vn(2026, 3, 9, 9, 0), vn(2026, 3, 10, 9, 0)])

    def finish(self, bundle, starts) -> None:
        """Each part to its result (receive, forward, appraise, approve, sign: the result 40 minutes after)."""
        parts = list(bundle.parts.select_related("dossier").order_by("component__order"))
        for part, at in zip(parts, starts, strict=True):
            self.agencies[part.unit_id].to_result(part.dossier, at=at)


@pytest.fixture
def season(db):
    return Season()


LATER = vn(2026, 4, 10, 9, 0)  # the reports of March are read in April (a past period)


def report(season, start, end, now=LATER):
    return bundle_report(unit=season.world.province, start=start, end=end, now=now)


def test_the_worked_example(season):
    a, b, c = season.a, season.b, season.c
    assert NATIONAL_LIMIT_DAYS == 3  # QĐ 296/QĐ-VPCP: the birth group's total limit
    # after 15:00: the clock starts the next working day (Monday), 3 working days → due at the end of Wednesday 11/3
    assert a.clock_started_at == vn(2026, 3, 9, 7, 30) and a.due_at == vn(2026, 3, 11, 17, 0)
    assert b.due_at == vn(2026, 3, 5, 10, 0) and c.due_at == vn(2026, 3, 9, 10, 0)  # C: 5 days with verification

    states = {s.bundle_id: s for s in BundleMetricState.objects.all()}
    assert states[a.pk].day == dt.date(2026, 3, 6)  # counted received on the day it was filed
    assert states[a.pk].finished_at == vn(2026, 3, 10, 9, 40)  # the last part's result
    assert states[b.pk].finished_at == vn(2026, 3, 6, 9, 40)  # after its due moment: late
    assert (states[c.pk].parts_ended, states[c.pk].finished_at) == (0, None)

    march = report(season, dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    (group,) = march.groups
    assert group.code == "LT-KHAISINH"
    values = {col: getattr(group, col) for col in ("received", "finished", "finished_on_time", "open", "overdue")}
    assert values == {"received": 3, "finished": 2, "finished_on_time": 1, "open": 1, "overdue": 1}
    assert group.on_time_rate == 0.5 and march.total.received == 3
    # by child unit of the province: the commune's subtree holds the centre that received them
    (commune,) = march.units
    assert commune.name == "Xã Tân Lập" and (commune.received, commune.finished, commune.overdue) == (3, 2, 1)

    # the first week: B and C received, none finished, both open; C's due moved to 9/3 by the verification, B's
    # due (5/3) is after the end: none overdue
    week = report(season, dt.date(2026, 3, 2), dt.date(2026, 3, 4))
    assert (week.total.received, week.total.finished, week.total.open, week.total.overdue) == (2, 0, 2, 0)
    # up to Friday 6/3: A filed, B finished late (Friday), C open and not yet overdue (due 9/3, not 5/3)
    upto = report(season, dt.date(2026, 3, 2), dt.date(2026, 3, 6))
    assert (upto.total.received, upto.total.finished, upto.total.finished_on_time) == (3, 1, 0)
    assert (upto.total.open, upto.total.overdue) == (2, 0)
    # measured at now on Monday 9/3 11:00: C's due moment (10:00 today) has passed; A still open, not due
    today = report(season, dt.date(2026, 3, 1), dt.date(2026, 3, 31), now=vn(2026, 3, 9, 11, 0))
    assert (today.total.open, today.total.overdue) == (2, 1) and today.as_of == vn(2026, 3, 9, 11, 0)

    # the agencies' attributed working time (bundles.selectors.bundle_view; sessions 07:30–11:30, 13:00–17:00):
    # B: birth 10:00→13:40 = 2 h 10; police from 13:40 to 9:40 next day = 5.5 h; insurance 13:40 2/3 → 9:40 6/3 =
    # 29.5 h (over its 2-day budget of 16 h). A: birth 7:30→8:10 = 40 min; police 8:10→9:40 = 1.5 h; insurance
    # 8:10 9/3 → 9:40 10/3 = 9.5 h.
    by_role = {x.role: x for x in march.agencies}
    assert [x.role for x in march.agencies] == ["receiving", "police", "social_insurance"]
    assert by_role["receiving"].agency == season.world.centre.name and by_role["receiving"].parts == 2
    assert by_role["receiving"].used_seconds == (2 * HOUR + 10 * 60) + 40 * 60
    assert by_role["police"].used_seconds == int(7 * HOUR) and by_role["police"].average_hours == 3.5
    assert by_role["social_insurance"].average_hours == 19.5
    assert by_role["social_insurance"].average_budget_hours == 16.0
    assert (by_role["social_insurance"].over_budget, by_role["police"].over_budget) == (1, 0)


def snapshot():
    return (
        {
            (r.unit_id, r.definition_id, r.day): (r.received, r.finished, r.finished_on_time)
            for r in BundleDailyRollup.objects.all()
            if (r.received, r.finished, r.finished_on_time) != (0, 0, 0)
        },
        {(r.unit_id, r.definition_id, r.day, r.due_day): r.delta for r in BundleOpenStock.objects.all() if r.delta},
        {
            (r.unit_id, r.definition_id, r.role, r.agency_id, r.day): (
                r.parts,
                r.used_seconds,
                r.budget_seconds,
                r.over_budget,
            )
            for r in BundleAgencyRollup.objects.all()
        },
        set(
            BundleMetricState.objects.values_list(
                "bundle_id",
                "unit_id",
                "definition_id",
                "day",
                "due_day",
                "parts_total",
                "parts_ended",
                "last_end",
                "finished_at",
            )
        ),
    )


def test_rebuild_from_history_gives_the_incremental_counters(season):
    incremental = snapshot()
    assert len(incremental[0]) == 3 and len(incremental[3]) == 3
    counts = rollups_rebuild()
    assert counts["bundles"] == 3
    assert snapshot() == incremental
    march = report(season, dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    assert (march.total.finished_on_time, march.total.overdue) == (1, 1)


def test_verification_after_finishing_retakes_the_verdict_as_the_rebuild_would(season):
    """B finished late (6/3 9:40 after its due 5/3 10:00); recording a verification afterwards gives it 5 working
    days from the same clock start (due 9/3 10:00): finished within the limit, in the counter and in a rebuild."""
    with time_machine.travel(vn(2026, 3, 6, 10, 0), tick=False):
        services.bundle_mark_verification(officer=season.world.centre_officer, bundle=season.b, reason="Xác minh")
    march = report(season, dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    assert march.total.finished_on_time == 2
    incremental = snapshot()
    rollups_rebuild()
    assert snapshot() == incremental


def test_the_report_command_prints_and_exports_the_bundles(season, capsys, tmp_path):
    import json

    from django.core.management import call_command
    from openpyxl import load_workbook

    code = season.world.province.code
    with time_machine.travel(LATER, tick=False):
        call_command("report", "period", "--unit", code, "--period", "2026-03", "--json")
        body = json.loads(capsys.readouterr().out)
        call_command("report", "period", "--unit", code, "--period", "2026-03")
        text = capsys.readouterr().out
        call_command("report", "period", "--unit", code, "--period", "2026-03", "--xlsx", str(tmp_path / "r.xlsx"))
    assert body["bundles"]["total"]["finished_on_time"] == 1 and body["bundles"]["total"]["on_time_rate"] == 0.5
    assert "LT-KHAISINH" in text and "trong hạn/in time     1 (50.0%)" in text
    sheet = load_workbook(tmp_path / "r.xlsx")["Liên thông"]
    assert [c.value for c in sheet[7]][1:] == ["Tổng số", 3, 2, 1, 50.0, 1, 1]


REFERENCE = settings.MOTCUA_SHARED_DATA.parent / "reference" / "onestop-rules.md"


@pytest.mark.shared_data
@pytest.mark.django_db
@pytest.mark.skipif(not REFERENCE.is_file(), reason="../shared/reference is absent")
def test_the_cut_off_of_the_worked_example_is_the_published_rule():
    """The worked example's bundle filed at 15:30 is counted from the next working day: the rule quoted in
    shared/reference/onestop-rules.md §5 for the liên thông of birth, residence and health insurance (ND 63/2024),
    read at test time; the birth group's 15:00 cut-off is the one the counters' due days come from."""
    from motcua.bundles.models import BundleDefinition
    from motcua.bundles.tests.conftest import national_groups

    text = REFERENCE.read_text(encoding="utf-8")
    assert "tiếp nhận sau 15 giờ thì thời gian được tính bắt đầu từ ngày làm việc tiếp theo" in text
    assert "liên thông khai sinh–thường trú–BHYT" in text
    national_groups()
    assert BundleDefinition.objects.get(code="LT-KHAISINH").cutoff == dt.time(15, 0)
