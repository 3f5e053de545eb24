"""Points at risk (issue 15 item 5): the dossiers of the current period that will cost 766 points if nothing is
done, with the indicator, the action and the points recoverable (estimate documented in `metrics.at_risk`)."""

import datetime as dt
import json

import pytest
from django.core.management import call_command

from motcua.dossiers.tests.factories import vn
from motcua.metrics.at_risk import Risk, gain, points_at_risk
from motcua.metrics.index766 import load_config
from motcua.workdays.selectors import invalidate_calendar

from .factories import build_points_at_risk

MARCH = (dt.date(2026, 3, 1), dt.date(2026, 3, 31))
NOW = vn(2026, 3, 20, 10, 0)  # Friday: 3 working days ahead is Wednesday 25/3 10:00


@pytest.fixture
def unit(db):
    invalidate_calendar()
    yield build_points_at_risk()
    invalidate_calendar()


def _risks(result):
    return {(i.dossier.code, i.code, i.risk) for i in result.items}


def test_worklist_lists_what_can_still_be_saved_with_the_indicator_and_action(unit):
    province, d = unit
    result = points_at_risk(unit=province, start=MARCH[0], end=MARCH[1], now=NOW)
    code = {name: dossier.code for name, dossier in d.items()}
    assert _risks(result) == {
        (code["soon"], "2.1", Risk.DUE_SOON),
        (code["once"], "2.1", Risk.ONE_SUPPLEMENT),
        (code["done"], "4.1", Risk.NO_E_RESULT),
        *((code[n], "1.4", Risk.NOT_SYNCED) for n in ("later", "lost", "once")),
    }
    # "later" is not due within 3 working days, "lost" is already late (no action recovers it).
    assert all(i.action and i.reason for i in result.items)
    assert [i.points for i in result.items] == sorted((i.points for i in result.items), reverse=True)


def test_points_recoverable_follow_the_weight_and_the_current_denominator(unit):
    """2.1 (20 points, proportional): 6 dossiers by the portal's rule, 5 on time now (only "lost" late): keeping
    one on time is worth the difference of the two scores as the index rounds them, 16.67 − 13.33 = 3.34. 1.4 (6 points): 3 of 6 received synced: 6/6 = 1.0 per dossier. 4.1
    (6 points): 1 e-result of 2 resolved dossiers of the paper-result procedure: 6/2 = 3.0."""
    province, _d = unit
    result = points_at_risk(unit=province, start=MARCH[0], end=MARCH[1], now=NOW)
    points = {(i.code, i.risk): i.points for i in result.items}
    assert points == {
        ("2.1", Risk.DUE_SOON): 3.34,
        ("2.1", Risk.ONE_SUPPLEMENT): 3.34,
        ("4.1", Risk.NO_E_RESULT): 3.0,
        ("1.4", Risk.NOT_SYNCED): 1.0,
    }
    assert result.total == round(3.34 * 2 + 3.0 + 1.0 * 3, 2)


def test_a_threshold_indicator_gives_nothing_once_its_threshold_is_reached():
    item = next(i for g in load_config()["groups"] for i in g["indicators"] if i["code"] == "3.3")
    assert gain(item, 3, 10) == round(12 * 0.4 / 0.5 - 12 * 0.3 / 0.5, 2)  # 2.4 while below 50 %
    assert gain(item, 6, 10) == 0.0


def test_a_wider_horizon_adds_the_dossiers_due_later(unit):
    province, d = unit
    result = points_at_risk(unit=province, start=MARCH[0], end=MARCH[1], now=NOW, within_days=5)
    assert (d["later"].code, "2.1", Risk.DUE_SOON) in _risks(result)


def test_cli_prints_the_worklist_as_json(unit, capsys):
    province, _d = unit
    call_command("index766", "--unit", province.code, "--period", "2026-03", "--at-risk", "--json")
    data = json.loads(capsys.readouterr().out)
    assert set(data) >= {"total", "items"}
    assert all(set(i) >= {"dossier", "indicator", "action", "points"} for i in data["items"])
