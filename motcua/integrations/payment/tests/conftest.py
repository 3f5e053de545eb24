import pytest

from motcua.dossiers.tests.factories import World
from motcua.workdays.selectors import invalidate_calendar

from .helpers import platform_double


@pytest.fixture
def world(db):
    invalidate_calendar()
    yield World()
    invalidate_calendar()


@pytest.fixture
def platform(settings):
    double = platform_double(settings)
    yield double
    double.stop()
