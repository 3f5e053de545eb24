"""The LGSP double refuses what the real one refuses; the deployment checks refuse stand-in links."""

import glob
import json
from pathlib import Path

import pytest
import requests
from django.conf import settings as django_settings

from motcua.integrations import checks
from motcua.integrations.dvcqg.client import LgspClient, LgspConfig, LgspError
from motcua.integrations.dvcqg.double import LgspDouble
from motcua.integrations.dvcqg.models import NATIONAL_CODE

RECORD = {
    "MaHoSo": "000.00.00.H99-260302-0001",
    "MaTTHC": "1.000080",
    "TenTTHC": "Đăng ký nhận cha, mẹ, con",
    "MaLinhVuc": "",
    "TenLinhVuc": "Hộ tịch",
    "ChuHoSo": "Lê Văn Cường",
    "LoaiDoiTuong": "1",
    "MaDoiTuong": "",
    "Email": "",
    "SoDienThoai": "",
    "TrichYeuHoSo": "Đăng ký nhận con",
    "NgayTiepNhan": "20260302090000",
    "NgayHenTra": "20260309090000",
    "TrangThaiHoSo": "2",
    "NgayTra": "",
    "HinhThuc": "0",
    "NgayKetThucXuLy": "",
    "DonViXuLy": "UBND xã",
    "TaiLieuNop": [],
    "DanhSachLePhi": [],
    "DanhSachHoSoBoSung": [],
    "DanhSachGiayToKetQua": [],
}


@pytest.fixture
def double():
    with LgspDouble(procedures={"1.000080": "Đăng ký nhận cha, mẹ, con"}) as lgsp:
        yield lgsp


def client_for(lgsp, **changes) -> LgspClient:
    values = {
        "auth_url": lgsp.auth_url,
        "service_url": lgsp.service_url,
        "username": lgsp.username,
        "password": lgsp.password,
        "unit_code": lgsp.unit_code,
        "timeout": 2,
    } | changes
    return LgspClient(LgspConfig(**values))


def raw(lgsp, document) -> dict:
    return requests.post(lgsp.service_url, json=document, timeout=2).json()


def test_a_well_formed_record_is_created_then_updated(double):
    client = client_for(double)
    client.sync_dossiers([RECORD], updating=False)
    client.sync_dossiers([RECORD | {"TrangThaiHoSo": "4"}], updating=True)
    assert client.look_up(RECORD["MaHoSo"])["TrangThaiHoSo"] == "4"
    assert client.procedures() == [{"MaTTHC": "1.000080", "TenTTHC": "Đăng ký nhận cha, mẹ, con"}]


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"NgayTiepNhan": "2026-03-02 09:00"}, "NgayTiepNhan is not yyyyMMddHHmmss"),
        ({"NgayHenTra": "20261302090000"}, "NgayHenTra is not a date"),
        ({"TrangThaiHoSo": "11"}, "TrangThaiHoSo outside 1-10"),
        ({"TrangThaiHoSo": 2}, "TrangThaiHoSo must be a string"),
        ({"MaTTHC": "9.999999"}, "MaTTHC is not a procedure of the national database"),
        ({"ChuHoSo": ""}, "ChuHoSo is empty"),
        ({"TrangThaiHoSo": "10", "NgayTra": ""}, "NgayTra is not yyyyMMddHHmmss"),
        ({"DanhSachHoSoBoSung": [{"NgayBoSung": "20260303090000"}]}, "a supplement row lacks"),
    ],
)
def test_malformed_records_are_refused(double, change, reason):
    with pytest.raises(LgspError) as refusal:
        client_for(double).sync_dossiers([RECORD | change], updating=False)
    assert refusal.value.code == "05"
    assert double.rejections[-1][1].startswith(reason)
    assert double.records == {}


def test_a_missing_field_is_refused(double):
    record = {key: value for key, value in RECORD.items() if key != "DonViXuLy"}
    with pytest.raises(LgspError, match="05"):
        client_for(double).sync_dossiers([record], updating=False)
    assert double.rejections[-1] == ("05", "missing DonViXuLy")


