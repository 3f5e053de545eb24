"""What changed between two versions: on the procedure page (a citizen opens it with the keyboard) and in the
admin. A new decision republishing the procedure makes version 2 (ND 61/2018 art. 19: dossiers keep theirs)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import translation

from motcua.catalog.importers.runner import import_national
from motcua.catalog.models import Procedure
from motcua.catalog.versions import procedure_changes

from .test_commands import HEADER, record, write

V1_DOCUMENTS = "--Tên giấy tờMẫu đơn, tờ khaiSố lượngTờ khai;TK01.docx1 bản chínhGiấy khai sinh0 bản chính,1 bản sao"
V2_DOCUMENTS = "--Tên giấy tờMẫu đơn, tờ khaiSố lượngTờ khai;TK01.docx1 bản chính"


def two_versions(tmp_path) -> tuple[Procedure, Procedure]:
    path = tmp_path / "p.json"
    first = record("1.000095", decision="163/QĐ-BTP")
    first["thanh_phan_ho_so"] = V1_DOCUMENTS
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC), tick=False):
        import_national([write(path, first)])
    second = record("1.000095", decision="1010/QĐ-BTP", days="5")
    second["thanh_phan_ho_so"] = V2_DOCUMENTS
    second["cach_thuc_thuc_hien"] = HEADER + "Trực tiếp5 Ngày làm việcMiễn phíTrực tuyến5 Ngày làm việcMiễn phí"
    with time_machine.travel(dt.datetime(2026, 7, 1, 9, tzinfo=dt.UTC), tick=False):
        import_national([write(path, second)])
    return Procedure.objects.get(code="1.000095", version=1), Procedure.objects.get(code="1.000095", version=2)


@pytest.mark.django_db
def test_changes_between_versions(tmp_path):
    old, new = two_versions(tmp_path)
    with translation.override("en"):
        changes = {c.label: (c.removed, c.added) for c in procedure_changes(old=old, new=new)}
    assert changes["Documents to prepare"] == (["Giấy khai sinh (0 originals, 1 copies)"], [])
    assert changes["Publishing decision"] == (["163/QĐ-BTP"], ["1010/QĐ-BTP"])
    assert changes["Time limit"][1] == ["All channels: 5 working days"]
    assert "Fees" not in changes and "Legal basis" not in changes


@pytest.mark.django_db
def test_admin_shows_the_changes_from_the_previous_version(tmp_path, admin_client):
    _old, new = two_versions(tmp_path)
    page = admin_client.get(f"/quan-tri/catalog/procedure/{new.pk}/change/").content.decode()
    assert "Những thay đổi so với phiên bản 1" in page
    assert "<del>Giấy khai sinh (0 bản chính, 1 bản sao)</del>" in page


@pytest.mark.django_db(transaction=True)
def test_procedure_page_shows_what_the_new_version_changed(tmp_path, page, live_server, screenshot):
    two_versions(tmp_path)
    page.goto(live_server.url + "/thu-tuc/1.000095/")
    changes = page.get_by_test_id("version-changes")
    summary = changes.locator("summary")
    assert "Những thay đổi so với phiên bản 1 (hiệu lực đến 01/07/2026)" in summary.inner_text()
    assert not changes.get_by_text("Giấy khai sinh").is_visible()  # closed until asked for
    summary.focus()
    page.keyboard.press("Enter")
    assert changes.get_by_text("Giấy khai sinh (0 bản chính, 1 bản sao)").is_visible()
    assert "Thêm" in changes.inner_text() and "1010/QĐ-BTP" in changes.inner_text()
    changes.scroll_into_view_if_needed()
    screenshot(page, "catalog-version-changes")
