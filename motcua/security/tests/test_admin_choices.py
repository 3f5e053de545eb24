"""No choice in the admin shows a staff user what lies outside their units (issue 21, non-negotiable 6).

The test walks every registered ModelAdmin as a staff user who is not a superuser (every model permission, a
membership in one centre), against rows of two centres: the add page, the change page of one of its own rows, the
forms of every inline on them, and the change list's filters. Every object a foreign-key or many-to-many field
accepts (the queryset the form validates against: the options of a select, what a raw-id or autocomplete field
would take) and every object a related filter lists must be

- a unit of the actor's, when it points at a unit;
- a row the model's own scoped admin shows the actor, when that model has one (`scope.UnitScopedAdminMixin`);
- a row of the actor's units, for a unit-owned model without an admin of its own (`OWNED`: its path to a unit);
- else reference data, listed in `REFERENCE` with why it is harmless.

A field whose choices are open on purpose is in `OPEN_FIELDS` with the reason. A new field pointing anywhere else
fails the test until it is scoped or written down here."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.admin.filters import RelatedFieldListFilter
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from motcua.accounts.admin.scope import UnitScopedAdminMixin, admin_unit_ids, scope_queryset
from motcua.accounts.choices import Role
from motcua.counter.tests.factories import QueueWorld
from motcua.reform.models import SurveyElement, SurveyIndex, SurveyQuestion
from motcua.reform.tests.factories import PlanFactory, SurveyFactory, TaskFactory
from motcua.units.models import Unit

from .test_admin_unit_scope import _rows, staff_in

pytestmark = pytest.mark.django_db

# Models whose rows belong to no unit: anyone on the staff may read them (they are published or shared).
REFERENCE = {
    "catalog.Procedure": "the procedure catalogue, published on the portal",
    "catalog.Field": "fields of the catalogue, published",
    "catalog.LifeEvent": "life events of the catalogue, published",
    "catalog.RequiredDocument": "a procedure's required documents, published",
    "catalog.ServiceCommitment": "a province's published time commitments (decision on file)",
    "scorecard.Framework": "the PAR INDEX frameworks (Decision 876/QĐ-BNV), the same for every province",
    "scorecard.Criterion": "the frameworks' criteria, the same for every province",
    "bundles.BundleDefinition": "the bundles of procedures (national or provincial), published",
    "bundles.BundleComponent": "the procedures of a bundle definition, published",
    "auth.Permission": "Django's permission names (the user admin shows them read-only to staff)",
    "auth.Group": "the role groups, names only (read-only to staff in the user admin)",
    "sync.SyncEndpoint": "the province's links (names and URLs), not unit-owned",
    "integrations.ApiClient": "the integrators' clients (names), not unit-owned",
}

# Unit-owned models edited only inline (no admin of their own): how a row reaches its unit.
OWNED = {
    "reform.SurveyIndex": "survey__organizer",
    "reform.SurveyElement": "survey__organizer",
}

# (model, field): why its choices stay open.
OPEN_FIELDS = {
    # The unit tree is public (the portal lists every agency); these fields name units the row is *about*, or
    # build the tree itself, so they list every unit.
    ("units.Unit", "parent"): "the unit tree's own admin",
    ("units.UnitLineage", "successor"): "the unit tree's lineage",
    ("units.UnitLineage", "predecessor"): "the unit tree's lineage",
    ("bundles.BundleDefinition", "province"): "the province a published bundle applies to",
    ("catalog.ServiceCommitment", "scope"): "the unit a published commitment applies to",
    ("reform.ReformPlan", "unit"): "a managing department makes plans for other units (unit_subject_fields)",
    ("reform.ReformTask", "lead_unit"): "a task is given to another unit (unit_subject_fields)",
    ("reform.ReformTask", "cooperating_units"): "units asked to cooperate (unit_subject_fields)",
    ("reform.Inspection", "inspected_unit"): "the unit inspected (unit_subject_fields)",
    ("reform.SurveyTarget", "unit"): "the units a survey asks about",
    # People
    ("datastore.StoredDocument", "owner"): "the citizen owning the document: a raw id, no list is shown",
    ("reform.ContestRound", "judges"): "judges come from the whole province: officers' accounts only, no citizen",
}


def _label(model) -> str:
    return model._meta.label


@pytest.fixture
def world():
    here, there = QueueWorld(), QueueWorld()
    with timezone.override("Asia/Ho_Chi_Minh"):
        here.rows, there.rows = _rows(here, 1), _rows(there, 2)
    for side in (here, there):  # a survey with its questionnaire and a plan with a task, in each centre
        side.survey = SurveyFactory(organizer=side.centre)
        index = SurveyIndex.objects.create(survey=side.survey, code="DV", name=f"Chỉ số {side.centre.pk}")
        element = SurveyElement.objects.create(
            survey=side.survey, index=index, code="TC", name=f"Tiếp cận dịch vụ {side.centre.pk}"
        )
        side.question = SurveyQuestion.objects.create(element=element, code="TC1", text="Dễ tìm thông tin?")
        side.plan = PlanFactory(unit=side.centre, managing_unit=side.centre)
        TaskFactory(plan=side.plan, lead_unit=side.centre)
    here.staff = staff_in(here.centre, Role.ONE_STOP_MANAGER)
    return here, there


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


class Scope:
    """What the actor may see, read through the admins' own rules (each model's set read once)."""

    def __init__(self, user) -> None:
        self.request = _request(user)
        self.unit_ids = admin_unit_ids(self.request)
        self.seen: dict[type, set] = {}

    def outside(self, model, pks) -> set:
        """The pks of `model` among `pks` the actor may not see; None when the model is not unit-owned."""
        if model is Unit:
            return set(pks) - set(self.unit_ids)
        if _label(model) in OWNED:
            rows = scope_queryset(model._default_manager.all(), (OWNED[_label(model)],), self.unit_ids)
            return set(pks) - set(rows.values_list("pk", flat=True))
        related_admin = admin.site._registry.get(model)
        if not isinstance(related_admin, UnitScopedAdminMixin):
            return None  # type: ignore[return-value]
        if model not in self.seen:
            self.seen[model] = set(related_admin.get_queryset(self.request).values_list("pk", flat=True))
        return set(pks) - self.seen[model]


def _forms(response):
    yield response.context["adminform"].form
    for inline in response.context["inline_admin_formsets"]:
        yield from inline.formset.forms
        yield inline.formset.empty_form


def _check(scope, model, name, related, pks, where, problems):
    if (_label(model), name) in OPEN_FIELDS:
        return
    outside = scope.outside(related, pks)
    if outside is None:
        if _label(related) not in REFERENCE:
            problems.append(f"{where}: {_label(model)}.{name} lists {_label(related)}, neither scoped nor reference")
    elif outside:
        problems.append(f"{where}: {_label(model)}.{name} lists {_label(related)} {sorted(outside)} outside scope")


def _walk(client, scope, model, model_admin, problems):
    info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    request = scope.request
    pages = []
    if model_admin.has_add_permission(request):
        pages.append(("add", reverse(f"{info}_add")))
    own = model_admin.get_queryset(request).order_by("pk").first()
    if own is not None and model_admin.has_view_or_change_permission(request, own):
        pages.append(("change", reverse(f"{info}_change", args=[own.pk])))
    for kind, url in pages:
        response = client.get(url)
        if response.status_code == 302:  # an admin whose change page is another view (the review queue)
            continue
        assert response.status_code == 200, (url, response.status_code)
        for form in _forms(response):
            form_model = form._meta.model
            for name, field in form.fields.items():
                queryset = getattr(field, "queryset", None)
                if queryset is None or name == form_model._meta.pk.name:  # an inline row's own id
                    continue
                pks = list(queryset.values_list("pk", flat=True))
                _check(scope, form_model, name, queryset.model, pks, f"{kind} {url}", problems)
    response = client.get(reverse(f"{info}_changelist"))
    assert response.status_code == 200, info
    for spec in response.context["cl"].filter_specs:
        if isinstance(spec, RelatedFieldListFilter):
            pks = [pk for pk, _label in spec.lookup_choices]
            related = spec.field.related_model
            _check(scope, spec.field.model, spec.field.name, related, pks, f"filter {info}", problems)


def test_no_admin_choice_lists_what_lies_outside_the_actors_units(client, world):
    here, _there = world
    client.force_login(here.staff)
    scope = Scope(here.staff)
    problems: list[str] = []
    walked = 0
    for model, model_admin in admin.site._registry.items():
        if not model_admin.has_module_permission(scope.request):
            continue
        _walk(client, scope, model, model_admin, problems)
        walked += 1
    assert walked >= 60
    assert problems == [], "\n".join(problems)


def test_the_walker_finds_a_leak(client, world, monkeypatch):
    """The detector is live: the question admin without its choice rule and with a plain survey filter lists
    another centre's survey elements and surveys."""
    here, _there = world
    client.force_login(here.staff)
    scope = Scope(here.staff)
    problems: list[str] = []
    question_admin = admin.site._registry[SurveyQuestion]
    monkeypatch.setattr(question_admin, "unit_scope_choices", {})
    monkeypatch.setattr(question_admin, "list_filter", ("element__survey",))
    _walk(client, scope, SurveyQuestion, question_admin, problems)
    assert any("reform.SurveyQuestion.element lists reform.SurveyElement" in p for p in problems), problems
    assert any("reform.SurveyElement.survey lists reform.Survey" in p for p in problems), problems


def test_a_survey_element_offers_only_its_own_surveys_indices(client, world):
    """For the superuser too: an element of one survey cannot sit under another survey's index."""
    from django.contrib.auth import get_user_model

    here, _there = world
    superuser = get_user_model().objects.create_superuser(username="quantri", password=None)
    for user in (here.staff, superuser):
        client.force_login(user)
        response = client.get(reverse("admin:reform_survey_change", args=[here.survey.pk]))
        inlines = response.context["inline_admin_formsets"]
        elements = next(inline.formset for inline in inlines if inline.formset.model is SurveyElement)
        assert set(elements.empty_form.fields["index"].queryset) == set(here.survey.indices.all()), user
        added = client.get(reverse("admin:reform_survey_add")).context["inline_admin_formsets"]
        elements = next(inline.formset for inline in added if inline.formset.model is SurveyElement)
        assert not elements.empty_form.fields["index"].queryset.exists(), user
