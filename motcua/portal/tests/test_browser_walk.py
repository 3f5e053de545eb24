"""The end-to-end citizen walk on a phone (issue 4 "done means"): find "đăng ký khai sinh", sign in with a
one-time code (read from the locmem outbox), submit online reusing a stored e-result from an earlier dossier,
track it on /tra-cuu/ while officers process it (through the services), receive the electronic result on
"my dossier", rate the service, and send a feedback about the dossier. Screenshots in var/screenshots/walk-*.png."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.files.base import ContentFile

from motcua.accounts.choices import UserKind
from motcua.accounts.services import user_create
from motcua.catalog.models import Procedure
from motcua.core.text import fold
from motcua.datastore.models import DocumentReuse, StoredDocument
from motcua.dossiers import services
from motcua.dossiers.choices import DossierStatus
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import Upload
from motcua.dossiers.tests.factories import World, vn
from motcua.feedback.models import Feedback, Rating

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
S = DossierStatus
PDF = b"%PDF-1.4\n% motcua test\n"


def result_upload(name: str) -> Upload:
    return Upload(file=ContentFile(PDF, name=f"{name}.pdf"))


def earlier_delivered_dossier(world, user):
    """An earlier dossier of the same account, returned electronically: its e-result lands in the data store."""
    dossier = world.dossier_in(S.AWAITING_SIGNATURE)
    Dossier.objects.filter(pk=dossier.pk).update(applicant_user=user)
    dossier = world.act(
        services.dossier_sign,
        dossier,
        at=vn(2026, 3, 2, 15),
        officer=world.leader,
        results=[result_upload("Trích lục khai sinh của mẹ")],
    )
    return world.act(
        services.dossier_deliver, dossier, at=vn(2026, 3, 2, 16), officer=world.counter, method="electronic"
    )


def process(world, dossier) -> Dossier:
    """The officers' side, through the same services the console calls."""
    steps = [
        (services.dossier_receive, world.counter, {"presented_document_ids": world.all_documents()}),
        (services.dossier_forward, world.counter, {"to_units": [world.department]}),
        (services.dossier_appraise, world.specialist, {"opinion": "Đủ điều kiện"}),
        (services.dossier_approve, world.leader, {}),
        (services.dossier_sign, world.leader, {"results": [result_upload("Giấy khai sinh")]}),
        (services.dossier_deliver, world.counter, {"method": "electronic"}),
    ]
    for function, officer, kwargs in steps:
        dossier.refresh_from_db()
        dossier = function(officer=officer, dossier=dossier, expected_version=dossier.version, **kwargs)
    return dossier


def track(page, base, code, digits):
    page.goto(f"{base}/tra-cuu/?ma={code}")
    page.fill("#id_so", digits)
    page.locator("form.track-form button[type=submit]").click()
    page.get_by_test_id("track-result").wait_for()
    return page.get_by_test_id("track-status").inner_text().strip()


