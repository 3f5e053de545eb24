"""A full disk or an unreachable database is a clear, retryable answer instead of a server error.

- Writing an upload when the file system is full (ENOSPC, EDQUOT, EFBIG) → **507 Insufficient Storage**. The
  write happens inside the action's transaction, which is rolled back, and `storage.CleanFileSystemStorage`
  removes the partial file: nothing was saved, the client may send the same request (same Idempotency-Key) later.
- The database refusing or dropping connections (restart, fail-over, `OperationalError` / `InterfaceError`)
  → **503 Service Unavailable** with `Retry-After`. The transaction of the request did not commit (an error
  inside `atomic` rolls back), so a retry with the same Idempotency-Key files nothing twice.

API paths (`/api/`) get the usual `{"detail", "code"}` body (DESIGN.md §6.3); other pages a short error
page (`templates/service_error.html`, rendered without the request: no session or user look-up while the
database is down). The API catches every exception itself (`motcua/api/errors.py`: unexpected → 500), so the same two
answers are registered there as exception handlers (`install_api_handlers`, called by this app's `ready()`;
django-ninja picks the most specific handler). Each case is logged with the exception type only (no request data: ND 13/2023, minimal logging).
Measured by `bench/faults.py` (docs/benchmarks.md).
"""

from __future__ import annotations

import errno
import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

logger = logging.getLogger("motcua.security")

FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
RETRY_AFTER_SECONDS = 5


def storage_full(exception: BaseException) -> bool:
    return isinstance(exception, OSError) and exception.errno in FULL


def service_error(exception: BaseException) -> tuple[int, str, str] | None:
    """(status, code, message) for a full disk or an unreachable database; None for anything else."""
    if storage_full(exception):
        return (
            507,
            "storage_full",
            _(
                "The server's file storage is full: nothing was saved. Please try again later or tell the "
                "administrator."
            ),
        )
    if isinstance(exception, (OperationalError, InterfaceError)):
        return (
            503,
            "database_unavailable",
            _("The database is unavailable for a moment: please try again in a few seconds."),
        )
    return None


def respond(request, exception: BaseException):
    found = service_error(exception)
    if found is None:
        return None
    status, code, detail = found
    cause = type(exception.__cause__).__name__ if exception.__cause__ else ""  # e.g. AdminShutdown, DeadlockDetected
    logger.error("service.%s %s", code, cause, extra={"exception": type(exception).__name__, "path": request.path})
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": detail, "code": code}, status=status)
    else:
        title = _("Storage full") if status == 507 else _("Temporarily unavailable")
        page = render_to_string("service_error.html", {"status": status, "title": title, "detail": detail})
        response = HttpResponse(page, status=status)
    if status == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def install_api_handlers(api) -> None:
    """Register the two answers on the NinjaAPI (more specific than its catch-all `Exception` handler)."""

    fallback = api._lookup_exception_handler(Exception())  # the API's catch-all (500, logged)

    def handler(request, exception):
        response = respond(request, exception)
        if response is None and fallback is not None:  # an OSError that is not a full disk
            return fallback(request, exception)
        if response is None:
            raise exception
        return response

    for exception_class in (OSError, OperationalError, InterfaceError):
        api.add_exception_handler(exception_class, handler)


class ServiceErrorMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        return respond(request, exception)
