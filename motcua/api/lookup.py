"""Status look-up by code and phone digits, and period reports."""

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.errors import HttpError

from motcua.core import ratelimit, replica
from motcua.dossiers.selectors import dossier_get_public
from motcua.integrations.selectors import api_client_unit
from motcua.metrics.bundle_figures import bundle_report_for_filters
from motcua.metrics.periods import BadPeriod, parse_period
from motcua.metrics.selectors import period_report
from motcua.portal.views.track import track_limit

from .auth import need
from .presenters import status_out, unit_ref
from .schemas import ErrorOut, MetricsFilters, PeriodReportOut, StatusLookupIn, StatusOut

router = Router()


@router.get(
    "/status",
    response={200: StatusOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    tags=["status"],
)
def status_lookup(request, query: Query[StatusLookupIn]):
    """The public facts of a dossier (as on the portal's look-up page) when the code and the last four digits of
    the applicant's phone both match and the dossier was received by one of the client's units (or a unit below);
    otherwise 404, whichever was wrong. Misses count per code in the same budget as the portal's look-up page
    (`MOTCUA_TRACK_LIMIT`, 10 per 10 min), so the four digits cannot be guessed through the API (issue 18)."""
    token = need(request, "status:read")
    code = (query.code or "").strip().upper()
    limit = track_limit()
    if ratelimit.is_limited("track-code", code, limit=limit):
        raise HttpError(429, _("Too many look-ups of this dossier code; retry later."))
    paths = list(token.client.units.values_list("path", flat=True))
    # read replica when there is one; the primary when it does not have the dossier (yet): motcua.core.replica
    dossier = replica.first_found(
        lambda: dossier_get_public(code=code, phone_last4=query.phone_last4, within_unit_paths=paths)
    )
    if dossier is None:
        ratelimit.record_attempt("track-code", code, limit=limit)
        raise Http404
    return status_out(dossier)


@router.get(
    "/metrics/period-report",
    response={200: PeriodReportOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    tags=["metrics"],
)
def metrics_period_report(request, filters: Query[MetricsFilters]):
    """The period report (carried over, received by channel, resolved early / on time / late, open, …) of one of
    the client's units and every unit below it, from the rollups (docs/domain/metrics.md); `bundles`: the bundled
    procedures received there (liên thông, by bundle group, and each agency's average time), null under a
    procedure filter."""
    token = need(request, "metrics:read")
    unit = api_client_unit(client=token.client, code=filters.unit)
    if unit is None:
        raise HttpError(403, _("This client may not read reports of unit %(unit)s.") % {"unit": filters.unit})
    try:
        start, end = parse_period(filters.period)
    except BadPeriod:
        raise HttpError(
            422, _("Unknown period %(period)s; use 2026, 2026-Q1 or 2026-03.") % {"period": filters.period}
        ) from None
    with replica.reading_from_replica():  # a report: the read replica when there is one (motcua.core.replica)
        figures = period_report(unit=unit, start=start, end=end, procedure=filters.procedure or None)
        section = bundle_report_for_filters(unit=unit, start=start, end=end, procedure=filters.procedure)
        bundles = section.as_dict() if section is not None else None
    return {"unit": unit_ref(unit), "start": start, "end": end, **figures.as_dict(), "bundles": bundles}
