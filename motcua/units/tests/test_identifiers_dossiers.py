"""A changed e-identifier and the dossier codes already issued with it (TT 01/2018 art. 19: `<id>-YYMMDD-XXXX`)."""

import json

import pytest

from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.factories import OneStopFactory, World, vn
from motcua.units.identifiers import IdentifierImportError, unit_identifiers_import


def csv_for(unit, identifier: str) -> bytes:
    return f"Mã đơn vị;Mã định danh\n{unit.code};{identifier}\n".encode()


@pytest.fixture
def world(db):
    return World()


def test_a_change_of_an_identifier_that_issued_codes_is_flagged_and_old_codes_stay(world):
    first = world.receive(at=vn(2026, 3, 2, 9, 0))
    second = world.receive(at=vn(2026, 3, 2, 9, 5))
    old = world.one_stop.e_identifier
    assert first.code == f"{old}-260302-0001"

    report = unit_identifiers_import(content=csv_for(world.one_stop, "H22.99.01"))
    (change,) = report.changes
    assert (change.old, change.new, change.issued_codes) == (old, "H22.99.01", 2)
    assert not report.applied

    unit_identifiers_import(content=csv_for(world.one_stop, "H22.99.01"), confirm=True)
    world.one_stop.refresh_from_db()
    third = world.receive(at=vn(2026, 3, 2, 10, 0))
    # Codes already issued keep their printed value; the next code of the day carries the new identifier and
    # continues the unit's daily sequence, so no number is issued twice.
    assert list(Dossier.objects.order_by("pk").values_list("code", flat=True)) == [
        first.code,
        second.code,
        "H22.99.01-260302-0003",
    ]
    assert third.code == "H22.99.01-260302-0003"


def test_an_identifier_without_issued_codes_is_not_flagged(world):
    report = unit_identifiers_import(content=csv_for(world.one_stop, "H22.99.01"))
    assert report.changes[0].issued_codes == 0
    assert report.flagged == []


def test_an_identifier_under_which_another_unit_issued_codes_is_refused(world):
    first = world.receive(at=vn(2026, 3, 2, 9, 0))
    old = world.one_stop.e_identifier
    unit_identifiers_import(content=csv_for(world.one_stop, "H22.99.01"), confirm=True)
    other = OneStopFactory()
    # The freed identifier prefixes `first.code`: given to another unit it could issue the same code again.
    with pytest.raises(IdentifierImportError) as error:
        unit_identifiers_import(content=csv_for(other, old), confirm=True)
    ((line, message),) = error.value.errors
    assert line == 2
    assert f"bắt đầu bằng {old}" in message
    other.refresh_from_db()
    assert other.e_identifier != old
    assert Dossier.objects.get(pk=first.pk).code.startswith(f"{old}-")


def test_the_unit_that_issued_the_codes_may_take_its_old_identifier_back(world):
    world.receive(at=vn(2026, 3, 2, 9, 0))
    old = world.one_stop.e_identifier
    unit_identifiers_import(content=csv_for(world.one_stop, "H22.99.01"), confirm=True)
    report = unit_identifiers_import(content=csv_for(world.one_stop, old), confirm=True)
    assert report.applied
    assert json.loads(json.dumps(report.as_dict()))["changes"][0]["new"] == old
