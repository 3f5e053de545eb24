"""The Django admin under the insider rule (issue 21, non-negotiable 6 "every read is scoped to what the actor
may see"): staff who are not superusers see and change only rows of their own units (`accounts.admin_scope`).

Each test acts as a staff user holding every model permission (the strongest non-superuser) with a membership in
one centre, against rows of a second centre: the change list leaves them out, every id of the table walked on the
change, delete and history URLs answers for the other centre's rows as for an id never used (404; 403 on every
id of an admin that never deletes), foreign-key
and many-to-many choices hold only the actor's units and their rows, a posted id of another unit is refused, a
bulk delete naming another unit's row deletes nothing. The superuser sees everything.

The people's side (users, their SSO identities, text messages): the staff user sees the accounts of their units'
officers and nothing of a citizen or of another unit's people — not in the list, its search, a change or password
URL, an autocomplete or a choice."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from motcua.accounts.admin.scope import UnitScopedAdminMixin
from motcua.accounts.choices import Role, UserKind
from motcua.accounts.models import Membership, User
from motcua.appraisal.models import OfficerGrading
from motcua.bundles.models import AgencyRoute
from motcua.certify.models import CertifiedCopy
from motcua.counter import services as counter_services
from motcua.counter.models import Appointment, Counter, ServiceGroup, Ticket
from motcua.counter.tests.factories import QueueWorld
from motcua.dossiers.services import dossier_submit
from motcua.dossiers.tests.factories import ProcedureFactory, officer_in, vn
from motcua.integrations.models import SmsMessage
from motcua.simplify.models import Decision, Review
from motcua.sso.models import ExternalIdentity
from motcua.sync.choices import EndpointKind, Topic
from motcua.sync.models import Delivery, OutboxMessage, SyncEndpoint

pytestmark = pytest.mark.django_db
NOW = vn(2026, 4, 28, 10, 0)  # a Tuesday


def staff_in(unit, *roles):
    user = officer_in(unit, *roles)
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.user_permissions.set(Permission.objects.all())
    return get_user_model().objects.get(pk=user.pk)  # fresh: no permission cache


def _rows(world: QueueWorld, n: int):
    """One row of every unit-owned model in the centre of `world` (made as the services would)."""
    unit = world.centre
    ticket = counter_services.ticket_issue(group=world.civil, now=NOW)
    appointment = counter_services.appointment_book(
        citizen=world.citizen, group=world.civil, starts_at=vn(2026, 4, 29, 9), name="Trần Thị Bình",
        phone="0912345678", now=NOW,
    )  # fmt: skip
    copy = CertifiedCopy.objects.create(
        unit=unit, year=2026, number=1, title="Giấy khai sinh", pages=1, fee=2000, requester_name="Lê Thị Hoa",
        requester_id_number="001190012345", officer=world.officer, signer_name="UBND", file="x.pdf", size=1,
        sha256=f"{n:064d}", original_sha256="0" * 64, issued_at=NOW,
    )  # fmt: skip
    review = Review.objects.create(
        unit=unit, procedure=ProcedureFactory(), year=2026, reviewed_on=dt.date(2026, 4, 1), findings="…",
        hourly_income=30000, dossiers_per_year=100, created_by=world.manager, created_at=NOW,
    )  # fmt: skip
    decision = Decision.objects.create(
        review=review, number=f"{n}/QĐ-UBND", signed_on=dt.date(2026, 4, 2), issuer="UBND tỉnh",
        recorded_by=world.manager,
    )  # fmt: skip
    grading = OfficerGrading.objects.create(
        officer=world.officer, unit=unit, year=2025, band="full", recorded_by=world.manager, recorded_at=NOW
    )
    route = AgencyRoute.objects.create(area=unit, role="police", unit=unit)
    membership = Membership.objects.get(user=world.officer, unit=unit)
    world.dossier = dossier_submit(
        procedure=ProcedureFactory(), receiving_unit=unit, applicant_name="Trần Thị Bình", applicant_phone="0912345678"
    )
    return {
        ServiceGroup: world.civil,
        Counter: world.counter1,
        Ticket: ticket,
        Appointment: appointment,
        CertifiedCopy: copy,
        Review: review,
        OfficerGrading: grading,
        AgencyRoute: route,
        Membership: membership,
        Decision: decision,
        User: world.officer,
        ExternalIdentity: identity(world.officer, f"officer-{n}"),
        SmsMessage: text_message(world.dossier.pk),
        Delivery: delivery(world.dossier),
    }


def identity(user, subject):
    return ExternalIdentity.objects.create(
        user=user, provider="vneid", issuer="https://sso.dichvucong.gov.vn", subject=subject
    )


def delivery(dossier):
    """A delivery to the national portal of an outbox message of `dossier` (its answer may quote the dossier)."""
    endpoint, _created = SyncEndpoint.objects.get_or_create(
        name="Cổng DVC quốc gia", defaults={"kind": EndpointKind.NATIONAL_PORTAL, "url": "https://dvc.example.vn/"}
    )
    message = OutboxMessage.objects.create(topic=Topic.UPDATED, dossier=dossier, payload={"code": dossier.code})
    return Delivery.objects.create(
        message=message, endpoint=endpoint, dossier_id_copy=dossier.pk, response_body=f'{{"ma": "{dossier.code}"}}'
    )


def text_message(dossier_id):
    return SmsMessage.objects.create(
        template="dossier_received", phone_hash="0" * 64, phone_tail="678", dossier_id_ref=dossier_id,
        status="delivered",
    )  # fmt: skip


def _url(obj, view="change"):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_{view}", args=[obj.pk])


@pytest.fixture
def two():
    here, there = QueueWorld(), QueueWorld()
    with timezone.override("Asia/Ho_Chi_Minh"):
        here.rows, there.rows = _rows(here, 1), _rows(there, 2)
    here.staff = staff_in(here.centre, Role.ONE_STOP_MANAGER)
    return here, there


def test_the_list_leaves_out_other_units_rows_and_the_superuser_sees_all(client, two):
    here, there = two
    superuser = get_user_model().objects.create_superuser(username="quantri", password=None)
    for model, own in here.rows.items():
        other = there.rows[model]
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        client.force_login(here.staff)
        shown = client.get(url)
        assert shown.status_code == 200, model
        listed = {row.pk for row in shown.context["cl"].result_list}
        assert own.pk in listed and other.pk not in listed, model
        assert _url(other) not in shown.content.decode(), model
        client.force_login(superuser)
        assert {own.pk, other.pk} <= {row.pk for row in client.get(url).context["cl"].result_list}, model


def test_walking_the_ids_reaches_only_own_rows(client, two):
    here, there = two
    client.force_login(here.staff)
    for model, own in here.rows.items():
        top = model._default_manager.order_by("-pk").values_list("pk", flat=True).first()
        own_ids = set(admin.site._registry[model].get_queryset(_request(here.staff)).values_list("pk", flat=True))
        for view in ("change", "delete", "history"):
            name = f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}"
            # an id never used: 404, or 403 on every id where the admin never deletes (no oracle either way)
            unused = client.get(reverse(name, args=[top + 1])).status_code
            assert unused in (403, 404), (model, view, unused)
            for pk in range(1, top + 1):  # every id of the table
                status = client.get(reverse(name, args=[pk])).status_code
                if pk in own_ids:
                    assert status in (200, 403), (model, pk, view, status)
                else:
                    assert status == unused, (model, pk, view, status)
        assert own.pk in own_ids and there.rows[model].pk not in own_ids


def _request(user):
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = user
    return request


def test_choices_hold_only_own_units_and_a_posted_foreign_id_is_refused(client, two):
    here, there = two
    client.force_login(here.staff)
    page = client.get(reverse("admin:counter_counter_add"))
    centre_choices = {str(value) for value, _label in page.context["adminform"].form.fields["centre"].choices}
    group_choices = {str(value) for value, _label in page.context["adminform"].form.fields["groups"].choices}
    assert str(here.centre.pk) in centre_choices and str(there.centre.pk) not in centre_choices
    assert {str(here.civil.pk), str(here.land.pk)} <= group_choices
    assert not {str(there.civil.pk), str(there.land.pk)} & group_choices
    posted = client.post(
        reverse("admin:counter_counter_add"),
        {"centre": there.centre.pk, "number": 9, "groups": [there.civil.pk], "is_active": "on"},
    )
    assert posted.status_code == 200 and not Counter.objects.filter(number=9).exists()
    for name in ("centre", "groups"):
        assert posted.context["adminform"].form.errors.get(name), name
    group_page = client.get(reverse("admin:counter_servicegroup_add"))
    choices = {str(v) for v, _label in group_page.context["adminform"].form.fields["centre"].choices}
    assert choices == {"", str(here.centre.pk)}
    # the reviewing agency of a review, a raw-id field for the superuser: a plain select of own units here
    review_page = client.get(_url(here.rows[Review]))
    unit_field = review_page.context["adminform"].form.fields["unit"]
    assert {str(v) for v, _label in unit_field.choices} == {"", str(here.centre.pk)}


def test_a_bulk_delete_naming_another_units_row_deletes_nothing(client, two):
    here, there = two
    client.force_login(here.staff)
    target = there.rows[AgencyRoute]
    response = client.post(
        reverse("admin:bundles_agencyroute_changelist"),
        {"action": "delete_selected", "_selected_action": [target.pk], "post": "yes"},
    )
    assert response.status_code in (200, 302)
    assert AgencyRoute.objects.filter(pk=target.pk).exists()
    response = client.post(_url(target, "delete"), {"post": "yes"})
    assert response.status_code == 404 and AgencyRoute.objects.filter(pk=target.pk).exists()


def test_a_grading_is_seen_only_by_those_who_may_see_the_evaluation(client, two):
    """Besides the unit rule, the gradings follow appraisal's rank rule: a counter officer of the centre sees their
    own grading, not the manager's."""
    here, _there = two
    managers = OfficerGrading.objects.create(
        officer=here.manager, unit=here.centre, year=2025, band="full", recorded_by=here.staff, recorded_at=NOW
    )
    colleague = staff_in(here.centre, Role.COUNTER_OFFICER)
    own = OfficerGrading.objects.create(
        officer=colleague, unit=here.centre, year=2025, band="full", recorded_by=here.manager, recorded_at=NOW
    )
    client.force_login(colleague)
    listed = {g.pk for g in client.get(reverse("admin:appraisal_officergrading_changelist")).context["cl"].result_list}
    assert own.pk in listed and managers.pk not in listed and here.rows[OfficerGrading].pk not in listed
    assert client.get(_url(managers)).status_code == 404


