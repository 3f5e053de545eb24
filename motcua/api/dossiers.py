"""Dossier endpoints for integrating systems: file, read, list, act, history, documents.

Everything runs as the client's service account through the dossier services and selectors, so the unit scope,
role checks, workflow guards and optimistic version check are exactly the officers' (docs/domain/dossiers.md).
"""

from django.db import IntegrityError
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from ninja import Header, Query, Router, Status
from ninja.errors import HttpError

from motcua.catalog.selectors import procedure_current_by_code
from motcua.dossiers import services
from motcua.dossiers.selectors import dossier_get_for_officer, dossier_history, dossier_visible_for_officer
from motcua.dossiers.services import file_response
from motcua.integrations.selectors import api_client_unit
from motcua.integrations.services import idempotent_call, request_fingerprint

from .auth import need
from .presenters import document_out, dossier_json, dossier_out, event_out
from .schemas import ActionIn, DocumentOut, DossierFilters, DossierIn, DossierOut, ErrorOut, EventOut, Page

router = Router(tags=["dossiers"])

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut, 429: ErrorOut}
IDEMPOTENCY_KEY = Header(
    None, alias="Idempotency-Key", description="retrying with the same key and body returns the first response"
)


def run_once(request, response: HttpResponse, *, token, key: str | None, call, body: bytes | None = None) -> Status:
    """Run a write once per Idempotency-Key (stored with the write), or plainly without a key. The request is
    compared by `body` when given (a multipart upload: its fields and file checksums), else by its raw body."""
    if key is None:
        return Status(*call())
    fingerprint = request_fingerprint(
        method=request.method, path=request.path, body=request.body if body is None else body
    )
    status, body, replayed = idempotent_call(client=token.client, key=key, request_hash=fingerprint, call=call)
    if replayed:
        response["Idempotent-Replayed"] = "true"
    return Status(status, body)


@router.post("/dossiers", response={201: DossierOut, **ERRORS})
def dossier_create(request, payload: DossierIn, response: HttpResponse, idempotency_key: str | None = IDEMPOTENCY_KEY):
    """File a dossier received on the client's system (status 1 `submitted`, channel online) for one of the
    client's units. The local code is assigned here; `external_code` keeps the client's own code and may arrive
    only once per system (409 otherwise)."""
    token = need(request, "dossiers:write")
    client = token.client
    unit = api_client_unit(client=client, code=payload.receiving_unit)
    if unit is None:
        raise HttpError(
            403, _("This client may not file dossiers for unit %(unit)s.") % {"unit": payload.receiving_unit}
        )
    procedure = procedure_current_by_code(payload.procedure_code)
    if procedure is None:
        raise HttpError(422, _("Unknown procedure code: %(code)s") % {"code": payload.procedure_code})
    external_code = payload.external_code.strip()

    def call() -> tuple[int, dict]:
        dossier = services.dossier_submit(
            procedure=procedure,
            receiving_unit=unit,
            applicant_name=payload.applicant_name,
            applicant_phone=payload.applicant_phone,
            applicant_email=payload.applicant_email,
            applicant_address=payload.applicant_address,
            applicant_id_number=payload.applicant_id_number,
            subject=payload.subject,
            external_system=client.external_system if external_code else "",
            external_code=external_code,
            filed_by=client.user,
            submitter={
                "submitter_name": payload.submitter_name,
                "submitter_id_number": payload.submitter_id_number,
                "submitter_phone": payload.submitter_phone,
                "submitter_authorisation": payload.submitter_authorisation,
            },
        )
        return 201, dossier_json(dossier)

    try:
        return run_once(request, response, token=token, key=idempotency_key, call=call)
    except IntegrityError:
        existing = (
            dossier_visible_for_officer(officer=client.user)
            .filter(external_system=client.external_system, external_code=external_code)
            .values_list("code", flat=True)
            .first()
        )
        raise HttpError(
            409,
            _("A dossier with this external code already exists: %(code)s") % {"code": existing or external_code},
        ) from None


