"""Unit reference data loaded once per test module (about a second), removed when the module ends.

Tests still get their own transaction (the `db` fixture), so what a test changes is rolled back.
"""

import pytest

from motcua.units import services
from motcua.units.models import Unit, UnitLineage


def _clear_units() -> None:
    UnitLineage.objects.all().delete()
    Unit.objects.update(parent=None)  # parent is PROTECT: detach before deleting the whole tree
    Unit.objects.all().delete()


@pytest.fixture(scope="module")
def loaded_units(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        summary = services.units_load()
        demo = services.demo_province_setup(province_code="22")
    yield {"summary": summary, "demo": demo}
    with django_db_blocker.unblock():
        _clear_units()


@pytest.fixture
def units(loaded_units, db):
    return loaded_units
