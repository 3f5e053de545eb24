"""The inbox stays flat as the unit's history grows (issue 20 item 2): a constant number of statements a page,
the memberships read once, counts capped at COUNT_CAP ("hơn 10.000"), the search on the folded text, and on
PostgreSQL the tab counts and the search served by indexes (EXPLAIN)."""

from __future__ import annotations

import datetime as dt

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
from motcua.dossiers.choices import DossierStatus as S
from motcua.dossiers.choices import OfficerTab
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import dossier_search_for_officer, dossier_tab_counts_for_officer, officer_scope
from motcua.dossiers.tests.factories import DepartmentFactory, OneStopFactory

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


HISTORY = 3000  # closed dossiers of the officers' units: the past years the partial open indexes leave out
ELSEWHERE = 60  # open dossiers of other units: the rest of the province's caseload


def copies(template: Dossier, changes: list[dict]) -> None:
    """One copy of `template` per entry of `changes` (with those values), in bulk: many rows fast, made as the
    services made `template`, without a step, an event or a register number (they are not what is measured)."""
    values = {f.attname: getattr(template, f.attname) for f in Dossier._meta.concrete_fields if not f.primary_key}
    values.update(register_year=None, register_number=None, search_text="ho so cu")
    Dossier.objects.bulk_create([Dossier(**{**values, **change}) for change in changes], batch_size=1000)


