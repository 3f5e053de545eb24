import datetime

from motcua.units import services, sources
from motcua.units.choices import DivisionType, LineageKind, UnitKind
from motcua.units.models import Unit, UnitLineage
from motcua.units.selectors import unit_get_by_code, unit_predecessors, unit_successors


def test_loads_the_34_provinces_and_3321_communes(units):
    assert Unit.objects.filter(kind=UnitKind.PROVINCE).count() == 34
    assert Unit.objects.filter(kind=UnitKind.COMMUNE).count() == 3321
    assert units["summary"].provinces == 34
    assert units["summary"].communes == 3321


def test_commune_division_types_are_what_the_package_gives(units):
    communes = Unit.objects.filter(kind=UnitKind.COMMUNE)
    # vietnam-provinces 2025.10: 2,621 xã, 687 phường, 13 đặc khu (the official list of 3,321).
    assert communes.filter(division_type=DivisionType.XA).count() == 2621
    assert communes.filter(division_type=DivisionType.PHUONG).count() == 687
    assert communes.filter(division_type=DivisionType.DAC_KHU).count() == 13


def test_provinces_are_28_provinces_and_6_centrally_run_cities(units):
    provinces = Unit.objects.filter(kind=UnitKind.PROVINCE)
    assert provinces.filter(division_type=DivisionType.TINH).count() == 28
    assert provinces.filter(division_type=DivisionType.THANH_PHO_TRUNG_UONG).count() == 6


def test_current_units_start_on_1_july_2025_and_legacy_units_end_the_day_before(units):
    current = Unit.objects.filter(kind__in=[UnitKind.PROVINCE, UnitKind.COMMUNE])
    legacy = Unit.objects.filter(kind__in=[UnitKind.LEGACY_PROVINCE, UnitKind.LEGACY_DISTRICT])
    assert set(current.values_list("valid_from", flat=True)) == {datetime.date(2025, 7, 1)}
    assert set(current.values_list("valid_to", flat=True)) == {None}
    assert set(legacy.values_list("valid_to", flat=True)) == {datetime.date(2025, 6, 30)}


def test_loads_the_63_legacy_provinces_and_their_696_districts(units):
    assert Unit.objects.filter(kind=UnitKind.LEGACY_PROVINCE).count() == 63
    assert Unit.objects.filter(kind=UnitKind.LEGACY_DISTRICT).count() == 696
    ba_dinh = unit_get_by_code("LD001")
    assert ba_dinh.name == "Quận Ba Đình"
    assert ba_dinh.division_type == DivisionType.QUAN
    assert ba_dinh.parent.code == "LP01"


def test_commune_sits_under_its_province_with_gso_codes(units):
    hoan_kiem = unit_get_by_code("W00070")
    assert hoan_kiem.name == "Phường Hoàn Kiếm"
    assert hoan_kiem.admin_code == "00070"
    assert hoan_kiem.parent.code == "P01"
    assert hoan_kiem.path == "/P01/W00070/"
    assert hoan_kiem.depth == 1


def test_new_ho_chi_minh_city_was_merged_from_binh_duong_ba_ria_vung_tau_and_old_hcmc(units):
    names = set(unit_predecessors(unit_get_by_code("P79")).values_list("name", flat=True))
    assert names == {"Tỉnh Bình Dương", "Tỉnh Bà Rịa - Vũng Tàu", "Thành phố Hồ Chí Minh"}
    link = UnitLineage.objects.get(successor__code="P79", predecessor__code="LP74")
    assert link.kind == LineageKind.MERGED
    assert link.effective_date == datetime.date(2025, 7, 1)
    assert link.source_document == "Nghị quyết 202/2025/QH15"


def test_every_legacy_province_has_exactly_one_successor(units):
    assert UnitLineage.objects.count() == 63
    assert UnitLineage.objects.values("predecessor").distinct().count() == 63
    assert set(UnitLineage.objects.values_list("successor__kind", flat=True)) == {UnitKind.PROVINCE}


def test_unchanged_province_continues_its_predecessor(units):
    link = UnitLineage.objects.get(successor__code="P22")
    assert link.predecessor.code == "LP22"
    assert link.kind == LineageKind.CONTINUED


def test_legacy_bac_giang_is_succeeded_by_the_new_bac_ninh(units):
    # GSO code 24 was Bắc Giang before 2025 and is Bắc Ninh after: internal codes keep them apart.
    assert unit_get_by_code("LP24").name == "Tỉnh Bắc Giang"
    assert list(unit_successors(unit_get_by_code("LP24")).values_list("code", flat=True)) == ["P24"]


def test_loading_twice_changes_nothing(units):
    before = Unit.objects.count(), UnitLineage.objects.count()
    summary = services.units_load()
    assert (summary.created, summary.updated) == (0, 0)
    assert (Unit.objects.count(), UnitLineage.objects.count()) == before
    assert Unit.objects.values("code").distinct().count() == before[0]


def test_reloading_restores_a_changed_name(units):
    Unit.objects.filter(code="W00070").update(name="Phường Sai Tên", search_name="phuong sai ten")
    summary = services.units_load(current_only=True)
    assert summary.updated == 1
    assert unit_get_by_code("W00070").name == "Phường Hoàn Kiếm"


def test_legacy_source_reads_provinces_and_districts_from_the_package_database():
    provinces, districts = sources.legacy_units()
    assert len(provinces) == 63
    assert len(districts) == 696
    assert {row.key for row in provinces} >= {"tinhquangnam", "thanhphohanoi"}
