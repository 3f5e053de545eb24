import random

import pytest

from motcua.catalog.demo import load_demo_procedures
from motcua.simulation.actors import office_setup
from motcua.units.choices import DivisionType, UnitKind
from motcua.units.tests.factories import ProvinceFactory, UnitFactory
from motcua.workdays.selectors import invalidate_calendar


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    invalidate_calendar()
    yield
    invalidate_calendar()


def commune_with_agencies(province, n: int):
    """A commune of `province` with its People's Committee and one-stop centre, as `demo_province_setup` makes."""
    commune = UnitFactory(code=f"W{n:05d}", admin_code=f"{n:05d}", parent=province, division_type=DivisionType.XA)
    committee = UnitFactory(
        code=f"W{n:05d}-UBND", kind=UnitKind.PEOPLES_COMMITTEE, parent=commune, division_type="", admin_code=""
    )
    centre = UnitFactory(
        code=f"W{n:05d}-TTPVHCC",
        kind=UnitKind.ONE_STOP,
        parent=committee,
        division_type="",
        admin_code="",
        e_identifier=f"H22.{n % 100:02d}.01",
    )
    return centre, committee


@pytest.fixture
def catalogue(db):
    load_demo_procedures()


@pytest.fixture
def province(db):
    return ProvinceFactory(code="P22", admin_code="22")


def seeded_offices(province):
    rng = random.Random(1)
    # Unit profiles are seeded; the third office is made a struggling one so late dossiers have somewhere to be.
    built = [
        office_setup(one_stop=c, committee=u, rng=rng)
        for c, u in (commune_with_agencies(province, n) for n in (1, 2, 3))
    ]
    built[2].late_rate = 0.25
    return built


def build_offices():
    """The `offices` fixture's world (catalogue, province P22, three communes) for module-scoped fixtures."""
    load_demo_procedures()
    province = ProvinceFactory(code="P22", admin_code="22")
    return seeded_offices(province), province


@pytest.fixture
def offices(catalogue, province):
    return seeded_offices(province)
