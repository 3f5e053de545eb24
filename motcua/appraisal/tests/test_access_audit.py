"""Insider access to officer evaluations (audit, session 6): every screen tried as the wrong actor.

Who may see an officer's evaluation: the officer, their leader and the centre manager (TT 01/2018/TT-VPCP art
15.4(c): the one-stop unit grades its officers; ND 61/2018/NĐ-CP art 32.2: the results bear on the officer's and
the head's responsibility). "Their leader" is someone above them in the unit: a fellow manager or a fellow leader
of the same unit is a colleague, not their superior — they neither see nor grade each other, and a centre manager
does not grade the unit's leader.
"""

from __future__ import annotations

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from motcua.accounts.choices import Role, UserKind
from motcua.accounts.models import Membership, User
from motcua.appraisal import access, services
from motcua.appraisal.choices import TaskBand
from motcua.appraisal.models import OfficerGrading
from motcua.dossiers.tests.factories import DepartmentFactory, OneStopFactory, officer_in, vn

pytestmark = pytest.mark.django_db
IN_2026 = vn(2026, 12, 20, 9, 0)
SCREENS = ("appraisal:detail", "appraisal:dossiers", "appraisal:grade")


def _statuses(client, viewer, subject: Membership) -> dict[str, int]:
    client.force_login(viewer)
    with time_machine.travel(IN_2026, tick=False):
        return {
            name: client.get(reverse(name, args=[subject.pk]), {"ky": "2026-03", "so-lieu": "resolved"}).status_code
            for name in SCREENS
        }


def test_a_fellow_manager_neither_sees_nor_grades_the_manager(world, client):
    deputy = officer_in(world.one_stop, Role.ONE_STOP_MANAGER)
    subject = world.subject(world.manager)
    assert _statuses(client, deputy, subject) == dict.fromkeys(SCREENS, 404)
    with time_machine.travel(IN_2026, tick=False):
        posted = client.post(reverse("appraisal:grade", args=[subject.pk]), {"year": 2026, "band": TaskBand.LOW})
        assert posted.status_code == 404
        with pytest.raises(PermissionDenied):
            services.grading_record(manager=deputy, subject=subject, year=2026, band=TaskBand.LOW, reason="x")
        rows = client.get(reverse("appraisal:list"), {"nam": 2026}).context["rows"]
    assert not OfficerGrading.objects.exists()
    assert world.manager not in {row.subject.user for row in rows}
    assert world.counter in {row.subject.user for row in rows}  # the deputy still oversees the counter officers


def test_a_fellow_leader_does_not_see_the_leader(world, client):
    deputy = officer_in(world.department, Role.UNIT_LEADER)
    assert _statuses(client, deputy, world.subject(world.leader)) == dict.fromkeys(SCREENS, 404)
    assert _statuses(client, deputy, world.subject(world.specialist))["appraisal:detail"] == 200


def test_the_leader_of_the_centre_sees_the_manager_but_only_the_manager_grades(world, client):
    head = officer_in(world.one_stop, Role.UNIT_LEADER)
    statuses = _statuses(client, head, world.subject(world.manager))
    assert statuses == {"appraisal:detail": 200, "appraisal:dossiers": 200, "appraisal:grade": 404}
    # the manager sees the counter officers but not the head of the centre
    assert _statuses(client, world.manager, world.subject(head))["appraisal:detail"] == 404
    assert _statuses(client, world.manager, world.subject(world.counter))["appraisal:grade"] == 200


def test_a_manager_who_is_also_a_counter_officer_is_graded_by_no_fellow_manager(world, client):
    """The rank is the person's highest role in the unit, whatever membership row the URL names."""
    both = officer_in(world.one_stop, Role.COUNTER_OFFICER, Role.ONE_STOP_MANAGER)
    as_counter = Membership.objects.get(user=both, role=Role.COUNTER_OFFICER)
    assert _statuses(client, world.manager, as_counter) == dict.fromkeys(SCREENS, 404)
    assert not access.can_grade(world.manager, as_counter)


@pytest.mark.parametrize(
    "stranger",
    [
        "manager_of_another_centre",
        "leader_of_another_unit",
        "counter_of_another_centre",
        "citizen",
        "inactive_manager",
        "former_manager",
    ],
)
def test_strangers_get_404_on_every_screen_and_cannot_grade(world, client, stranger):
    if stranger == "manager_of_another_centre":
        viewer = officer_in(OneStopFactory(), Role.ONE_STOP_MANAGER)
    elif stranger == "leader_of_another_unit":
        viewer = officer_in(DepartmentFactory(), Role.UNIT_LEADER)
    elif stranger == "counter_of_another_centre":
        viewer = officer_in(OneStopFactory(), Role.COUNTER_OFFICER)
    elif stranger == "citizen":
        viewer = User.objects.create_user(username="cd", password="x", kind=UserKind.CITIZEN)
    elif stranger == "inactive_manager":
        viewer = officer_in(world.one_stop, Role.ONE_STOP_MANAGER)
        User.objects.filter(pk=viewer.pk).update(is_active=False)
        viewer.refresh_from_db()
    else:  # moved away: the membership in the centre is closed
        viewer = officer_in(world.one_stop, Role.ONE_STOP_MANAGER)
        Membership.objects.filter(user=viewer).update(is_active=False)
    subject = world.subject(world.counter)
    if viewer.is_active:
        assert _statuses(client, viewer, subject) == dict.fromkeys(SCREENS, 404)
    assert not access.can_grade(viewer, subject)
    with time_machine.travel(IN_2026, tick=False), pytest.raises(PermissionDenied):
        services.grading_record(manager=viewer, subject=subject, year=2026, band=TaskBand.LOW, reason="x")


def test_membership_ids_cannot_be_walked_into_other_units(world, client):
    """Every membership id of the database, tried by a counter officer: only their own evaluation opens."""
    client.force_login(world.counter)
    opened = {
        pk
        for pk in Membership.objects.values_list("pk", flat=True)
        if client.get(reverse("appraisal:detail", args=[pk]), {"ky": "2026-03"}).status_code == 200
    }
    assert opened == {world.subject(world.counter).pk}