def test_isupdating_must_agree_with_what_the_portal_holds(double):
    client = client_for(double)
    with pytest.raises(LgspError):
        client.sync_dossiers([RECORD], updating=True)
    client.sync_dossiers([RECORD], updating=False)
    with pytest.raises(LgspError):
        client.sync_dossiers([RECORD], updating=False)
    # Each refusal is seen twice: the client signs in again once and repeats (sessions expire silently).
    assert list(dict.fromkeys(reason for _code, reason in double.rejections)) == [
        "isUpdating true for a dossier the portal does not have",
        "isUpdating false for a dossier the portal already has",
    ]


def test_calls_without_a_valid_session_or_for_another_agency_are_refused(double):
    session = client_for(double).login()
    assert raw(double, {"session": "forged", "madonvi": double.unit_code, "service": "LayThuTuc"})["error_code"] == "02"
    assert raw(double, {"session": session, "madonvi": "000.00.00.H01", "service": "LayThuTuc"})["error_code"] == "03"
    assert raw(double, {"session": session, "madonvi": double.unit_code, "service": "XoaHoSo"})["error_code"] == "04"
    assert raw(double, {"session": session, "madonvi": double.unit_code, "service": "LayThuTuc"})["error_code"] == "00"


def test_progress_for_an_unknown_dossier_is_refused(double):
    row = dict.fromkeys(
        ["NguoiXuLy", "ChucDanh", "PhongBanXuLy", "NoiDungXuLy", "NgayBatDau", "NgayKetThucTheoQuyDinh"], ""
    ) | {"MaHoSo": "X", "ThoiDiemXuLy": "20260302090000", "TrangThai": "2"}
    with pytest.raises(LgspError):
        client_for(double).sync_progress([row])
    assert double.rejections[-1][1] == "progress for a dossier the portal does not have"


def test_a_wrong_password_gets_no_session(double):
    with pytest.raises(LgspError, match=r"login refused \(01\)"):
        client_for(double, password="nope").login()


def test_an_unreachable_lgsp_is_reported_as_such_for_the_breaker(double):
    double.down = True
    with pytest.raises(LgspError) as error:
        client_for(double).login()
    assert (error.value.http_status, error.value.unreachable) == (503, True)


@pytest.mark.shared_data
def test_every_published_procedure_code_is_a_national_code():
    """dichvucong.gov.vn's catalogue (../shared/data/tthc): every `ma_thu_tuc` passes the MaTTHC check."""
    files = glob.glob(str(Path(django_settings.MOTCUA_SHARED_DATA) / "tthc" / "*" / "*.json"))
    if not files:
        pytest.skip("../shared/data/tthc not present")
    codes = [json.loads(Path(name).read_text())["ma_thu_tuc"] for name in files]
    assert len(codes) > 1500
    assert [code for code in codes if not NATIONAL_CODE.match(code)] == []


def test_deploy_check_refuses_the_log_channel(settings):
    settings.MOTCUA_MESSAGE_CHANNEL = "motcua.integrations.sms.channels.LoggingChannel"
    assert [error.id for error in checks.check_message_channel(None)] == ["motcua.E101"]
    del settings.MOTCUA_MESSAGE_CHANNEL
    assert [error.id for error in checks.check_message_channel(None)] == ["motcua.E101"]  # the default


def test_deploy_check_refuses_a_national_portal_endpoint_on_this_machine(db, double):
    from motcua.sync.services import endpoint_create

    endpoint_create(
        name="DVCQG",
        kind="national_portal",
        url=double.service_url,
        auth_url=double.auth_url,
        username="u",
        password="p",
        unit_code="000.00.00.H99",
    )
    assert [error.id for error in checks.check_national_portal(None)] == ["motcua.E103"]


def test_deploy_check_accepts_a_configured_lgsp(db):
    from motcua.sync.services import endpoint_create

    endpoint_create(
        name="DVCQG",
        kind="national_portal",
        url="https://lgsp.example.gov.vn/dvcqg",
        auth_url="https://lgsp.example.gov.vn/auth",
        username="u",
        password="p",
        unit_code="000.00.00.H99",
    )
    assert checks.check_national_portal(None) == []