def test_staff_without_a_membership_see_nothing(client, two):
    here, _there = two
    loner = get_user_model().objects.create_user(username="nhanvien-le", password=None, is_staff=True)
    loner.user_permissions.set(Permission.objects.all())
    client.force_login(loner)
    for model in here.rows:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        assert list(client.get(url).context["cl"].result_list) == [], model


def test_every_unit_scoped_admin_lists_for_a_staff_officer():
    """Each scoped admin's lookups are valid (a wrong one would be a 500 on its change list)."""
    scoped = {m: a for m, a in admin.site._registry.items() if isinstance(a, UnitScopedAdminMixin)}
    assert {ServiceGroup, Counter, Ticket, Appointment, CertifiedCopy, Review, Decision, OfficerGrading} <= set(scoped)
    from motcua.dossiers.tests.factories import OneStopFactory

    staff = staff_in(OneStopFactory(), Role.COUNTER_OFFICER)
    for model_admin in scoped.values():
        assert model_admin.get_queryset(_request(staff)).count() >= 0  # runs the scoped query


def test_a_raw_id_field_to_a_scoped_admin_keeps_its_widget_and_refuses_a_foreign_id(client, two):
    """Decision.review is a raw-id field: its look-up opens the (scoped) review list; a typed id of another
    centre's review is refused by the form."""
    from django.contrib.admin.widgets import ForeignKeyRawIdWidget

    here, there = two
    client.force_login(here.staff)
    url = _url(here.rows[Decision])
    form = client.get(url).context["adminform"].form
    widget = form.fields["review"].widget
    assert isinstance(getattr(widget, "widget", widget), ForeignKeyRawIdWidget)
    assert set(form.fields["review"].queryset) == {here.rows[Review]}
    data = {"review": there.rows[Review].pk, "number": "9/QĐ", "signed_on": "2026-04-02", "issuer": "UBND tỉnh",
            "recorded_by": here.manager.pk}  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 200 and response.context["adminform"].form.errors.get("review")
    assert Decision.objects.get(pk=here.rows[Decision].pk).review == here.rows[Review]


