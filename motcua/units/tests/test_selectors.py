import datetime

import pytest

from motcua.units.choices import UnitKind
from motcua.units.models import Unit
from motcua.units.selectors import (
    commune_list,
    province_list,
    unit_ancestors,
    unit_descendants,
    unit_get_by_code,
    unit_get_by_e_identifier,
    unit_predecessors,
    unit_province,
    units_search,
)

from .factories import ProvinceFactory, UnitFactory, UnitLineageFactory


def test_search_ignores_accents_and_case(units):
    with_accents = list(units_search("Quảng Ninh", kinds=[UnitKind.PROVINCE]))
    without = list(units_search("quang ninh", kinds=[UnitKind.PROVINCE]))
    assert [unit.code for unit in with_accents] == ["P22"]
    assert without == with_accents


def test_search_matches_every_word_in_any_order(units):
    codes = set(
        units_search("ninh quang", kinds=[UnitKind.PROVINCE, UnitKind.LEGACY_PROVINCE]).values_list("code", flat=True)
    )
    assert codes == {"P22", "LP22"}


def test_search_finds_d_with_stroke_from_plain_d(units):
    assert units_search("dac khu van don").filter(code__startswith="W").exists()


def test_search_on_a_date_hides_units_not_in_force(units):
    before = units_search("binh duong", kinds=[UnitKind.LEGACY_PROVINCE], on_date=datetime.date(2025, 6, 30))
    after = units_search("binh duong", kinds=[UnitKind.LEGACY_PROVINCE], on_date=datetime.date(2025, 7, 1))
    assert before.count() == 1
    assert after.count() == 0


def test_search_within_a_province(units):
    results = units_search("so tu phap", within=unit_get_by_code("P22"))
    assert [unit.code for unit in results] == ["P22-STP"]


def test_descendants_of_a_province_are_its_communes_and_agencies(units):
    quang_ninh = unit_get_by_code("P22")
    descendants = unit_descendants(quang_ninh)
    assert descendants.filter(kind=UnitKind.COMMUNE).count() == 54
    assert descendants.count() == 54 + units["demo"]["agencies"]
    assert quang_ninh not in descendants
    assert unit_descendants(quang_ninh, include_self=True).count() == descendants.count() + 1


def test_descendants_do_not_leak_into_a_province_with_a_longer_code(db):
    short, longer = ProvinceFactory(code="P1"), ProvinceFactory(code="P12")
    UnitFactory(parent=longer)
    assert unit_descendants(short).count() == 0


def test_descendants_of_a_legacy_province_are_its_districts(units):
    assert unit_descendants(unit_get_by_code("LP01")).count() == Unit.objects.filter(parent__code="LP01").count()
    assert unit_descendants(unit_get_by_code("LP01")).count() == 30


def test_ancestors_and_province_of_a_commune_centre(units):
    centre = unit_get_by_code("P22-STP")
    assert [unit.code for unit in unit_ancestors(centre)] == ["P22", "P22-UBND"]
    assert unit_province(centre).code == "P22"


def test_predecessors_walk_more_than_one_generation(db):
    link = UnitLineageFactory()
    older = UnitLineageFactory(successor=link.predecessor)
    codes = set(unit_predecessors(link.successor).values_list("code", flat=True))
    assert codes == {link.predecessor.code, older.predecessor.code}


def test_province_list_gives_34_after_the_reform_and_63_before(units):
    assert province_list(datetime.date(2025, 7, 1)).count() == 34
    assert province_list(datetime.date(2025, 6, 30)).count() == 63


def test_commune_list_of_a_province_before_the_reform_is_its_districts(units):
    assert commune_list(unit_get_by_code("P22"), on_date=datetime.date(2025, 7, 1)).count() == 54
    assert commune_list(unit_get_by_code("LP22"), on_date=datetime.date(2025, 6, 30)).count() == 13


def test_get_by_code_and_by_e_identifier(units):
    assert unit_get_by_code(" p22 ").name == "Tỉnh Quảng Ninh"
    assert unit_get_by_e_identifier("h22.02").code == "P22-STP"
    with pytest.raises(Unit.DoesNotExist):
        unit_get_by_code("NOPE")
