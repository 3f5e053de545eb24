"""Procedure reviews: the compliance-cost arithmetic, proposals that must cut, the decision and the catalogue
version it produced, access of the reviewing agency only, and the screens."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from motcua.accounts.choices import Role
from motcua.dossiers.tests.factories import DepartmentFactory, ProcedureFactory, officer_in
from motcua.simplify import selectors, services
from motcua.simplify.choices import ProposalKind, ProposalStatus
from motcua.simplify.cost import CostInputs, cost_per_dossier, saving_rate, yearly_cost, yearly_saving

pytestmark = pytest.mark.django_db


def test_cost_is_time_at_income_plus_money_times_dossiers():
    """Standard cost model of TT 07/2014/TT-BTP: (hours × income per hour + money) × dossiers a year.
    Hand-computed: 8 h × 25,000 + 150,000 = 350,000 per dossier; × 1,200 = 420,000,000 a year; after 2.5 h and
    100,000: 162,500 per dossier, 195,000,000 a year; saving 225,000,000 (53.6 %)."""
    before = CostInputs(hours=Decimal(8), cash=150_000, dossiers_per_year=1200, hourly_income=25_000)
    after = CostInputs(hours=Decimal("2.5"), cash=100_000, dossiers_per_year=1200, hourly_income=25_000)
    assert (cost_per_dossier(before), cost_per_dossier(after)) == (350_000, 162_500)
    assert (yearly_cost(before), yearly_cost(after)) == (420_000_000, 195_000_000)
    assert yearly_saving(before, after) == 225_000_000
    assert saving_rate(before, after) == Decimal("53.6")
    nothing = CostInputs(hours=Decimal(0), cash=0, dossiers_per_year=0, hourly_income=25_000)
    assert saving_rate(nothing, nothing) is None


class ReviewWorld:
    def __init__(self) -> None:
        self.agency = DepartmentFactory(name="Sở Tư pháp")
        self.officer = officer_in(self.agency, Role.SPECIALIST)
        self.v1 = ProcedureFactory(
            code="1.001193.000.00.00.H22", version=1, name="Đăng ký khai sinh", valid_to=dt.date(2026, 6, 30)
        )
        self.v2 = ProcedureFactory(
            code="1.001193.000.00.00.H22", version=2, name="Đăng ký khai sinh", valid_from=dt.date(2026, 7, 1)
        )

    def review(self):
        return services.review_create(
            officer=self.officer,
            unit=self.agency,
            procedure=self.v1,
            reviewed_on=dt.date(2026, 3, 10),
            findings="Thành phần hồ sơ trùng với dữ liệu dân cư.",
            hourly_income=25_000,
            dossiers_per_year=1200,
        )

    def propose(self, review, **kwargs):
        values = {
            "kind": ProposalKind.DOCUMENTS,
            "description": "Bỏ yêu cầu nộp bản sao giấy xác nhận cư trú.",
            "hours_before": Decimal(8),
            "hours_after": Decimal("2.5"),
            "cash_before": 150_000,
            "cash_after": 100_000,
        }
        values.update(kwargs)
        return services.proposal_add(officer=self.officer, review=review, **values)


@pytest.fixture
def rw():
    return ReviewWorld()


def test_a_proposal_must_cut_time_or_money(rw):
    review = rw.review()
    with pytest.raises(ValidationError, match="không thể làm tăng"):
        rw.propose(review, hours_after=Decimal(9))
    with pytest.raises(ValidationError):
        rw.propose(review, description="  ")
    rw.propose(review)
    rows, totals = selectors.proposal_rows(review=review)
    assert (rows[0].saving, totals) == (225_000_000, {"proposed": 225_000_000, "adopted": 0})


def test_the_decision_adopts_proposals_and_links_the_new_catalogue_version(rw):
    review = rw.review()
    kept = rw.propose(review)
    dropped = rw.propose(
        review, kind=ProposalKind.FEE, description="Miễn lệ phí.", cash_after=0, hours_after=Decimal(8)
    )
    with pytest.raises(ValidationError):  # the version reviewed is no product of the decision
        services.decision_record(
            officer=rw.officer,
            review=review,
            number="1234/QĐ-UBND",
            signed_on=dt.date(2026, 5, 20),
            issuer="Chủ tịch UBND tỉnh",
            adopted_ids=[kept.pk],
            resulting_procedure=rw.v1,
        )
    with pytest.raises(ValidationError):  # no proposal chosen
        services.decision_record(
            officer=rw.officer,
            review=review,
            number="1234/QĐ-UBND",
            signed_on=dt.date(2026, 5, 20),
            issuer="Chủ tịch UBND tỉnh",
            adopted_ids=[],
        )
    decision = services.decision_record(
        officer=rw.officer,
        review=review,
        number="1234/QĐ-UBND",
        signed_on=dt.date(2026, 5, 20),
        issuer="Chủ tịch UBND tỉnh",
        adopted_ids=[kept.pk],
        resulting_procedure=rw.v2,
    )
    assert decision.resulting_procedure == rw.v2
    kept.refresh_from_db()
    dropped.refresh_from_db()
    assert (kept.status, dropped.status) == (ProposalStatus.ADOPTED, ProposalStatus.PROPOSED)
    assert selectors.proposal_rows(review=review)[1]["adopted"] == 225_000_000
    with pytest.raises(ValidationError):
        rw.propose(review)


def test_only_the_reviewing_agency_writes_and_reads(rw, client):
    review = rw.review()
    stranger = officer_in(DepartmentFactory(), Role.SPECIALIST)
    with pytest.raises(PermissionDenied):
        services.proposal_add(
            officer=stranger,
            review=review,
            kind="time",
            description="x",
            hours_before=Decimal(1),
            hours_after=Decimal(0),
            cash_before=0,
            cash_after=0,
        )
    client.force_login(stranger)
    assert client.get(reverse("simplify:detail", args=[review.pk])).status_code == 404


def test_screens_refuse_bad_input_clearly(rw, client):
    client.force_login(rw.officer)
    url = reverse("simplify:create")
    data = {
        "unit": rw.agency.pk,
        "code": "9.999999",
        "reviewed_on": "2026-03-10",
        "findings": "Trùng lặp.",
        "hourly_income": "25000",
        "dossiers_per_year": "1200",
    }
    response = client.post(url, data)
    assert response.status_code == 400 and "Không có thủ tục nào" in response.content.decode()
    response = client.post(url, {**data, "code": rw.v2.code})
    review = selectors.review_list_for_officer(officer=rw.officer).get()
    assert review.procedure == rw.v1  # the version in force on the review day, not the later one
    assert response["Location"] == reverse("simplify:detail", args=[review.pk])
    detail = reverse("simplify:detail", args=[review.pk])
    bad = client.post(
        detail,
        {
            "action": "proposal",
            "kind": "time",
            "description": "Rút ngắn",
            "hours_before": "2",
            "hours_after": "5",
            "cash_before": "0",
            "cash_after": "0",
        },
    )
    assert bad.status_code == 400 and "không thể làm tăng" in bad.content.decode()
