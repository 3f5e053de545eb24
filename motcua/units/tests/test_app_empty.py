import io

from django.apps import apps

from motcua.units.choices import UnitKind
from motcua.units.models import Unit


def test_demo_is_missing_without_provinces(db):
    assert apps.get_app_config("units").demo_is_missing() is True


def test_load_demo_loads_units_and_demo_agencies(db, settings):
    settings.MOTCUA_DEMO_PROVINCE = "22"
    out = io.StringIO()
    apps.get_app_config("units").load_demo(stdout=out)
    assert Unit.objects.filter(kind=UnitKind.PROVINCE).count() == 34
    assert Unit.objects.filter(code="P22-TTPVHCC").exists()
    assert "3321" in out.getvalue()
    assert apps.get_app_config("units").demo_is_missing() is False
