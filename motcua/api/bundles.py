"""Bundle endpoints (liên thông, issue 21 part 2) for integrating systems: the bundle definitions, the bundles of
the client's units with each agency's part and time, and filing a bundle.

Everything runs as the client's service account through the bundle services and selectors
(`motcua.bundles`), so the unit scope (a bundle received by, or with a part held by, one of the client's units)
and the rules (total limit, 15:00 cut-off, one notice per bundle) are exactly the portal's and the counter's. Own
module and schemas, so the shared dossier module stays untouched (docs/api.md, "Bundles").
"""

from __future__ import annotations

import datetime as dt
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from motcua.bundles import selectors, services
from motcua.bundles.models import Bundle
from motcua.integrations.selectors import api_client_unit

from .auth import need
from .dossiers import ERRORS, IDEMPOTENCY_KEY, run_once
from .presenters import unit_ref
from .schemas import MAX_LIMIT, MAX_OFFSET, Page, UnitRefOut

router = Router(tags=["bundles"])


class BundleComponentOut(Schema):
    order: int
    procedure_code: str
    title: str
    role: str
    budget_days: float
    depends_on: list[int]


class BundleDefinitionOut(Schema):
    code: str
    name: str
    legal_basis: str
    is_national: bool
    total_limit_days: float
    verification_limit_days: float
    cutoff: str = Field(
        ..., description="reception cut-off (HH:MM, Vietnam time): later counts from the next working day"
    )
    subject_label: str
    subject_date_label: str
    subject_max_age_years: int | None
    components: list[BundleComponentOut]


class BundlePartOut(Schema):
    order: int
    title: str
    role: str
    agency: UnitRefOut
    dossier_code: str
    status: str
    status_label: str
    holder: str = Field(..., description="the unit holding the component dossier now")
    planned_start_at: dt.datetime
    due_at: dt.datetime
    started_at: dt.datetime | None = Field(None, description="when the agency could start (its dependencies done)")
    finished_at: dt.datetime | None
    used_hours: float = Field(..., description="working hours used, less the time waiting for the applicant")
    budget_hours: float
    over_budget: bool
    overdue: bool


class BundleOut(Schema):
    code: str
    definition_code: str
    definition_name: str
    receiving_unit: UnitRefOut
    channel: str
    state: str
    state_label: str
    applicant_name: str
    subject_name: str
    subject_date: dt.date | None
    received_at: dt.datetime
    clock_started_at: dt.datetime
    due_at: dt.datetime
    needs_verification: bool
    finished_at: dt.datetime | None
    overdue: bool
    late: bool
    parts: list[BundlePartOut]


class BundleIn(Schema):
    """A bundle filed on the client's system for one of its units (each agency's part is filed as a dossier)."""

    definition_code: str = Field(..., min_length=1, max_length=32)
    receiving_unit: str = Field(..., min_length=1, max_length=64, description="unit code or e-identifier")
    applicant_name: str = Field(..., min_length=1, max_length=255)
    applicant_phone: str = Field("", max_length=20)
    applicant_email: str = Field("", max_length=254)
    applicant_address: str = Field("", max_length=500)
    applicant_id_number: str = Field("", max_length=20)
    subject_name: str = Field(..., min_length=1, max_length=255, description="the child, or the deceased")
    subject_date: dt.date = Field(..., description="date of birth, or of death")


