"""The YAML demo loader and the app's demo hooks."""

from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps

from motcua.catalog.demo import DemoFormatError, load_demo_procedures
from motcua.catalog.models import Procedure

pytestmark = pytest.mark.django_db
FIXTURE = Path(__file__).parent / "fixtures" / "demo_small.yaml"


def test_demo_yaml_loads_and_is_idempotent():
    assert load_demo_procedures(FIXTURE) == {"created": 2, "updated": 0, "unchanged": 0}
    assert load_demo_procedures(FIXTURE) == {"created": 0, "updated": 0, "unchanged": 2}
    birth = Procedure.objects.get(code="1.001193")
    assert (birth.online_level, birth.boundary_free, birth.levels) == ("full", True, ["commune"])
    assert birth.legal_basis.get().date.isoformat() == "2014-11-20"
    assert list(birth.process_steps.values_list("name", flat=True)) == ["Tiếp nhận", "Xử lý"]
    assert sorted(birth.life_events.values_list("name", flat=True)) == ["Khai sinh"]
    residence = Procedure.objects.get(code="1.000656")
    assert residence.time_limit_for("online").value == Decimal("5")
    assert residence.process_steps.count() == 4  # default template derived from the 7-day counter limit


def test_demo_yaml_with_a_bad_number_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text('- {code: "1.1", name: "X", field: "Y", time_limits: [{value: "nhiều"}]}', encoding="utf-8")
    with pytest.raises(DemoFormatError, match=r"1\.1: not a number"):
        load_demo_procedures(bad)


def test_app_config_counts_and_demo_flag():
    config = apps.get_app_config("catalog")
    assert config.demo_is_missing() is True
    load_demo_procedures(FIXTURE)
    assert config.demo_is_missing() is False
    assert sorted(config.summary_counts().values()) == [2, 2]


def test_load_demo_hook_writes_a_summary():
    out = StringIO()
    apps.get_app_config("catalog").load_demo(stdout=out)
    assert "procedures" in out.getvalue() or "missing" in out.getvalue()
