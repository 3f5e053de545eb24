import pytest
from django.core.cache import cache

from motcua.dossiers.tests.factories import World
from motcua.integrations.tests.factories import api_client, auth_header


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db):
    return World()


@pytest.fixture
def portal(world):
    """The national portal's client, acting for the world's one-stop centre."""
    return api_client(world.one_stop)


@pytest.fixture
def headers(portal):
    return auth_header(portal)
