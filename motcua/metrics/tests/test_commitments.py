"""Commitment-kept counters in the daily rollups and `commitment_rates` (deadlines.md §10, metrics.md)."""

import datetime as dt

import pytest

from motcua.dossiers.choices import DossierStatus
from motcua.dossiers.tests.factories import World, vn
from motcua.dossiers.tests.test_commitments import committed_world
from motcua.metrics.commitments import commitment_rates
from motcua.metrics.models import DailyRollup
from motcua.metrics.services import checkpoints_close, rollups_rebuild

from .factories import finish
from .test_rebuild import snapshot

S = DossierStatus
pytestmark = pytest.mark.django_db


@pytest.fixture
def two_communes():
    return build_two_communes()


def build_two_communes():
    """Commune A committed to 4 working hours (legal 3 days): one dossier kept, one late for the commitment but
    on time legally, one still open. Commune B has no commitment: one dossier on time."""
    a = committed_world()
    province = a.one_stop.parent
    b = World()
    b.one_stop.parent = province
    b.one_stop.save()
    kept = a.dossier_in(S.RESULT_READY, at=vn(2026, 3, 2, 8, 0))  # committed 12:00, signed 11:00
    broken = finish(a, a.dossier_in(S.IN_PROGRESS, at=vn(2026, 3, 3, 9, 0)), at=vn(2026, 3, 4, 9, 0))
    a.dossier_in(S.IN_PROGRESS, at=vn(2026, 3, 5, 9, 0))
    plain = b.dossier_in(S.RESULT_READY, at=vn(2026, 3, 2, 9, 0))
    return province, a, b, (kept, broken, plain)


def test_late_for_the_commitment_on_time_legally(two_communes):
    province, a, b, (kept, broken, plain) = two_communes
    assert (kept.outcome, broken.outcome, plain.outcome) == ("early", "early", "early")
    rows, total = commitment_rates(unit=province, start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31))
    by_unit = {row.unit.pk: row for row in rows}
    mine = by_unit[a.one_stop.pk]
    assert (mine.resolved, mine.on_time_rate, mine.committed_resolved, mine.kept_rate) == (2, 1.0, 2, 0.5)
    other = by_unit[b.one_stop.pk]
    assert (other.resolved, other.on_time_rate, other.committed_resolved, other.kept_rate) == (1, 1.0, 0, None)
    assert (total.resolved, total.committed_resolved, total.committed_kept) == (3, 2, 1)


def test_the_window_bounds_the_rates(two_communes):
    province, _a, _b, _dossiers = two_communes
    _rows, total = commitment_rates(unit=province, start=dt.date(2026, 3, 4), end=dt.date(2026, 3, 4))
    assert (total.resolved, total.committed_resolved, total.committed_kept) == (1, 1, 0)
    with pytest.raises(ValueError):
        commitment_rates(unit=province, start=dt.date(2026, 3, 4), end=dt.date(2026, 3, 1))


def test_rebuild_from_history_gives_the_live_commitment_counters(two_communes):
    checkpoints_close()  # the completed months, as the daily job would
    live = snapshot()
    assert sum(row.committed_resolved for row in DailyRollup.objects.all()) == 2
    rollups_rebuild()
    assert snapshot() == live


def test_rankings_page_shows_both_rates(client, two_communes):
    province, _a, _b, _dossiers = two_communes
    from motcua.accounts.choices import Role
    from motcua.dossiers.tests.factories import officer_in

    leader = officer_in(province, Role.UNIT_LEADER)
    client.force_login(leader)
    body = client.get(
        "/bao-cao/xep-hang/", {"unit": province.pk, "start": "2026-03-01", "end": "2026-03-31"}
    ).content.decode()
    assert 'data-testid="commitment-rates"' in body
    assert "Tỷ lệ giữ đúng cam kết" in body and "50,0 %" in body


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        # whole half months (the half-monthly rows) and a window with partial edges (the unit-day rows)
        (dt.date(2026, 3, 1), dt.date(2026, 3, 31), (3, 2, 1, 0.5)),
        (dt.date(2026, 3, 3), dt.date(2026, 3, 20), (1, 1, 0, 0.0)),
        (dt.date(2026, 2, 15), dt.date(2026, 3, 14), (3, 2, 1, 0.5)),
    ],
)
def test_the_period_report_carries_the_commitment_kept_rate_beside_the_legal_rate(two_communes, start, end, expected):
    """The registry rows `committed_resolved`, `committed_kept` and `commitment_kept_rate` (issue 21 part 1): the
    period report on any window gives the counts `commitment_rates` reads off the daily rows, and the legal
    on-time rate is unchanged by the commitment (a dossier late for the commitment is on time legally)."""
    from motcua.metrics.selectors import period_report

    province, _a, _b, _dossiers = two_communes
    checkpoints_close()
    report = period_report(unit=province, start=start, end=end)
    _rows, total = commitment_rates(unit=province, start=start, end=end)
    got = (report.resolved["total"], report.committed_resolved, report.committed_kept)
    assert got == (total.resolved, total.committed_resolved, total.committed_kept) == expected[:3]
    values = report.as_dict()
    assert values["commitment_kept_rate"] == expected[3]
    assert values["on_time_rate"] == 1.0


def test_the_commitment_kept_rate_is_a_column_of_the_report_table_and_the_api(client, two_communes):
    from motcua.accounts.choices import Role
    from motcua.dossiers.tests.factories import officer_in

    province, _a, _b, _dossiers = two_communes
    client.force_login(officer_in(province, Role.UNIT_LEADER))
    query = {"unit": province.pk, "start": "2026-03-01", "end": "2026-03-31", "by": "unit"}
    html = client.get("/bao-cao/bao-cao-ky/", query).content.decode()
    assert "Tỷ lệ giữ đúng cam kết" in html and "50,0 %" in html
