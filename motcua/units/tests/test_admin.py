from django.urls import reverse

from motcua.units.selectors import unit_get_by_code


def test_admin_search_is_accent_insensitive(units, admin_client):
    response = admin_client.get(reverse("admin:units_unit_changelist"), {"q": "Sở Tư pháp tỉnh Quảng Ninh"})
    assert response.status_code == 200
    assert [unit.code for unit in response.context["cl"].result_list] == ["P22-STP"]


def test_admin_filters_by_province_kind_and_validity(units, admin_client):
    response = admin_client.get(
        reverse("admin:units_unit_changelist"), {"province": "P22", "kind__exact": "department", "active": "yes"}
    )
    assert response.status_code == 200
    assert response.context["cl"].result_count == 10


def test_admin_shows_lineage_inline_on_a_province(units, admin_client):
    unit = unit_get_by_code("P79")
    response = admin_client.get(reverse("admin:units_unit_change", args=[unit.pk]))
    assert response.status_code == 200
    assert "Tỉnh Bình Dương" in response.content.decode()


def test_admin_edit_of_a_code_rewrites_the_paths_below(units, admin_client):
    committee = unit_get_by_code("P22-UBND")
    data = {
        "code": "P22-UBND2",
        "name": committee.name,
        "short_name": committee.short_name,
        "kind": committee.kind,
        "division_type": "",
        "parent": committee.parent_id,
        "admin_code": "",
        "e_identifier": committee.e_identifier,
        "valid_from": "2025-07-01",
        "valid_to": "",
        "predecessor_links-TOTAL_FORMS": "0",
        "predecessor_links-INITIAL_FORMS": "0",
    }
    response = admin_client.post(reverse("admin:units_unit_change", args=[committee.pk]), data)
    assert response.status_code == 302
    assert unit_get_by_code("P22-STP").path == "/P22/P22-UBND2/P22-STP/"
