"""`clock.limit_due` for every unit of the national catalogue, through reception (issue 13 §4).

About a quarter of the shared national procedures use a unit other than working days (calendar days, hours,
months). Each test here fails when its branch of `limit_due` is removed or replaced by another unit's rule;
`scripts/mutation_deadlines.py` checks that by disabling each rule in turn.
"""

import datetime as dt
from decimal import Decimal

import pytest

from motcua.dossiers import clock, services
from motcua.dossiers.choices import DossierStatus, FeeStatus
from motcua.dossiers.errors import DossierError
from motcua.dossiers.tests.factories import World, vn

S = DossierStatus
pytestmark = pytest.mark.django_db


def received(value, unit, at):
    world = World(time_limit_value=Decimal(value), time_limit_unit=unit)
    return world.receive(at=at)


def test_working_days_count_working_time_from_the_clock_start():
    """ND 61/2018 art 18; 5 working days from Mon 02/03/2026 09:00 → Mon 09/03/2026 09:00."""
    dossier = received(5, "working_days", vn(2026, 3, 2, 9, 0))
    assert dossier.legal_due_at == vn(2026, 3, 9, 9, 0)


def test_working_hours_count_hours_of_working_time_only():
    """12 working hours from Mon 02/03/2026 09:00: 6.5 h that day (lunch excluded), then 4 h on Tuesday morning
    and 1.5 h after lunch → Tue 14:30."""
    dossier = received(12, "working_hours", vn(2026, 3, 2, 9, 0))
    assert dossier.legal_due_at == vn(2026, 3, 3, 14, 30)
    assert dossier.due_at == dossier.legal_due_at


def test_clock_hours_run_in_clock_time_24_gio_is_one_day_not_three_working_days():
    """Civil Code 2015 art 147.1: "24 Giờ" from Mon 02/03/2026 10:00 → Tue 03/03/2026 10:00 (read as working
    hours it was Thu 05/03 10:00)."""
    dossier = received(24, "hours", vn(2026, 3, 2, 10, 0))
    assert dossier.legal_due_at == vn(2026, 3, 3, 10, 0)


def test_clock_hours_ending_on_a_day_off_run_to_the_next_working_moment():
    """24 hours from Fri 06/03/2026 10:00 end Saturday 10:00 → Mon 09/03/2026 07:30 (art 148.5 by analogy)."""
    dossier = received(24, "hours", vn(2026, 3, 6, 10, 0))
    assert dossier.legal_due_at == vn(2026, 3, 9, 7, 30)


def test_calendar_days_end_at_the_end_of_the_last_day():
    """Civil Code 2015 arts 147.2, 148.1: 10 days from Mon 02/03/2026 → Thu 12/03/2026, end of the day."""
    dossier = received(10, "days", vn(2026, 3, 2, 9, 0))
    assert dossier.legal_due_at == vn(2026, 3, 12, 17, 0)


def test_calendar_days_ending_on_a_holiday_run_to_the_next_working_day():
    """Civil Code 2015 art 148.5: 30 days from Tue 31/03/2026 → Thu 30/04/2026 (holiday), Fri 01/05 (holiday),
    weekend → end of Mon 04/05/2026."""
    dossier = received(30, "days", vn(2026, 3, 31, 9, 0))
    assert dossier.legal_due_at == vn(2026, 5, 4, 17, 0)


def test_months_end_on_the_corresponding_day_of_the_last_month():
    """Civil Code 2015 art 148.3: 2 months from Tue 13/01/2026 → Fri 13/03/2026, end of the day."""
    dossier = received(2, "months", vn(2026, 1, 13, 10, 0))
    assert dossier.legal_due_at == vn(2026, 3, 13, 17, 0)


def test_months_without_the_corresponding_day_end_on_the_last_day_of_the_month():
    """Art 148.3: 1 month from Fri 30/01/2026 → 28/02/2026 (no 30 February), a Saturday → art 148.5:
    end of Mon 02/03/2026."""
    dossier = received(1, "months", vn(2026, 1, 30, 10, 0))
    assert dossier.legal_due_at == vn(2026, 3, 2, 17, 0)


def test_months_across_the_year_end():
    """2 months from Mon 23/11/2026 → Sat 23/01/2027 → end of Mon 25/01/2027."""
    dossier = received(2, "months", vn(2026, 11, 23, 10, 0))
    assert dossier.legal_due_at == vn(2027, 1, 25, 17, 0)


def test_an_unknown_unit_is_an_error_not_a_silent_default():
    with pytest.raises(ValueError, match="unknown time unit"):
        clock.limit_due(clock.get_calendar(), vn(2026, 3, 2, 9, 0), Decimal(3), "weeks")


def test_no_limit_means_no_due_date():
    assert clock.limit_due(clock.get_calendar(), vn(2026, 3, 2, 9, 0), None, "days") is None


# --- fees settled before the result is returned (ND 61/2018 art 22; workflow guard `fee_settled`) ---------


def _result_ready_with_fee(world, amount=Decimal(50000)):
    dossier = world.receive(at=vn(2026, 3, 2, 9, 0), fee_amount=amount)
    assert dossier.fee_status == FeeStatus.DUE
    moment = vn(2026, 3, 2, 10, 0)
    for function, officer, kwargs in [
        (services.dossier_forward, world.counter, {"to_units": [world.department]}),
        (services.dossier_appraise, world.specialist, {"opinion": "Đủ điều kiện"}),
        (services.dossier_approve, world.leader, {}),
        (services.dossier_sign, world.leader, {}),
    ]:
        dossier = world.act(function, dossier, at=moment, officer=officer, **kwargs)
        moment += dt.timedelta(hours=1)
    assert dossier.status == S.RESULT_READY
    return dossier


def test_result_with_unpaid_fees_is_not_returned():
    world = World()
    dossier = _result_ready_with_fee(world)
    with pytest.raises(DossierError) as error:
        world.act(services.dossier_deliver, dossier, at=vn(2026, 3, 3, 9, 0), officer=world.counter, method="counter")
    assert error.value.code == "fee_unpaid"
    dossier.refresh_from_db()
    assert dossier.status == S.RESULT_READY
    assert dossier.delivered_at is None


def test_result_is_returned_once_the_fee_is_paid():
    world = World()
    dossier = _result_ready_with_fee(world)
    dossier = world.act(
        services.dossier_record_payment, dossier, at=vn(2026, 3, 3, 9, 0), officer=world.counter, method="cash"
    )
    assert dossier.fee_status == FeeStatus.PAID
    delivered = world.act(
        services.dossier_deliver, dossier, at=vn(2026, 3, 3, 9, 5), officer=world.counter, method="counter"
    )
    assert delivered.status == S.DELIVERED


def test_result_is_returned_once_the_fee_is_exempted():
    world = World()
    dossier = _result_ready_with_fee(world)
    dossier = world.act(
        services.dossier_record_payment, dossier, at=vn(2026, 3, 3, 9, 0), officer=world.counter, exempt=True
    )
    assert dossier.fee_status == FeeStatus.EXEMPT
    delivered = world.act(
        services.dossier_deliver, dossier, at=vn(2026, 3, 3, 9, 5), officer=world.counter, method="counter"
    )
    assert delivered.status == S.DELIVERED
