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

from django.core.exceptions import RequestDataTooBig
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

    def too_big(request, exception):
        """A body over DATA_UPLOAD_MAX_MEMORY_SIZE (10 MB of non-file data) was a 500 through the catch-all."""
        detail = _("The request body is too large.")
        return JsonResponse({"detail": detail, "code": "too_large"}, status=413)

    api.add_exception_handler(RequestDataTooBig, too_big)


class ServiceErrorMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        return respond(request, exception)


class RequestGuardMiddleware:
    """The outermost middleware: refuses a request whose URL carries a NUL byte (400) before any view or
    middleware passes it to the database — PostgreSQL refuses NUL in text, which was a 500 on 11 routes
    (issue 18, finding 6). Raw `%00` and decoded NUL in the path or the query string both count."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        raw = request.META.get("QUERY_STRING", "") + request.path + request.META.get("PATH_INFO", "")
        if "\x00" in raw or "%00" in raw or any("\x00" in v for values in request.GET.lists() for v in values[1]):
            return bad_request(request)
        return self.get_response(request)


def bad_request(request):
    detail = _("The address contains a character that is not allowed.")
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": detail, "code": "bad_request"}, status=400)
    page = render_to_string("service_error.html", {"status": 400, "title": _("Bad request"), "detail": detail})
    return HttpResponse(page, status=400)


def server_error(request, *args, **kwargs):
    """`handler500`: the exception being handled is still in `sys.exc_info()` here. A database error raised by a
    middleware after the view (the session saved in `SessionMiddleware`'s response phase, for one) never reaches
    `ServiceErrorMiddleware.process_exception`; it gets the same 503 page instead of a 500 (issue 18)."""
    import sys

    from django.views.defaults import server_error as django_server_error

    exception = sys.exc_info()[1]
    if exception is not None:
        response = respond(request, exception)
        if response is not None:
            return response
    return django_server_error(request, *args, **kwargs)
