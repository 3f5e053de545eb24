from django.urls import path

from .views import compare, indicators, period

app_name = "reports"

urlpatterns = [
    path("", period.dashboard, name="dashboard"),
    path("bao-cao-ky/", period.period_report_page, name="period_report"),
    path("bao-cao-ky/excel/", period.period_report_xlsx, name="period_report_xlsx"),
    path("ho-so/", period.drilldown_page, name="drilldown"),
    path("chi-so/", indicators.indicator_list, name="indicators"),
    path("chi-so/<slug:ident>/", indicators.indicator_detail, name="indicator"),
    path("chi-so-766/", indicators.index766_page, name="index766"),
    path("chi-so-766/diem-co-nguy-co/", indicators.at_risk_page, name="at_risk"),
    path("xep-hang/", compare.ranking_page, name="ranking"),
    path("chi-tieu/", compare.targets_page, name="targets"),
    path("danh-gia/", compare.evaluation_page, name="evaluation"),
]
