"""Service commitments for people: the public list, the link from the procedure page, and the manager's screen
(record, end, review; scoped to the manager's units; every change audited)."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from motcua.accounts.choices import Role
from motcua.catalog.models import ServiceCommitment, ServiceCommitmentChange
from motcua.catalog.services import CommitmentError, commitment_end, commitment_set
from motcua.core.text import fold
from motcua.dossiers.tests.factories import ProcedureFactory, officer_in, vn
from motcua.units.tests.factories import ProvinceFactory, UnitFactory

pytestmark = pytest.mark.django_db
NOW = vn(2026, 3, 2, 9, 0)
DECISION = {"decision_number": "1234/QĐ-UBND", "decision_date": dt.date(2026, 1, 5), "decision_issuer": "UBND tỉnh"}


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


class Place:
    def __init__(self) -> None:
        self.province = ProvinceFactory(name="Tỉnh Sơn Hà")
        self.commune = UnitFactory(parent=self.province, name="Xã Tân Lập")
        self.other = ProvinceFactory(name="Tỉnh Bình Yên")
        self.business = ProcedureFactory(
            name="Đăng ký thành lập hộ kinh doanh", time_limit_value=Decimal(3), time_limit_unit="working_days"
        )
        self.birth = ProcedureFactory(
            name="Đăng ký lại khai sinh", time_limit_value=Decimal(5), time_limit_unit="working_days"
        )
        for procedure in (self.business, self.birth):  # what `procedure_upsert` stores for the search
            procedure.search_text = fold(procedure.name)
            procedure.save(update_fields=["search_text"])
        self.manager = officer_in(self.province, Role.ONE_STOP_MANAGER)
        self.counter = officer_in(self.province, Role.COUNTER_OFFICER)
        self.other_manager = officer_in(self.other, Role.ADMINISTRATOR)

    def commit(self, procedure, scope, value, unit="working_hours", **kwargs):
        return commitment_set(
            procedure_code=procedure.code, scope=scope, value=Decimal(value), unit=unit, **{**DECISION, **kwargs}
        )


@pytest.fixture
def place():
    return Place()


def test_every_change_is_audited_with_its_actor(place):
    first = place.commit(place.business, place.province, "4", actor=place.manager)
    second = place.commit(
        place.business, place.province, "2", actor=place.manager, valid_from=dt.date(2026, 2, 1), decision_number="9"
    )
    commitment_end(commitment=second, on=dt.date(2026, 3, 10), actor=place.manager, reason="QĐ 77 bãi bỏ")
    changes = list(ServiceCommitmentChange.objects.order_by("pk").values_list("commitment_id", "action", "actor_id"))
    assert changes == [
        (first.pk, "created", place.manager.pk),
        (first.pk, "replaced", place.manager.pk),
        (second.pk, "created", place.manager.pk),
        (second.pk, "ended", place.manager.pk),
    ]
    ended = ServiceCommitmentChange.objects.get(action="ended")
    assert ended.reason == "QĐ 77 bãi bỏ" and ended.snapshot["valid_to"] == "2026-03-10"
    assert ended.snapshot["value"] == "2" and ended.snapshot["unit"] == "working_hours"


@pytest.mark.parametrize(
    ("on", "reason", "message"),
    [
        (dt.date(2026, 1, 5), "QĐ 77", "chỉ có thể kết thúc sau ngày đầu"),
        (dt.date(2026, 3, 10), "  ", "Nêu lý do"),
    ],
)
def test_an_end_before_the_start_or_without_a_reason_is_refused(place, on, reason, message):
    commitment = place.commit(place.business, place.province, "4")
    with pytest.raises(CommitmentError) as refused:
        commitment_end(commitment=commitment, on=on, reason=reason)
    assert message in str(refused.value)
    commitment.refresh_from_db()
    assert commitment.valid_to is None and not ServiceCommitmentChange.objects.filter(action="ended").exists()


def test_an_ended_commitment_cannot_end_again(place):
    commitment = place.commit(place.business, place.province, "4")
    commitment_end(commitment=commitment, on=dt.date(2026, 3, 10), reason="QĐ 77")
    with pytest.raises(CommitmentError, match="đã kết thúc"):
        commitment_end(commitment=commitment, on=dt.date(2026, 3, 20), reason="QĐ 78")


def test_the_public_list_shows_legal_and_committed_time_and_is_searchable(client, place):
    place.commit(place.business, place.province, "4")
    place.commit(place.birth, place.commune, "1", unit="working_days", channel="online", decision_number="55/QĐ-UBND")
    ended = place.commit(place.birth, place.other, "2", unit="working_days")
    commitment_end(commitment=ended, on=dt.date(2026, 2, 1), reason="QĐ bãi bỏ")
    page = client.get(reverse("commitments:public"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Đăng ký thành lập hộ kinh doanh" in html and "4 giờ làm việc" in html and "3 ngày làm việc" in html
    assert "1234/QĐ-UBND" in html and "05/01/2026" in html
    assert html.count('data-testid="commitment-row"') == 2  # the ended one is hidden by default
    by_name = client.get(reverse("commitments:public"), {"q": "Đăng ký lại khai sinh"}).content.decode()
    assert by_name.count('data-testid="commitment-row"') == 1 and "Xã Tân Lập" in by_name
    by_decision = client.get(reverse("commitments:public"), {"q": "55/QĐ"}).content.decode()
    assert by_decision.count('data-testid="commitment-row"') == 1
    other = client.get(reverse("commitments:public"), {"tinh": place.other.code, "ca-het-hieu-luc": "1"})
    assert other.content.decode().count('data-testid="commitment-row"') == 1
    none = client.get(reverse("commitments:public"), {"q": "không có thủ tục này"}).content.decode()
    assert 'data-testid="no-commitments"' in none


def test_the_procedure_page_shows_its_commitments_and_links_to_the_list(client, place):
    place.commit(place.business, place.province, "4")
    html = client.get(reverse("portal:procedure_detail", args=[place.business.code])).content.decode()
    assert 'data-testid="procedure-commitments"' in html and "Tỉnh Sơn Hà" in html
    assert reverse("commitments:public") + f"?q={place.business.code}" in html


def _form(place, **change):
    data = {
        "procedure_code": place.business.code,
        "scope": place.commune.pk,
        "channel": "all",
        "value": "4",
        "unit": "working_hours",
        "decision_number": "88/QĐ-UBND",
        "decision_date": "2026-02-20",
        "decision_issuer": "UBND tỉnh Sơn Hà",
        "valid_from": "2026-03-01",
        "note": "",
    }
    return data | change


def test_the_manager_records_and_ends_a_commitment_of_their_units(client, place):
    client.force_login(place.manager)
    page = client.get(reverse("commitments:manage"))
    assert page.status_code == 200
    scopes = {unit.pk for unit in page.context["form"].fields["scope"].queryset}
    assert scopes == {place.province.pk, place.commune.pk}
    response = client.post(reverse("commitments:manage"), _form(place))
    commitment = ServiceCommitment.objects.get()
    assert response.status_code == 302 and response.url == reverse("commitments:detail", args=[commitment.pk])
    assert (commitment.scope, commitment.value, commitment.valid_from) == (
        place.commune,
        Decimal(4),
        dt.date(2026, 3, 1),
    )
    ended = client.post(
        reverse("commitments:detail", args=[commitment.pk]), {"on": "2026-03-20", "reason": "QĐ 99 thay thế"}
    )
    assert ended.status_code == 302
    commitment.refresh_from_db()
    assert commitment.valid_to == dt.date(2026, 3, 20)
    detail = client.get(reverse("commitments:detail", args=[commitment.pk])).content.decode()
    assert "QĐ 99 thay thế" in detail and place.manager.display_name() in detail
    assert "02/03/2026 09:00" in detail  # the change's time in Vietnam (the test settings run in another zone)


def test_a_commitment_not_shorter_is_refused_in_vietnamese_on_the_form(client, place):
    client.force_login(place.manager)
    response = client.post(reverse("commitments:manage"), _form(place, value="3", unit="working_days"))
    assert response.status_code == 400
    assert "phải ngắn hơn thời hạn giải quyết theo quy định" in response.content.decode()
    assert not ServiceCommitment.objects.exists() and not ServiceCommitmentChange.objects.exists()


def test_the_manager_may_not_commit_for_another_province_nor_see_its_commitments(client, place):
    foreign = place.commit(place.birth, place.other, "1", unit="working_days")
    client.force_login(place.manager)
    response = client.post(reverse("commitments:manage"), _form(place, scope=place.other.pk))
    assert response.status_code == 400 and ServiceCommitment.objects.count() == 1
    assert client.get(reverse("commitments:detail", args=[foreign.pk])).status_code == 404
    assert (
        client.post(reverse("commitments:detail", args=[foreign.pk]), {"on": "2026-03-20", "reason": "x"}).status_code
        == 404
    )
    foreign.refresh_from_db()
    assert foreign.valid_to is None


def test_a_counter_officer_or_a_citizen_gets_no_manager_screen(client, place):
    client.force_login(place.counter)
    assert client.get(reverse("commitments:manage")).status_code == 403
    client.logout()
    assert client.get(reverse("commitments:manage")).status_code == 302  # to the sign-in page
