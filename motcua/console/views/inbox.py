"""The officer's inbox: tabs per role and unit (counts from the dossier selectors), search, pagination."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.core.paginator import Page, Paginator
from django.shortcuts import render
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from motcua.accounts.access import officer_required
from motcua.dossiers import selectors
from motcua.dossiers.choices import OfficerTab
from motcua.dossiers.selectors import (
    dossier_queue_for_officer,
    dossier_search_for_officer,
    dossier_tab_counts_for_officer,
    officer_scope,
)

from ..presenters import annotate_rows, inbox_row_queryset

PAGE_SIZE = 25
# The deepest page of the "all" tab reached by paging (OFFSET grows with it); further back, one searches.
MAX_OPEN_PAGE = 400
TAB_ORDER = [
    OfficerTab.NEW,
    OfficerTab.TO_APPRAISE,
    OfficerTab.TO_APPROVE,
    OfficerTab.WAITING,
    OfficerTab.DUE_SOON,
    OfficerTab.OVERDUE,
    OfficerTab.ALL,
]


class CountedPaginator(Paginator):
    """A paginator told its count (the tab count, already read and capped at COUNT_CAP + 1) instead of running
    COUNT(*) over every dossier the officer can see; past the cap the last page is the cap's."""

    def __init__(self, object_list, per_page, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        return min(self.known_count, selectors.COUNT_CAP)


@dataclass
class OpenPage:
    """One page of the "all" tab, walked without counting the register (its size is the unit's history): the page
    reads PAGE_SIZE + 1 rows, and the extra one says whether there is a next page. Offers what the template uses
    of a Django `Page`; the statement costs the page's depth, never the register's size."""

    number: int
    object_list: list
    has_next_row: bool

    def has_next(self) -> bool:
        return self.has_next_row

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def open_page(rows, number: str | None) -> OpenPage:
    """The page `number` (a bad or too deep number reads as the first page) of `rows`, counting nothing."""
    try:
        n = max(1, min(int(number or 1), MAX_OPEN_PAGE))
    except ValueError:
        n = 1
    window = list(rows[(n - 1) * PAGE_SIZE : n * PAGE_SIZE + 1])  # past the end: an empty page, "Previous" back
    return OpenPage(number=n, object_list=window[:PAGE_SIZE], has_next_row=len(window) > PAGE_SIZE)


def count_label(count: int) -> str:
    """A tab count as a person reads it: exact up to COUNT_CAP, then "hơn 10.000" (the count stops there)."""
    if count > selectors.COUNT_CAP:
        return _("more than %(count)s") % {"count": number_format(selectors.COUNT_CAP, force_grouping=True)}
    return number_format(count, force_grouping=True)


@officer_required
def inbox(request):
    tab = request.GET.get("tab", "")
    q = request.GET.get("q", "").strip()[:100]
    explicit = tab in OfficerTab.values
    scope = officer_scope(officer=request.user)  # the memberships, read once for every selector below
    counts = dossier_tab_counts_for_officer(officer=request.user, scope=scope)
    if not explicit:
        # Open on the officer's first non-empty work queue (a specialist lands on "to appraise").
        tab = next((t for t in TAB_ORDER[:-1] if counts.get(t)), OfficerTab.ALL) if not q else OfficerTab.ALL
    if q:
        rows = inbox_row_queryset(dossier_search_for_officer(officer=request.user, q=q, limit=200, scope=scope))
        paginator = Paginator(rows, PAGE_SIZE)  # at most 200 rows: counting them is cheap
    else:
        rows = inbox_row_queryset(dossier_queue_for_officer(officer=request.user, tab=tab, scope=scope))
        paginator = CountedPaginator(rows, PAGE_SIZE, count=counts.get(tab, 0))
    if tab == OfficerTab.ALL and not q:
        # The whole list reads like a register, the newest dossier on top, paged without counting it.
        page: Page | OpenPage = open_page(rows.order_by("-created_at", "-pk"), request.GET.get("page"))
    else:
        page = paginator.get_page(request.GET.get("page"))
    tabs = [
        {
            "value": t.value,
            "label": t.label,
            "count": counts.get(t.value, 0),
            "count_label": count_label(counts[t.value]) if t.value in counts else "",
        }
        for t in TAB_ORDER
    ]
    context = {
        "open_ended": isinstance(page, OpenPage),
        "capped": not q and counts.get(tab, 0) > selectors.COUNT_CAP,
        "tabs": tabs,
        "tab": tab,
        "q": q,
        "page": page,
        "rows": annotate_rows(page.object_list),
        "searching": bool(q),
    }
    return render(request, "console/inbox.html", context)
