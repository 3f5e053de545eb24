"""Status look-up by code and phone digits, and period reports."""

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.errors import HttpError

from motcua.dossiers.selectors import dossier_get_public
from motcua.integrations.selectors import api_client_unit
from motcua.metrics.periods import BadPeriod, parse_period
from motcua.metrics.selectors import period_report

from .auth import need
from .presenters import status_out, unit_ref
from .schemas import ErrorOut, MetricsFilters, PeriodReportOut, StatusLookupIn, StatusOut

router = Router()


@router.get(
    "/status", response={200: StatusOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}, tags=["status"]
)
def status_lookup(request, query: Query[StatusLookupIn]):
    """The public facts of a dossier (as on the portal's look-up page) when the code and the last four digits of
    the applicant's phone both match; otherwise 404, whichever was wrong."""
    need(request, "status:read")
    dossier = dossier_get_public(code=query.code, phone_last4=query.phone_last4)
    if dossier is None:
        raise Http404
    return status_out(dossier)


@router.get(
    "/metrics/period-report",
    response={200: PeriodReportOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    tags=["metrics"],
)
def metrics_period_report(request, filters: Query[MetricsFilters]):
    """The period report (carried over, received by channel, resolved early / on time / late, open, …) of one of
    the client's units and every unit below it, from the rollups (docs/domain/metrics.md)."""
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
    figures = period_report(unit=unit, start=start, end=end, procedure=filters.procedure or None)
    return {"unit": unit_ref(unit), "start": start, "end": end, **figures.as_dict()}
