"""The admin upload of a province's e-identifier list, used in a browser as an administrator would."""

import pytest
from django.urls import reverse

from motcua.units.models import Unit

from .factories import AgencyFactory, ProvinceFactory

PROVINCE_CSV = (
    "\ufeffSTT;Tên cơ quan, đơn vị;Mã định danh\r\n"
    "1;Sở Tư pháp tỉnh Quảng Ninh;H22.12\r\n"
    "2;Sở Nội vụ tỉnh Quảng Ninh;H22.11\r\n"
    "3;Ban Quản lý Khu kinh tế tỉnh Quảng Ninh;H22.40\r\n"
).encode()


def agencies():
    province = ProvinceFactory(code="P22", name="Tỉnh Quảng Ninh", admin_code="22")
    AgencyFactory(code="P22-STP", name="Sở Tư pháp tỉnh Quảng Ninh", parent=province, e_identifier="H22.02")
    AgencyFactory(code="P22-SNV", name="Sở Nội vụ tỉnh Quảng Ninh", parent=province, e_identifier="H22.01")


def sign_in(page, live_server, django_user_model):
    django_user_model.objects.create_superuser("quan-tri", "qt@example.vn", "mat-khau-quan-tri")
    page.goto(live_server.url + "/quan-tri/login/?next=/quan-tri/units/unit/")
    page.get_by_label("Tên đăng nhập").fill("quan-tri")
    page.get_by_label("Mật khẩu").fill("mat-khau-quan-tri")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/login/" not in url)


@pytest.mark.django_db(transaction=True)
def test_administrator_checks_then_writes_a_provinces_list(tmp_path, page, live_server, django_user_model, screenshot):
    agencies()
    path = tmp_path / "ma-dinh-danh-quang-ninh.csv"
    path.write_bytes(PROVINCE_CSV)
    sign_in(page, live_server, django_user_model)
    page.get_by_role("link", name="Nhập mã định danh điện tử").click()
    page.wait_for_url("**/import-identifiers/")
    page.get_by_label("Tệp CSV").set_input_files(str(path))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    report = page.locator("#import-report")
    assert "3 dòng: 2 thay đổi, 0 không đổi, 1 không tìm thấy." in report.inner_text()
    rows = page.locator("#import-changes tbody tr").all_inner_texts()
    assert [row.split("\t")[1:4] for row in rows] == [
        ["Sở Tư pháp tỉnh Quảng Ninh", "H22.02", "H22.12"],
        ["Sở Nội vụ tỉnh Quảng Ninh", "H22.01", "H22.11"],
    ]
    assert "Dòng 4: Ban Quản lý Khu kinh tế tỉnh Quảng Ninh — không có cơ quan nào mang tên này" in (
        page.locator("#import-unknown").inner_text()
    )
    assert Unit.objects.get(code="P22-STP").e_identifier == "H22.02"  # checked, not written
    screenshot(page, "units-import-identifiers-check")
    page.get_by_role("button", name="Ghi các mã định danh").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(".messagelist")
    assert "Đã ghi 2 mã định danh điện tử." in page.locator(".messagelist").inner_text()
    assert page.url.endswith(reverse("admin:units_unit_changelist"))
    assert dict(Unit.objects.filter(code__startswith="P22-").values_list("code", "e_identifier")) == {
        "P22-STP": "H22.12",
        "P22-SNV": "H22.11",
    }


@pytest.mark.django_db(transaction=True)
def test_a_malformed_list_is_refused_with_the_line_and_nothing_changes(
    tmp_path, page, live_server, django_user_model, screenshot
):
    agencies()
    path = tmp_path / "ma-dinh-danh.csv"
    path.write_bytes(PROVINCE_CSV.replace(b"H22.11", b"000.00.01.H22"))
    sign_in(page, live_server, django_user_model)
    page.goto(live_server.url + reverse("admin:units_unit_import_identifiers"))
    page.get_by_label("Tệp CSV").set_input_files(str(path))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    errors = page.get_by_role("alert")
    assert "Tệp bị từ chối; không có gì thay đổi." in errors.inner_text()
    assert "Dòng 3: mã cấp 1 H22 đứng cuối" in errors.inner_text()
    assert page.locator("#confirm-form").count() == 0
    screenshot(page, "units-import-identifiers-refused")
    assert Unit.objects.get(code="P22-SNV").e_identifier == "H22.01"


def test_the_upload_page_needs_the_permission_to_change_units(db, client, django_user_model):
    user = django_user_model.objects.create_user("nhan-vien", password="mat-khau-nv", is_staff=True)
    client.force_login(user)
    response = client.get(reverse("admin:units_unit_import_identifiers"))
    assert response.status_code == 403


def test_a_refused_upload_answers_400_and_a_post_without_file_asks_for_one(db, admin_client):
    url = reverse("admin:units_unit_import_identifiers")
    response = admin_client.post(url, {"content": "code;e_identifier\nP22-STP;H22..1\n", "confirm": "1"})
    assert response.status_code == 400
    assert "Dòng 2" in response.content.decode()
    response = admin_client.post(url, {})
    assert response.status_code == 400
    assert "Hãy chọn tệp CSV." in response.content.decode()
