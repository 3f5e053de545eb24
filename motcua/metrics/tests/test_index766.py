import datetime as dt
import json

import pytest
from django.core.management import CommandError, call_command

from motcua.metrics.index766 import BadConfig, index766, load_config, points_for, validate_config

MARCH = (dt.date(2026, 3, 1), dt.date(2026, 3, 31))


def test_groups_have_the_decision_maxima_and_indicator_points_add_up():
    config = load_config()
    assert [g["max_points"] for g in config["groups"]] == [18, 20, 22, 22, 18]
    broken = {**config, "groups": [{**config["groups"][0], "max_points": 20}, *config["groups"][1:]]}
    with pytest.raises(BadConfig):
        validate_config(broken)


@pytest.mark.parametrize(
    ("value", "points"), [(0.9, 4.0), (0.8, 4.0), (0.4, 2.0), (0.0, 0.0)]
)  # threshold: full at ≥ 80 %, else value × max / 80 %
def test_threshold_rule_gives_full_points_from_the_threshold(value, points):
    item = {"max_points": 4, "rule": "threshold", "full_at": 0.8}
    assert points_for(item, value, when_no_data="zero") == (points, "scored")


def test_unknown_values_score_by_the_documented_rule():
    item = {"max_points": 6, "rule": "proportional"}
    assert points_for(item, None, when_no_data="zero") == (0.0, "no_data")
    assert points_for(item, None, when_no_data="full") == (6.0, "no_data")


def test_on_time_indicator_scores_its_share_of_twenty_points_the_portals_way(season):
    """2.1 follows the portal (legal-details.md §3.3–3.4: 20 × on time / dossiers): March has 11 received dossiers
    closed in it or open at its end (a5 was never received); late are a2 (signed after its appointment) and b1
    (open past it); a7 (suspended) and a8 (waiting for a supplement) are not late, their wait not being the
    agency's time. The decree's on-time rate (5 of 6 resolved) is shown beside it."""
    result = index766(unit=season.province, start=MARCH[0], end=MARCH[1])
    timeliness = result.groups[1]
    on_time = timeliness.indicators[0]
    assert (on_time.code, on_time.value, on_time.points) == ("2.1", 0.8182, 16.36)
    assert on_time.inputs["on_time"] == 9 and on_time.inputs["dossiers"] == 11
    assert (on_time.legal_value, on_time.differs) == (0.8333, True)
    assert result.total == round(sum(g.points for g in result.groups), 2)
    satisfaction = result.groups[4].indicators[-1]
    assert (satisfaction.status, satisfaction.points) == ("no_data", 0.0)


def test_cli_prints_total_and_groups_with_indicators_as_json(season, capsys):
    call_command("index766", "--unit", season.province.code, "--period", "2026-Q1", "--json")
    data = json.loads(capsys.readouterr().out)
    assert set(data) >= {"total", "groups"}
    assert [g["max_points"] for g in data["groups"]] == [18, 20, 22, 22, 18]
    for group in data["groups"]:
        assert set(group) >= {"name", "max_points", "points", "indicators"}
        for item in group["indicators"]:
            assert set(item) >= {"inputs", "value", "points"}


def test_cli_refuses_unknown_units_and_periods(season):
    with pytest.raises(CommandError, match="unknown unit"):
        call_command("index766", "--unit", "NOPE", "--period", "2026-Q1")
    with pytest.raises(CommandError, match="invalid period"):
        call_command("index766", "--unit", season.province.code, "--period", "Q1")


def test_indicator_names_with_a_comma_are_whole():
    """legal-details.md §3.2/§3.3: "Tỷ lệ TTHC được cập nhật, công khai đúng hạn", "Hài lòng tiếp nhận, giải
    quyết TTHC" — the YAML flow syntax used to cut them at the comma."""
    names = {i["code"]: i["name"] for g in load_config()["groups"] for i in g["indicators"]}
    assert names["1.2"] == "TTHC được cập nhật, công khai đúng hạn"
    assert names["5.4"] == "Hài lòng trong tiếp nhận, giải quyết TTHC"
    assert all(set(i) <= KEYS for g in load_config()["groups"] for i in g["indicators"])


KEYS = {"code", "name", "max_points", "indicator", "legal_indicator", "rule", "full_at", "when_no_data"}
