import pytest
from django.apps import apps
from django.db.models import Count

from motcua.units import services
from motcua.units.choices import UnitKind
from motcua.units.models import Unit
from motcua.units.selectors import agency_list, unit_get_by_code
from motcua.units.validators import is_valid_e_identifier


def test_demo_province_gets_committee_departments_centre_and_two_agencies_per_commune(units):
    quang_ninh = unit_get_by_code("P22")
    communes = quang_ninh.children.filter(kind=UnitKind.COMMUNE).count()
    agencies = agency_list(within=quang_ninh)
    assert communes == 54
    assert agencies.filter(kind=UnitKind.DEPARTMENT).count() == 10
    assert agencies.filter(kind=UnitKind.ONE_STOP).count() == 1 + communes
    assert agencies.filter(kind=UnitKind.PEOPLES_COMMITTEE).count() == 1 + communes
    assert agencies.filter(kind=UnitKind.VERTICAL_AGENCY).count() == 2
    assert units["demo"]["agencies"] == agencies.count()


def test_demo_agencies_carry_valid_unique_e_identifiers(units):
    identifiers = list(
        agency_list(within=unit_get_by_code("P22")).exclude(e_identifier="").values_list("e_identifier", flat=True)
    )
    assert len(identifiers) == 1 + 10 + 1 + 54 * 2
    assert len(set(identifiers)) == len(identifiers)
    assert all(is_valid_e_identifier(value) for value in identifiers)


def test_demo_identifiers_follow_the_province_prefix(units):
    assert unit_get_by_code("P22-UBND").e_identifier == "H22"
    assert unit_get_by_code("P22-STP").e_identifier == "H22.02"
    assert unit_get_by_code("P22-TTPVHCC").e_identifier == "H22.30"


def test_commune_one_stop_centre_belongs_to_the_commune_peoples_committee(units):
    commune = unit_get_by_code("P22").children.filter(kind=UnitKind.COMMUNE).order_by("admin_code").first()
    centre = unit_get_by_code(f"{commune.code}-TTPVHCC")
    assert centre.parent.code == f"{commune.code}-UBND"
    assert centre.path == f"/P22/{commune.code}/{commune.code}-UBND/{commune.code}-TTPVHCC/"
    assert centre.name.startswith("Trung tâm Phục vụ hành chính công ")
    assert centre.e_identifier == f"H22.{commune.admin_code}.01"


def test_department_names_name_their_province(units):
    assert unit_get_by_code("P22-SNNMT").name == "Sở Nông nghiệp và Môi trường tỉnh Quảng Ninh"
    assert unit_get_by_code("P22-UBND").name == "Ủy ban nhân dân tỉnh Quảng Ninh"


def test_demo_setup_twice_creates_nothing_new(units):
    before = Unit.objects.count()
    result = services.demo_province_setup(province_code="22")
    assert result["created"] == 0
    assert Unit.objects.count() == before


def test_demo_setup_of_an_unknown_province_is_refused(units):
    with pytest.raises(services.UnitSetupError):
        services.demo_province_setup(province_code="99")


def test_demo_province_defaults_to_the_setting(units, settings):
    settings.MOTCUA_DEMO_PROVINCE = "24"
    result = services.demo_province_setup()
    assert result["communes"] == unit_get_by_code("P24").children.filter(kind=UnitKind.COMMUNE).count()
    assert unit_get_by_code("P24-UBND").e_identifier == "H24"


def test_no_e_identifier_is_shared(units):
    duplicates = (
        Unit.objects.exclude(e_identifier="").values("e_identifier").annotate(n=Count("id")).filter(n__gt=1).count()
    )
    assert duplicates == 0


def test_app_summary_counts_current_provinces_communes_and_agencies(units):
    counts = apps.get_app_config("units").summary_counts()
    assert sorted(counts.values()) == sorted([34, 3321, units["demo"]["agencies"]])


def test_demo_is_not_missing_once_provinces_are_loaded(units):
    assert apps.get_app_config("units").demo_is_missing() is False
