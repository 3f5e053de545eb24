"""procedure_upsert: idempotency, corrections in place, new versions under a new decision, process templates."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.db import IntegrityError, transaction

from motcua.catalog.models import Procedure, ProcessStep
from motcua.catalog.schema import StepData, TimeLimitData
from motcua.catalog.services import procedure_upsert, process_template_default

from .factories import ProcedureDataFactory

pytestmark = pytest.mark.django_db


def test_same_data_twice_creates_one_row_and_reports_no_change():
    data = ProcedureDataFactory(code="1.000001")
    first = procedure_upsert(data=data, source="test")
    second = procedure_upsert(data=data, source="test")
    assert (first[1], first[2]) == (True, True)
    assert (second[0].pk, second[1], second[2]) == (first[0].pk, False, False)
    assert Procedure.objects.filter(code="1.000001").count() == 1


def test_change_under_the_same_decision_is_corrected_in_place():
    procedure_upsert(data=ProcedureDataFactory(code="1.000002"), source="test")
    changed = ProcedureDataFactory(code="1.000002", name="Tên đã sửa")
    proc, created, was_changed = procedure_upsert(data=changed, source="test")
    assert (created, was_changed, proc.version, proc.name) == (False, True, 1, "Tên đã sửa")
    assert proc.documents.count() == 1


@time_machine.travel(dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7))), tick=False)
def test_change_under_a_new_decision_creates_a_new_version_and_closes_the_old_one():
    """Frozen at 01/06/2026: the first version starts today, and the new decision's 01/01/2030 must lie after it."""
    old, _, _ = procedure_upsert(data=ProcedureDataFactory(code="1.000003"), source="test")
    new_data = ProcedureDataFactory(
        code="1.000003",
        decision_number="200/QĐ-BTP",
        valid_from=dt.date(2030, 1, 1),
        time_limits=[TimeLimitData(value=Decimal("5"))],
    )
    new, created, changed = procedure_upsert(data=new_data, source="test")
    old.refresh_from_db()
    assert (created, changed, new.version, new.valid_from) == (True, True, 2, dt.date(2030, 1, 1))
    assert old.valid_to == dt.date(2030, 1, 1)
    assert old.time_limits.get().value == Decimal("10")  # the old version keeps its published limit
    assert new.time_limit_value == Decimal("5")


def test_database_refuses_two_current_versions_of_one_code(make_procedure):
    proc = make_procedure(code="1.000004")
    with pytest.raises(IntegrityError), transaction.atomic():
        Procedure.objects.create(code="1.000004", version=2, valid_from=proc.valid_from, name="x", field=proc.field)


def test_search_text_is_folded_name_code_and_field(make_procedure):
    proc = make_procedure(code="1.000005", name="Đăng ký khai sinh", field="Hộ tịch")
    assert proc.search_text == "dang ky khai sinh 1.000005 ho tich"


def test_default_process_template_sums_to_the_time_limit(make_procedure):
    proc = make_procedure(time_limits=[TimeLimitData(value=Decimal("10"))])
    steps = list(proc.process_steps.all())
    assert [(s.role, s.budget_value) for s in steps] == [
        ("counter_officer", Decimal("0.5")),
        ("specialist", Decimal("7")),
        ("unit_leader", Decimal("2")),
        ("counter_officer", Decimal("0.5")),
    ]
    assert sum(s.budget_value for s in steps) == Decimal("10")


@pytest.mark.parametrize(
    ("value", "unit", "expected_total", "expected_unit"),
    [
        ("1", "working_days", Decimal("8"), "working_hours"),
        ("4", "working_hours", Decimal("4"), "working_hours"),
        ("24", "hours", Decimal("8"), "working_hours"),  # 24 clock hours hold one working day at most
        ("4", "hours", Decimal("4"), "working_hours"),
        ("2", "working_days", Decimal("2"), "working_days"),
        ("30", "days", Decimal("21"), "working_days"),
        ("1", "months", Decimal("22"), "working_days"),
    ],
)
def test_default_template_for_short_and_calendar_limits(value, unit, expected_total, expected_unit):
    proc = Procedure(time_limit_value=Decimal(value), time_limit_unit=unit)
    steps = process_template_default(proc)
    assert sum(s.value for s in steps) == expected_total
    assert {s.unit for s in steps} == {expected_unit}
    assert all(s.value >= 0 for s in steps)


def test_explicit_process_replaces_the_default(make_procedure):
    proc = make_procedure(process=[StepData(name="Tiếp nhận", role="counter_officer", value=Decimal("1"))])
    assert list(proc.process_steps.values_list("name", "budget_value")) == [("Tiếp nhận", Decimal("1"))]


def test_process_template_edited_in_admin_survives_an_unchanged_reimport(make_procedure):
    data = ProcedureDataFactory(code="1.000006")
    proc, _, _ = procedure_upsert(data=data, source="test")
    ProcessStep.objects.filter(procedure=proc, order=2).update(name="Thẩm định tại phòng Tư pháp")
    procedure_upsert(data=ProcedureDataFactory(code="1.000006", name="Tên mới"), source="test")
    assert proc.process_steps.get(order=2).name == "Thẩm định tại phòng Tư pháp"


def test_time_limit_for_a_channel_falls_back_to_the_general_one(make_procedure):
    proc = make_procedure(
        time_limits=[
            TimeLimitData(value=Decimal("7"), channel="counter"),
            TimeLimitData(value=Decimal("5"), channel="online"),
        ]
    )
    assert proc.time_limit_value == Decimal("7")
    assert proc.time_limit_for("online").value == Decimal("5")
    assert proc.time_limit_for("post").value == Decimal("7")
