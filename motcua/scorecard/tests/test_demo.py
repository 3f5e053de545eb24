"""The demo loaders of the scorecard, reform and reform screens: data the screens can show, safe to re-run."""

from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.test import override_settings

from motcua.reform.models import ReformPlan, ReformTask, SurveyResponse
from motcua.reform.selectors import overdue_q
from motcua.scorecard.models import Assessment, ExternalIndexResult, Framework
from motcua.scorecard.selectors import framework_ranking
from motcua.units.selectors import today_in_vietnam
from motcua.units.services import demo_province_setup
from motcua.units.tests.factories import ProvinceFactory, UnitFactory


@pytest.fixture
def demo_province(db):
    province = ProvinceFactory(code="P99", admin_code="99", name="Tỉnh Mẫu")
    for number in range(1, 5):
        UnitFactory(code=f"W9900{number}", admin_code=f"9900{number}", name=f"Xã Mẫu {number}", parent=province)
    demo_province_setup(province_code="99")
    return province


def _load_all():
    from motcua.accounts.demo import load_demo_officers
    from motcua.units.demo import demo_units

    load_demo_officers(units=demo_units())
    for label in ("scorecard", "reform"):
        apps.get_app_config(label).load_demo(stdout=StringIO())


def _counts():
    return (
        Framework.objects.count(),
        ExternalIndexResult.objects.count(),
        ReformPlan.objects.count(),
        ReformTask.objects.count(),
        SurveyResponse.objects.count(),
        Assessment.objects.count(),
    )


@override_settings(MOTCUA_DEMO_PROVINCE="99")
def test_demo_gives_a_ranking_overdue_tasks_and_survey_forms_and_is_idempotent(demo_province):
    _load_all()
    first = _counts()
    _load_all()

    framework = Framework.objects.get(code="par-index-province", year=today_in_vietnam().year)
    assert _counts() == first
    assert len(framework_ranking(framework=framework)) == 3
    assert ReformTask.objects.filter(overdue_q(today_in_vietnam())).count() == 3
    assert SurveyResponse.objects.count() == 18
    assert ExternalIndexResult.objects.filter(index="par", year=2023, province="Quảng Ninh").get().value == Decimal(
        "92.18"
    )
