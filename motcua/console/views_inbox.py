"""The officer's inbox: tabs per role and unit (counts from the dossier selectors), search, pagination."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render

from motcua.accounts.access import officer_required
from motcua.dossiers.choices import OfficerTab
from motcua.dossiers.selectors import (
    dossier_queue_for_officer,
    dossier_search_for_officer,
    dossier_tab_counts_for_officer,
)

from .presenters import annotate_rows

PAGE_SIZE = 25
TAB_ORDER = [
    OfficerTab.NEW,
    OfficerTab.TO_APPRAISE,
    OfficerTab.TO_APPROVE,
    OfficerTab.WAITING,
    OfficerTab.DUE_SOON,
    OfficerTab.OVERDUE,
    OfficerTab.ALL,
]


@officer_required
def inbox(request):
    tab = request.GET.get("tab", "")
    q = request.GET.get("q", "").strip()[:100]
    explicit = tab in OfficerTab.values
    counts = dossier_tab_counts_for_officer(officer=request.user)
    if not explicit:
        # Open on the officer's first non-empty work queue (a specialist lands on "to appraise").
        tab = next((t for t in TAB_ORDER[:-1] if counts.get(t)), OfficerTab.ALL) if not q else OfficerTab.ALL
    if q:
        rows = dossier_search_for_officer(officer=request.user, q=q, limit=200)
    else:
        rows = dossier_queue_for_officer(officer=request.user, tab=tab)
        if tab == OfficerTab.ALL:  # the whole list reads like a register: the newest dossier on top
            rows = rows.order_by("-created_at", "-pk")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    tabs = [{"value": t.value, "label": t.label, "count": counts.get(t.value, 0)} for t in TAB_ORDER]
    context = {
        "tabs": tabs,
        "tab": tab,
        "q": q,
        "page": page,
        "rows": annotate_rows(page.object_list),
        "searching": bool(q),
    }
    return render(request, "console/inbox.html", context)
