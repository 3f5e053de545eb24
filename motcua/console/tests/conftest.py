import pytest

from motcua.dossiers.tests.factories import World
from motcua.workdays.selectors import invalidate_calendar


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    invalidate_calendar()
    yield
    invalidate_calendar()


@pytest.fixture
def world(db) -> World:
    # the catalogue's importer folds the search text; the dossier factory leaves it empty
    return World(name="Đăng ký khai sinh", search_text="dang ky khai sinh 1.000001.000.00.00.h22")
