import pytest

from .provider import LocalProvider


@pytest.fixture
def provider():
    with LocalProvider() as running:
        running.person = {
            "sub": "vneid-001",
            "name": "Lê Thị Hoa",
            "email": "hoa@example.vn",
            "phone_number": "0901234567",
            "so_dinh_danh": "079203001234",
            "acr": "muc-do-2",
        }
        yield running


@pytest.fixture
def configured(settings, provider):
    settings.MOTCUA_OIDC_PROVIDERS = {
        "thu": {
            "name": "Định danh thử",
            "issuer": provider.issuer,
            "client_id": provider.client_id,
            "client_secret": provider.client_secret,
            "kind": "citizen",
            "acr_values": ["muc-do-2"],
            "id_number_claim": "so_dinh_danh",
        }
    }
    return provider