@router.get("/dossiers", response={200: Page[DossierOut], **ERRORS})
def dossier_list(request, filters: Query[DossierFilters]):
    """Dossiers received by, held by or passed through the client's units, newest first."""
    token = need(request, "dossiers:read")
    qs = dossier_visible_for_officer(officer=token.client.user)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.updated_since:
        qs = qs.filter(updated_at__gte=filters.updated_since)
    count = qs.count()
    rows = qs.select_related("procedure", "receiving_unit", "current_unit").order_by("-created_at", "-pk")[
        filters.offset : filters.offset + filters.limit
    ]
    return {"count": count, "limit": filters.limit, "offset": filters.offset, "items": [dossier_out(d) for d in rows]}


@router.get("/dossiers/{code}", response={200: DossierOut, **ERRORS})
def dossier_detail(request, code: str):
    token = need(request, "dossiers:read")
    return dossier_out(dossier_get_for_officer(officer=token.client.user, code=code))


def _act(officer, dossier, data: ActionIn):
    common = {"officer": officer, "dossier": dossier, "expected_version": data.expected_version}
    match data.action:
        case "receive":
            return services.dossier_receive(**common, presented_document_ids=data.presented_document_ids)
        case "refuse_reception":
            return services.dossier_refuse_reception(**common, reason=data.reason)
        case "request_supplement":
            return services.dossier_request_supplement(**common, items=data.items, reason=data.reason)
        case "supplement_received":
            return services.dossier_supplement_received(**common)
        case "request_withdrawal":
            return services.dossier_request_withdrawal(**common, reason=data.reason)
        case "stop":
            return services.dossier_stop(**common, reason=data.reason)
        case "record_payment":
            return services.dossier_record_payment(**common, method=data.payment_method, exempt=data.exempt)
    raise HttpError(422, _("Unknown action."))  # unreachable: the schema lists the actions


@router.post("/dossiers/{code}/actions", response={200: DossierOut, **ERRORS})
def dossier_act(
    request, code: str, payload: ActionIn, response: HttpResponse, idempotency_key: str | None = IDEMPOTENCY_KEY
):
    """One counter-side action (reception, refusal, supplement, withdrawal, stop, payment) with the `version`
    the client last saw: 409 when the dossier changed since."""
    token = need(request, "dossiers:act")
    officer = token.client.user
    dossier = dossier_get_for_officer(officer=officer, code=code)

    def call() -> tuple[int, dict]:
        updated = _act(officer, dossier, payload)
        return 200, dossier_json(updated)

    return run_once(request, response, token=token, key=idempotency_key, call=call)


@router.get("/dossiers/{code}/events", response={200: list[EventOut], **ERRORS})
def dossier_events(request, code: str):
    """The dossier's history (append-only), oldest first."""
    token = need(request, "dossiers:read")
    dossier = dossier_get_for_officer(officer=token.client.user, code=code)
    return [event_out(event) for event in dossier_history(dossier=dossier)]


@router.get("/dossiers/{code}/documents", response={200: list[DocumentOut], **ERRORS})
def dossier_documents(request, code: str):
    token = need(request, "dossiers:read")
    dossier = dossier_get_for_officer(officer=token.client.user, code=code)
    return [document_out(document) for document in dossier.documents.order_by("id")]


@router.get("/dossiers/{code}/documents/{document_id}", response={200: None, **ERRORS})
def dossier_document_download(request, code: str, document_id: int):
    """The file, served only through this scoped endpoint (as in the officer console), never from a media URL."""
    token = need(request, "dossiers:read")
    dossier = dossier_get_for_officer(officer=token.client.user, code=code)
    document = dossier.documents.filter(pk=document_id).first()
    if document is None or not document.file:
        raise Http404
    return file_response(document, stem=f"{dossier.code}-{document.pk}")
