"""The inbox stays flat as the unit's history grows (issue 20 item 2): a constant number of statements a page,
the memberships read once, counts capped at COUNT_CAP ("hơn 10.000"), the search on the folded text, and on
PostgreSQL the tab counts and the search served by indexes (EXPLAIN)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from motcua.accounts.models import Membership
from motcua.console.views import inbox
from motcua.console.views.inbox import count_label
from motcua.core.text import fold
from motcua.dossiers import selectors
from motcua.dossiers.choices import OfficerTab
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import dossier_search_for_officer, dossier_tab_counts_for_officer, officer_scope

pytestmark = pytest.mark.django_db
INBOX = reverse("console:inbox")
NAMES = ["Nguyễn Văn Bảo", "Trần Thị Bích", "Lê Văn Cường", "Phạm Thị Dung", "Đỗ Văn Đạt"]


def page_statements(client, **params) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(INBOX, params)
    assert response.status_code == 200
    return [q["sql"] for q in captured.captured_queries]


def membership_reads(statements: list[str]) -> int:
    return sum(1 for sql in statements if Membership._meta.db_table in sql.split("FROM", 1)[-1][:80])


@pytest.mark.parametrize("params", [{}, {"tab": "all"}, {"tab": "all", "page": "2"}, {"q": "van"}])
def test_one_inbox_page_takes_the_same_statements_for_few_or_many_dossiers(client, world, params):
    client.force_login(world.counter)
    for i in range(3):
        world.receive(applicant_name=NAMES[i % len(NAMES)])
    client.get(INBOX, params)  # warm the calendar and session caches
    few = page_statements(client, **params)
    for i in range(60):
        world.receive(applicant_name=NAMES[i % len(NAMES)])
    many = page_statements(client, **params)
    assert len(many) == len(few)
    assert membership_reads(many) == 1  # the officer's memberships once, not once per tab and selector


def test_tab_counts_stop_at_the_cap_and_read_more_than(client, world, monkeypatch):
    monkeypatch.setattr(selectors, "COUNT_CAP", 4)
    monkeypatch.setattr(inbox, "PAGE_SIZE", 2)
    for _ in range(6):
        world.receive()
    client.force_login(world.counter)
    with translation.override("vi"):
        response = client.get(INBOX, {"tab": "new"}, HTTP_ACCEPT_LANGUAGE="vi")
    counts = {t["value"]: t for t in response.context["tabs"]}
    assert counts["new"]["count"] == 5  # counted up to the cap + 1, not all six
    assert counts["new"]["count_label"] == "hơn 4"
    page = response.context["page"]
    assert page.paginator.count == 4  # no COUNT(*) of everything: the paginator is told the capped count
    assert "Trang 1/hơn 2" in response.content.decode()


def test_the_all_tab_is_paged_without_counting_the_register(client, world, monkeypatch):
    monkeypatch.setattr(inbox, "PAGE_SIZE", 2)
    made = [world.receive() for _ in range(5)]
    client.force_login(world.counter)
    newest_first = [d.code for d in sorted(made, key=lambda d: (d.created_at, d.pk), reverse=True)]
    seen = []
    with translation.override("vi"):
        for number in ("1", "2", "3"):
            statements = page_statements(client, tab="all", page=number)
            response = client.get(INBOX, {"tab": "all", "page": number}, HTTP_ACCEPT_LANGUAGE="vi")
            page = response.context["page"]
            seen += [row.code for row in page.object_list]
            assert f"Trang {number}" in response.content.decode() and "Trang 1/" not in response.content.decode()
            assert page.has_next() == (number != "3")
            assert not any("COUNT(" in sql and "LIMIT" not in sql for sql in statements)  # nothing counted whole
        tabs = {t["value"]: t for t in response.context["tabs"]}
        assert tabs["all"]["count_label"] == ""  # the register's size is history, not a work queue: not shown
        past = client.get(INBOX, {"tab": "all", "page": "99"}).context["page"]  # past the end: empty, and back
        assert past.number == 99 and list(past.object_list) == [] and past.has_previous()
        assert client.get(INBOX, {"tab": "all", "page": "x"}).context["page"].number == 1
    assert seen == newest_first


def test_count_label_reads_like_a_person_would_say_it():
    with translation.override("vi"):
        assert count_label(selectors.COUNT_CAP + 1) == "hơn 10.000"
        assert count_label(selectors.COUNT_CAP) == "10.000"
        assert count_label(7) == "7"


def test_search_finds_the_same_dossiers_as_folding_every_name(world):
    dossiers = [world.receive(applicant_name=name) for name in NAMES * 2]
    scope = officer_scope(officer=world.counter)
    for q in ["van", "Thị Bích", "DUNG", "đạt", "cuong", "xyz", "ng"]:
        found = {d.pk for d in dossier_search_for_officer(officer=world.counter, q=q, limit=200, scope=scope)}
        expected = {d.pk for d in dossiers if fold(q) in Dossier.objects.get(pk=d.pk).search_text}
        assert found == expected, q
    assert {d.pk for d in dossier_search_for_officer(officer=world.counter, q="van", limit=200)}


def explain(sql: str, *, off=("seqscan",)) -> str:
    with connection.cursor() as cursor:
        for method in off:  # a tiny table is read fastest by a scan: ask which index the query can use
            cursor.execute(f"SET LOCAL enable_{method} = off")
        cursor.execute("EXPLAIN " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def executed(call) -> str:
    """The one statement `call` runs, as sent to PostgreSQL (parameters bound)."""
    with CaptureQueriesContext(connection) as captured:
        call()
    assert len(captured.captured_queries) == 1
    return captured.captured_queries[0]["sql"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN plans and pg_trgm are PostgreSQL's")
def test_postgresql_serves_the_tab_counts_and_the_search_from_indexes(world):
    for name in NAMES:
        world.receive(applicant_name=name)
    now = Dossier.objects.first().created_at
    owners = {
        OfficerTab.NEW: world.counter,
        OfficerTab.TO_APPRAISE: world.specialist,
        OfficerTab.TO_APPROVE: world.leader,
    }
    for tab in (OfficerTab.NEW, OfficerTab.TO_APPRAISE, OfficerTab.TO_APPROVE):  # the partial open indexes
        scope = officer_scope(officer=owners[tab])
        queryset = selectors._tab_queryset(scope, tab, selectors._tab_filters(scope=scope, now=now)[tab])
        plan = explain(executed(lambda qs=queryset, t=tab: selectors.capped_counts({t: qs})))
        assert "_open_due" in plan and "Seq Scan on dossiers_dossier" not in plan, plan
    scope = officer_scope(officer=world.counter)
    filters = selectors._tab_filters(scope=scope, now=now)
    for tab in (OfficerTab.WAITING, OfficerTab.DUE_SOON, OfficerTab.OVERDUE):  # a status set, then a due_at range
        queryset = selectors._tab_queryset(scope, tab, filters[tab])
        plan = explain(executed(lambda qs=queryset, t=tab: selectors.capped_counts({t: qs})))
        # the officer's units' open dossiers (received here or held here): never the steps of the unit's history
        # (on a tiny table the planner may take a unit's foreign-key index: the point is no step and no scan)
        assert "Index" in plan and "dossiers_dossierstep" not in plan and "Seq Scan" not in plan, plan
    search = dossier_search_for_officer(officer=world.counter, q="thi bich", scope=scope)
    plan = explain(executed(lambda: list(search)), off=("seqscan", "indexscan"))  # only a filtering index left
    assert "dossiers_search_trgm" in plan, plan
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"  # the app's connections run without JIT (settings OPTIONS)
    assert dossier_tab_counts_for_officer(officer=world.counter, scope=scope)[OfficerTab.NEW] == len(NAMES)