def test_citizen_walk_from_search_to_rating_on_a_phone(live_server, phone_page, screenshot, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cache.clear()  # rate-limit counters of earlier browser tests (wrong look-ups from 127.0.0.1) live in the cache
    world = World(name="Đăng ký khai sinh", online_level="full")
    # The factory bypasses the catalogue import; index the name the way `catalog.services` does.
    Procedure.objects.filter(pk=world.procedure.pk).update(
        search_text=fold(f"Đăng ký khai sinh {world.procedure.code} Hộ tịch")
    )
    user = user_create(
        username="walk-an", password=None, kind=UserKind.CITIZEN, full_name="Nguyễn Văn An", phone="0912345678"
    )
    user.email = "an@example.com"
    user.save(update_fields=["email"])
    earlier_delivered_dossier(world, user)
    stored = StoredDocument.objects.get(owner=user)
    base, page = live_server.url, phone_page

    # 1. Find the procedure by typing without accents.
    page.goto(base + "/thu-tuc/")
    page.fill("#q", "dang ky khai sinh")
    page.press("#q", "Enter")
    page.wait_for_url(re.compile(r"q=dang"))
    page.wait_for_load_state("networkidle")
    screenshot(page, "walk-0-search")
    page.locator(".result-title a", has_text="Đăng ký khai sinh").first.click()
    page.get_by_test_id("submit-online").wait_for()
    screenshot(page, "walk-1-procedure")

    # 2. Submit online → sign in with a one-time code from the mail outbox → back to the form.
    page.get_by_test_id("submit-online").click()
    page.fill("#id_address", "an@example.com")
    screenshot(page, "walk-2-signin")
    page.locator("[data-testid=citizen-signin] button[type=submit]").click()
    page.get_by_test_id("citizen-verify").wait_for()
    code = re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)
    page.fill("#id_code", code)
    page.locator("[data-testid=citizen-verify] button[type=submit]").click()
    page.wait_for_url(f"**/thu-tuc/{world.procedure.code}/nop-truc-tuyen/")

    # 3. Fill the form: upload the declaration, reuse the stored document for the second component.
    declaration, second = list(world.procedure.documents.order_by("order"))
    pdf = tmp_path / "to-khai.pdf"
    pdf.write_bytes(PDF)
    page.select_option("#id_receiving_unit", str(world.one_stop.pk))
    page.fill("#id_applicant_address", "Số 1, phường Ba Đình, Hà Nội")
    page.set_input_files(f"#id_doc_{declaration.pk}", str(pdf))
    page.select_option(f"#id_stored_{second.pk}", str(stored.pk))
    page.locator("label.radio", has=page.locator("input[value=electronic]")).click()
    screenshot(page, "walk-3-form")
    page.locator("button[name=submit]").click()
    page.get_by_test_id("receipt").wait_for()
    dossier = Dossier.objects.exclude(pk=stored.source_dossier_id).get()
    assert page.get_by_test_id("dossier-code").inner_text().strip() == dossier.code
    assert DocumentReuse.objects.get().dossier == dossier
    screenshot(page, "walk-4-receipt")

    # 4. Track on /tra-cuu/ before and after the officers process it.
    submitted_status = track(page, base, dossier.code, "5678")
    screenshot(page, "walk-5-track-submitted")
    dossier = process(world, dossier)
    assert dossier.status == S.DELIVERED
    delivered_status = track(page, base, dossier.code, "5678")
    screenshot(page, "walk-6-track-delivered")
    assert submitted_status != delivered_status

    # 5. The electronic result on "my dossier", downloadable.
    page.goto(f"{base}/ca-nhan/ho-so/{dossier.code}/")
    results = page.get_by_test_id("results")
    assert "Giấy khai sinh" in results.inner_text()
    screenshot(page, "walk-7-result")
    with page.expect_download() as download:
        results.get_by_role("link").first.click()
    assert download.value.suggested_filename.endswith(".pdf")

    # 6. Rate the service.
    page.get_by_test_id("rate-link").click()
    page.get_by_test_id("q-overall").locator(".level-5").click()
    screenshot(page, "walk-8-rate")
    page.get_by_test_id("rating-form").locator("button[type=submit]").click()
    page.locator(".message.success").wait_for()
    assert Rating.objects.get(dossier=dossier).overall == 5

    # 7. The data store shows where the stored document was reused; a feedback about the dossier is sent.
    page.goto(f"{base}/ca-nhan/kho-du-lieu/")
    assert dossier.code in page.get_by_test_id("stored-documents").inner_text()
    screenshot(page, "walk-9-data-store")
    page.goto(f"{base}/ca-nhan/ho-so/{dossier.code}/")
    page.get_by_test_id("feedback-link").click()
    page.locator("label.choice", has=page.locator("input[value=suggestion]")).click()
    page.fill("#id_title", "Cảm ơn cán bộ")
    page.fill("#id_content", "Nhận kết quả điện tử rất tiện.")
    page.locator("[data-testid=feedback-form] button[type=submit]").click()
    page.get_by_test_id("feedback-status").wait_for()
    screenshot(page, "walk-10-feedback")
    assert Feedback.objects.get().dossier == dossier
