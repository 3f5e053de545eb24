import pytest

from motcua.catalog.services import procedure_upsert

from .factories import ProcedureDataFactory


@pytest.fixture
def make_procedure(db):
    def make(**kwargs):
        proc, _created, _changed = procedure_upsert(data=ProcedureDataFactory(**kwargs), source="test")
        return proc

    return make
