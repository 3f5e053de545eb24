import pytest

from motcua.scorecard.tests.factories import build_province, par_framework


@pytest.fixture
def framework(db):
    return par_framework()


@pytest.fixture
def world(db):
    return build_province()