class BundleFilters(Schema):
    definition: str | None = Field(None, max_length=32, description="only bundles of this definition code")
    received_since: dt.datetime | None = None
    limit: int = Field(20, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


def _stored(body: dict) -> dict:
    """The body with dates and datetimes as ISO strings at every depth, for storing as the idempotent answer."""
    return json.loads(json.dumps(body, cls=DjangoJSONEncoder))


def _hours(delta: dt.timedelta) -> float:
    return round(delta.total_seconds() / 3600, 2)


def definition_out(definition) -> dict:
    return {
        "code": definition.code,
        "name": definition.name,
        "legal_basis": definition.legal_basis,
        "is_national": definition.is_national,
        "total_limit_days": float(definition.total_limit_days),
        "verification_limit_days": float(definition.verification_limit_days),
        "cutoff": definition.cutoff.strftime("%H:%M"),
        "subject_label": definition.subject_label,
        "subject_date_label": definition.subject_date_label,
        "subject_max_age_years": definition.subject_max_age_years,
        "components": [
            {
                "order": c.order,
                "procedure_code": c.procedure_code,
                "title": c.title,
                "role": c.role,
                "budget_days": float(c.budget_days),
                "depends_on": sorted(d.order for d in c.depends_on.all()),
            }
            for c in definition.components.all()
        ],
    }


def bundle_json(bundle: Bundle) -> dict:
    """The bundle as the API shows it: its derived state and each part's time (`selectors.bundle_view`)."""
    view = selectors.bundle_view(bundle)
    return {
        "code": bundle.code,
        "definition_code": bundle.definition.code,
        "definition_name": bundle.definition.name,
        "receiving_unit": unit_ref(bundle.receiving_unit),
        "channel": bundle.channel,
        "state": view.state,
        "state_label": view.state_label,
        "applicant_name": bundle.applicant_name,
        "subject_name": bundle.subject_name,
        "subject_date": bundle.subject_date,
        "received_at": bundle.received_at,
        "clock_started_at": bundle.clock_started_at,
        "due_at": bundle.due_at,
        "needs_verification": bundle.needs_verification,
        "finished_at": view.finished_at,
        "overdue": view.overdue,
        "late": view.late,
        "parts": [
            {
                "order": p.part.component.order,
                "title": p.part.component.title,
                "role": p.part.component.role,
                "agency": unit_ref(p.part.unit),
                "dossier_code": p.part.dossier.code,
                "status": p.status,
                "status_label": str(p.status_label),
                "holder": p.holder,
                "planned_start_at": p.part.planned_start_at,
                "due_at": p.part.due_at,
                "started_at": p.started_at,
                "finished_at": p.finished_at,
                "used_hours": _hours(p.used),
                "budget_hours": _hours(p.budget),
                "over_budget": p.over_budget,
                "overdue": p.overdue,
            }
            for p in view.parts
        ],
    }


@router.get("/bundle-definitions", response={200: list[BundleDefinitionOut], **ERRORS})
def bundle_definition_list(request):
    """The bundles offered: the national groups and the province's own, with their components and limits."""
    need(request, "dossiers:read")
    rows = selectors.definition_list().prefetch_related("components__depends_on")
    return [definition_out(d) for d in rows]


@router.post("/bundles", response={201: BundleOut, **ERRORS})
def bundle_create(request, payload: BundleIn, response: HttpResponse, idempotency_key: str | None = IDEMPOTENCY_KEY):
    """File a bundle for one of the client's units: one bundle code, one component dossier per agency (each
    status 1 `submitted`, channel online, filed by the client), one total due date with the 15:00 cut-off, one
    notice to the applicant. A refusal (unknown definition, bad person data, no agency for a part) is a 422 in
    Vietnamese, and nothing is written."""
    token = need(request, "dossiers:write")
    client = token.client
    unit = api_client_unit(client=client, code=payload.receiving_unit)
    if unit is None:
        raise HttpError(
            403, _("This client may not file dossiers for unit %(unit)s.") % {"unit": payload.receiving_unit}
        )
    try:
        definition = selectors.definition_get(payload.definition_code)
    except Http404:
        raise HttpError(422, _("Unknown bundle code: %(code)s") % {"code": payload.definition_code}) from None

    def call() -> tuple[int, dict]:
        try:
            bundle = services.bundle_apply(
                definition=definition,
                receiving_unit=unit,
                filed_by=client.user,
                applicant_name=payload.applicant_name,
                applicant_phone=payload.applicant_phone,
                applicant_email=payload.applicant_email,
                applicant_address=payload.applicant_address,
                applicant_id_number=payload.applicant_id_number,
                subject_name=payload.subject_name,
                subject_date=payload.subject_date,
            )
        except services.BundleError as error:
            raise HttpError(422, error.message) from None
        return 201, _stored(bundle_json(bundle))

    return run_once(request, response, token=token, key=idempotency_key, call=call)


@router.get("/bundles", response={200: Page[BundleOut], **ERRORS})
def bundle_list(request, filters: Query[BundleFilters]):
    """Bundles received by, or with a part held by, the client's units, newest first."""
    token = need(request, "dossiers:read")
    qs = selectors.bundle_list_for_officer(officer=token.client.user)
    if filters.definition:
        qs = qs.filter(definition__code=filters.definition)
    if filters.received_since:
        qs = qs.filter(received_at__gte=filters.received_since)
    count = qs.count()
    rows = qs.order_by("-received_at", "-pk")[filters.offset : filters.offset + filters.limit]
    return {"count": count, "limit": filters.limit, "offset": filters.offset, "items": [bundle_json(b) for b in rows]}


@router.get("/bundles/{code}", response={200: BundleOut, **ERRORS})
def bundle_detail(request, code: str):
    token = need(request, "dossiers:read")
    return bundle_json(selectors.bundle_get_for_officer(officer=token.client.user, code=code))
