"""Fields that record who did something are filled by the system in the admin (`accounts/admin/recorded.py`):
read-only for everyone, the acting user on an add, unchanged on a change; a value posted with the form is ignored.
Records written only by the services (a signed e-result, an assessment's history) are not added by hand at all.

Before, such a field was a choice among the accounts of the actor's units, so a staff officer could name someone
else as the author, and could not save a review at all once its author had left the unit ("select a valid
choice")."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from motcua.accounts.choices import Role
from motcua.counter.tests.factories import QueueWorld
from motcua.dossiers.tests.factories import ProcedureFactory, vn
from motcua.simplify.models import Decision, Review

from .test_admin_unit_scope import staff_in

pytestmark = pytest.mark.django_db
NOW = vn(2026, 4, 28, 10, 0)


@pytest.fixture
def setting():
    here, there = QueueWorld(), QueueWorld()
    here.staff = staff_in(here.centre, Role.ONE_STOP_MANAGER)
    here.procedure = ProcedureFactory()
    return here, there


def _review(here, author):
    return Review.objects.create(
        unit=here.centre, procedure=here.procedure, year=2026, reviewed_on=dt.date(2026, 4, 1), findings="Thừa giấy tờ",
        hourly_income=30000, dossiers_per_year=100, created_by=author, created_at=vn(2026, 4, 1, 9),
    )  # fmt: skip


def _review_data(here, **changes):
    data = {
        "unit": here.centre.pk, "procedure": here.procedure.pk, "year": 2026, "reviewed_on": "2026-04-02",
        "findings": "Bỏ bản sao chứng thực", "hourly_income": 31000, "dossiers_per_year": 120,
        "proposals-TOTAL_FORMS": 0, "proposals-INITIAL_FORMS": 0,
    }  # fmt: skip
    return data | changes


def _decision_data(review, **changes):
    data = {"review": review.pk, "number": "12/QĐ-UBND", "signed_on": "2026-04-10", "issuer": "UBND tỉnh"}
    return data | changes


def test_a_review_added_by_staff_records_them_and_now_whatever_is_posted(client, setting):
    here, there = setting
    client.force_login(here.staff)
    url = reverse("admin:simplify_review_add")
    page = client.get(url)
    assert not {"created_by", "created_at"} & set(page.context["adminform"].form.fields)
    assert str(here.staff) in page.content.decode()  # the add page says who will be recorded
    forged = _review_data(here, created_by=there.manager.pk, created_at_0="2020-01-01", created_at_1="08:00:00")
    with time_machine.travel(NOW, tick=False):
        response = client.post(url, forged)
    assert response.status_code == 302, response.context["adminform"].form.errors
    review = Review.objects.get(findings="Bỏ bản sao chứng thực")
    assert review.created_by == here.staff and review.created_at == NOW


def test_a_review_whose_author_left_the_unit_is_saved_with_its_author_unchanged(client, setting):
    """The author is not among the actor's units' people (the old choice refused the row's own author)."""
    here, there = setting
    review = _review(here, there.manager)
    client.force_login(here.staff)
    url = reverse("admin:simplify_review_change", args=[review.pk])
    response = client.post(url, _review_data(here, created_by=here.staff.pk, created_at_0="2020-01-01"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    review.refresh_from_db()
    assert review.findings == "Bỏ bản sao chứng thực"
    assert review.created_by == there.manager and review.created_at == vn(2026, 4, 1, 9)


def test_a_decision_records_who_entered_it_and_keeps_them_on_a_change(client, setting):
    here, there = setting
    review = _review(here, here.manager)
    client.force_login(here.staff)
    response = client.post(reverse("admin:simplify_decision_add"), _decision_data(review, recorded_by=there.manager.pk))
    assert response.status_code == 302, response.context["adminform"].form.errors
    decision = Decision.objects.get(review=review)
    assert decision.recorded_by == here.staff
    Decision.objects.filter(pk=decision.pk).update(recorded_by=there.manager)  # entered by someone since moved away
    url = reverse("admin:simplify_decision_change", args=[decision.pk])
    assert "recorded_by" not in client.get(url).context["adminform"].form.fields
    response = client.post(url, _decision_data(review, number="13/QĐ-UBND", recorded_by=here.staff.pk))
    assert response.status_code == 302, response.context["adminform"].form.errors
    decision.refresh_from_db()
    assert decision.number == "13/QĐ-UBND" and decision.recorded_by == there.manager


def test_the_superuser_sees_who_recorded_a_row_read_only(client, setting):
    here, there = setting
    review = _review(here, there.manager)
    superuser = get_user_model().objects.create_superuser(username="quantri", password=None)
    client.force_login(superuser)
    with timezone.override("Asia/Ho_Chi_Minh"):
        page = client.get(reverse("admin:simplify_review_change", args=[review.pk]))
    assert page.status_code == 200
    assert not {"created_by", "created_at"} & set(page.context["adminform"].form.fields)
    shown = {field for fieldset in page.context["adminform"] for line in fieldset for field in line}
    readonly = {field.field["name"] for field in shown if field.is_readonly}
    assert {"created_by_recorded", "created_at"} <= readonly
    text = page.content.decode()
    assert "Người tạo" in text and str(there.manager) in text  # a Vietnamese label, the author's name
    # By name, not a link to the account's admin page (a 404 for staff outside the person's units).
    assert reverse("admin:accounts_user_change", args=[there.manager.pk]) not in text


@pytest.mark.parametrize("name", ["esign_signedresult_add", "scorecard_assessmentevent_add"])
def test_records_written_only_by_the_services_are_not_added_by_hand(client, setting, name):
    here, _there = setting
    superuser = get_user_model().objects.create_superuser(username="quantri", password=None)
    for user in (here.staff, superuser):
        client.force_login(user)
        assert client.get(reverse(f"admin:{name}")).status_code == 403, user
