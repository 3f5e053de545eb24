"""Issue 17: the PAR INDEX score sheet never loses input. A wrong entry keeps every other entry on the page, nothing
is half-saved, the error is linked to its field (aria-describedby) and the first error takes the focus; the
headline says how far the appraisal is instead of a final-looking grade."""

from decimal import Decimal

import pytest
from django.urls import reverse

from motcua.scorecard import services
from motcua.scorecard.models import AssessmentEvent
from motcua.scorecard.tests.factories import self_assess_all

pytestmark = pytest.mark.django_db
D = Decimal


def leaf(framework, code):
    return framework.nodes.get(code=code)


def test_a_wrong_entry_keeps_the_others_on_the_page_and_stores_nothing(client, framework, world):
    assessment = services.assessment_start(framework=framework, unit=world.department)
    client.force_login(world.department_officer)
    good, bad, other = leaf(framework, "1.1.1"), leaf(framework, "1.3.1"), leaf(framework, "3.1.1")
    response = client.post(
        reverse("scorecard:assessment", args=[assessment.pk]),
        {
            "action": "save",
            f"points-{good.pk}": "0,5",
            f"note-{good.pk}": "Kế hoạch số 12/KH-UBND",
            f"points-{bad.pk}": "7",  # maximum 1
            f"points-{other.pk}": "1.5",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="points-{good.pk}" value="0,5"' in html
    assert "Kế hoạch số 12/KH-UBND</textarea>" in html
    assert f'id="points-{other.pk}" value="1.5"' in html
    assert f'value="7" aria-invalid="true" aria-describedby="points-{bad.pk}-error" autofocus' in html
    assert f'<div class="field-error" id="points-{bad.pk}-error">Hãy nhập một số từ 0 đến 1,00.</div>' in html
    assert f'href="#points-{bad.pk}"' in html  # the summary links to the field
    assert html.count(" autofocus") == 1
    assert not AssessmentEvent.objects.filter(assessment=assessment).exists()
    assert not assessment.entries.exclude(self_points=None).exists()


def test_not_a_number_is_an_error_on_its_field(client, framework, world):
    assessment = services.assessment_start(framework=framework, unit=world.department)
    client.force_login(world.department_officer)
    node = leaf(framework, "2.2.1")
    response = client.post(
        reverse("scorecard:assessment", args=[assessment.pk]), {"action": "save", f"points-{node.pk}": "abc"}
    )
    assert response.status_code == 400
    assert f'<div class="field-error" id="points-{node.pk}-error">“abc” không phải là số.</div>' in (
        response.content.decode()
    )


def test_appraisal_keeps_typed_points_when_a_reason_is_missing(client, framework, world):
    assessment = services.assessment_start(framework=framework, unit=world.department)
    self_assess_all(assessment, world.department_officer)
    services.assessment_submit(assessment=assessment, actor=world.department_officer)
    client.force_login(world.appraiser)
    kept, missing_reason = leaf(framework, "1.1.2"), leaf(framework, "2.3.2")
    url = reverse("scorecard:assessment", args=[assessment.pk])
    response = client.post(
        url,
        {
            "action": "save",
            f"appraised-{kept.pk}": "0.5",
            f"reason-{kept.pk}": "Chưa có báo cáo kết quả",
            f"appraised-{missing_reason.pk}": "0.25",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="appraised-{kept.pk}"' in html and 'value="0.5"' in html
    assert "Chưa có báo cáo kết quả</textarea>" in html
    assert f'aria-describedby="reason-{missing_reason.pk}-error" autofocus' in html
    assert not assessment.entries.exclude(appraised_points=None).exists()
    # Corrected: both are stored at once, and the headline counts them.
    client.post(
        url,
        {
            "action": "save",
            f"appraised-{kept.pk}": "0.5",
            f"reason-{kept.pk}": "Chưa có báo cáo kết quả",
            f"appraised-{missing_reason.pk}": "0.25",
            f"reason-{missing_reason.pk}": "Còn văn bản chưa xử lý",
        },
    )
    assert assessment.entries.exclude(appraised_points=None).count() == 2
    page = client.get(url).content.decode()
    total = assessment.entries.filter(criterion__method="self_appraised").count()
    assert f'<dd data-testid="headline">đang thẩm định (2/{total} tiêu chí)</dd>' in page
    assert "Chỉ số (%)" not in page  # no final-looking figure mid-way


def test_headline_while_self_assessing_and_once_appraised(client, framework, world):
    assessment = services.assessment_start(framework=framework, unit=world.department)
    client.force_login(world.department_officer)
    url = reverse("scorecard:assessment", args=[assessment.pk])
    node = leaf(framework, "1.2.1")
    client.post(url, {"action": "save", f"points-{node.pk}": "0.5"})
    total = assessment.entries.filter(criterion__method="self_appraised").count()
    assert total == 58  # 88 sub-criteria, 30 of them by survey in the shipped default
    assert f"đang tự đánh giá (1/{total} tiêu chí)" in client.get(url).content.decode()
    self_assess_all(assessment, world.department_officer)
    services.assessment_submit(assessment=assessment, actor=world.department_officer)
    services.assessment_finish_appraisal(assessment=assessment, actor=world.appraiser)
    page = client.get(url).content.decode()
    assert '<dd data-testid="headline">D' in page  # 57.5 points: the survey is not imported
    assert "đang thẩm định" not in page


def test_framework_screen_marks_what_no_public_text_gives_and_shows_two_methods(client, framework, world):
    client.force_login(world.appraiser)
    page = client.get(reverse("scorecard:framework", args=[framework.pk])).content.decode()
    assert page.count("chưa có văn bản công khai") >= 88
    methods = {"Tự đánh giá, sau đó thẩm định", "Điều tra xã hội học"}
    assert all(method in page for method in methods)
    assert "Tính từ dữ liệu hệ thống" not in page
