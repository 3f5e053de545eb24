import datetime as dt

import pytest

from motcua.dossiers.codes import dossier_code, parse_dossier_code, result_code
from motcua.dossiers.tests.factories import OneStopFactory, vn


def test_code_has_unit_identifier_receipt_date_and_four_digit_sequence():
    assert dossier_code(identifier="H22.10", day=dt.date(2026, 2, 13), sequence=7) == "H22.10-260213-0007"


def test_sequence_grows_beyond_four_digits_when_a_day_needs_it():
    assert dossier_code(identifier="H22", day=dt.date(2026, 2, 13), sequence=12345).endswith("-12345")


def test_invalid_identifier_is_rejected():
    with pytest.raises(ValueError):
        dossier_code(identifier="h22 x", day=dt.date(2026, 2, 13), sequence=1)


def test_parse_round_trips_and_rejects_garbage():
    assert parse_dossier_code("h22.10-260213-0007") == ("H22.10", dt.date(2026, 2, 13), 7)
    assert parse_dossier_code("H22-261313-0001") is None
    assert parse_dossier_code("anything") is None


def test_result_code_numbers_results():
    assert result_code(code="H22-260213-0001", number=2) == "H22-260213-0001-KQ2"


def test_daily_sequence_per_unit_uses_the_vietnamese_receipt_date(world):
    first = world.receive(at=vn(2026, 3, 2, 23, 30))  # 16:30 UTC, still the 2nd in Vietnam
    second = world.receive(at=vn(2026, 3, 2, 23, 45))
    next_day = world.receive(at=vn(2026, 3, 3, 0, 5))
    prefix = world.one_stop.e_identifier
    assert [first.code, second.code, next_day.code] == [
        f"{prefix}-260302-0001",
        f"{prefix}-260302-0002",
        f"{prefix}-260303-0001",
    ]


def test_sequences_are_independent_per_receiving_unit(world):
    other = OneStopFactory()
    world.receive()
    from motcua.accounts.choices import Role
    from motcua.dossiers import services
    from motcua.dossiers.tests.factories import officer_in

    officer = officer_in(other, Role.COUNTER_OFFICER)
    import time_machine

    with time_machine.travel(vn(2026, 3, 2, 9, 0), tick=False):
        dossier = services.dossier_receive_at_counter(
            officer=officer,
            unit=other,
            procedure=world.procedure,
            applicant_name="Lê C",
            presented_document_ids=world.all_documents(),
        )
    assert dossier.code.endswith("-260302-0001")


def test_register_number_is_continuous_per_unit_and_restarts_each_year(world):
    numbers = [
        world.receive(at=at).register_number for at in (vn(2025, 12, 31, 9), vn(2026, 1, 5, 9), vn(2026, 1, 6, 9))
    ]
    assert numbers == [1, 1, 2]