def a_province_around(world) -> None:
    """The world's five open dossiers among the rows of a province: the units' closed history and other units' open
    caseload, then REINDEX and ANALYZE (the test's rows are otherwise never analyzed, and the indexes keep the dead
    entries of the tests run before in the same database — rolled back, never vacuumed — which weigh on the small
    partial indexes most: after the file's other tests the planner took the (receiving unit, status) index).

    On five rows every index of a tab's columns cost the same (EXPLAIN: 8.15 for the partial index and for the
    foreign-key index alike), so the pick was a coin toss and once fell on the status index; ANALYZE alone makes
    it worse (the foreign-key index wins on the exact five rows). Among closed dossiers of the same units — what the
    partial open indexes leave out — the partial index is the cheapest read on every run, as in production."""
    template = Dossier.objects.filter(receiving_unit=world.one_stop).order_by("pk").first()
    held = [world.one_stop.pk, world.department.pk]
    closed = [S.DELIVERED, S.REJECTED, S.REFUSED, S.STOPPED]
    copies(template, [
        {"code": f"LS-{i:06d}", "current_unit_id": held[i % 2], "status": closed[i % len(closed)],
         "created_at": template.created_at - dt.timedelta(days=1 + i // 10)}
        for i in range(HISTORY)
    ])  # fmt: skip
    centre, department = OneStopFactory(), DepartmentFactory()
    at_counter, in_department = [S.SUBMITTED, S.RECEIVED], [S.IN_PROGRESS, S.AWAITING_APPROVAL, S.AWAITING_SIGNATURE]
    states = (at_counter + in_department) * (ELSEWHERE // 5)
    copies(template, [
        {"code": f"KH-{i:06d}", "receiving_unit_id": centre.pk, "status": status,
         "current_unit_id": centre.pk if status in at_counter else department.pk}
        for i, status in enumerate(states)
    ])  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("REINDEX TABLE dossiers_dossier")
        cursor.execute("ANALYZE dossiers_dossier, dossiers_dossierstep, accounts_membership")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN plans and pg_trgm are PostgreSQL's")
def test_postgresql_serves_the_tab_counts_and_the_search_from_indexes(world):
    for name in NAMES:
        world.receive(applicant_name=name)
    now = Dossier.objects.first().created_at
    a_province_around(world)
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


def test_inbox_rows_show_what_the_template_tags_showed(client, world):
    """The rows are precomputed by the presenter (issue 20 item 2: no tag, filter or include per row): the link,
    status, procedure and deadline read the same sources the template used to."""
    from django.utils.text import Truncator

    from motcua.console.presenters import days_left_label
    from motcua.console.templatetags.console import vn_datetime

    world.receive(applicant_name=NAMES[0])
    client.force_login(world.counter)
    with translation.override("vi"):
        response = client.get(INBOX, HTTP_ACCEPT_LANGUAGE="vi")
        (row,) = response.context["rows"]
        assert row.url == reverse("console:dossier", args=[row.code])
        assert row.status_label == Dossier.objects.get(code=row.code).get_status_display() == "Đã tiếp nhận"
        assert row.procedure_label == Truncator(world.procedure.name).chars(90)
        assert row.due_label == vn_datetime(row.due_at)
        assert row.days_left is not None and row.days_left_label == days_left_label(row.days_left)
        assert row.days_left_label.endswith("ngày làm việc")
    body = response.content.decode()
    assert f'href="{row.url}"' in body and row.days_left_label in body and row.status_label in body


@pytest.mark.parametrize("code", ["H22.10-260302-000001", "A B", "Ư%20x", "a;b=c@d:e~f"])
def test_the_dossier_link_is_quoted_as_reverse_quotes_it(code):
    from motcua.console.presenters import dossier_url_maker

    for language in ("vi", "en"):
        with translation.override(language):
            assert dossier_url_maker()(code) == reverse("console:dossier", args=[code])


def test_inbox_rows_read_only_the_columns_they_show(client, world):
    """A row loads its dossier's shown columns and its procedure's name, not every column of both (the
    procedure's source documents are JSON), and reading the page loads nothing more per row."""
    world.receive()
    client.force_login(world.counter)
    statements = page_statements(client)
    rows = [sql for sql in statements if 'FROM "dossiers_dossier"' in sql and "COUNT(*)" not in sql]
    assert len(rows) == 1
    assert "source_raw" not in rows[0] and "applicant_id_number" not in rows[0] and "current_unit" not in rows[0]


def test_tab_counts_are_compiled_once_per_officer_and_follow_the_clock(world, monkeypatch):
    """The tab counts' statement is compiled once per officer and memberships (issue 20 item 2); the moments are
    the call's own (overdue and due soon move with the clock), and a membership granted or revoked is another
    statement: the counts always equal the queues counted afresh."""
    import time_machine

    from motcua.accounts.choices import Role
    from motcua.accounts.services import membership_grant, membership_revoke
    from motcua.dossiers.selectors import dossier_queue_for_officer
    from motcua.dossiers.tests.factories import vn

    world.dossier_in("in_progress")  # received Mon 2/3 09:00, due Mon 9/3 09:00, held by the department
    compiled = []
    real = selectors._capped_counts_sql
    monkeypatch.setattr(selectors, "_capped_counts_sql", lambda *a, **k: compiled.append(1) or real(*a, **k))
    selectors._counts_memo.clear()

    def fresh(officer):
        return {tab: dossier_queue_for_officer(officer=officer, tab=tab).count() for tab in selectors.COUNTED_TABS}

    officer = world.counter
    for moment, overdue, soon in ((vn(2026, 3, 3, 9), 0, 0), (vn(2026, 3, 6, 10), 0, 1), (vn(2026, 3, 10, 9), 1, 0)):
        with time_machine.travel(moment, tick=False):
            counts = dossier_tab_counts_for_officer(officer=officer)
            assert counts == fresh(officer)
            assert (counts[OfficerTab.OVERDUE], counts[OfficerTab.DUE_SOON]) == (overdue, soon), moment
    assert len(compiled) == 1  # three moments, one compilation

    with time_machine.travel(vn(2026, 3, 3, 9), tick=False):
        assert dossier_tab_counts_for_officer(officer=officer)[OfficerTab.TO_APPRAISE] == 0
        membership_grant(user=officer, unit=world.department, role=Role.SPECIALIST)
        counts = dossier_tab_counts_for_officer(officer=officer)
        assert counts[OfficerTab.TO_APPRAISE] == 1 and counts == fresh(officer)
        membership_revoke(user=officer, unit=world.department, role=Role.SPECIALIST)
        assert dossier_tab_counts_for_officer(officer=officer)[OfficerTab.TO_APPRAISE] == 0
    assert len(compiled) == 2  # the grant made another statement; the revocation went back to the first
