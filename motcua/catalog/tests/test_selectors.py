"""Selectors for the portal: accent-insensitive search, filters, current versions only, fixed query count."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.catalog.selectors import field_list_with_counts, life_event_list, procedure_get_current, procedure_search

pytestmark = pytest.mark.django_db


def test_search_without_accents_finds_the_vietnamese_name(make_procedure):
    make_procedure(code="1.001193", name="Đăng ký khai sinh")
    make_procedure(code="1.000656", name="Đăng ký thường trú")
    assert [p.code for p in procedure_search(q="dang ky khai sinh")] == ["1.001193"]
    assert [p.code for p in procedure_search(q="Khai Sinh đăng")] == ["1.001193"]


def test_every_word_must_match(make_procedure):
    make_procedure(name="Đăng ký khai sinh")
    assert list(procedure_search(q="khai sinh ly hon")) == []


def test_exact_code_ranks_first(make_procedure):
    make_procedure(code="1.000100", name="Cấp bản sao trích lục 1.000200")
    make_procedure(code="1.000200", name="Đăng ký kết hôn")
    assert [p.code for p in procedure_search(q="1.000200")] == ["1.000200", "1.000100"]


def test_superseded_versions_are_not_listed(make_procedure):
    make_procedure(code="1.000300", name="Đăng ký giám hộ")
    make_procedure(code="1.000300", name="Đăng ký giám hộ", decision_number="9/QĐ-BTP", valid_from=dt.date(2031, 1, 1))
    rows = list(procedure_search(q="giam ho"))
    assert [(p.code, p.version) for p in rows] == [("1.000300", 2)]
    assert procedure_get_current("1.000300").version == 2


def test_filters_by_field_level_life_event_and_online_level(make_procedure):
    make_procedure(code="1.1", field="Hộ tịch", levels=["commune"], online_level="full", life_events=["Khai sinh"])
    make_procedure(code="1.2", field="Cư trú", levels=["province"], online_level="partial")
    assert [p.code for p in procedure_search(field="ho tich")] == ["1.1"]
    assert [p.code for p in procedure_search(level="province")] == ["1.2"]
    assert [p.code for p in procedure_search(life_event="Khai sinh")] == ["1.1"]
    assert [p.code for p in procedure_search(online_level="full")] == ["1.1"]
    assert list(procedure_search(level="district")) == []


def test_listing_does_not_query_per_procedure(make_procedure):
    for _ in range(8):
        make_procedure(life_events=["Khai sinh"])
    with CaptureQueriesContext(connection) as ctx:
        rows = list(procedure_search())
        for p in rows:
            (p.field.name, list(p.time_limits.all()), list(p.fees.all()), list(p.life_events.all()), p.levels)
    assert len(rows) == 8
    assert len(ctx.captured_queries) == 4


def test_field_and_life_event_counts(make_procedure):
    make_procedure(field="Hộ tịch", life_events=["Khai sinh"])
    make_procedure(field="Hộ tịch")
    make_procedure(field="Cư trú", life_events=["Khai sinh"])
    assert [(f.name, f.procedure_count) for f in field_list_with_counts()] == [("Cư trú", 1), ("Hộ tịch", 2)]
    assert [(e.name, e.procedure_count) for e in life_event_list()] == [("Khai sinh", 2)]


def test_unknown_code_gives_none():
    assert procedure_get_current("0.000000") is None
