"""The bundle pages over HTTP: the citizen's form refuses bad input in Vietnamese (400, never 500), creates the
bundle and shows each agency's part; the officer's pages are scoped to their units (another unit's officer: 404)."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.bundles.forms import new_key
from motcua.bundles.models import Bundle
from motcua.dossiers.tests.factories import vn

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def form_data(bw, **changes):
    data = {
        "receiving_unit": bw.centre.pk,
        "applicant_name": "Nguyễn Thị Mai",
        "applicant_id_number": "001190012345",
        "applicant_phone": "0912345678",
        "applicant_email": "",
        "applicant_address": "Thôn 1, xã Tân Lập",
        "subject_name": "Trần Minh Khang",
        "subject_date": "20/02/2026",
        "intake_key": new_key(),
    }
    data.update(changes)
    return data


def test_citizen_applies_and_follows_each_part(bw, client):
    client.force_login(bw.citizen)
    url = reverse("bundles:apply", args=["LT-KHAISINH"])
    with time_machine.travel(vn(2026, 3, 2, 10, 0), tick=False):
        page = client.get(url)
        assert (
            page.status_code == 200
            and "Ngày sinh của trẻ" in page.text
            and "Giấy tờ cho: Đăng ký khai sinh" in page.text
        )
        upload = SimpleUploadedFile("giay-chung-sinh.pdf", PDF, content_type="application/pdf")
        response = client.post(url, form_data(bw) | {"tep_1": upload})
    bundle = Bundle.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(bundle.code + "/")
    birth = bundle.parts.get(component__order=1).dossier
    assert birth.documents.count() == 1
    with time_machine.travel(vn(2026, 3, 2, 11, 0), tick=False):
        page = client.get(response["Location"])
    text = page.text
    assert "Phần việc của từng cơ quan" in text and "Công an tỉnh" in text and "Bảo hiểm xã hội tỉnh" in text
    assert "10:00 05/03/2026" in text  # the total due
    assert client.get(reverse("bundles:my_list")).status_code == 200


def test_bad_input_is_refused_in_vietnamese(bw, client):
    client.force_login(bw.citizen)
    url = reverse("bundles:apply", args=["LT-KHAISINH"])
    with time_machine.travel(vn(2026, 3, 2, 10, 0), tick=False):
        too_old = client.post(url, form_data(bw, subject_date="01/05/2019"))
        no_date = client.post(url, form_data(bw, subject_date="31/02/2026"))
        no_contact = client.post(url, form_data(bw, applicant_phone=""))
        bad_unit = client.post(url, form_data(bw, receiving_unit="999999"))
    assert too_old.status_code == 400 and "chỉ dành cho trẻ em dưới 6 tuổi" in too_old.text
    assert no_date.status_code == 400 and "Nhập ngày theo dạng ngày/tháng/năm, ví dụ 07/03/2026." in no_date.text
    assert no_contact.status_code == 400 and "Nhập số điện thoại hoặc thư điện tử" in no_contact.text
    assert bad_unit.status_code == 400
    assert not Bundle.objects.exists()
    assert client.get(reverse("bundles:apply", args=["KHONG-CO"])).status_code == 404


def test_officer_pages_are_scoped_to_their_units(bw, client):
    from motcua.bundles.services import bundle_apply

    with time_machine.travel(vn(2026, 3, 2, 10, 0), tick=False):
        bundle = bundle_apply(
            definition=bw.birth,
            receiving_unit=bw.centre,
            applicant_user=bw.citizen,
            applicant_name="Nguyễn Thị Mai",
            applicant_phone="0912345678",
            subject_name="Trần Minh Khang",
            subject_date=dt.date(2026, 2, 20),
        )
    detail = reverse("bundles:officer_detail", args=[bundle.code])
    client.force_login(bw.other_officer)
    assert client.get(detail).status_code == 404
    assert bundle.code not in client.get(reverse("bundles:officer_list")).text
    client.force_login(bw.police_officer)
    assert client.get(detail).status_code == 200  # holds a part
    refused = client.post(detail, {"reason": "Xác minh"})  # only the receiving unit records verification
    assert refused.status_code == 400 and "Chỉ cán bộ của đơn vị tiếp nhận" in refused.text
    bundle.refresh_from_db()
    assert not bundle.needs_verification
    client.force_login(bw.centre_officer)
    assert bundle.code in client.get(reverse("bundles:officer_list")).text
    with time_machine.travel(vn(2026, 3, 2, 11, 0), tick=False):
        assert client.post(detail, {"reason": ""}).status_code == 400
        assert client.post(detail, {"reason": "Xác minh nơi cư trú của mẹ"}).status_code == 302
    bundle.refresh_from_db()
    assert bundle.needs_verification and bundle.due_at == vn(2026, 3, 9, 10, 0)
    client.force_login(bw.citizen)
    assert client.get(detail).status_code == 403  # not an officer
    assert client.get(reverse("bundles:my_detail", args=[bundle.code])).status_code == 200
