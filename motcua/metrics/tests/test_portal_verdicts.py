"""766 indicator 2.1 from stored verdicts (issue 15: the replay at scale): a dossier's portal verdict is stored
when it ends (`PortalVerdict`, by the event hook and by the rebuild), so a report replays only the dossiers still
open at its end — with exactly the figures and per-dossier verdicts of replaying every dossier."""

import datetime as dt

import pytest

from motcua.dossiers.tests.factories import vn
from motcua.metrics import portal766
from motcua.metrics.models import PortalVerdict
from motcua.metrics.portal766 import VERDICT_FIELDS, portal_on_time
from motcua.metrics.services import rollups_rebuild

D = dt.date
PERIODS = [
    (D(2026, 2, 1), D(2026, 2, 28), None),
    (D(2026, 3, 1), D(2026, 3, 31), None),
    (D(2026, 4, 1), D(2026, 4, 30), None),
    (D(2026, 1, 1), D(2026, 3, 31), None),
    (D(2025, 12, 15), D(2026, 3, 14), None),  # ND 09/2019 window of Q1 2026
    (D(2026, 3, 10), D(2026, 4, 6), None),
    (D(2026, 3, 1), D(2026, 3, 31), vn(2026, 3, 19, 8, 0)),  # "now" inside the period: open ones at now
    (D(2026, 3, 1), D(2026, 4, 30), vn(2026, 4, 6, 12, 0)),
]


def _by_dossier(result):
    return {t.dossier_id: tuple(getattr(t, name) for name in (*VERDICT_FIELDS, "on_time")) for t in result.timings}


@pytest.mark.parametrize(("start", "end", "now"), PERIODS)
def test_stored_verdicts_give_the_figures_of_the_full_replay(season, start, end, now):
    assert PortalVerdict.objects.exists()
    for unit in (season.province, season.a.one_stop, season.b.one_stop):
        stored = portal_on_time(unit=unit, start=start, end=end, now=now)
        replayed = portal_on_time(unit=unit, start=start, end=end, now=now, stored=False)
        assert (stored.dossiers, stored.on_time, stored.late_supplements, stored.late_past_due) == (
            replayed.dossiers, replayed.on_time, replayed.late_supplements, replayed.late_past_due,
        )  # fmt: skip
        assert _by_dossier(stored) == _by_dossier(replayed)
        counted = portal_on_time(unit=unit, start=start, end=end, now=now, detail=False)
        assert (counted.dossiers, counted.on_time, counted.late_supplements, counted.late_past_due) == (
            replayed.dossiers, replayed.on_time, replayed.late_supplements, replayed.late_past_due,
        )  # fmt: skip
        assert counted.difference_count == replayed.difference_count == len(replayed.differences())


def test_only_the_dossiers_open_at_the_end_are_replayed(season, monkeypatch):
    """March: of the 11 dossiers of the figure, the 7 closed in March are read from their verdicts, not replayed."""
    closed = PortalVerdict.objects.filter(closed_at__gte=vn(2026, 3, 1, 0, 0), closed_at__lt=vn(2026, 4, 1, 0, 0))
    assert closed.count() == 7
    replayed = []
    original = portal766.portal_timing

    def counting(dossier_id, events, *, at):
        replayed.append(dossier_id)
        return original(dossier_id, events, at=at)

    monkeypatch.setattr(portal766, "portal_timing", counting)
    portal_on_time(unit=season.province, start=D(2026, 3, 1), end=D(2026, 3, 31), stored=False)
    every = set(replayed)
    replayed.clear()
    portal_on_time(unit=season.province, start=D(2026, 3, 1), end=D(2026, 3, 31))
    assert set(replayed) == every - set(closed.values_list("dossier_id", flat=True))


def test_rebuild_writes_the_verdicts_the_hook_wrote(season):
    before = {v.dossier_id: tuple(getattr(v, n) for n in VERDICT_FIELDS) for v in PortalVerdict.objects.all()}
    counts = rollups_rebuild()
    after = {v.dossier_id: tuple(getattr(v, n) for n in VERDICT_FIELDS) for v in PortalVerdict.objects.all()}
    assert counts["portal_verdicts"] == len(before) > 0
    assert after == before
