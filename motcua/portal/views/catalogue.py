"""Public catalogue pages: search and filter procedures, browse by field or life event, read one procedure.

Views stay thin (DESIGN.md §6): parse the GET parameters, call catalogue selectors, render.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from motcua.catalog import selectors
from motcua.catalog.selectors import commitments_in_force
from motcua.catalog.versions import previous_version, procedure_changes

from ..forms.catalogue import ProcedureFilterForm

PAGE_SIZE = 20


def procedure_list(request: HttpRequest) -> HttpResponse:
    fields = list(selectors.field_list_with_counts())
    events = [event for event in selectors.life_event_list() if event.procedure_count]
    form = ProcedureFilterForm(request.GET, field_ids={f.pk for f in fields}, event_ids={e.pk for e in events})
    filters = form.filters()
    procedures = selectors.procedure_search(
        q=filters["q"],
        field=filters["field"],
        level=filters["level"],
        life_event=filters["event"],
        online_level=filters["online"],
    )
    page = Paginator(procedures, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "filters": filters,
        "fields": fields,
        "events": events,
        "page": page,
        "query_string": query.urlencode(),
        "is_filtered": any(filters.values()),
        "selected_field": next((f for f in fields if f.pk == filters["field"]), None),
        "selected_event": next((e for e in events if e.pk == filters["event"]), None),
    }
    template = "portal/_results.html" if request.headers.get("HX-Request") else "portal/procedure_list.html"
    return render(request, template, context)


def procedure_browse(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/browse.html",
        {"fields": selectors.field_list_with_counts(), "events": selectors.life_event_list()},
    )


def procedure_detail(request: HttpRequest, code: str) -> HttpResponse:
    procedure = selectors.procedure_get_current(code)
    if procedure is None:
        return render(request, "portal/procedure_not_found.html", {"code": code}, status=404)
    previous = previous_version(procedure)
    changes = procedure_changes(old=previous, new=procedure) if previous else []
    context = {
        "procedure": procedure,
        "previous": previous,
        "changes": changes,
        "commitments": list(commitments_in_force(procedure.code)),
    }
    return render(request, "portal/procedure_detail.html", context)
