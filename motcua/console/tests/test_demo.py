import io

import pytest
from django.apps import apps

from motcua.accounts.choices import Role
from motcua.accounts.models import Membership, User
from motcua.units.tests.factories import ProvinceFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_province(settings):
    settings.MOTCUA_DEMO_PROVINCE = "22"
    province = ProvinceFactory(code="P22", admin_code="22", name="Tỉnh Quảng Ninh")
    UnitFactory(code="W06660", admin_code="06660", name="Phường Hồng Gai", parent=province)
    from motcua.units.services import demo_province_setup

    demo_province_setup(province_code="22")
    return province


def test_demo_officers_are_created_once_with_their_roles(demo_province):
    config = apps.get_app_config("console")
    config.load_demo(stdout=io.StringIO())
    config.load_demo(stdout=io.StringIO())
    assert User.objects.filter(username__startswith="motcua.").count() == 4
    assert User.objects.get(username="admin").is_superuser
    counter = User.objects.get(username="motcua.tiepnhan")
    assert counter.check_password("motcua-demo")
    assert set(Membership.objects.filter(user=counter).values_list("unit__code", "role")) == {
        ("W06660-TTPVHCC", Role.COUNTER_OFFICER),
        ("P22-TTPVHCC", Role.COUNTER_OFFICER),
    }
    assert not config.demo_is_missing()


def test_demo_without_units_is_skipped_with_a_message(settings):
    out = io.StringIO()
    apps.get_app_config("console").load_demo(stdout=out)
    assert "skipped" in out.getvalue()
    assert not User.objects.exists()
