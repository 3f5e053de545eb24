from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from motcua.scorecard.loader import FrameworkError, parse_framework, shipped_framework_files
from motcua.scorecard.models import Framework

pytestmark = pytest.mark.django_db


def minimal(**overrides):
    doc = {
        "code": "x",
        "name": "X",
        "year": 2024,
        "aggregation": "sum",
        "scale": 10,
        "nodes": [
            {"code": "1", "name": "A", "max_points": 6, "children": [{"code": "1.1", "name": "a", "max_points": 6}]},
            {"code": "2", "name": "B", "max_points": 4, "method": "survey"},
        ],
    }
    doc.update(overrides)
    return doc


def test_shipped_par_framework_has_eight_fields_summing_to_100(framework):
    fields = framework.nodes.filter(parent=None)
    assert fields.count() == 8
    assert sum(f.max_points for f in fields) == Decimal(100)
    assert framework.version == "876/QĐ-BNV"
    assert not framework.nodes.filter(unverified=False).exists()


def test_shipped_files_all_validate():
    assert [p.name for p in shipped_framework_files()] == ["par-index-province-2024.yaml", "pci-2021.yaml"]


def test_children_points_must_sum_to_parent_maximum():
    doc = minimal()
    doc["nodes"][0]["children"][0]["max_points"] = 5
    with pytest.raises(FrameworkError) as info:
        parse_framework(doc)
    assert info.value.errors == [
        "[1]: tổng điểm mục con 5 ≠ điểm tối đa 6 / children's points sum to 5, not the maximum 6"
    ]


def test_weighted_framework_needs_weights_summing_to_one():
    doc = minimal(aggregation="weighted")
    doc["nodes"][0]["weight"] = 0.5
    doc["nodes"][1]["weight"] = 0.4
    doc["nodes"][0]["children"][0]["weight"] = 1
    with pytest.raises(FrameworkError) as info:
        parse_framework(doc)
    assert "weights sum to 0.9, not 1" in info.value.errors[0]


def test_unknown_keys_duplicate_codes_and_bad_methods_are_each_reported():
    doc = minimal()
    doc["nodes"][1].update({"code": "1", "method": "guess", "points": 4})
    with pytest.raises(FrameworkError) as info:
        parse_framework(doc)
    assert len(info.value.errors) == 3


def test_load_command_reports_bad_yaml_in_one_line(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("code: x\nnodes: [\n", encoding="utf-8")
    with pytest.raises(CommandError) as info:
        call_command("scorecard", "load-framework", str(bad))
    assert "\n" not in str(info.value)
    assert "invalid YAML (dòng/line 3" in str(info.value)


def test_one_version_per_year_and_replace_only_before_assessments(framework, world, tmp_path):
    from motcua.scorecard.services import assessment_start
    from motcua.scorecard.tests.factories import PAR_FILE

    with pytest.raises(CommandError, match="exists"):
        call_command("scorecard", "load-framework", str(PAR_FILE))
    assessment_start(framework=framework, unit=world.department)
    with pytest.raises(CommandError, match="cannot replace"):
        call_command("scorecard", "load-framework", str(PAR_FILE), "--replace")
    call_command("scorecard", "load-framework", str(PAR_FILE), "--year", "2025")
    assert list(Framework.objects.filter(code="par-index-province").values_list("year", flat=True)) == [2025, 2024]
