from django.urls import path

from . import views, views_compare, views_indicators

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("bao-cao-ky/", views.period_report_page, name="period_report"),
    path("bao-cao-ky/excel/", views.period_report_xlsx, name="period_report_xlsx"),
    path("ho-so/", views.drilldown_page, name="drilldown"),
    path("chi-so/", views_indicators.indicator_list, name="indicators"),
    path("chi-so/<slug:ident>/", views_indicators.indicator_detail, name="indicator"),
    path("chi-so-766/", views_indicators.index766_page, name="index766"),
    path("chi-so-766/diem-co-nguy-co/", views_indicators.at_risk_page, name="at_risk"),
    path("xep-hang/", views_compare.ranking_page, name="ranking"),
    path("chi-tieu/", views_compare.targets_page, name="targets"),
    path("danh-gia/", views_compare.evaluation_page, name="evaluation"),
]
