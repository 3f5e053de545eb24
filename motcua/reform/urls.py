from django.urls import path

from . import views_contests, views_plans, views_setup, views_survey

app_name = "reform"

urlpatterns = [
    path("", views_plans.plan_list, name="plan_list"),
    path("moi/", views_setup.plan_create, name="plan_create"),
    path("<int:pk>/", views_plans.plan_detail, name="plan_detail"),
    path("<int:pk>/sua/", views_setup.plan_edit, name="plan_edit"),
    path("<int:pk>/nhiem-vu/moi/", views_setup.task_create, name="task_create"),
    path("<int:pk>/kiem-tra/", views_setup.inspection_list, name="inspection_list"),
    path("<int:pk>/kiem-tra/moi/", views_setup.inspection_create, name="inspection_create"),
    path("<int:pk>/kiem-tra/excel/", views_setup.inspection_xlsx, name="inspection_xlsx"),
    path("<int:pk>/in/", views_plans.plan_print, name="plan_print"),
    path("<int:pk>/excel/", views_plans.plan_xlsx, name="plan_xlsx"),
    path("nhiem-vu/<int:pk>/", views_plans.task_detail, name="task_detail"),
    path("nhiem-vu/<int:pk>/sua/", views_setup.task_edit, name="task_edit"),
    path("nhiem-vu/<int:pk>/minh-chung/<int:evidence_pk>/", views_plans.evidence_download, name="evidence_download"),
    path("ket-luan/<int:pk>/khac-phuc/", views_plans.finding_follow_up, name="finding_follow_up"),
    path("khao-sat/", views_survey.survey_list, name="survey_list"),
    path("khao-sat/moi/", views_setup.survey_create, name="survey_create"),
    path("khao-sat/<int:pk>/trang-thai/", views_setup.survey_status, name="survey_status"),
    path("khao-sat/<int:pk>/", views_survey.survey_results, name="survey_results"),
    path("khao-sat/<int:pk>/nhap-phieu/", views_survey.survey_enter, name="survey_enter"),
    path("khao-sat/<int:pk>/nhap-tep/", views_survey.survey_import, name="survey_import"),
    path("phieu/<str:token>/", views_survey.survey_public, name="survey_public"),
    path("sang-kien/", views_contests.round_list, name="round_list"),
    path("sang-kien/moi/", views_setup.round_create, name="round_create"),
    path("sang-kien/<int:pk>/", views_contests.round_detail, name="round_detail"),
    path("sang-kien/cham/<int:pk>/", views_contests.judge_sheet, name="judge_sheet"),
    path("cong-bo/", views_contests.published_list, name="published_list"),
    path("cong-bo/<slug:slug>/", views_contests.published_detail, name="published_detail"),
]
