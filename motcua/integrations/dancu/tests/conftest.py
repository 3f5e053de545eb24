import pytest

from motcua.dossiers.tests.factories import World
from motcua.integrations.dancu.double import PopulationDouble

PERSON = {
    "SoDinhDanh": "079203001234",
    "HoVaTen": "Lê Thị Hoa",
    "NgayThangNamSinh": "15/04/1990",
    "GioiTinh": "Nữ",
    "NoiThuongTru": "Số 12 đường Trần Phú, phường 4, thành phố Đà Lạt, Lâm Đồng",
    "QueQuan": "Lâm Đồng",
}


@pytest.fixture
def double():
    with PopulationDouble(people=[PERSON], service_code="DVC-LD", integration_code="MOTCUA-LD") as running:
        yield running


@pytest.fixture
def configured(settings, double):
    settings.MOTCUA_DANCU = {
        "ENDPOINT": double.url,
        "SERVICE_CODE": "DVC-LD",
        "INTEGRATION_CODE": "MOTCUA-LD",
        "TIMEOUT": 3,
        "RETRIES": 0,
    }
    settings.MOTCUA_BREAKER = {"THRESHOLD": 2, "COOLDOWN": 60}
    return double


@pytest.fixture
def world(db) -> World:
    return World()
