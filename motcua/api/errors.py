"""Every error is `{"detail": "..."}` (DESIGN.md §6.3), with a stable `code` when the domain gives one."""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from motcua.dossiers.errors import (
    DocumentRejected,
    DossierError,
    DossierNotFound,
    DossierPermissionDenied,
    StaleDossier,
)
from motcua.integrations.services import IdempotencyConflict, IntegrationError

logger = logging.getLogger("motcua.api")


def _field(location: tuple) -> str:
    # ("body", "payload", "applicant_name") → "applicant_name"; ("query", "limit") → "limit"
    parts = [str(part) for part in location if part not in ("body", "query", "path", "form", "file", "header")]
    if len(parts) > 1 and parts[0] in ("payload", "data", "filters"):
        parts = parts[1:]
    return ".".join(parts) or "body"


def validation_error_body(errors: list[dict]) -> dict:
    fields = []
    messages = []
    for error in errors:
        name = _field(tuple(error.get("loc", ())))
        if name not in fields:
            fields.append(name)
        messages.append(f"{name}: {error.get('msg', '')}")
    return {"detail": _("Invalid input — %(errors)s") % {"errors": "; ".join(messages)}, "fields": fields}


def install(api: NinjaAPI) -> None:
    def respond(request, body: dict, status: int):
        return api.create_response(request, body, status=status)

    @api.exception_handler(ValidationError)
    def on_validation(request: HttpRequest, exc: ValidationError):
        return respond(request, validation_error_body(exc.errors), 422)

    @api.exception_handler(AuthenticationError)
    def on_authentication(request: HttpRequest, exc: AuthenticationError):
        response = respond(request, {"detail": _("A valid bearer token is required.")}, 401)
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(Throttled)
    def on_throttled(request: HttpRequest, exc: Throttled):
        return respond(request, {"detail": _("Too many requests; retry later.")}, 429)

    @api.exception_handler(HttpError)
    def on_http_error(request: HttpRequest, exc: HttpError):
        detail = str(exc)
        if exc.status_code == 400 and detail.startswith("Cannot parse request body"):
            detail = _("The request body is not valid JSON.")
        return respond(request, {"detail": detail}, exc.status_code)

    @api.exception_handler(Http404)
    def on_404(request: HttpRequest, exc: Http404):
        return respond(request, {"detail": _("Not found.")}, 404)

    @api.exception_handler(DossierError)
    def on_dossier_error(request: HttpRequest, exc: DossierError):
        if isinstance(exc, DossierNotFound):
            status = 404
        elif isinstance(exc, DossierPermissionDenied):
            status = 403
        elif isinstance(exc, StaleDossier):
            status = 409
        else:
            status = 422
        return respond(request, {"detail": str(exc.message), "code": exc.code}, status)

    @api.exception_handler(DocumentRejected)
    def on_document_rejected(request: HttpRequest, exc: DocumentRejected):
        # the console's upload checks: too large → 413, not PDF/JPEG/PNG by content → 415, else 422
        status = {"too_large": 413, "bad_type": 415, "mismatch": 415}.get(exc.code, 422)
        return respond(
            request, {"detail": " ".join(str(m) for m in exc.messages), "code": exc.code or "invalid"}, status
        )

    @api.exception_handler(DjangoValidationError)
    def on_django_validation(request: HttpRequest, exc: DjangoValidationError):
        return respond(request, {"detail": " ".join(str(m) for m in exc.messages), "code": "invalid"}, 422)

    @api.exception_handler(IntegrationError)
    def on_integration(request: HttpRequest, exc: IntegrationError):
        status = 422 if isinstance(exc, IdempotencyConflict) else 400
        return respond(request, {"detail": str(exc.message), "code": exc.code}, status)

    @api.exception_handler(DataError)
    def on_data_error(request: HttpRequest, exc: DataError):
        # e.g. a NUL character, which PostgreSQL text columns refuse: the input is bad, not the server
        return respond(
            request, {"detail": _("The request contains a value that cannot be stored."), "code": "bad_value"}, 400
        )

    @api.exception_handler(Exception)
    def on_unexpected(request: HttpRequest, exc: Exception):
        logger.exception("api.unexpected_error", extra={"path": request.path})
        return respond(request, {"detail": _("Internal error; it has been logged.")}, 500)
