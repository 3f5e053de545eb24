from __future__ import annotations

import pytest
from django.urls import reverse

from motcua.catalog.models import Field, LifeEvent

LIST_URL = "/thu-tuc/"


def codes_in(response) -> list[str]:
    return [p.code for p in response.context["page"].object_list]


@pytest.mark.django_db
def test_search_without_accents_finds_accented_name(client, make_procedure):
    make_procedure(code="1.001193", name="Đăng ký khai sinh")
    make_procedure(code="1.000656", name="Đăng ký khai tử")

    response = client.get(LIST_URL, {"q": "dang ky khai sinh"})

    assert response.status_code == 200
    assert codes_in(response) == ["1.001193"]
    assert "Đăng ký khai sinh" in response.content.decode()


@pytest.mark.django_db
def test_search_by_code_finds_the_procedure(client, make_procedure):
    make_procedure(code="1.004873", name="Cấp Giấy xác nhận tình trạng hôn nhân")
    make_procedure(code="1.000894", name="Đăng ký kết hôn")

    response = client.get(LIST_URL, {"q": "1.004873"})

    assert codes_in(response) == ["1.004873"]


@pytest.mark.django_db
def test_filter_by_field_keeps_only_that_field(client, make_procedure):
    make_procedure(code="1.001193", name="Đăng ký khai sinh", field="Hộ tịch")
    make_procedure(code="1.004222", name="Đăng ký thường trú", field="Đăng ký, quản lý cư trú")
    residence = Field.objects.get(name="Đăng ký, quản lý cư trú")

    response = client.get(LIST_URL, {"field": residence.pk})

    assert codes_in(response) == ["1.004222"]


@pytest.mark.django_db
def test_filter_by_level_and_online_level(client, make_procedure):
    make_procedure(code="1.000001", levels=["commune"], online_level="full")
    make_procedure(code="2.000001", levels=["province"], online_level="full")
    make_procedure(code="2.000002", levels=["province"], online_level="partial")

    response = client.get(LIST_URL, {"level": "province", "online": "full"})

    assert codes_in(response) == ["2.000001"]


@pytest.mark.django_db
def test_filter_by_life_event(client, make_procedure):
    make_procedure(code="1.001193", name="Đăng ký khai sinh", life_events=["Sinh con"])
    make_procedure(code="1.000894", name="Đăng ký kết hôn", life_events=["Kết hôn"])
    birth = LifeEvent.objects.get(name="Sinh con")

    response = client.get(LIST_URL, {"event": birth.pk})

    assert codes_in(response) == ["1.001193"]


@pytest.mark.django_db
def test_result_shows_time_limit_fee_and_online_badge(client, make_procedure):
    from decimal import Decimal

    from motcua.catalog.schema import FeeData, TimeLimitData

    make_procedure(
        code="1.004222",
        name="Đăng ký thường trú",
        time_limits=[TimeLimitData(value=Decimal("7"))],
        fees=[FeeData(text="20.000 đồng", amount=Decimal("20000"))],
    )

    html = client.get(LIST_URL).content.decode()

    assert "1.004222" in html
    assert "20.000 đ" in html
    assert 'class="badge ok"' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {"field": "abc"},
        {"field": "999999"},
        {"event": "-3"},
        {"level": "district"},
        {"online": "maybe"},
        {"page": "abc"},
        {"page": "0"},
        {"page": "99999"},
        {"q": "x" * 500},
    ],
)
def test_bad_parameters_never_fail_the_page(client, make_procedure, params):
    make_procedure(code="1.001193", name="Đăng ký khai sinh")

    response = client.get(LIST_URL, params)

    assert response.status_code == 200
    assert codes_in(response) == ["1.001193"]


@pytest.mark.django_db
def test_unknown_filter_value_is_reported_once_and_ignored(client, make_procedure):
    make_procedure(code="1.001193", name="Đăng ký khai sinh")

    html = client.get(LIST_URL, {"field": "abc"}).content.decode()

    assert html.count('data-testid="filter-warning"') == 1


