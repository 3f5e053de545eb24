"""Hostile input: importer fuzzing, HTML/JS injection, CSRF, open redirects, upload names, sizes and types."""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from motcua.catalog.importers.national import ParseError, parse_file, parse_record
from motcua.dossiers import services
from motcua.dossiers.errors import DocumentRejected
from motcua.dossiers.services import Upload, check_upload
from motcua.feedback import services as feedback_services
from motcua.feedback.choices import FeedbackKind, FeedbackSubject

from .matrix import citizen

PDF = b"%PDF-1.4\n% test\n"
SCRIPT = '<script>alert("xss")</script>'
KEYS = [
    "ma_thu_tuc",
    "ten_thu_tuc",
    "linh_vuc",
    "cap_thuc_hien",
    "loai_thu_tuc",
    "trinh_tu_thuc_hien",
    "cach_thuc_thuc_hien",
    "thanh_phan_ho_so",
    "can_cu_phap_ly",
    "co_quan_thuc_hien",
    "ket_qua_xu_ly",
    "yeu_cau_dieu_kien",
    "so_quyet_dinh",
]
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.sampled_from(KEYS), children, max_size=5),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(record=st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=10), json_values, max_size=12) | json_values)
def test_national_importer_parses_any_json_or_raises_its_documented_error(record):
    with contextlib.suppress(ParseError):
        parse_record(record)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(raw=st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_national_importer_reads_any_bytes_or_raises_its_documented_error(raw):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "record.json"
        path.write_bytes(raw)
        with contextlib.suppress(ParseError):
            parse_file(path)


@pytest.fixture
def hostile(world):
    owner = citizen("nguoi-nop")
    dossier = services.dossier_submit(
        procedure=world.procedure,
        receiving_unit=world.one_stop,
        applicant_name=SCRIPT,
        applicant_address=f'"><img src=x onerror=alert(1)>{SCRIPT}',
        subject=SCRIPT,
        applicant_phone="0912345678",
        applicant_user=owner,
    )
    return world, owner, dossier


@pytest.mark.django_db
def test_script_in_applicant_fields_comes_back_escaped_on_console_and_citizen_pages(hostile):
    world, owner, dossier = hostile
    pages = []
    for user, url in ((world.counter, f"/can-bo/ho-so/{dossier.code}/"), (owner, f"/ca-nhan/ho-so/{dossier.code}/")):
        client = Client()
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        pages.append(response.content.decode())
    assert all("&lt;script&gt;alert(" in html for html in pages)
    assert not any(SCRIPT in html or "<img src=x" in html for html in pages)


@pytest.mark.django_db
def test_script_in_a_refusal_reason_comes_back_escaped_in_the_history(world):
    dossier = world.dossier_in("submitted")
    world.act(services.dossier_refuse_reception, dossier, at=dossier.created_at, officer=world.counter, reason=SCRIPT)
    client = Client()
    client.force_login(world.counter)
    html = client.get(f"/can-bo/ho-so/{dossier.code}/").content.decode()
    assert "&lt;script&gt;" in html
    assert SCRIPT not in html


@pytest.mark.django_db
def test_forms_refuse_posts_without_a_csrf_token(hostile):
    _world, owner, dossier = hostile
    anonymous = Client(enforce_csrf_checks=True)
    assert anonymous.post("/tai-khoan/dang-nhap/", {"username": "x", "password": "y"}).status_code == 403
    assert anonymous.post("/tai-khoan/ma-mot-lan/", {"address": "a@example.com"}).status_code == 403
    signed_in = Client(enforce_csrf_checks=True)
    signed_in.force_login(owner)
    response = signed_in.post(f"/ca-nhan/ho-so/{dossier.code}/rut-ho-so/", {"rut-confirm": "on"})
    assert response.status_code == 403
    dossier.refresh_from_db()
    assert dossier.status == "submitted"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "https:/\\evil.example", "javascript:x"]
)
def test_sign_in_never_redirects_to_another_site(target, django_user_model):
    django_user_model.objects.create_user(username="canbo", password="Mat-khau-dai-2026")
    response = Client().post(
        f"/tai-khoan/dang-nhap/?next={target}", {"username": "canbo", "password": "Mat-khau-dai-2026"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/")
    assert not response["Location"].startswith("//")
    language = Client().post("/i18n/setlang/", {"language": "en", "next": target})
    assert not language["Location"].startswith(("http", "//", "javascript"))


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["../../../../etc/passwd.pdf", "..\\..\\windows\\win.ini.pdf", "/etc/cron.d/x.pdf"])
def test_uploaded_file_names_never_choose_the_storage_path(world, name, settings):
    dossier = services.dossier_submit(
        procedure=world.procedure,
        receiving_unit=world.one_stop,
        applicant_name="Nguyễn Văn An",
        documents=[Upload(file=SimpleUploadedFile(name, PDF), name=name)],
    )
    stored = dossier.documents.get()
    path = Path(stored.file.path).resolve()
    assert path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert ".." not in stored.file.name
    assert "passwd" not in stored.file.name
    assert "win.ini" not in stored.file.name


@pytest.mark.parametrize(
    ("content", "name", "code"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"0" * 20, "anh.pdf", "mismatch"),
        (b"<html><script>alert(1)</script>", "trang.pdf", "bad_type"),
        (b"MZ\x90\x00", "chay.exe", "bad_type"),
        (b"", "rong.pdf", "empty"),
        (PDF + b"0" * 2048, "lon.pdf", "too_large"),
    ],
)
def test_mistyped_empty_and_oversized_uploads_are_rejected(content, name, code, settings):
    settings.MOTCUA_UPLOAD_MAX_BYTES = 1024
    with pytest.raises(DocumentRejected) as caught:
        check_upload(SimpleUploadedFile(name, content))
    assert caught.value.code == code


@pytest.mark.django_db
def test_script_in_feedback_content_and_answer_comes_back_escaped_on_public_and_officer_pages(world):
    feedback = feedback_services.feedback_submit(
        kind=FeedbackKind.COMPLAINT,
        subject=FeedbackSubject.GENERAL,
        unit=world.one_stop,
        title=f"Hàng chờ {SCRIPT}",
        content=f'"><img src=x onerror=alert(1)>{SCRIPT}',
        sender=citizen("nguoi-phan-anh"),
    )
    officer = Client()
    officer.force_login(world.counter)
    for step, data in (("tra-loi", {"text": f"Đã xử lý {SCRIPT}"}), ("cong-khai", {})):
        assert officer.post(f"/can-bo/phan-anh/{feedback.code}/{step}/", data).status_code == 302
    feedback.refresh_from_db()
    assert (feedback.status, feedback.answer) == ("published", f"Đã xử lý {SCRIPT}")
    pages = [officer.get(f"/can-bo/phan-anh/{feedback.code}/"), Client().get(f"/phan-anh/{feedback.code}/")]
    assert [response.status_code for response in pages] == [200, 200]
    html = [response.content.decode() for response in pages]
    escaped = ("&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;", "Đã xử lý &lt;script&gt;alert(")  # content, answer
    assert all(fragment in page for page in html for fragment in escaped)
    assert not any(SCRIPT in page or "<img src=x" in page for page in html)
