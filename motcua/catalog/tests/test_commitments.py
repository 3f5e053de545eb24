"""Service commitments: a committed time shorter than the legal limit, per scope and channel (deadlines.md §10)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from motcua.catalog.models import ProcedureTimeLimit, ServiceCommitment
from motcua.catalog.selectors import commitment_for
from motcua.catalog.services import CommitmentError, commitment_set
from motcua.dossiers.tests.factories import ProcedureFactory
from motcua.units.tests.factories import ProvinceFactory, UnitFactory

pytestmark = pytest.mark.django_db
DECISION = {"decision_number": "1234/QĐ-UBND", "decision_date": dt.date(2026, 1, 5), "decision_issuer": "UBND tỉnh"}


@pytest.fixture
def procedure():
    return ProcedureFactory(time_limit_value=Decimal(3), time_limit_unit="working_days")


@pytest.fixture
def province():
    return ProvinceFactory()


def commit(procedure, scope, value, unit="working_hours", **kwargs):
    return commitment_set(
        procedure_code=procedure.code, scope=scope, value=Decimal(value), unit=unit, **{**DECISION, **kwargs}
    )


@pytest.mark.parametrize(("value", "unit"), [("3", "working_days"), ("24", "working_hours"), ("4", "working_days")])
def test_a_commitment_equal_to_or_longer_than_the_legal_limit_is_refused(procedure, province, value, unit):
    with pytest.raises(CommitmentError) as refused:
        commit(procedure, province, value, unit)
    assert "phải ngắn hơn thời hạn giải quyết theo quy định" in str(refused.value)
    assert "3 ngày làm việc" in str(refused.value)
    assert not ServiceCommitment.objects.exists()


def test_a_shorter_commitment_is_recorded_and_the_legal_limit_is_untouched(procedure, province):
    commitment = commit(procedure, province, "23.5")
    assert commitment.decision_number == "1234/QĐ-UBND"
    procedure.refresh_from_db()
    assert (procedure.time_limit_value, procedure.time_limit_unit) == (Decimal(3), "working_days")
    assert list(ProcedureTimeLimit.objects.filter(procedure=procedure).values_list("value", "unit")) == [
        (Decimal(3), "working_days")
    ]


def test_calendar_day_limits_compare_on_the_working_days_they_hold_at_least(province):
    """10 calendar days hold at least 7 working days (5/7, `_as_working_days`): 7 days is not shorter."""
    procedure = ProcedureFactory(time_limit_value=Decimal(10), time_limit_unit="days")
    with pytest.raises(CommitmentError):
        commit(procedure, province, "7", "working_days")
    assert commit(procedure, province, "6.5", "working_days").value == Decimal("6.5")


def test_a_commitment_needs_its_decision_and_a_known_procedure(procedure, province):
    with pytest.raises(CommitmentError, match="số, ngày và cơ quan ban hành"):
        commit(procedure, province, "4", decision_number=" ")
    with pytest.raises(CommitmentError, match="Không có thủ tục"):
        commitment_set(procedure_code="9.999", scope=province, value=Decimal(4), unit="working_hours", **DECISION)
    with pytest.raises(CommitmentError, match="ngày làm việc hoặc giờ làm việc"):
        commit(procedure, province, "1", "days")
    with pytest.raises(CommitmentError, match="số dương"):
        commit(procedure, province, "0")


def test_a_province_commits_for_its_units_and_a_unit_own_commitment_wins(procedure, province):
    commune = UnitFactory(parent=province)
    other = UnitFactory()
    commit(procedure, province, "8")
    day = dt.date(2026, 3, 2)
    assert commitment_for(procedure_code=procedure.code, channel="counter", unit=commune, on=day).value == 8
    assert commitment_for(procedure_code=procedure.code, channel="counter", unit=other, on=day) is None
    commit(procedure, commune, "4")
    assert commitment_for(procedure_code=procedure.code, channel="counter", unit=commune, on=day).value == 4
    assert commitment_for(procedure_code=procedure.code, channel="counter", unit=province, on=day).value == 8
    assert (
        commitment_for(procedure_code=procedure.code, channel="counter", unit=commune, on=dt.date(2026, 1, 4)) is None
    )


def test_a_new_commitment_closes_the_running_one_and_a_channel_row_wins_over_all(procedure, province):
    first = commit(procedure, province, "8")
    commit(procedure, province, "6", valid_from=dt.date(2026, 6, 1))
    first.refresh_from_db()
    assert first.valid_to == dt.date(2026, 6, 1)
    commit(procedure, province, "2", channel="online", valid_from=dt.date(2026, 6, 1))
    on = dt.date(2026, 7, 1)
    assert commitment_for(procedure_code=procedure.code, channel="online", unit=province, on=on).value == 2
    assert commitment_for(procedure_code=procedure.code, channel="counter", unit=province, on=on).value == 6
    assert (
        commitment_for(procedure_code=procedure.code, channel="counter", unit=province, on=dt.date(2026, 3, 1)).value
        == 8
    )


def test_the_admin_no_longer_edits_the_legal_limit(admin_client, procedure):
    """Shortening used to be an edit of the legal limit in the procedure admin; it is read only now."""
    response = admin_client.get(reverse("admin:catalog_procedure_change", args=[procedure.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "3,00" in page or "3.00" in page  # shown, read only
    assert 'name="time_limits-0-value"' not in page
    assert 'name="time_limit_value"' not in page


def test_the_admin_refuses_a_commitment_not_shorter_than_the_legal_limit(admin_client, procedure, province):
    data = {
        "procedure_code": procedure.code,
        "scope": province.pk,
        "channel": "all",
        "value": "3",
        "unit": "working_days",
        "decision_number": "1/QĐ-UBND",
        "decision_date": "2026-01-05",
        "decision_issuer": "UBND tỉnh",
        "valid_from": "2026-01-05",
        "note": "",
    }
    page = admin_client.post(reverse("admin:catalog_servicecommitment_add"), data).content.decode()
    assert "phải ngắn hơn thời hạn giải quyết theo quy định" in page
    assert not ServiceCommitment.objects.exists()
    response = admin_client.post(
        reverse("admin:catalog_servicecommitment_add"), {**data, "value": "4", "unit": "working_hours"}
    )
    assert response.status_code == 302
    assert ServiceCommitment.objects.get().value == 4