def test_a_subject_unit_stays_open_for_the_managing_unit(client, two):
    """A department assigns a reform task to another unit: the lead unit's choices are not limited to its own."""
    here, there = two
    client.force_login(here.staff)
    form = client.get(reverse("admin:reform_reformtask_add")).context["adminform"].form
    assert there.centre in set(form.fields["lead_unit"].queryset)


def _password_url(user):
    return reverse("admin:auth_user_password_change", args=[user.pk])


def _listed(client, model, **params):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    response = client.get(url, params)
    assert response.status_code == 200, model
    return {row.pk for row in response.context["cl"].result_list}


@pytest.fixture
def people(two):
    """Besides the rows of `two`: an SSO identity of each centre's citizen (who booked its appointment), a sign-in
    code sent for no dossier, and a superuser."""
    here, there = two
    here.citizen_identity = identity(here.citizen, "citizen-here")
    there.citizen_identity = identity(there.citizen, "citizen-there")
    sign_in_code = SmsMessage.objects.create(
        template="sign_in_code", phone_hash="1" * 64, phone_tail="321", status="delivered"
    )
    superuser = get_user_model().objects.create_superuser(username="quantri", password=None)
    return here, there, sign_in_code, superuser


def test_the_user_admin_shows_staff_their_units_officers_and_no_citizen(client, people):
    here, there, _code, superuser = people
    citizens = set(User.objects.filter(kind=UserKind.CITIZEN).values_list("pk", flat=True))
    assert {here.citizen.pk, there.citizen.pk} <= citizens
    client.force_login(here.staff)
    listed = _listed(client, User)
    assert listed == {here.officer.pk, here.manager.pk, here.staff.pk}  # no citizen, no superuser, no one of B
    for term in (there.officer.username, here.citizen.username, "nguoidan", "quantri"):
        assert _listed(client, User, q=term) == set(), term  # the search reads the same list
    assert _listed(client, User, q=here.officer.username) == {here.officer.pk}
    for user in (here.citizen, there.citizen, there.officer, there.manager, superuser):
        for url in (_url(user), _url(user, "history"), _url(user, "delete"), _password_url(user)):
            assert client.get(url).status_code == 404, url
    assert client.get(_password_url(here.officer)).status_code == 200
    posted = client.post(_url(there.officer), {"username": "doiten", "kind": UserKind.OFFICER})
    assert posted.status_code == 404 and User.objects.get(pk=there.officer.pk).username != "doiten"
    client.force_login(superuser)
    assert {here.citizen.pk, there.citizen.pk, there.officer.pk, superuser.pk} <= _listed(client, User)
    assert client.get(_url(here.citizen)).status_code == 200