@pytest.mark.django_db
def test_pagination_splits_results_and_clamps_out_of_range_pages(client, make_procedure):
    for n in range(25):
        make_procedure(code=f"1.{n:06d}", name=f"Thủ tục {n:02d}")

    first = client.get(LIST_URL)
    second = client.get(LIST_URL, {"page": "2"})
    beyond = client.get(LIST_URL, {"page": "7"})

    assert len(codes_in(first)) == 20
    assert len(codes_in(second)) == 5
    assert beyond.context["page"].number == 2
    assert first.context["page"].paginator.count == 25


@pytest.mark.django_db
def test_pagination_links_keep_the_filters(client, make_procedure):
    for n in range(25):
        make_procedure(code=f"1.{n:06d}", name=f"Đăng ký {n:02d}")

    html = client.get(LIST_URL, {"q": "dang ky", "level": "commune"}).content.decode()

    assert "q=dang+ky&amp;level=commune&amp;page=2" in html


@pytest.mark.django_db
def test_empty_result_shows_a_helpful_empty_state(client, make_procedure):
    make_procedure(code="1.001193", name="Đăng ký khai sinh")

    response = client.get(LIST_URL, {"q": "khong ton tai"})

    assert codes_in(response) == []
    assert 'data-testid="empty-state"' in response.content.decode()


@pytest.mark.django_db
def test_htmx_request_gets_only_the_results_fragment(client, make_procedure):
    make_procedure(code="1.001193", name="Đăng ký khai sinh")

    html = client.get(LIST_URL, {"q": "khai sinh"}, headers={"HX-Request": "true"}).content.decode()

    assert "1.001193" in html
    assert "<html" not in html


@pytest.mark.django_db
def test_list_page_query_count_does_not_grow_with_results(client, make_procedure, django_assert_max_num_queries):
    for n in range(20):
        make_procedure(code=f"1.{n:06d}", name=f"Thủ tục {n:02d}", life_events=["Sinh con"])

    with django_assert_max_num_queries(8):
        response = client.get(LIST_URL)

    assert len(codes_in(response)) == 20


@pytest.mark.django_db
def test_detail_page_shows_what_a_citizen_must_prepare(client, demo_catalog):
    response = client.get(reverse("portal:procedure_detail", args=["1.001193"]))
    html = response.content.decode()

    assert response.status_code == 200
    assert "Đăng ký khai sinh" in html
    assert "Giấy chứng sinh do cơ sở y tế cấp" in html
    assert "60/2014/QH13" in html
    assert "163/QĐ-BTP" in html
    assert "Trung tâm phục vụ hành chính công cấp xã" in html


@pytest.mark.django_db
def test_detail_page_shows_fees_per_channel(client, demo_catalog):
    html = client.get(reverse("portal:procedure_detail", args=["1.004222"])).content.decode()

    assert "20.000 đ" in html
    assert "10.000 đ" in html


@pytest.mark.django_db
def test_unknown_code_gives_a_friendly_404(client, demo_catalog):
    response = client.get(reverse("portal:procedure_detail", args=["9.999999"]))

    assert response.status_code == 404
    assert 'data-testid="not-found"' in response.content.decode()
    assert "9.999999" in response.content.decode()


@pytest.mark.django_db
def test_browse_page_lists_fields_and_life_events_with_links(client, demo_catalog):
    html = client.get(reverse("portal:procedure_browse")).content.decode()
    civil_status = Field.objects.get(name="Hộ tịch")

    assert f"?field={civil_status.pk}" in html
    assert "Sinh con" in html


@pytest.mark.django_db
def test_demo_catalogue_search_folds_vietnamese(client, demo_catalog):
    response = client.get(LIST_URL, {"q": "xac nhan tinh trang hon nhan"})

    assert codes_in(response) == ["1.004873"]
