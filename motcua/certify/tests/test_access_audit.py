"""Insider access to electronic certified copies (audit, session 6): the book, a copy and its signed PDF tried as
the wrong actor — an officer of another commune, a leader of another unit, a non-certifying officer of the
committee, a former officer, the citizen, a visitor — expecting 404 (out of scope) or 403 (not an officer).

Rule (motcua/certify/services.py, ND 23/2015/NĐ-CP art 5 and 13): the copies and the certification book of a unit
are the business of the officers who certify for that unit (counter officers, its leaders, the centre manager,
its administrator); the requester finds the copy in their own data store, not in the book.
"""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse

from motcua.accounts.choices import Role
from motcua.accounts.models import Membership
from motcua.certify import services
from motcua.certify.models import CertifiedCopy
from motcua.dossiers.tests.factories import officer_in, vn
from motcua.units.choices import DivisionType, UnitKind
from motcua.units.tests.factories import ProvinceFactory, UnitFactory

from .conftest import scan

pytestmark = pytest.mark.django_db
NOW = vn(2026, 3, 2, 9, 0)


@pytest.fixture
def copy(cw):
    with time_machine.travel(NOW, tick=False):
        return services.certified_copy_issue(
            officer=cw.officer,
            unit=cw.committee,
            requester_name="Lê Thị Hoa",
            id_number="001190012345",
            title="Giấy khai sinh",
            scans=[scan()],
            now=NOW,
        )


def _committee_of(commune):
    return UnitFactory(
        parent=commune,
        name=f"Ủy ban nhân dân {commune.name}",
        kind=UnitKind.PEOPLES_COMMITTEE,
        division_type=DivisionType.XA,
    )


def _stranger(cw, kind: str):
    if kind == "counter_of_another_commune":
        return officer_in(_committee_of(cw.other_commune), Role.COUNTER_OFFICER)
    if kind == "leader_of_another_province":
        return officer_in(_committee_of(UnitFactory(parent=ProvinceFactory())), Role.UNIT_LEADER)
    if kind == "leader_of_the_commune_above":  # the commune unit, not its certifying committee
        return officer_in(cw.commune, Role.UNIT_LEADER)
    if kind == "specialist_of_the_committee":  # not a certifying role
        return officer_in(cw.committee, Role.SPECIALIST)
    officer = officer_in(cw.committee, Role.COUNTER_OFFICER)  # "former": moved away, membership closed
    Membership.objects.filter(user=officer).update(is_active=False)
    return officer


STRANGERS = [
    "counter_of_another_commune",
    "leader_of_another_province",
    "leader_of_the_commune_above",
    "specialist_of_the_committee",
    "former_officer",
]


@pytest.mark.parametrize("kind", STRANGERS)
def test_officers_outside_the_certifying_unit_get_404_and_an_empty_book(client, cw, copy, kind):
    client.force_login(_stranger(cw, kind))
    assert client.get(reverse("certify:detail", args=[copy.pk])).status_code == 404
    assert client.get(reverse("certify:download", args=[copy.pk])).status_code == 404
    book = client.get(reverse("certify:book"), {"nam": 2026})
    assert book.status_code == 200 and list(book.context["copies"]) == []
    assert copy.book_reference not in book.content.decode()


@pytest.mark.parametrize("kind", STRANGERS)
def test_officers_outside_the_unit_cannot_certify_in_its_name(client, cw, kind):
    """A crafted POST naming the committee's id: refused, nothing numbered in its book."""
    client.force_login(_stranger(cw, kind))
    data = {
        "unit": cw.committee.pk,
        "requester_name": "Lê Thị Hoa",
        "id_number": cw.citizen.id_number,
        "title": "Giấy khai sinh",
        "scans": [scan()],
    }
    with time_machine.travel(NOW, tick=False):
        response = client.post(reverse("certify:create"), data)
    assert response.status_code in (400, 403)
    assert not CertifiedCopy.objects.exists()


def test_copy_ids_cannot_be_walked(client, cw, copy):
    stranger = _stranger(cw, "counter_of_another_commune")
    with time_machine.travel(NOW, tick=False):
        own = services.certified_copy_issue(
            officer=cw.officer,
            unit=cw.committee,
            requester_name="Lê Thị Hoa",
            id_number="001190012345",
            title="Bằng lái xe",
            scans=[scan()],
            now=NOW,
        )
    client.force_login(stranger)
    ids = CertifiedCopy.objects.values_list("pk", flat=True)
    assert [pk for pk in ids if client.get(reverse("certify:download", args=[pk])).status_code != 404] == []
    client.force_login(cw.officer)
    assert sorted(pk for pk in ids if client.get(reverse("certify:detail", args=[pk])).status_code == 200) == sorted(
        [copy.pk, own.pk]
    )


def test_the_requester_and_visitors_do_not_reach_the_book(client, cw, copy):
    for url in (
        reverse("certify:book"),
        reverse("certify:detail", args=[copy.pk]),
        reverse("certify:download", args=[copy.pk]),
    ):
        assert client.get(url)["Location"].startswith(reverse("accounts:login"))
    client.force_login(cw.citizen)
    for url in (
        reverse("certify:book"),
        reverse("certify:detail", args=[copy.pk]),
        reverse("certify:download", args=[copy.pk]),
    ):
        assert client.get(url).status_code == 403


def test_a_year_out_of_range_is_an_empty_book_not_an_error(client, cw, copy):
    client.force_login(cw.officer)
    for year in ("99999999999", "-5", "70000"):
        response = client.get(reverse("certify:book"), {"nam": year})
        assert response.status_code == 200 and list(response.context["copies"]) == []