def test_staff_pick_people_only_among_their_units_officers(client, people):
    """A user field of a scoped admin (the membership's user, autocompleted) offers the accounts the user admin
    shows, and its autocomplete searches only them; a posted citizen or officer of B is refused."""
    here, there, _code, _superuser = people
    client.force_login(here.staff)
    form = client.get(reverse("admin:accounts_membership_add")).context["adminform"].form
    assert set(form.fields["user"].queryset) == {here.officer, here.manager, here.staff}
    found = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "accounts", "model_name": "membership", "field_name": "user", "term": ""},
    ).json()["results"]
    assert {int(row["id"]) for row in found} == {here.officer.pk, here.manager.pk, here.staff.pk}
    for outsider in (there.officer, here.citizen):
        posted = client.post(
            reverse("admin:accounts_membership_add"),
            {"user": outsider.pk, "unit": here.centre.pk, "role": Role.SPECIALIST, "is_active": "on"},
        )
        assert posted.status_code == 200 and posted.context["adminform"].form.errors.get("user")
        assert not Membership.objects.filter(user=outsider, unit=here.centre).exists()


def test_staff_create_no_account(client, people):
    """A new account belongs to no unit yet: it would leave the staff user's list at once (a superuser gives it a
    membership)."""
    here, _there, _code, superuser = people
    client.force_login(here.staff)
    assert client.get(reverse("admin:accounts_user_add")).status_code == 403
    client.force_login(superuser)
    assert client.get(reverse("admin:accounts_user_add")).status_code == 200


