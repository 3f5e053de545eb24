"""Insider access to procedure reviews (audit, session 6): the list, a review, its proposal and decision forms tried
as the wrong actor — an officer of another agency or province, a leader of another unit, a former officer, a
citizen, a visitor — expecting 404 (out of scope) or 403 (not an officer), and ids of another review's proposals
refused in a decision.

Rule (motcua/simplify/services.py; ND 63/2010/NĐ-CP as amended by ND 48/2013/NĐ-CP, its chapter on reviewing
procedures — article numbers not given, the texts are not in shared/reference: the agency reviews the procedures it
implements and proposes simplifications): a review is read and written by the officers of the reviewing agency only.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from motcua.accounts.choices import Role, UserKind
from motcua.accounts.models import Membership, User
from motcua.dossiers.tests.factories import DepartmentFactory, officer_in
from motcua.simplify import services
from motcua.simplify.models import Decision, Proposal, Review
from motcua.units.tests.factories import ProvinceFactory

from .test_simplify import ReviewWorld

pytestmark = pytest.mark.django_db

PROPOSAL = {
    "action": "proposal",
    "kind": "time",
    "description": "Rút ngắn thời hạn",
    "hours_before": "8",
    "hours_after": "2",
    "cash_before": "0",
    "cash_after": "0",
}


@pytest.fixture
def rw():
    world = ReviewWorld()
    world.the_review = world.review()
    world.proposal = world.propose(world.the_review)
    return world


def _stranger(rw, kind: str):
    if kind == "specialist_of_another_agency":
        return officer_in(DepartmentFactory(), Role.SPECIALIST)
    if kind == "leader_of_another_province":
        return officer_in(DepartmentFactory(parent=ProvinceFactory()), Role.UNIT_LEADER)
    officer = officer_in(rw.agency, Role.SPECIALIST)  # "former": moved away, membership closed
    Membership.objects.filter(user=officer).update(is_active=False)
    return officer


STRANGERS = ["specialist_of_another_agency", "leader_of_another_province", "former_officer"]


@pytest.mark.parametrize("kind", STRANGERS)
def test_officers_outside_the_agency_get_404_and_change_nothing(client, rw, kind):
    client.force_login(_stranger(rw, kind))
    url = reverse("simplify:detail", args=[rw.the_review.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, PROPOSAL).status_code == 404
    decision = {"action": "decision", "number": "12/QĐ", "signed_on": "2026-04-01", "issuer": "UBND tỉnh"}
    assert client.post(url, {**decision, "adopted": [rw.proposal.pk]}).status_code == 404
    listing = client.get(reverse("simplify:list"))
    assert listing.status_code == 200 and list(listing.context["reviews"]) == []
    created = client.post(
        reverse("simplify:create"),
        {
            "unit": rw.agency.pk,
            "code": rw.v1.code,
            "reviewed_on": "2026-03-10",
            "findings": "x",
            "hourly_income": "25000",
            "dossiers_per_year": "10",
        },
    )
    assert created.status_code in (400, 403)
    assert Proposal.objects.count() == 1 and not Decision.objects.exists() and Review.objects.count() == 1


def test_review_ids_cannot_be_walked(client, rw):
    other_agency = DepartmentFactory()
    other_officer = officer_in(other_agency, Role.SPECIALIST)
    theirs = services.review_create(
        officer=other_officer,
        unit=other_agency,
        procedure=rw.v1,
        reviewed_on=rw.the_review.reviewed_on,
        findings="Khác",
        hourly_income=20_000,
        dossiers_per_year=10,
    )
    client.force_login(rw.officer)
    opened = [
        pk
        for pk in Review.objects.values_list("pk", flat=True)
        if client.get(reverse("simplify:detail", args=[pk])).status_code == 200
    ]
    assert opened == [rw.the_review.pk] and theirs.pk not in opened


def test_a_decision_cannot_adopt_the_proposals_of_another_review(client, rw):
    other = rw.review()
    foreign = rw.propose(other, description="Đề xuất của rà soát khác")
    client.force_login(rw.officer)
    response = client.post(
        reverse("simplify:detail", args=[rw.the_review.pk]),
        {
            "action": "decision",
            "number": "12/QĐ",
            "signed_on": "2026-04-01",
            "issuer": "UBND tỉnh",
            "adopted": [foreign.pk],
        },
    )
    assert response.status_code == 400 and not Decision.objects.exists()
    with pytest.raises(ValidationError):
        services.decision_record(
            officer=rw.officer,
            review=rw.the_review,
            number="12/QĐ",
            signed_on=rw.the_review.reviewed_on,
            issuer="UBND tỉnh",
            adopted_ids=[foreign.pk],
        )
    assert Proposal.objects.get(pk=foreign.pk).status != "adopted"


def test_citizens_and_visitors_do_not_reach_the_reviews(client, rw):
    urls = [reverse("simplify:list"), reverse("simplify:create"), reverse("simplify:detail", args=[rw.the_review.pk])]
    for url in urls:
        assert client.get(url)["Location"].startswith(reverse("accounts:login"))
    client.force_login(User.objects.create_user(username="cd", password="x", kind=UserKind.CITIZEN))
    for url in urls:
        assert client.get(url).status_code == 403
    assert client.post(urls[2], PROPOSAL).status_code == 403
    assert Proposal.objects.count() == 1
