import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from motcua.units import services
from motcua.units.choices import UnitKind
from motcua.units.validators import is_valid_e_identifier, validate_e_identifier

from .factories import AgencyFactory, ProvinceFactory, UnitFactory


@pytest.mark.parametrize("value", ["H22", "000.00.00.H30", "H15.50.05.13", "G01.A.9", "1" * 35])
def test_e_identifier_accepts_qd_20_2020_shapes(value):
    assert is_valid_e_identifier(value)


@pytest.mark.parametrize(
    "value",
    ["h22", "000.00.00.h30", "1" * 36, "H22..01", ".H22", "H22.", "H22-01", "H 22", "Đ22"],
)
def test_e_identifier_rejects_lowercase_too_long_and_stray_characters(value):
    with pytest.raises(ValidationError):
        validate_e_identifier(value)


def test_unit_create_refuses_a_lowercase_e_identifier(db):
    with pytest.raises(ValidationError) as error:
        services.unit_create(code="X1", name="Sở Thử", kind=UnitKind.DEPARTMENT, e_identifier="h22.01")
    assert "e_identifier" in error.value.message_dict


def test_unit_create_stores_a_valid_agency(db):
    province = ProvinceFactory(code="PX")
    agency = services.unit_create(
        code="PX-SNV", name="Sở Nội vụ tỉnh Thử", kind=UnitKind.DEPARTMENT, parent=province, e_identifier="H99.01"
    )
    assert agency.path == "/PX/PX-SNV/"
    assert agency.search_name == "so noi vu tinh thu px-snv"


def test_two_units_cannot_share_an_e_identifier(db):
    AgencyFactory(e_identifier="H99.01")
    with pytest.raises(IntegrityError), transaction.atomic():
        AgencyFactory(e_identifier="H99.01")


def test_many_units_may_have_no_e_identifier(db):
    AgencyFactory(e_identifier="")
    AgencyFactory(e_identifier="")


def test_database_refuses_valid_to_before_valid_from(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        UnitFactory(valid_from=datetime.date(2025, 7, 1), valid_to=datetime.date(2025, 6, 30))


def test_code_is_unique_in_the_database(db):
    unit = UnitFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        UnitFactory._meta.model.objects.bulk_create([UnitFactory.build(code=unit.code)])


def test_is_active_on_includes_both_ends(db):
    unit = UnitFactory.build(valid_from=datetime.date(2025, 7, 1), valid_to=datetime.date(2025, 12, 31))
    assert not unit.is_active_on(datetime.date(2025, 6, 30))
    assert unit.is_active_on(datetime.date(2025, 7, 1))
    assert unit.is_active_on(datetime.date(2025, 12, 31))
    assert not unit.is_active_on(datetime.date(2026, 1, 1))


def test_unit_without_dates_is_always_active(db):
    assert UnitFactory.build(valid_from=None, valid_to=None).is_active_on(datetime.date(1990, 1, 1))


def test_search_name_is_folded_without_accents(db):
    unit = UnitFactory(name="Phường  Đông   Hưng Thuận", code="W1")
    assert unit.search_name == "phuong dong hung thuan w1"
    assert unit.name == "Phường Đông Hưng Thuận"


def test_moving_a_unit_rewrites_the_paths_of_its_subtree(db):
    old, new = ProvinceFactory(code="PA"), ProvinceFactory(code="PB")
    commune = UnitFactory(code="WA", parent=old)
    committee = AgencyFactory(code="WA-UBND", parent=commune, kind=UnitKind.PEOPLES_COMMITTEE)
    services.unit_move(unit=commune, parent=new)
    committee.refresh_from_db()
    assert committee.path == "/PB/WA/WA-UBND/"
    assert committee.depth == 2


def test_a_unit_cannot_move_under_its_own_descendant(db):
    province = ProvinceFactory(code="PC")
    commune = UnitFactory(code="WC", parent=province)
    with pytest.raises(services.UnitSetupError):
        services.unit_move(unit=province, parent=commune)


def test_clean_refuses_a_parent_inside_the_unit(db):
    province = ProvinceFactory(code="PD")
    commune = UnitFactory(code="WD", parent=province)
    province.parent = commune
    with pytest.raises(ValidationError):
        province.full_clean()