def test_an_sso_identity_is_seen_as_its_user(client, people):
    here, there, _code, superuser = people
    own = here.rows[ExternalIdentity]
    client.force_login(here.staff)
    assert _listed(client, ExternalIdentity) == {own.pk}
    for term in ("citizen-here", "citizen-there", there.officer.username, here.citizen.username):
        assert _listed(client, ExternalIdentity, q=term) == set(), term
    assert _listed(client, ExternalIdentity, q=here.officer.username) == {own.pk}
    for other in (here.citizen_identity, there.citizen_identity, there.rows[ExternalIdentity]):
        assert client.get(_url(other)).status_code == 404
        posted = client.post(_url(other), {"user": here.officer.pk, "provider": "x", "issuer": "x", "subject": "x"})
        assert posted.status_code == 404 and ExternalIdentity.objects.get(pk=other.pk).provider == "vneid"
    form = client.get(_url(own)).context["adminform"].form
    assert set(form.fields["user"].queryset) == {here.officer, here.manager, here.staff}
    client.force_login(superuser)
    assert {own.pk, here.citizen_identity.pk, there.citizen_identity.pk} <= _listed(client, ExternalIdentity)


def test_a_text_message_is_seen_as_its_dossier(client, people):
    here, there, sign_in_code, superuser = people
    own = here.rows[SmsMessage]
    client.force_login(here.staff)
    listed = _listed(client, SmsMessage)
    assert own.pk in listed and there.rows[SmsMessage].pk not in listed and sign_in_code.pk not in listed
    assert set(SmsMessage.objects.filter(pk__in=listed).values_list("dossier_id_ref", flat=True)) == {here.dossier.pk}
    assert client.get(_url(own)).status_code == 200
    for other in (there.rows[SmsMessage], sign_in_code):
        assert client.get(_url(other)).status_code == 404
    client.force_login(superuser)
    assert {own.pk, there.rows[SmsMessage].pk, sign_in_code.pk} <= _listed(client, SmsMessage)


def test_who_a_row_is_about_keeps_its_choices_without_a_citizen_list(client, people):
    """A stored document's owner is a citizen (no unit's person): a raw id whose choices stay open, so the row's
    own owner is still valid on save. A contest's judges come from the whole province: any unit's officer, never
    a citizen's account."""
    from motcua.datastore.models import StoredDocument
    from motcua.reform.models import ContestRound

    here, there, _code, _superuser = people
    document = StoredDocument.objects.create(
        owner=here.citizen, kind="result", title="Giấy khai sinh", file="x.pdf", content_type="application/pdf",
        sha256="0" * 64, source_dossier=here.dossier,
    )  # fmt: skip
    contest = ContestRound.objects.create(
        title="Sáng kiến 2026", slug="sang-kien-2026", year=2026, organizer=here.centre
    )
    contest.judges.set([here.manager, there.manager])
    client.force_login(here.staff)
    owner = client.get(_url(document)).context["adminform"].form.fields["owner"]
    assert here.citizen in set(owner.queryset)
    judges = set(client.get(_url(contest)).context["adminform"].form.fields["judges"].queryset)
    assert {here.manager, there.manager} <= judges and not {here.citizen, there.citizen} & judges


def test_staff_grant_no_rights_through_the_user_admin(client, people):
    """Changing who is a superuser, the groups or the permissions would let a unit's staff give themselves
    everything: read-only for them, so a posted value is ignored; the superuser still edits them."""
    here, _there, _code, superuser = people
    client.force_login(here.staff)
    url = _url(here.staff)
    form = client.get(url).context["adminform"].form
    assert not {"is_superuser", "groups", "user_permissions"} & set(form.fields)
    data = {name: value for name, value in form.initial.items() if name in form.fields and value is not None}
    data.update(
        date_joined_0=here.staff.date_joined.strftime("%Y-%m-%d"), date_joined_1="08:00:00",
        is_superuser="on", full_name="Quản trị mới", is_staff="on", is_active="on",
    )  # fmt: skip
    data.pop("date_joined", None)
    data.pop("last_login", None)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    changed = User.objects.get(pk=here.staff.pk)
    assert changed.full_name == "Quản trị mới" and not changed.is_superuser
    client.force_login(superuser)
    assert {"is_superuser", "groups", "user_permissions"} <= set(client.get(url).context["adminform"].form.fields)
